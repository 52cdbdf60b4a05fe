/**
 * Nested transforms on scalars and arrays: grad(grad(f)), grad³, jvp(grad(f))
 * (the Hessian-vector product), forward over forward, reverse over forward,
 * against exact values (inputs chosen so that every intermediate is exact in
 * float64, or against references computed here); and scoping: a transform's
 * own variables never merge with an outer transform's (the perturbation
 * confusion of Siskind and Pearlmutter, d/dx [x · d/dy (x + y)] = 1).
 */
import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  add,
  type ArgResult,
  type ArrayValue,
  constant,
  evaluate,
  exp,
  grad,
  gradientNodes,
  hessian,
  hvp,
  jacobian,
  jvp,
  matmul,
  mul,
  type Node,
  sin,
  sum,
  take,
  tangentNodes,
  valueAndGrad,
  variable,
  vjp,
} from '../src/index.js';

/** The one node a traced call returns for a one-argument function. */
const only = (r: unknown): Node => (r as Node[])[0];
/** The data of an array result. */
const data = (r: ArgResult | unknown): number[] => Array.from((r as ArrayValue).data);
const f64 = (...xs: number[]) => Float64Array.from(xs);

describe('nested transforms on scalars', () => {
  const cube = (x: Node) => mul(mul(x, x), x);

  it('grad(grad(x³)) = 6x, exactly', () => {
    const d2 = grad((x: Node) => grad(cube)(x));
    expect(d2(2)).toEqual([12]);
    expect(d2(-1.5)).toEqual([-9]);
  });

  it('grad³(x⁴) = 24x, exactly; grad⁴ = 24', () => {
    const quartic = (x: Node) => mul(mul(x, x), mul(x, x));
    const d1 = grad(quartic);
    const d2 = grad((x: Node) => d1(x));
    const d3 = grad((x: Node) => d2(x));
    const d4 = grad((x: Node) => d3(x));
    expect(d3(1.5)).toEqual([36]);
    expect(d3(-0.25)).toEqual([-6]);
    expect(d4(7)).toEqual([24]);
  });

  it('grad(grad(sin)) = −sin and grad³(sin) = −cos, bit for bit with Math', () => {
    const d2 = grad((x: Node) => grad((y: Node) => sin(y))(x));
    const d3 = grad((x: Node) => d2(x));
    for (const x of [0.3, 1, -2.5]) {
      expect(d2(x)).toEqual([-Math.sin(x)]);
      expect(d3(x)).toEqual([-Math.cos(x)]);
    }
  });

  it('jvp(grad(f)) is the Hessian-vector product: f = x²y + y³, H = [[2y, 2x], [2x, 6y]]', () => {
    const f = (x: Node, y: Node) => add(mul(mul(x, x), y), mul(mul(y, y), y));
    const g = grad(f);
    const { value, tangent } = jvp((x: Node, y: Node) => g(x, y), [3, 2], [1, -1]);
    expect(value).toEqual([12, 9 + 12]);
    // H·v = [2·2·1 + 2·3·(−1), 2·3·1 + 6·2·(−1)]
    expect(tangent).toEqual([4 - 6, 6 - 12]);
    expect(hvp(f)([3, 2], [1, -1])).toEqual([-2, -6]);
    expect(hessian(f)(3, 2)).toEqual([[4, 6], [6, 12]]);
  });

  it('forward over forward: the tangent of a tangent is f″; three levels give f‴', () => {
    const d1 = (x: Node) => jvp(cube, [x], [1]).tangent as Node;
    const d2 = (x: Node) => jvp(d1, [x], [1]).tangent as Node;
    expect(jvp(d1, [2], [1]).tangent).toBe(12);
    expect(jvp(d2, [2], [1]).tangent).toBe(6);
    expect(jvp((x: Node) => jvp(exp, [x], [1]).tangent as Node, [0.5], [1]).tangent).toBe(Math.exp(0.5));
  });

  it('reverse over forward: grad of a jvp; and vjp traced inside grad', () => {
    const d1 = (x: Node) => jvp(cube, [x], [1]).tangent as Node;
    expect(grad(d1)(2)).toEqual([12]);
    const pulled = (x: Node) => vjp(cube, x).vjp(1)[0] as Node;
    expect(grad(pulled)(2)).toEqual([12]);
  });

  it('valueAndGrad traced by an outer grad: the value and the gradient as nodes', () => {
    const inner = valueAndGrad(cube);
    const outer = grad((x: Node) => {
      const { value, gradient } = inner(x) as unknown as { value: Node; gradient: Node[] };
      return add(value, gradient[0]);
    });
    // d/dx (x³ + 3x²) = 3x² + 6x
    expect(outer(2)).toEqual([24]);
  });

  it('jacobian traced by an outer transform: rows of nodes, differentiated again', () => {
    const J = jacobian((x: Node, y: Node) => [mul(x, y), mul(mul(x, x), y)]);
    // Σ of the Jacobian entries: y + x + 2xy + x², whose gradient is [1 + 2y + 2x, 1 + 2x]
    const total = grad((x: Node, y: Node) => {
      const rows = J(x, y) as unknown as Node[][];
      return rows.flat().reduce((s, n) => add(s, n));
    });
    expect(total(3, 2)).toEqual([11, 7]);
  });
});

describe('nested transforms on arrays', () => {
  it('grad(⟨w, grad(Σ v³)⟩) = 6 w ⊙ v, exactly', () => {
    const w = constant([1, -2, 0.5]);
    const g = grad((v: Node) => sum(mul(mul(v, v), v)));
    const outer = grad((v: Node) => sum(mul(w, only(g(v)))));
    expect(data(outer(f64(1, 2, -3))[0])).toEqual([6, -24, -9]);
  });

  it('grad³ on an array: ∇⟨w, ∇⟨u, ∇ Σ x⁴⟩⟩ = 24 u ⊙ w ⊙ x', () => {
    const u = constant([1, 2, -1]);
    const w = constant([0.5, 1, 3]);
    const g1 = grad((x: Node) => sum(mul(mul(x, x), mul(x, x))));
    const g2 = grad((x: Node) => sum(mul(u, only(g1(x)))));
    const g3 = grad((x: Node) => sum(mul(w, only(g2(x)))));
    expect(data(g3(f64(2, -1, 0.5))[0])).toEqual([24, -48, -36]);
  });

  it('jvp(grad(f)) on a quadratic form ½ xᵀMx with M symmetric: the tangent is M·v (hvp agrees)', () => {
    const M = [
      [2, -1, 0.5],
      [-1, 3, 0.25],
      [0.5, 0.25, 1],
    ];
    const f = (x: Node) => mul(0.5, sum(mul(x, matmul(constant(M), x))));
    const g = grad(f);
    const v = f64(1, 2, -4);
    const { tangent } = jvp((x: Node) => only(g(x)), [f64(0.5, -1, 2)], [v]);
    const Mv = M.map((row) => row.reduce((s, m, j) => s + m * v[j], 0));
    expect(data(tangent)).toEqual(Mv);
    expect(data(hvp(f)([f64(0.5, -1, 2)], [v])[0])).toEqual(Mv);
    expect(hessian(f)(f64(0.5, -1, 2))).toEqual(M);
  });

  it('forward over forward on an array: d²/dt² Σ exp(x + t·v) = Σ exp(xᵢ)·vᵢ²', () => {
    const x0 = f64(0.5, -1, 0.25);
    const v = f64(1, -2, 3);
    const f = (x: Node) => sum(exp(x));
    const once = (x: Node) => jvp(f, [x], [constant(v)]).tangent as Node;
    const { tangent } = jvp(once, [x0], [v]);
    const expected = Array.from(x0).reduce((s, xi, i) => s + Math.exp(xi) * v[i] * v[i], 0);
    expect(tangent as number).toBeCloseTo(expected, 14);
  });

  it('gradientNodes twice on an array graph: the Hessian of Σ sin(x) contracted with v is −sin(x) ⊙ v', () => {
    const x = variable('x', [3]);
    const [g] = gradientNodes(sum(sin(x)), [x]);
    const v = constant([1, 2, 3]);
    const [h] = gradientNodes(sum(mul(g, v)), [x]);
    const at = { x: [0.1, 0.2, 0.3] };
    expect(data(evaluate(h, at))).toEqual([-Math.sin(0.1) * 1, -Math.sin(0.2) * 2, -Math.sin(0.3) * 3]);
  });

  it('tangentNodes over gradientNodes (forward over reverse) on a matmul: the Hessian of ‖A·x‖²/2 is AᵀA', () => {
    const A = constant([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const x = variable('x', [2]);
    const y = matmul(A, x);
    const [g] = gradientNodes(mul(0.5, sum(mul(y, y))), [x]);
    const [Hv] = tangentNodes([g], (name) => (name === 'x' ? constant([1, 0]) : undefined));
    // AᵀA = [[35, 44], [44, 56]]: its first column
    expect(data(evaluate(Hv, { x: [0.3, -0.7] }))).toEqual([35, 44]);
  });

  it('grad of a take (embedding lookup) nested in grad: the second derivative scatter-adds through the gather twice', () => {
    // f(E) = Σ (E[idx])³ with idx repeating row 0: ∂f/∂E₀ = 3·2·E₀², and ⟨1, ∇f⟩'s gradient is 12·E₀ on row 0
    const g = grad((E: Node) => sum(mul(mul(take(E, [0, 1, 0]), take(E, [0, 1, 0])), take(E, [0, 1, 0]))));
    const outer = grad((E: Node) => sum(only(g(E))));
    expect(data(outer({ data: f64(1, 2, 3, 4, 5, 6), shape: [3, 2] })[0])).toEqual([12, 24, 18, 24, 0, 0]);
  });
});

describe('scoping: an inner variable never merges with an outer one', () => {
  it('perturbation confusion: d/dx [x · d/dy (x + y)] = 1 (with y evaluated at x, and at a constant node)', () => {
    const atX = grad((x: Node) => mul(x, only(grad((y: Node) => add(x, y))(x))));
    expect(atX(1)).toEqual([1]);
    expect(atX(7)).toEqual([1]);
    const atConstant = grad((x: Node) => mul(x, only(grad((y: Node) => add(x, y))(constant(1)))));
    expect(atConstant(3)).toEqual([1]);
  });

  it('the inner derivative may be taken at a number: d/dx [x · d/dy (x + y)|y=1] = 1 (throws UnboundVariableError for the outer variable)', () => {
    const f = grad((x: Node) => mul(x, only(grad((y: Node) => add(x, y))(1))));
    expect(f(3)).toEqual([1]);
  });

  it('d/dx [d/dy (x·y²)]|y=x = d/dx 2x² = 4x (a confused engine gives d/dx 3x² = 6x)', () => {
    const f = grad((x: Node) => only(grad((y: Node) => mul(x, mul(y, y)))(x)));
    expect(f(2)).toEqual([8]);
    expect(f(-0.5)).toEqual([-2]);
  });

  it('one transformed function used twice inside another: g(y) = d/dy y² = 2y, d/dx [g(x)·g(2x)] = d/dx 8x² = 16x', () => {
    const g = grad((y: Node) => mul(y, y));
    const f = grad((x: Node) => mul(only(g(x)), only(g(mul(2, x)))));
    expect(f(3)).toEqual([48]);
    // the numeric use of g afterwards is not disturbed by the traced ones
    expect(g(5)).toEqual([10]);
  });

  it('the same, on arrays: an inner gradient over an array closed over by the outer function', () => {
    // d/dx Σ x ⊙ ∇_y Σ (x ⊙ y)|y=x = d/dx Σ x ⊙ x = 2x
    const f = grad((x: Node) => sum(mul(x, only(grad((y: Node) => sum(mul(x, y)))(x)))));
    expect(data(f(f64(1, -2, 3))[0])).toEqual([2, -4, 6]);
  });

  it('a user variable closed over by a transformed function stays a free variable of its own: d/dt (t·y) = y, whatever the transform names t', () => {
    const y = variable('y');
    const inner = grad((t: Node) => mul(t, y));
    expect(evaluate(only(inner(variable('q'))), { y: 4 })).toBe(4);
    expect(evaluate(gradientNodes(only(inner(y)), [y])[0], { y: 5 })).toBe(1);
  });

  it('a user variable can never be named like a transform’s own variable: those names are reserved (a NUL first), so the two never merge', () => {
    let name = '';
    grad((t: Node) => {
      name = t.name!;
      return t;
    })(0);
    expect(name.startsWith('\u0000')).toBe(true);
    expect(() => variable(name)).toThrow(ArgumentError);
    expect(() => variable('\u0000x')).toThrow(/reserved/);
    // a user variable named as the old scheme named trace variables is just a free variable: unbound here
    const user = variable('#1.0');
    expect(() => grad((t: Node) => mul(t, user))(3)).toThrow(/not bound/);
  });

  it('reverse over forward over a closure: d/dx of the u-tangent of sin(u·x) at u = x', () => {
    const f = grad((x: Node) => jvp((u: Node) => sin(mul(u, x)), [x], [1]).tangent as Node);
    // h(x) = d/du sin(u·x)|u=x along u only = x·cos(x²); h′(x) = cos(x²) − 2x²·sin(x²)
    const x = 0.7;
    expect(f(x)[0] as number).toBeCloseTo(Math.cos(x * x) - 2 * x * x * Math.sin(x * x), 14);
  });
});

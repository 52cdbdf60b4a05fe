/**
 * Closures and scoping in nested transforms, as JAX and autograd define them:
 * a transform differentiates with respect to its own arguments only; a value of
 * an enclosing transform that an inner function closes over is a constant for
 * the inner derivative and a variable for the outer one (no perturbation
 * confusion); a user `variable('x')` is a free input of the graph, bound by name
 * in bindings, and never merges with a transform's argument, whatever either is
 * called. Cases from autograd's tests/test_graphs.py (enclosing scope) and the
 * perturbation-confusion examples of Siskind and Pearlmutter.
 */
import { describe, expect, it } from 'vitest';
import {
  add,
  evaluate,
  grad,
  gradientNodes,
  hessian,
  jacobian,
  jvp,
  mul,
  type Node,
  reverseMode,
  sin,
  sum,
  UnboundVariableError,
  variable,
} from '../src/index.js';

const only = (r: unknown): Node => (r as Node[])[0];

describe('closures over outer traced values', () => {
  it('grad(x ↦ grad(y ↦ x·y)(1))(3) = 1: the inner derivative is x, a function of the outer argument', () => {
    expect(grad((x: Node) => only(grad((y: Node) => mul(x, y))(1)))(3)).toEqual([1]);
  });

  it("autograd's test_enclosing_scope_ref and _ref_2: f(x) = x · d/dy (x·y)|y=x = x², f′ = 2x", () => {
    const ref = (x: Node) => mul(x, only(grad((y: Node) => mul(x, y))(x)));
    const ref2 = (x: Node) => mul(x, only(grad((y: Node) => mul(y, x))(x)));
    for (const x of [0.5, -1.25, 3]) {
      expect(grad(ref)(x)).toEqual([2 * x]);
      expect(grad(ref2)(x)).toEqual([2 * x]);
    }
  });

  it('perturbation confusion (Siskind and Pearlmutter): d/dx [x · d/dy (x + y)] = 1, in all four fwd/rev pairings', () => {
    const innerR = (x: Node) => only(grad((y: Node) => add(x, y))(x));
    const innerF = (x: Node) => jvp((y: Node) => add(x, y), [x], [1]).tangent as Node;
    for (const inner of [innerR, innerF]) {
      const f = (x: Node) => mul(x, inner(x));
      expect(grad(f)(2)).toEqual([1]);
      expect(jvp(f, [2], [1]).tangent).toBe(1);
    }
  });

  it('a closure two levels out: d/dx d/dy d/dz (x·y·z) at the same point is 1; d/dx of d/dy [sin(x·y)] at y = 1 closes over x', () => {
    const f = (x: Node) => only(grad((y: Node) => only(grad((z: Node) => mul(mul(x, y), z))(y)))(x));
    expect(grad(f)(5)).toEqual([1]);
    // g(x) = ∂/∂y sin(x·y)|y=1 = x·cos(x); g′(x) = cos x − x sin x
    const g = (x: Node) => only(grad((y: Node) => sin(mul(x, y)))(1));
    expect(grad(g)(0.7)[0] as number).toBeCloseTo(Math.cos(0.7) - 0.7 * Math.sin(0.7), 15);
  });

  it('jacobian and hessian closing over an outer array argument, traced by an outer grad', () => {
    // h(X) = Σᵢⱼ Hᵢⱼ of Σ (X ⊙ sin Y) in Y, at Y = X: H = diag(−X ⊙ sin X); the gradient of Σ −X sin X is −sin X − X cos X
    const h = (X: Node) => (hessian((Y: Node) => sum(mul(X, sin(Y))))(X) as unknown as Node[][]).flat().reduce((s, n) => add(s, n));
    const at = [0.3, -0.8];
    const [g] = grad(h)(Float64Array.from(at)) as { data: Float64Array }[];
    at.forEach((x, i) => expect(g.data[i]).toBeCloseTo(-Math.sin(x) - x * Math.cos(x), 14));
    // jacobian of X ↦ X ⊙ X traced: rows of scalar nodes; d/dX Σ J = 2·1
    const J = jacobian((X: Node) => [mul(X, X)]);
    const total = grad((X: Node) => (J(X) as unknown as Node[][]).flat().reduce((s, n) => add(s, n)));
    expect(Array.from((total(Float64Array.from([1, 2]))[0] as { data: Float64Array }).data)).toEqual([2, 2]);
  });
});

describe('user-named variables inside transforms', () => {
  it('a variable("x") inside a transformed function is a free input: never the argument, whatever the names', () => {
    // ∂/∂x of x·variable('x') is variable('x') — the argument and the free variable do not merge
    const g = grad((x: Node) => mul(x, variable('x')));
    expect(() => g(3)).toThrow(UnboundVariableError);
    const free = only(g(variable('x')));
    expect(evaluate(free, { x: 4 })).toBe(4);
    // a merged engine would give 2x = 8 here
    expect(reverseMode(mul(variable('x'), free), { x: 4 }).gradient).toEqual({ x: 8 });
  });

  it('the same name inside and outside a nested transform is the same free variable (global by name), bound once', () => {
    const inner = (t: Node) => mul(t, variable('w'));
    const outer = (t: Node) => mul(only(grad(inner)(t)), variable('w'));
    const [d] = grad(outer)(variable('t'));
    // outer(t) = w·w, d/dt = 0; the free w is not differentiated by the transforms
    expect(evaluate(d as Node, { w: 3 })).toBe(0);
    // its derivative is taken by a sweep over the graph, where w is bound: d/dw (w·w) = 2w
    const value = outer(variable('t'));
    expect(reverseMode(value, { t: 1, w: 3 }).gradient).toEqual({ t: 0, w: 6 });
    expect(evaluate(gradientNodes(value, [variable('w')])[0], { w: 3 })).toBe(6);
  });
});

import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  dot,
  evaluate,
  grad,
  gradientNodes,
  hessian,
  hvp,
  jacobian,
  jvp,
  mul,
  type Node,
  ShapeError,
  square,
  sub,
  sum,
  valueAndGrad,
  variable,
  vjp,
} from '../src/index.js';

/** n-dimensional Rosenbrock: Σ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)². */
function rosenbrock(x: Node[]): Node {
  const terms: Node[] = [];
  for (let i = 0; i + 1 < x.length; i++) {
    terms.push(mul(100, square(sub(x[i + 1], square(x[i])))), square(sub(1, x[i])));
  }
  return sum(terms);
}

function rosenbrockHessian(x: number[]): number[][] {
  const n = x.length;
  const H = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    if (i + 1 < n) {
      H[i][i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
      H[i][i + 1] = H[i + 1][i] = -400 * x[i];
    }
    if (i > 0) H[i][i] += 200;
  }
  return H;
}

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const relClose = (got: number, want: number, tol: number) => Math.abs(got - want) <= tol * Math.max(1, Math.abs(want));

describe('Hessians by forward over reverse', () => {
  it('Rosenbrock in n = 2 … 12 dimensions: hessian and hvp equal the analytic ones to a relative 1e-12', () => {
    const rand = seeded(7);
    for (let n = 2; n <= 12; n++) {
      const x = Array.from({ length: n }, () => 4 * rand() - 2);
      const v = Array.from({ length: n }, () => 2 * rand() - 1);
      const H = hessian((xs: Node[]) => rosenbrock(xs))(x);
      const want = rosenbrockHessian(x);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(relClose(H[i][j], want[i][j], 1e-12)).toBe(true);
      const [Hv] = hvp((xs: Node[]) => rosenbrock(xs))([x], [v]) as number[][];
      for (let i = 0; i < n; i++) {
        const exact = want[i].reduce((s, h, j) => s + h * v[j], 0);
        expect(relClose(Hv[i], exact, 1e-12)).toBe(true);
      }
    }
  });

  it('derivative graphs differentiate again: third derivative of x⁴', () => {
    const x = variable('x');
    const f = mul(mul(x, x), mul(x, x));
    const [d1] = gradientNodes(f, [x]);
    const [d2] = gradientNodes(d1, [x]);
    const [d3] = gradientNodes(d2, [x]);
    expect(evaluate([d1, d2, d3], { x: 2 })).toEqual([32, 48, 48]);
  });

  it('gradientNodes gives 0 for a node the output does not depend on, and matches variables by name', () => {
    const x = variable('x');
    const [dy] = gradientNodes(mul(x, 3), [variable('y')]);
    expect(evaluate(dy, {})).toBe(0);
    const [dx] = gradientNodes(mul(x, 3), [variable('x')]);
    expect(evaluate(dx, {})).toBe(3);
  });
});

describe('function transforms', () => {
  it('grad takes every argument, scalars and vectors, and mirrors their shapes', () => {
    expect(grad((x, y) => mul(x, y))(3, 4)).toEqual([4, 3]);
    expect(grad((v: Node[], s: Node) => mul(dot(v, v), s))([1, 2], 3)).toEqual([[6, 12], 5]);
  });

  it('valueAndGrad', () => {
    expect(valueAndGrad((x) => mul(x, x))(3)).toEqual({ value: 9, gradient: [6] });
  });

  it('traces once per argument shape', () => {
    let calls = 0;
    const g = grad((x) => {
      calls++;
      return mul(x, x);
    });
    expect([g(1), g(2), g(3)]).toEqual([[2], [4], [6]]);
    expect(calls).toBe(1);

    let traces = 0;
    const h = grad((v: Node[]) => {
      traces++;
      return dot(v, v);
    });
    expect(h([1, 2])).toEqual([[2, 4]]);
    expect(h([3, 4])).toEqual([[6, 8]]);
    expect(traces, 'the same shape reuses its trace').toBe(1);
    expect(h([1, 2, 3])).toEqual([[2, 4, 6]]);
    expect(traces, 'a new shape is traced again').toBe(2);
    expect(h([5, 6])).toEqual([[10, 12]]);
    expect(h([1, 1, 1])).toEqual([[2, 2, 2]]);
    expect(traces, 'both traces are kept').toBe(2);
  });

  it('jacobian: forward, reverse and auto agree', () => {
    const f = (x: Node, y: Node) => [mul(x, y), x.add(y), x.sin()];
    const want = [
      [4, 3],
      [1, 1],
      [Math.cos(3), 0],
    ];
    // + 0 turns −0 (cos 3 · 0 in forward mode) into 0 for the comparison
    const plain = (J: number[][]) => J.map((row) => row.map((v) => v + 0));
    expect(plain(jacobian(f, { mode: 'forward' })(3, 4))).toEqual(want);
    expect(plain(jacobian(f, { mode: 'reverse' })(3, 4))).toEqual(want);
    expect(plain(jacobian(f)(3, 4))).toEqual(want);
  });

  it('jvp and vjp, on functions and on graphs', () => {
    expect(jvp((x, y) => mul(x, y), [3, 4], [1, 0])).toEqual({ value: 12, tangent: 4 });
    const { value, vjp: pullback } = vjp((x, y) => [mul(x, y), x.add(y)], 3, 4);
    expect(value).toEqual([12, 7]);
    expect(pullback([1, 1])).toEqual([5, 4]);
    const x = variable('x');
    const y = variable('y');
    expect(jvp([mul(x, y), x.add(y)], { x: 3, y: 4 }, { x: 1 })).toEqual({ value: [12, 7], tangent: [4, 1] });
    expect(vjp([mul(x, y), x.add(y)], { x: 3, y: 4 }, [1, 1]).gradient).toEqual({ x: 5, y: 4 });
    expect(vjp(mul(x, y), { x: 3, y: 4 }, 2)).toEqual({ value: 12, gradient: { x: 8, y: 6 } });
  });

  it('bad arguments raise typed errors that say what is wrong', () => {
    expect(() => grad((x) => x)('3' as unknown as number)).toThrow(ArgumentError);
    expect(() => grad((x) => [x, x])(3)).toThrow(/single node/);
    expect(() => jvp((x) => x, [1, 2], [1])).toThrow(ShapeError);
    expect(() => vjp([variable('x')], { x: 1 }, [1, 2])).toThrow(ShapeError);
    expect(() => jacobian((x) => x, { mode: 'sideways' as 'forward' })).toThrow(/mode/);
  });
});

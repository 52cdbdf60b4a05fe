/**
 * customJvp and customVjp: the rule, never the function's own derivative, is what
 * every path uses — reverse and forward mode, derivative graphs, both compiled
 * backends, the transforms — shown with a deliberately wrong rule; nesting
 * differentiates the rule (JAX's semantics); the numerically stable log1pexp of
 * JAX's custom_derivatives tutorial; and typed errors for bad rules.
 */
import { describe, expect, it } from 'vitest';
import {
  add,
  ArgumentError,
  compile,
  constant,
  customJvp,
  customVjp,
  evaluate,
  exp,
  forwardMode,
  grad,
  gradientNodes,
  hessian,
  hvp,
  jacobian,
  jvp,
  log1p,
  mul,
  type Node,
  reverseMode,
  ShapeError,
  sigmoid,
  sign,
  sin,
  tangentNodes,
  variable,
  vjp,
} from '../src/index.js';

const BACKENDS = ['js', 'interpreter'] as const;

/** ∂f/∂x at x0 by every path: reverse, forward, gradientNodes, tangentNodes, compiled gradient and jvp per backend, grad, jvp, vjp. */
function everyPath(build: (x: Node) => Node, x0: number): number[] {
  const x = variable('x');
  const f = build(x);
  return [
    reverseMode(f, { x: x0 }).gradient.x as number,
    forwardMode(f, { x: x0 }, { x: 1 }).derivative,
    evaluate(gradientNodes(f, [x])[0], { x: x0 }),
    evaluate(tangentNodes([f], (name) => (name === 'x' ? constant(1) : undefined))[0], { x: x0 }),
    ...BACKENDS.flatMap((backend) => [compile(f, [x], { backend }).gradient([x0])[0], compile(f, [x], { backend }).jvp([x0], [1])[0]]),
    grad(build)(x0)[0] as number,
    jvp(build, [x0], [1]).tangent as number,
    vjp(build, x0).vjp(1)[0] as number,
  ];
}

describe('customJvp', () => {
  const log1pexp = customJvp(
    (x) => log1p(exp(x)),
    ([x], [dx]) => mul(dx, sigmoid(x)),
  );

  it('log1pexp: its own derivative is eˣ/(1 + eˣ) = NaN at x = 1000, the rule gives 1 on every path; the value is the function’s', () => {
    const x = variable('x');
    expect(reverseMode(log1p(exp(x)), { x: 1000 }).gradient.x).toBeNaN();
    expect(everyPath((t) => log1pexp(t), 1000)).toEqual(new Array(11).fill(1));
    expect(everyPath((t) => log1pexp(t), 0)).toEqual(new Array(11).fill(0.5));
    expect(evaluate(log1pexp(x), { x: 0.3 })).toBe(Math.log1p(Math.exp(0.3)));
    for (const backend of BACKENDS) expect(compile(log1pexp(x), [x], { backend }).evaluate([0.3])[0]).toBe(Math.log1p(Math.exp(0.3)));
  });

  it('a wrong rule is what is used: sin with the rule ẏ = 7ẋ has derivative 7 on every path, and second derivative 0', () => {
    const wrong = customJvp((x) => sin(x), ([, ], [dx]) => mul(dx, 7));
    expect(everyPath((t) => wrong(t), 1)).toEqual(new Array(11).fill(7));
    expect(evaluate(wrong(variable('x')), { x: 1 })).toBe(Math.sin(1));
    expect(hessian((t: Node) => wrong(t))(1)).toEqual([[0]]);
  });

  it('nesting differentiates the rule: grad², jvp∘grad, grad∘jvp, jvp∘jvp and hessian of log1pexp are σ′ = σ(1 − σ)', () => {
    const s = (x: number) => 1 / (1 + Math.exp(-x));
    const f = (x: Node) => log1pexp(x);
    const d1 = (x: Node) => grad(f)(x)[0] as Node;
    const t1 = (x: Node) => jvp(f, [x], [1]).tangent as Node;
    for (const x0 of [-2, 0.5, 3]) {
      const want = s(x0) * (1 - s(x0));
      const got = [
        grad(d1)(x0)[0] as number,
        jvp(d1, [x0], [1]).tangent as number,
        grad(t1)(x0)[0] as number,
        jvp(t1, [x0], [1]).tangent as number,
        hessian(f)(x0)[0][0],
        hvp(f)([x0], [1])[0] as number,
        ...BACKENDS.map((backend) => compile(f(variable('x')), ['x'], { backend }).hessian([x0])[0][0]),
      ];
      for (const g of got) expect(g).toBeCloseTo(want, 15);
    }
    // the third derivative too: σ″ = σ(1 − σ)(1 − 2σ)
    const d3 = grad((x: Node) => grad(d1)(x)[0] as Node)(0.5)[0] as number;
    expect(d3).toBeCloseTo(s(0.5) * (1 - s(0.5)) * (1 - 2 * s(0.5)), 14);
  });

  it('several arguments: each partial is the rule’s, in jacobian and hessian too', () => {
    const f = customJvp((a, b) => mul(a, b), ([a, b], [da, db]) => add(mul(da, mul(10, b)), mul(db, 20)));
    expect(reverseMode(f(variable('a'), variable('b')), { a: 1, b: 2 }).gradient).toEqual({ a: 20, b: 20 });
    expect(jacobian((a: Node, b: Node) => [f(a, b)])(1, 2)).toEqual([[20, 20]]);
    expect(hessian((a: Node, b: Node) => f(a, b))(1, 2)).toEqual([[0, 10], [0, 0]]);
  });

  it('a closure over an outer traced value: d/dx [d/dy f(x, y)] with the rule', () => {
    const f = customJvp((a, b) => mul(a, b), ([a, b], [da, db]) => add(mul(da, b), mul(db, mul(3, a))));
    // d/dy f(x, y) = 3x by the rule; d/dx of that = 3
    expect(grad((x: Node) => grad((y: Node) => f(x, y))(2)[0] as Node)(5)).toEqual([3]);
  });

  it('bad rules raise typed errors: non-linear in the tangents, wrong shapes, not functions', () => {
    expect(() => customJvp((x) => x, ([, ], [dx]) => mul(dx, dx))(variable('x'))).toThrow(/not linear in the tangents/);
    expect(() => customJvp((x) => x, () => 'no' as unknown as Node)(variable('x'))).toThrow(ArgumentError);
    expect(() => customJvp((x) => x, ([x]) => x)(variable('v', [2]))).toThrow(ShapeError);
    expect(() => customJvp((x) => x, ([x]) => x)()).toThrow(/at least one argument/);
    expect(() => customJvp(3 as unknown as () => Node, ([x]) => x)).toThrow(/f must be a function/);
    expect(() => customJvp((x) => x, undefined as unknown as () => Node)).toThrow(/rule must be a function/);
  });
});

describe('customVjp', () => {
  it('the straight-through estimator: value sign(x), derivative 1 on every path', () => {
    const straight = customVjp((x) => sign(x), (_x, _y, ct) => [ct]);
    expect(everyPath((t) => straight(t), 0.3)).toEqual(new Array(11).fill(1));
    expect(evaluate(straight(variable('x')), { x: -0.3 })).toBe(-1);
  });

  it('a wrong rule is used: x² with x̄ = 5ȳ has derivative 5 in both modes and backends, second derivative 0', () => {
    const wrong = customVjp((x) => mul(x, x), (_x, _y, ct) => [mul(5, ct)]);
    expect(everyPath((t) => wrong(t), 3)).toEqual(new Array(11).fill(5));
    expect(grad((x: Node) => grad((y: Node) => wrong(y))(x)[0] as Node)(3)).toEqual([0]);
  });

  it('the rule sees the value: exp with x̄ = y·ȳ, twice differentiated, is exp', () => {
    const e = customVjp((x) => exp(x), (_x, y, ct) => [mul(y, ct)]);
    expect(grad((x: Node) => grad((y: Node) => e(y))(x)[0] as Node)(0.5)).toEqual([Math.exp(0.5)]);
  });

  it('bad rules: not one cotangent per argument, not linear in the cotangent', () => {
    expect(() => customVjp((a, b) => mul(a, b), (_x, _y, ct) => [ct])(1, 2)).toThrow(/array of 2 cotangents/);
    expect(() => customVjp((x) => x, (_x, _y, ct) => [mul(ct, ct)])(variable('x'))).toThrow(/not linear in the cotangent/);
  });
});

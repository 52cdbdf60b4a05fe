/**
 * stopGradient: the value passes bit for bit, the derivative is 0 on every path —
 * reverseMode, forwardMode, gradientNodes, tangentNodes, both compiled backends
 * (gradient, jvp, hessian), the transforms, and arrays — including next to an
 * infinite partial, where a multiplied zero would give 0·∞ = NaN (JAX's
 * stop_gradient gives a structural zero there too).
 */
import { describe, expect, it } from 'vitest';
import {
  add,
  compile,
  constant,
  evaluate,
  exp,
  forwardMode,
  grad,
  gradientNodes,
  hessian,
  jvp,
  log,
  mul,
  type Node,
  reverseMode,
  sin,
  sqrt,
  stopGradient,
  sum,
  tangentNodes,
  variable,
  withChecks,
} from '../src/index.js';

const BACKENDS = ['js', 'interpreter'] as const;
const data = (v: unknown) => Array.from((v as { data: Float64Array }).data);

/** ∂f/∂x at x by every scalar path: [reverse, forward, gradientNodes, tangentNodes, js, interpreter, grad, jvp]. */
function everyPath(build: (x: Node) => Node, x0: number): number[] {
  const x = variable('x');
  const f = build(x);
  const one = (name: string) => (name === 'x' ? constant(1) : undefined);
  return [
    reverseMode(f, { x: x0 }).gradient.x as number,
    forwardMode(f, { x: x0 }, { x: 1 }).derivative,
    evaluate(gradientNodes(f, [x])[0], { x: x0 }),
    evaluate(tangentNodes([f], one)[0], { x: x0 }),
    ...BACKENDS.map((backend) => compile(f, [x], { backend }).gradient([x0])[0]),
    ...BACKENDS.map((backend) => compile(f, [x], { backend }).jvp([x0], [1])[0]),
    grad(build)(x0)[0] as number,
    jvp(build, [x0], [1]).tangent as number,
  ];
}

describe('stopGradient', () => {
  it('passes the value bit for bit, on every evaluation path', () => {
    const x = variable('x');
    const f = stopGradient(sin(x));
    expect(evaluate(f, { x: 0.7 })).toBe(Math.sin(0.7));
    for (const backend of BACKENDS) expect(compile(f, [x], { backend }).evaluate([0.7])[0]).toBe(Math.sin(0.7));
    expect(evaluate(stopGradient(constant(-0)), {})).toBe(-0);
  });

  it('d/dx stopGradient(x) = 0 and d/dx [x · stopGradient(x)] = x on every path', () => {
    expect(everyPath((x) => stopGradient(x), 3)).toEqual(new Array(10).fill(0));
    expect(everyPath((x) => mul(x, stopGradient(x)), 3)).toEqual(new Array(10).fill(3));
    expect(everyPath((x) => mul(stopGradient(mul(x, x)), sin(x)), 0.5)).toEqual(new Array(10).fill(0.25 * Math.cos(0.5)));
  });

  it('an infinite partial next to the stop gives no NaN: d/dx [√stopGradient(x) + x] at 0 is 1, and d/dx [stopGradient(log(eˣ + 1)) + x] at 1000, where eˣ = ∞ under the stop', () => {
    expect(everyPath((x) => add(sqrt(stopGradient(x)), x), 0)).toEqual(new Array(10).fill(1));
    // the graph under the stop has exp(x) = ∞ at x = 1000: its pullback must not run (0·∞)
    expect(everyPath((x) => add(stopGradient(log(add(exp(x), 1))), x), 1000)).toEqual(new Array(10).fill(1));
  });

  it('check mode: a stopped graph raises nothing (no 0·∞ is computed)', () => {
    const x = variable('x');
    const f = add(sqrt(stopGradient(x)), mul(2, x));
    withChecks(() => {
      expect(reverseMode(f, { x: 0 }).gradient.x).toBe(2);
      expect(forwardMode(f, { x: 0 }, { x: 1 }).derivative).toBe(2);
    });
  });

  it('second derivatives: stopped factors are constants, d²/dx² [stopGradient(x)·x²] = 2x; hessian in both backends', () => {
    const f = (x: Node) => mul(stopGradient(x), mul(x, x));
    expect(grad((x: Node) => grad(f)(x)[0] as Node)(3)).toEqual([6]);
    expect(hessian(f)(3)).toEqual([[6]]);
    const x = variable('x');
    for (const backend of BACKENDS) expect(Array.from(compile(f(x), [x], { backend }).hessian([3])[0])).toEqual([6]);
  });

  it('arrays: elementwise, the gradient of Σ x ⊙ stopGradient(exp x) is exp x (not exp x + x ⊙ exp x), reverse and forward', () => {
    const X = variable('X', [3]);
    const f = sum(mul(X, stopGradient(exp(X))));
    const at = { X: [0, 1, -2] };
    expect(data(reverseMode(f, at).gradient.X)).toEqual([0, 1, -2].map(Math.exp));
    expect(forwardMode(f, at, { X: [1, 1, 1] }).derivative).toBeCloseTo([0, 1, -2].map(Math.exp).reduce((s, e) => s + e), 14);
    for (const backend of BACKENDS) expect(Array.from(compile(f, [X], { backend }).gradient(Float64Array.from([0, 1, -2])))).toEqual([0, 1, -2].map(Math.exp));
    expect(data(grad((v: Node) => sum(mul(v, stopGradient(exp(v)))))(Float64Array.from([0, 1, -2]))[0])).toEqual([0, 1, -2].map(Math.exp));
  });
});

// karpathy/micrograd's engine tests (test/test_engine.py), rebuilt with our ops,
// each `it` named by the original function. Expected values: what PyTorch gives
// there, derived here exactly in rational arithmetic (the graphs are rational
// functions with relu): 46 and −20 for test_sanity_check, g = 2421/98,
// ∂g/∂a = 47620/343, ∂g/∂b = 221433/343 for test_more_ops. Each graph is also
// run through JAX's check_grads (order 2, both modes; test/helpers/check-grads.ts).
import { describe, expect, it } from 'vitest';
import { add, div, exp, forwardMode, grad, mul, neg, type Node, pow, relu, reverseMode, sub, tanh, variable } from '../src/index.js';
import { checkGrads } from './helpers/check-grads.js';

/** test_sanity_check's graph, on nodes. */
function sanity(x: Node): Node {
  const z = add(add(mul(2, x), 2), x);
  const q = add(relu(z), mul(z, x));
  const h = relu(mul(z, z));
  return add(add(h, q), mul(q, x));
}

/** test_more_ops's graph, on nodes. */
function moreOps(a: Node, b: Node): Node {
  let c = add(a, b);
  let d = add(mul(a, b), pow(b, 3));
  c = add(add(c, c), 1);
  c = add(add(add(c, 1), c), neg(a));
  d = add(add(d, mul(d, 2)), relu(add(b, a)));
  d = add(add(d, mul(3, d)), relu(sub(b, a)));
  const e = sub(c, d);
  const f = pow(e, 2);
  const g = div(f, 2.0);
  return add(g, div(10.0, f));
}

describe('karpathy/micrograd test/test_engine.py', () => {
  it('test_sanity_check: y and dy/dx at x = −4', () => {
    const y = sanity(variable('x'));
    const { value, gradient } = reverseMode(y, { x: -4 });
    expect(value).toBe(-20);
    expect(gradient.x).toBe(46);
    expect(forwardMode(y, { x: -4 }, { x: 1 }).derivative).toBe(46);
  });

  it('test_sanity_check, by the function transforms and check_grads', () => {
    expect(grad(sanity)(-4)).toEqual([46]);
    checkGrads(sanity, [-4]);
  });

  it('test_more_ops: g, ∂g/∂a, ∂g/∂b at a = −4, b = 2', () => {
    const g = moreOps(variable('a'), variable('b'));
    const at = { a: -4, b: 2 };
    const { value, gradient } = reverseMode(g, at);
    const close = (got: number, want: number) => expect(Math.abs(got - want) / Math.abs(want)).toBeLessThan(1e-15);
    close(value, 2421 / 98);
    close(gradient.a, 47620 / 343);
    close(gradient.b, 221433 / 343);
    close(forwardMode(g, at, { a: 1 }).derivative, 47620 / 343);
    close(forwardMode(g, at, { b: 1 }).derivative, 221433 / 343);
  });

  it('test_more_ops, by the function transforms and check_grads', () => {
    const [ga, gb] = grad(moreOps)(-4, 2) as number[];
    expect(Math.abs(ga - 47620 / 343) / (47620 / 343)).toBeLessThan(1e-15);
    expect(Math.abs(gb - 221433 / 343) / (221433 / 343)).toBeLessThan(1e-15);
    checkGrads(moreOps, [-4, 2]);
  });

  // test_unary_tensor_fns, in a later version of the file: tanh and exp against PyTorch at −1, 0.123 and 2 (tol 1e-6);
  // here against Math.tanh, Math.exp and their derivatives 1 − tanh² and exp
  it('test_unary_tensor_fns', () => {
    const x = variable('x');
    const cases: [Node, (v: number) => number, (v: number) => number][] = [
      [tanh(x), Math.tanh, (v) => 1 - Math.tanh(v) ** 2],
      [exp(x), Math.exp, Math.exp],
    ];
    for (const [y, value, derivative] of cases) {
      for (const v of [-1, 0.123, 2]) {
        const { value: yv, gradient } = reverseMode(y, { x: v });
        expect(Math.abs(yv - value(v))).toBeLessThan(1e-6);
        expect(Math.abs(gradient.x - derivative(v))).toBeLessThan(1e-6);
      }
    }
    checkGrads((v: Node) => tanh(v), [0.123]);
    checkGrads((v: Node) => exp(v), [0.123]);
  });
});

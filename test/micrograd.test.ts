// micrograd's two engine tests (test/test_engine.py), rebuilt with our ops.
// Expected values: what PyTorch gives there, derived here exactly in rational
// arithmetic (the graphs are rational functions with relu): 46 and −20 for the
// first, g = 2421/98, ∂g/∂a = 47620/343, ∂g/∂b = 221433/343 for the second.
import { describe, expect, it } from 'vitest';
import { add, div, forwardMode, mul, neg, pow, relu, reverseMode, sub, variable } from '../src/index.js';

describe("micrograd's engine tests", () => {
  it('sanity check: y and dy/dx at x = −4', () => {
    const x = variable('x');
    const z = add(add(mul(2, x), 2), x);
    const q = add(relu(z), mul(z, x));
    const h = relu(mul(z, z));
    const y = add(add(h, q), mul(q, x));
    const { value, gradient } = reverseMode(y, { x: -4 });
    expect(value).toBe(-20);
    expect(gradient.x).toBe(46);
    expect(forwardMode(y, { x: -4 }, { x: 1 }).derivative).toBe(46);
  });

  it('more ops: g, ∂g/∂a, ∂g/∂b at a = −4, b = 2', () => {
    const a = variable('a');
    const b = variable('b');
    let c = add(a, b);
    let d = add(mul(a, b), pow(b, 3));
    c = add(add(c, c), 1);
    c = add(add(add(c, 1), c), neg(a));
    d = add(add(d, mul(d, 2)), relu(add(b, a)));
    d = add(add(d, mul(3, d)), relu(sub(b, a)));
    const e = sub(c, d);
    const f = pow(e, 2);
    let g = div(f, 2.0);
    g = add(g, div(10.0, f));
    const at = { a: -4, b: 2 };
    const { value, gradient } = reverseMode(g, at);
    const close = (got: number, want: number) => expect(Math.abs(got - want) / Math.abs(want)).toBeLessThan(1e-15);
    close(value, 2421 / 98);
    close(gradient.a, 47620 / 343);
    close(gradient.b, 221433 / 343);
    close(forwardMode(g, at, { a: 1 }).derivative, 47620 / 343);
    close(forwardMode(g, at, { b: 1 }).derivative, 221433 / 343);
  });
});

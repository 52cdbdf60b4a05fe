// The course notes' sigmoid neuron f = 1/(1 + e^−(w·x + b)) at (x, w, b) = (3, 2, 1),
// by both modes. Exact values to 20 digits: f′ = f·(1 − f)·(∂(w·x + b)).
import { describe, expect, it } from 'vitest';
import { add, evaluate, exp, forwardMode, grad, mul, neg, pow, reciprocal, reverseMode, sigmoid, variable } from '../src/index.js';

const exact = {
  value: 0.9990889488055994,
  x: 0.0018204423602436530307,
  w: 0.0027306635403654795461,
  b: 0.00091022118012182651536,
};
const at = { x: 3, w: 2, b: 1 };
const relErr = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('the sigmoid neuron of the notes', () => {
  const x = variable('x');
  const w = variable('w');
  const b = variable('b');
  const f = reciprocal(add(1, exp(neg(add(mul(w, x), b)))));

  it('evaluates to 0.9990889488055994', () => {
    expect(evaluate(f, at)).toBe(exact.value);
  });

  it('reverse mode gives every partial within 2e-15 in one sweep', () => {
    const { value, gradient } = reverseMode(f, at);
    expect(value).toBe(exact.value);
    for (const name of ['x', 'w', 'b'] as const) expect(relErr(gradient[name], exact[name])).toBeLessThan(2e-15);
  });

  it('forward mode gives each partial within 2e-15, one tangent sweep per direction', () => {
    for (const name of ['x', 'w', 'b'] as const) {
      const { value, derivative } = forwardMode(f, at, { [name]: 1 });
      expect(value).toBe(exact.value);
      expect(relErr(derivative, exact[name])).toBeLessThan(2e-15);
    }
  });

  it('the fluent form builds the same function', () => {
    const g = w.mul(x).add(b).neg().exp().add(1).reciprocal();
    expect(evaluate(g, at)).toBe(exact.value);
    expect(reverseMode(g, at).gradient).toEqual(reverseMode(f, at).gradient);
  });

  it('grad over a function, with the stable sigmoid composite', () => {
    const g = grad((x, w, b) => sigmoid(w.mul(x).add(b)));
    const [dx, dw, db] = g(3, 2, 1) as number[];
    expect(relErr(dx, exact.x)).toBeLessThan(2e-15);
    expect(relErr(dw, exact.w)).toBeLessThan(2e-15);
    expect(relErr(db, exact.b)).toBeLessThan(2e-15);
  });

  it("with pow(2.718281828459, ·) as the notes write it, both modes give the notes' backward result", () => {
    // The notes' forward-mode cell drops the ln a factor of the pow rule, so its
    // printed 0.0018204423602438651 is not a target; their backward cell keeps it.
    const g = reciprocal(add(1.0, pow(2.718281828459, neg(add(mul(w, x), b)))));
    expect(evaluate(g, at)).toBe(0.9990889488055992);
    const notes = 0.0018204423602438348;
    expect(relErr(reverseMode(g, at).gradient.x, notes)).toBeLessThan(2e-15);
    expect(relErr(forwardMode(g, at, { x: 1 }).derivative, notes)).toBeLessThan(2e-15);
  });
});

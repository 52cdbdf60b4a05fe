import { describe, expect, it } from 'vitest';
import {
  add,
  compile,
  evaluate,
  forwardMode,
  grad,
  log,
  mul,
  NonFiniteError,
  reciprocal,
  reverseMode,
  sqrt,
  variable,
  withChecks,
} from '../src/index.js';
import { parse } from '../src/parse/index.js';

function caught(f: () => unknown): NonFiniteError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(NonFiniteError);
    return e as NonFiniteError;
  }
  throw new Error('expected a NonFiniteError');
}

describe('check mode', () => {
  const x = variable('x');

  it('is off by default: IEEE results, no error', () => {
    expect(evaluate(log(x), { x: 0 })).toBe(-Infinity);
    expect(reverseMode(sqrt(x), { x: 0 }).gradient.x).toBe(Infinity);
  });

  it('names the op, the node and its inputs at the first non-finite value of the forward sweep', () => {
    const y = log(x);
    const e = caught(() => withChecks(() => evaluate(add(y, 1), { x: 0 })));
    expect(e.sweep).toBe('forward');
    expect(e.op).toBe('log');
    expect(e.nodeId).toBe(y.id);
    expect(e.inputs).toEqual([0]);
    expect(e.value).toBe(-Infinity);
    expect(e.message).toBe(`log#${y.id} gave -Infinity in the forward sweep, from the finite input 0`);
  });

  it('reports where it starts, not where it spreads', () => {
    const e = caught(() => withChecks(() => evaluate(mul(reciprocal(x), log(add(x, 1))), { x: 0 })));
    expect(e.op).toBe('reciprocal');
  });

  it('points into the source of parsed graphs', () => {
    const { output } = parse('2 * log(y - 1) + 3');
    const e = caught(() => withChecks(() => evaluate(output, { y: 1 })));
    expect(e.span).toEqual({ start: 4, end: 14 });
    expect(e.message).toMatch(/characters 4–14/);
  });

  it('catches variables bound to NaN or ±∞', () => {
    const e = caught(() => withChecks(() => evaluate(x, { x: NaN })));
    expect(e.sweep).toBe('bindings');
    expect(e.message).toBe("variable 'x' is bound to NaN");
  });

  it('checks the derivative sweeps: reverse, forward, transforms and compiled programs', () => {
    expect(caught(() => withChecks(() => reverseMode(sqrt(x), { x: 0 }))).sweep).toBe('reverse');
    expect(caught(() => withChecks(() => forwardMode(sqrt(x), { x: 0 }, { x: 1 }))).sweep).toBe('tangent');
    expect(caught(() => withChecks(() => grad((t) => sqrt(t))(0))).op).toBe('sqrt');
    const p = compile(mul(sqrt(x), 2), [x], { checks: true });
    expect(p.backend).toBe('interpreter');
    expect(caught(() => p.gradient([0])).message).toMatch(/partial of sqrt#\d+ with respect to 'x' is Infinity/);
    expect(caught(() => p.evaluate([-1])).message).toMatch(/sqrt#\d+ gave NaN/);
    expect(compile(mul(sqrt(x), 2), [x]).gradient([0])[0]).toBe(Infinity);
  });

  it('leaves finite results alone and restores the default after the scope, even on throw', () => {
    expect(withChecks(() => evaluate(log(x), { x: 1 }))).toBe(0);
    caught(() => withChecks(() => evaluate(log(x), { x: 0 })));
    expect(evaluate(log(x), { x: 0 })).toBe(-Infinity);
  });
});

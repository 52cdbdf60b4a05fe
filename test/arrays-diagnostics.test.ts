/**
 * Diagnostics on array graphs: check mode (the first NaN or ±∞ computed from
 * finite inputs, named by op, node, element and sweep) and DOT export (shapes
 * and the first elements of values, tangents and adjoints on the labels).
 */
import { describe, expect, it } from 'vitest';
import {
  constant,
  evaluate,
  forwardMode,
  log,
  matmul,
  NonFiniteError,
  reverseMode,
  sqrt,
  sum,
  toDot,
  variable,
  withChecks,
} from '../src/index.js';

function nonFinite(f: () => unknown): NonFiniteError {
  try {
    f();
  } catch (e) {
    if (e instanceof NonFiniteError) return e;
    throw e;
  }
  throw new Error('expected a NonFiniteError, nothing was thrown');
}

describe('check mode on arrays', () => {
  const x = variable('x', [3]);

  it('a NaN computed in the forward sweep names the op, the element, the shape and the finite input', () => {
    const e = nonFinite(() => withChecks(() => evaluate(sum(log(x)), { x: [1, -1, 2] })));
    expect(e.sweep).toBe('forward');
    expect(e.op).toBe('log');
    expect(e.inputs).toEqual([-1]);
    expect(e.value).toBeNaN();
    expect(e.message).toContain('at element 1 of [3]');
  });

  it('a non-finite binding names the variable and the element', () => {
    const e = nonFinite(() => withChecks(() => evaluate(sum(x), { x: [1, Infinity, 2] })));
    expect(e.sweep).toBe('bindings');
    expect(e.message).toBe("variable 'x' is bound to Infinity at element 1");
  });

  it('an infinity of the reverse sweep (√x at 0) is reported in the reverse sweep; of the tangent sweep, in the tangent sweep', () => {
    const rev = nonFinite(() => withChecks(() => reverseMode(sum(sqrt(x)), { x: [1, 0, 2] })));
    expect(rev.sweep).toBe('reverse');
    expect(rev.message).toContain('at element 1 of [3]');
    const fwd = nonFinite(() => withChecks(() => forwardMode(sum(sqrt(x)), { x: [1, 0, 2] }, { x: [1, 1, 1] })));
    expect(fwd.sweep).toBe('tangent');
  });

  it('a structural op that overflows is reported at its own node, from finite inputs', () => {
    const e = nonFinite(() => withChecks(() => evaluate(matmul(constant([[1e300, 1e300]]), constant([[1e300], [1]])), {})));
    expect(e.op).toBe('matmul');
    expect(e.message).toContain('from finite inputs');
  });

  it('a non-finite value is reported where it first appears, not where it propagates to', () => {
    const e = nonFinite(() => withChecks(() => evaluate(sum(log(x).mul(2).add(1)), { x: [1, 0, 2] })));
    expect(e.op).toBe('log');
  });

  it('outside check mode the same graphs give IEEE results and no error', () => {
    expect(evaluate(sum(log(x)), { x: [1, -1, 2] })).toBeNaN();
    expect(evaluate(sum(x), { x: [1, Infinity, 2] })).toBe(Infinity);
  });
});

describe('DOT export of array graphs', () => {
  const A = variable('A', [2, 3]);
  const at = { A: [[1, 2, 3], [4, 5, 6]] };
  const out = sum(matmul(A, constant([1, 2, 3])).mul(2));

  it('labels carry each node’s shape and the first four elements of its value, tangent and adjoint', () => {
    const dot = toDot(out, { at, direction: { A: [[1, 0, 0], [0, 0, 0]] } });
    expect(dot).toContain('label="A\\n[2, 3]\\n= [1, 2, 3, 4, …]\\ntangent [1, 0, 0, 0, …]\\nadjoint [2, 4, 6, 2, …]"');
    expect(dot).toContain('label="matmul\\n[2, 1]\\nvalue [14, 32]\\ntangent [1, 0]\\nadjoint [2, 2]"');
    // the scalar output keeps the scalar label form: no shape line
    expect(dot).toContain('label="reduceSum\\nvalue 92\\ntangent 2\\nadjoint 1"');
  });

  it('an array output has values but no adjoints (a gradient needs a scalar output)', () => {
    const dot = toDot(matmul(A, constant([1, 2, 3])), { at });
    expect(dot).toContain('value [14, 32]');
    expect(dot).not.toContain('adjoint');
  });

  it('array constants are labelled by their shape', () => {
    expect(toDot(out)).toContain('label="constant\\n[3]", style=dashed');
  });
});

/**
 * The flat vectors a compiled program takes and fills, checked the same way by
 * the scalar and the array programs: the point x, vector arguments (cotangents,
 * directions, parameters, samples) and the output buffers a caller may reuse.
 * Each check names the method and the argument; a Float64Array of the right
 * length passes without a loop over its entries.
 */
import { ArgumentError, BindingTypeError, describe, ShapeError } from '../errors.js';
import type { Numbers, Out } from '../engine/program-io.js';

/**
 * Checks a vector argument: a Float64Array, or an array (or array-like) of
 * numbers, of the given length (any length when it is undefined). With `names`
 * (the point's input names, for the length message) the entries are left to
 * {@link checkPoint}, which names the input of a bad one.
 * @example
 * ```ts
 * checkVector([1, 2], 2, 'direction', 'jvp'); // passes
 * checkVector([1], 2, 'direction', 'jvp');    // ShapeError: jvp: direction has length 1, expected 2
 * ```
 */
export function checkVector(x: Numbers, length: number | undefined, what: string, where: string, names = ''): void {
  if (x instanceof Float64Array) {
    if (length !== undefined && x.length !== length) throw new ShapeError(`${where}: ${what} has length ${x.length}, expected ${length}${names}`);
    return;
  }
  if (x === null || typeof x !== 'object' || typeof x.length !== 'number') {
    const numbers = length === undefined ? 'numbers' : `${length} numbers`;
    throw new ArgumentError(`${where}: ${what} must be a Float64Array or an array of ${numbers}, got ${describe(x)}`);
  }
  if (length !== undefined && x.length !== length) throw new ShapeError(`${where}: ${what} has length ${x.length}, expected ${length}${names}`);
  if (names !== '') return; // the point: its entries are checked by name
  // an entry that is not a number ends the loop, so a huge array-like with nothing in it costs nothing
  for (let k = 0; k < x.length; k++) {
    if (typeof x[k] !== 'number') throw new ArgumentError(`${where}: ${what}[${k}] is ${describe(x[k])}, expected a number`);
  }
}

/**
 * Checks the point x of a program with these inputs: a Float64Array of the
 * input count needs nothing more; a plain array's entries must be numbers (a
 * BindingTypeError names the input otherwise), so that both backends see the
 * same numbers — generated code would add two strings where the interpreter's
 * buffer converts them.
 * @example
 * ```ts
 * checkPoint([3, '2'], ['x', 'y'], 'evaluate'); // BindingTypeError naming y
 * ```
 */
export function checkPoint(x: Numbers, inputs: readonly string[], where: string): void {
  const n = inputs.length;
  if (x instanceof Float64Array && x.length === n) return;
  checkVector(x, n, 'x', where, ` (${inputs.join(', ')})`);
  for (let k = 0; k < n; k++) if (typeof x[k] !== 'number') throw new BindingTypeError(inputs[k], x[k]);
}

/**
 * Checks the point x ({@link checkPoint}) and copies it into the first slots of `v`.
 * @example
 * ```ts
 * loadPoint([3, 2], ['x', 'y'], v, 'jvp'); // v[0] = 3, v[1] = 2
 * ```
 */
export function loadPoint(x: Numbers, inputs: readonly string[], v: Float64Array, where: string): void {
  checkPoint(x, inputs, where);
  for (let k = 0; k < x.length; k++) v[k] = x[k];
}

/**
 * Checks an output buffer: a Float64Array or an array, of the given length.
 * @example
 * ```ts
 * checkOut(new Float64Array(2), 3, 'out', 'gradient'); // ShapeError: gradient: out has length 2, expected 3
 * ```
 */
export function checkOut(out: Out, length: number, what: string, where: string): void {
  if (!(out instanceof Float64Array) && !Array.isArray(out)) {
    throw new ArgumentError(`${where}: ${what} must be a Float64Array or an array of ${length} numbers, got ${describe(out)}`);
  }
  if (out.length !== length) throw new ShapeError(`${where}: ${what} has length ${out.length}, expected ${length}`);
}

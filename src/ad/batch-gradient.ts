/**
 * The shape of a batch for a per-sample program: its inputs are parameters
 * followed by one sample's inputs, and the samples come row-major, one row per
 * sample. Checked here for `Program#batchValueAndGradient` (scalar and array
 * programs), `Program#sampleWidth` and `fit`, with the same rules and messages.
 */
import { ArgumentError, describe, ShapeError } from '../errors.js';
import type { Numbers, Out } from '../engine/program-io.js';
import { checkOut, checkVector } from './buffers.js';

/**
 * Numbers per sample row of a program with `inputSize` flat inputs, after
 * `params` parameters.
 * @example
 * ```ts
 * sampleWidthOf(1, 3); // 2
 * ```
 */
export function sampleWidthOf(params: number, inputSize: number): number {
  if (typeof params !== 'number' || !Number.isInteger(params) || params < 0) {
    throw new ArgumentError(`sampleWidth: params must be a whole number ≥ 0 (a count of parameters), got ${describe(params)}`);
  }
  if (params > inputSize) throw new ShapeError(`fit: ${params} parameters (params) but the program has only ${inputSize} inputs`);
  return inputSize - params;
}

/**
 * The rows in `length` sample numbers of `width` numbers a row (one row when a
 * sample has no inputs); a ShapeError when that is not a positive whole number,
 * its message ending in `row(width, params)` (what a row holds; called only then).
 * @example
 * ```ts
 * sampleRows(4, 2, 'fit', 1, afterParams); // 2
 * sampleRows(3, 2, 'fit', 1, afterParams); // ShapeError: fit: samples has length 3, not a positive multiple of the 2 inputs after the 1 params
 * ```
 */
export function sampleRows(length: number, width: number, where: string, params: number, row: (width: number, params: number) => string): number {
  const rows = width === 0 ? 1 : length / width;
  if (!Number.isInteger(rows) || rows === 0) throw new ShapeError(`${where}: samples has length ${length}, not a positive multiple of the ${row(width, params)}`);
  return rows;
}

/** What a row holds, for a program's batch: the inputs after the parameters. */
export function afterParams(width: number, params: number): string {
  return `${width} inputs after the ${params} params`;
}

/**
 * Checks the arguments of a batch call on a program of `inputSize` flat inputs
 * and returns the number of sample rows: params and samples are vectors of
 * numbers, params no longer than the inputs, out (when given) a buffer of one
 * entry per parameter, and samples a whole number of rows.
 * @example
 * ```ts
 * batchRows([1.5], [1, 2, 2, 4], undefined, 3, 'batchValueAndGradient'); // 2
 * ```
 */
export function batchRows(params: Numbers, samples: Numbers, out: Out | undefined, inputSize: number, where: string): number {
  checkVector(params, undefined, 'params', where);
  const p = params.length;
  if (p > inputSize) throw new ShapeError(`${where}: params has ${p} entries but the program has only ${inputSize} inputs`);
  if (out !== undefined) checkOut(out, p, 'out', where);
  checkVector(samples, undefined, 'samples', where);
  return sampleRows(samples.length, inputSize - p, where, p, afterParams);
}

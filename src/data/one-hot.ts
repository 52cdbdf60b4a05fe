/**
 * One-hot encoding of class labels.
 * @module
 */
import { ArgumentError, describe } from '../errors.js';
import { integer, tableSize } from './checks.js';

/**
 * The one-hot matrix of class labels: row i has a 1 in column `labels[i]` and
 * 0 elsewhere; `labels.length` × `classes` values, row-major.
 * @throws ArgumentError if a label is not an integer in [0, classes)
 * @example
 * ```ts
 * import { oneHot } from 'wengert';
 * oneHot([2, 0], 3); // Float64Array [0, 0, 1,  1, 0, 0]
 * ```
 */
export function oneHot(labels: ArrayLike<number>, classes: number): Float64Array {
  if (!Array.isArray(labels) && !(ArrayBuffer.isView(labels) && !(labels instanceof DataView))) {
    throw new ArgumentError(`oneHot: labels is ${describe(labels)}, expected an array of class indices`);
  }
  integer('oneHot', 'classes', classes, 1);
  const n = labels.length;
  tableSize('oneHot', 'the one-hot matrix (labels × classes)', n, classes);
  const out = new Float64Array(n * classes);
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (!Number.isInteger(y) || y < 0 || y >= classes) {
      throw new ArgumentError(`oneHot: labels[${i}] is ${describe(y)}, expected a class index in [0, ${classes})`);
    }
    out[i * classes + y] = 1;
  }
  return out;
}

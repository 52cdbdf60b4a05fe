/**
 * Shapes: the extent of an array along each axis, row-major. A scalar has the
 * empty shape `[]`. Broadcasting follows NumPy: shapes are aligned at their last
 * axes, and two extents agree when they are equal or one of them is 1.
 */
import { ArgumentError, describe, ShapeError } from '../errors.js';

/** The extents of an array, outermost axis first; `[]` for a scalar. */
export type Shape = readonly number[];

/** The shape of a scalar (shared, frozen). */
export const SCALAR: Shape = Object.freeze([]);

/** Largest number of elements an array may have (typed arrays index with 32-bit integers). */
export const MAX_SIZE = 2 ** 31 - 1;

/**
 * Number of elements: the product of the extents (1 for a scalar).
 * @example
 * ```ts
 * sizeOf([2, 3]); // 6
 * ```
 */
export function sizeOf(shape: Shape): number {
  if (!Array.isArray(shape)) throw new ArgumentError(`sizeOf: shape must be an array of whole numbers ≥ 0, got ${describe(shape)}`);
  let n = 1;
  for (let k = 0; k < shape.length; k++) {
    const d = shape[k];
    if (!Number.isInteger(d) || d < 0) throw new ArgumentError(`sizeOf: extent ${k} of the shape is ${describe(d)}, expected a whole number ≥ 0`);
    n *= d;
  }
  return n;
}

/** Row-major strides, in elements: the last axis has stride 1. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    strides[k] = s;
    s *= shape[k];
  }
  return strides;
}

/**
 * A shape as messages print it (any numbers, so that a requested shape such as `[2, -1]` prints as given).
 * @example
 * ```ts
 * formatShape([3, 4]); // '[3, 4]'
 * ```
 */
export function formatShape(shape: Shape): string {
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number')) throw new ArgumentError(`formatShape: shape must be an array of numbers, got ${describe(shape)}`);
  return `[${shape.join(', ')}]`;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * Checks that `shape` is a list of non-negative whole extents with at most
 * {@link MAX_SIZE} elements in all, and returns a frozen copy.
 * @example
 * ```ts
 * checkShape('variable', [3, 4]); // [3, 4]
 * ```
 */
export function checkShape(where: string, shape: unknown): Shape {
  if (!Array.isArray(shape)) throw new ArgumentError(`${where}: a shape must be an array of whole numbers, got ${describe(shape)}`);
  if (shape.length === 0) return SCALAR;
  let size = 1;
  shape.forEach((d, k) => {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new ArgumentError(`${where}: extent ${k} of the shape is ${describe(d)}, expected a whole number ≥ 0`);
    }
    size *= d;
  });
  if (size > MAX_SIZE) throw new ShapeError(`${where}: shape ${formatShape(shape)} has ${size} elements, more than ${MAX_SIZE}`);
  return Object.freeze(shape.slice());
}

/**
 * The broadcast shape of several operands (NumPy's rule), or a ShapeError naming
 * the op and every operand's shape.
 * @example
 * ```ts
 * broadcastShapes('add', [[3, 1], [4]]); // [3, 4]
 * ```
 */
export function broadcastShapes(where: string, shapes: readonly Shape[]): Shape {
  let rank = 0;
  for (const s of shapes) rank = Math.max(rank, s.length);
  if (rank === 0) return SCALAR;
  let first: Shape | undefined;
  let allSame = true;
  for (const s of shapes) {
    if (first === undefined) first = s;
    else if (!sameShape(first, s)) allSame = false;
  }
  if (allSame) return first!;
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    const lead = rank - s.length;
    for (let k = 0; k < s.length; k++) {
      const d = s[k];
      const o = out[lead + k];
      if (d === o || d === 1) continue;
      if (o === 1) out[lead + k] = d;
      else throw new ShapeError(`${where}: shapes ${shapes.map(formatShape).join(' and ')} do not broadcast`);
    }
  }
  if (sizeOf(out) > MAX_SIZE) throw new ShapeError(`${where}: shapes ${shapes.map(formatShape).join(' and ')} broadcast to ${formatShape(out)}, more than ${MAX_SIZE} elements`);
  return Object.freeze(out);
}

/**
 * The axes along which an operand of shape `from` was broadcast to `to`: the
 * leading axes it lacks, and the axes where it has extent 1 and `to` does not.
 * Summing a cotangent of shape `to` over them (and reshaping) undoes the broadcast.
 */
export function broadcastAxes(from: Shape, to: Shape): number[] {
  const lead = to.length - from.length;
  const axes: number[] = [];
  for (let k = 0; k < to.length; k++) {
    if (k < lead || (from[k - lead] === 1 && to[k] !== 1)) axes.push(k);
  }
  return axes;
}

/**
 * Axes given as an axis, a list of axes, or undefined (every axis), with
 * negative axes counted from the end; sorted, each once.
 * @example
 * ```ts
 * normalizeAxes('sum', -1, 3); // [2]
 * ```
 */
export function normalizeAxes(where: string, axes: number | readonly number[] | undefined, rank: number): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, k) => k);
  const list = typeof axes === 'number' ? [axes] : axes;
  if (!Array.isArray(list)) throw new ArgumentError(`${where}: axis must be a whole number or an array of them, got ${describe(axes)}`);
  const seen = new Set<number>();
  for (const a of list) {
    if (typeof a !== 'number' || !Number.isInteger(a) || a < -rank || a >= rank) {
      throw new ArgumentError(`${where}: axis ${describe(a)} is out of range for rank ${rank}`);
    }
    const k = a < 0 ? a + rank : a;
    if (seen.has(k)) throw new ArgumentError(`${where}: axis ${a} is listed twice`);
    seen.add(k);
  }
  return [...seen].sort((p, q) => p - q);
}

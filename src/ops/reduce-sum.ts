import { apply, type Node } from '../graph/node.js';
import { formatShape, normalizeAxes, sameShape, type Shape, sizeOf } from '../graph/shape.js';
import { ArgumentError, describe, ShapeError } from '../errors.js';
import { structural, type StructuralPrimitive } from './primitive.js';
import { reshape } from './reshape.js';

/** The kept shape (keepdims: reduced axes become 1) of a reduction over `axes`. */
export function reducedShape(shape: Shape, axes: readonly number[], keepdims: boolean): Shape {
  const out: number[] = [];
  for (let k = 0; k < shape.length; k++) {
    if (!axes.includes(k)) out.push(shape[k]);
    else if (keepdims) out.push(1);
  }
  return Object.freeze(out);
}

/** The validated attributes of a reduction over `axes` of an array of `shape`. */
export function reduction(where: string, shape: Shape, axis: number | readonly number[] | undefined, keepdims: boolean | undefined) {
  if (keepdims !== undefined && typeof keepdims !== 'boolean') throw new ArgumentError(`${where}: keepdims must be true or false, got ${describe(keepdims)}`);
  return { axes: normalizeAxes(where, axis, shape.length), keepdims: keepdims ?? false };
}

/**
 * The loop of a reduction: for each output element, `combine` folds the reduced
 * elements in row-major order, starting from the first (so a sum of one term is
 * that term, as the scalar n-ary sum). Empty reductions give `empty`.
 */
export function reduce(
  x: Float64Array,
  shape: Shape,
  axes: readonly number[],
  y: Float64Array,
  combine: (acc: number, v: number) => number,
  empty: number,
): void {
  const rank = shape.length;
  if (sizeOf(shape) === 0) {
    y.fill(empty);
    return;
  }
  // y's strides in x's index space: 0 along the reduced axes
  const yStrides = new Int32Array(rank);
  const reduced = new Uint8Array(rank);
  let s = 1;
  for (let k = rank - 1; k >= 0; k--) {
    if (axes.includes(k)) {
      reduced[k] = 1;
      continue;
    }
    yStrides[k] = s;
    s *= shape[k];
  }
  // walk x row-major: each output element meets its reduced elements in row-major order;
  // it is met first when every reduced index is 0 (`moved` counts the reduced indices that are not)
  const index = new Int32Array(rank);
  let moved = 0;
  let j = 0;
  for (let i = 0; i < x.length; i++) {
    y[j] = moved === 0 ? x[i] : combine(y[j], x[i]);
    for (let k = rank - 1; k >= 0; k--) {
      if (++index[k] < shape[k]) {
        j += yStrides[k];
        if (reduced[k] && index[k] === 1) moved++;
        break;
      }
      j -= (shape[k] - 1) * yStrides[k];
      if (reduced[k] && shape[k] > 1) moved--;
      index[k] = 0;
    }
  }
}

/** y = Σ x over `axes` (row-major order, first term first); keepdims keeps them as extent 1 */
export const reduceSumPrimitive: StructuralPrimitive<{ axes: readonly number[]; keepdims: boolean }, Node> = {
  kind: 'structural',
  name: 'reduceSum',
  arity: 1,
  shape: ([x], { axes, keepdims }) => {
    for (const a of axes) if (!(a >= 0 && a < x.length)) throw new ShapeError(`sum: axis ${a} is out of range for ${formatShape(x)}`);
    return reducedShape(x, axes, keepdims);
  },
  evaluate: ([x], [shape], y, _, { axes }) => reduce(x, shape, axes, y, (acc, v) => acc + v, 0),
  // linear: the tangent sums the same way
  jvp: ([t], node) => (t === undefined ? undefined : apply(reduceSumPrimitive, [t], node.attrs)),
  // each summed element receives the cotangent of its sum: broadcast it back
  vjp: (_, ct, node) => {
    const x = node.inputs[0].shape;
    const { axes } = node.attrs as { axes: readonly number[] };
    const kept = reshape(ct, reducedShape(x, axes, true));
    return sameShape(kept.shape, x) ? kept : apply(structural<Node>('broadcastTo'), [kept], { shape: x });
  },
};

/** Which axes a reduction runs over (default: every axis), and whether they stay as extent 1. */
export interface ReduceOptions {
  readonly axis?: number | readonly number[];
  readonly keepdims?: boolean;
}

/** The options of a reduction, checked (a plain object or undefined). */
export function reduceOptions(where: string, options: unknown): ReduceOptions {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ArgumentError(`${where}: options must be an object { axis, keepdims }, got ${describe(options)}`);
  }
  return options as ReduceOptions;
}

/**
 * The array-of-nodes form of sum, mean and logSumExp reduces across the nodes,
 * elementwise: options (axes of one node) do not apply, and are refused rather than ignored.
 */
export function noOptions(where: string, options: unknown): void {
  if (options !== undefined) {
    throw new ArgumentError(`${where}: options { axis, keepdims } reduce one node; given an array of nodes (xs) there are none, got ${describe(options)}`);
  }
}

/** Σ over axes (every axis by default), as a node; returns x itself when there is nothing to sum. */
export function reduceSum(x: Node, axis?: number | readonly number[], keepdims?: boolean): Node {
  const attrs = reduction('sum', x.shape, axis, keepdims);
  if (attrs.axes.length === 0) return x;
  return apply(reduceSumPrimitive, [x], attrs);
}

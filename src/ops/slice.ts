import { ArgumentError, describe, ShapeError } from '../errors.js';
import { apply, type ArrayNode, lift, type NodeLike, type Node } from '../graph/node.js';
import { formatShape, type Shape, stridesOf } from '../graph/shape.js';
import { structural, type StructuralPrimitive } from './primitive.js';
import type { Attrs } from './primitive.js';
import { gather } from './strided.js';

/** One axis of a slice, as Python writes `start:stop:step` (null or undefined for the default). */
export type SliceRange = readonly [start?: number | null, stop?: number | null, step?: number];

/** Normalized slice: the first index, the step and the count along each axis. */
export interface SliceAttrs {
  readonly start: readonly number[];
  readonly step: readonly number[];
  readonly count: readonly number[];
}

/** y[i] = x[start + i·step] along each axis */
export const slicePrimitive: StructuralPrimitive<SliceAttrs, Node> = {
  kind: 'structural',
  name: 'slice',
  arity: 1,
  shape: ([x], { start, step, count }) => {
    if (start.length !== x.length) throw new ShapeError(`slice: a slice of rank ${start.length} does not fit ${formatShape(x)}`);
    for (let k = 0; k < x.length; k++) {
      const last = start[k] + (count[k] - 1) * step[k];
      if (count[k] > 0 && (start[k] < 0 || last >= x[k])) throw new ShapeError(`slice: axis ${k} reaches past ${formatShape(x)}`);
    }
    return Object.freeze(count.slice());
  },
  evaluate: ([x], [from], y, to, { start, step }) => {
    const strides = stridesOf(from);
    let offset = 0;
    for (let k = 0; k < from.length; k++) offset += start[k] * strides[k];
    gather(x, offset, strides.map((s, k) => s * step[k]), y, to);
  },
  jvp: ([t], node) => (t === undefined ? undefined : apply(slicePrimitive, [t], node.attrs)),
  // the transpose of a slice puts the cotangent back in place among zeros: a pad
  vjp: (_, ct, node) => {
    const { start, step, count } = node.attrs as unknown as SliceAttrs;
    const n = node.inputs[0].shape;
    const interior = step.map((s) => s - 1);
    const high = n.map((d, k) => d - start[k] - count[k] - Math.max(0, count[k] - 1) * interior[k]);
    return apply(structural<Node>('pad'), [ct], { low: start, high, interior, value: 0 });
  },
};

function bound(where: string, value: unknown, n: number, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new ArgumentError(`${where} is ${describe(value)}, expected a whole number or null`);
  const v = value < 0 ? value + n : value;
  return Math.min(Math.max(v, 0), n);
}

/**
 * A slice of x, one `[start, stop, step]` per leading axis with Python's rules
 * (negative indices count from the end; null or a missing entry is the
 * default; steps are positive): `slice(x, [[1, null]])` is `x[1:]`,
 * `slice(x, [[null, -1]])` is `x[:-1]`, `slice(A, [null, [0, 1]])` is `A[:, 0:1]`.
 * Its derivative pads the cotangent back with zeros.
 * @example
 * ```ts
 * const x = variable('x', [5]);
 * evaluate(slice(x, [[1, null]]), { x: [1, 2, 3, 4, 5] }); // { data: [2, 3, 4, 5], shape: [4] }
 * ```
 */
export function slice(x: NodeLike, spec: readonly (SliceRange | null | undefined)[]): ArrayNode {
  const n = lift(x, 'slice', 0);
  const shape: Shape = n.shape;
  if (!Array.isArray(spec)) throw new ArgumentError(`slice: the spec must be an array of [start, stop, step] per axis, got ${describe(spec)}`);
  if (spec.length > shape.length) throw new ShapeError(`slice: ${spec.length} axes sliced, but x has shape ${formatShape(shape)}`);
  const start: number[] = [];
  const step: number[] = [];
  const count: number[] = [];
  for (let k = 0; k < shape.length; k++) {
    const r = spec[k];
    if (r !== undefined && r !== null && !Array.isArray(r)) throw new ArgumentError(`slice: axis ${k} is ${describe(r)}, expected [start, stop, step] or null`);
    const [b, e, s] = (r ?? []) as SliceRange;
    const st = s ?? 1;
    if (typeof st !== 'number' || !Number.isInteger(st) || st < 1) throw new ArgumentError(`slice: the step of axis ${k} is ${describe(s)}, expected a whole number ≥ 1`);
    const lo = bound(`slice: the start of axis ${k}`, b, shape[k], 0);
    const hi = bound(`slice: the stop of axis ${k}`, e, shape[k], shape[k]);
    start.push(lo);
    step.push(st);
    count.push(Math.max(0, Math.ceil((hi - lo) / st)));
  }
  if (count.every((c, k) => c === shape[k])) return n as ArrayNode;
  return apply(slicePrimitive, [n], { start: Object.freeze(start), step: Object.freeze(step), count: Object.freeze(count) }) as ArrayNode;
}

import { ArgumentError, describe, ShapeError } from '../errors.js';
import { apply, type ArrayNode, lift, type NodeLike, type Node } from '../graph/node.js';
import { formatShape, stridesOf } from '../graph/shape.js';
import { defineStructural, type StructuralPrimitive } from './primitive.js';
import type { Attrs } from './primitive.js';
import { slicePrimitive } from './slice.js';
import { place } from './strided.js';

/** Widths of a pad along each axis: before, after, and between elements (JAX's low, high, interior). */
export interface PadAttrs {
  readonly low: readonly number[];
  readonly high: readonly number[];
  readonly interior: readonly number[];
  readonly value: number;
}

/** y = x with `low` elements before, `high` after and `interior` between its elements along each axis, all `value` */
export const padPrimitive: StructuralPrimitive<PadAttrs, Node> = defineStructural<PadAttrs, Node>({
  kind: 'structural',
  name: 'pad',
  arity: 1,
  shape: ([x], { low, high, interior }) => {
    if (low.length !== x.length) throw new ShapeError(`pad: widths for ${low.length} axes do not fit ${formatShape(x)}`);
    return Object.freeze(x.map((d, k) => low[k] + high[k] + d + Math.max(0, d - 1) * interior[k]));
  },
  evaluate: ([x], [from], y, to, { low, interior, value }) => {
    y.fill(value);
    const strides = stridesOf(to);
    let offset = 0;
    for (let k = 0; k < to.length; k++) offset += low[k] * strides[k];
    place(x, y, offset, strides.map((s, k) => s * (interior[k] + 1)), from);
  },
  jvp: ([t], node) => (t === undefined ? undefined : apply(padPrimitive, [t], { ...node.attrs, value: 0 })),
  // the transpose of a pad takes back the padded elements' cotangents: a slice
  vjp: (_, ct, node) => {
    const { low, interior } = node.attrs as unknown as PadAttrs;
    return apply(slicePrimitive, [ct], {
      start: low,
      step: interior.map((i) => i + 1),
      count: node.inputs[0].shape,
    });
  },
});

/**
 * x surrounded by `value` (default 0): `widths` gives `[before, after]` for each
 * leading axis, as NumPy's `pad`. Its derivative slices the cotangent back.
 * @example
 * ```ts
 * evaluate(pad(constant([1, 2]), [[1, 0]]), {}); // { data: [0, 1, 2], shape: [3] }
 * ```
 */
export function pad(x: NodeLike, widths: readonly (readonly [number, number])[], value = 0): ArrayNode {
  const n = lift(x, 'pad', 0);
  const rank = n.shape.length;
  if (!Array.isArray(widths) || widths.length > rank) {
    throw new ArgumentError(`pad: widths must be an array of [before, after] for at most ${rank} axes, got ${describe(widths)}`);
  }
  if (typeof value !== 'number') throw new ArgumentError(`pad: the value must be a number, got ${describe(value)}`);
  const low: number[] = [];
  const high: number[] = [];
  for (let k = 0; k < rank; k++) {
    const w = widths[k] ?? [0, 0];
    if (!Array.isArray(w) || w.length !== 2 || !w.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0)) {
      throw new ArgumentError(`pad: the widths of axis ${k} are ${describe(w)}, expected [before, after] as whole numbers ≥ 0`);
    }
    low.push(w[0]);
    high.push(w[1]);
  }
  if (low.every((v) => v === 0) && high.every((v) => v === 0)) return n as ArrayNode;
  return apply(padPrimitive, [n], { low: Object.freeze(low), high: Object.freeze(high), interior: Object.freeze(new Array<number>(rank).fill(0)), value }) as ArrayNode;
}

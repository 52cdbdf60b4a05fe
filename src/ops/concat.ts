import { ArgumentError, describe, ShapeError } from '../errors.js';
import { apply, type ArrayNode, constant, lift, type NodeLike, type Node } from '../graph/node.js';
import { formatShape, type Shape, stridesOf } from '../graph/shape.js';
import { broadcastTo } from './broadcast-to.js';
import type { StructuralPrimitive } from './primitive.js';
import { reshape } from './reshape.js';
import { slicePrimitive } from './slice.js';
import { place } from './strided.js';

/** y = x₀, x₁, … laid end to end along `axis` */
export const concatPrimitive: StructuralPrimitive<{ axis: number }, Node> = {
  kind: 'structural',
  name: 'concat',
  arity: 'n',
  shape: (xs, { axis }) => {
    const first = xs[0];
    if (axis < 0 || axis >= first.length) throw new ShapeError(`concat: axis ${axis} is out of range for ${formatShape(first)}`);
    let total = 0;
    for (const s of xs) {
      const fits = s.length === first.length && s.every((d, k) => k === axis || d === first[k]);
      if (!fits) throw new ShapeError(`concat: shapes ${xs.map(formatShape).join(' and ')} differ off axis ${axis}`);
      total += s[axis];
    }
    return Object.freeze(first.map((d, k) => (k === axis ? total : d)));
  },
  evaluate: (xs, shapes, y, shape, { axis }) => {
    const strides = stridesOf(shape);
    let at = 0;
    for (let i = 0; i < xs.length; i++) {
      place(xs[i], y, at * strides[axis], strides, shapes[i]);
      at += shapes[i][axis];
    }
  },
  jvp: (tangents, node) => {
    if (tangents.every((t) => t === undefined)) return undefined;
    const ts = tangents.map((t, i) => t ?? broadcastTo(constant(0), node.inputs[i].shape));
    return apply(concatPrimitive, ts, node.attrs);
  },
  // the transpose hands each input its own stretch of the cotangent
  vjp: (i, ct, node) => {
    const { axis } = node.attrs as { axis: number };
    let at = 0;
    for (let j = 0; j < i; j++) at += node.inputs[j].shape[axis];
    const shape = node.inputs[i].shape;
    return apply(slicePrimitive, [ct], {
      start: shape.map((_, k) => (k === axis ? at : 0)),
      step: shape.map(() => 1),
      count: shape,
    });
  },
};

function axisOf(where: string, axis: unknown, rank: number): number {
  if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ArgumentError(`${where}: axis ${describe(axis)} is out of range for rank ${rank}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/**
 * Arrays laid end to end along `axis` (default 0); their other extents must agree.
 * @example
 * ```ts
 * evaluate(concat([constant([1, 2]), constant([3])]), {}); // { data: [1, 2, 3], shape: [3] }
 * ```
 */
export function concat(xs: readonly NodeLike[], axis = 0): ArrayNode {
  if (!Array.isArray(xs) || xs.length === 0) throw new ArgumentError(`concat: xs must be a non-empty array of nodes, got ${describe(xs)}`);
  const ns = xs.map((x, i) => lift(x, 'concat', i));
  const rank = ns[0].shape.length;
  if (rank === 0) throw new ShapeError('concat: xs holds scalars, which have no axis to concatenate along; use stack');
  const a = axisOf('concat', axis, rank);
  if (ns.length === 1) return ns[0] as ArrayNode;
  return apply(concatPrimitive, ns, { axis: a }) as ArrayNode;
}

/**
 * Arrays of one shape stacked along a new axis (default 0).
 * @example
 * ```ts
 * stack([constant([1, 2]), constant([3, 4])]).shape; // [2, 2]
 * ```
 */
export function stack(xs: readonly NodeLike[], axis = 0): ArrayNode {
  if (!Array.isArray(xs) || xs.length === 0) throw new ArgumentError(`stack: xs must be a non-empty array of nodes, got ${describe(xs)}`);
  const ns = xs.map((x, i) => lift(x, 'stack', i));
  const shape: Shape = ns[0].shape;
  ns.forEach((n) => {
    if (formatShape(n.shape) !== formatShape(shape)) throw new ShapeError(`stack: shapes ${ns.map((m) => formatShape(m.shape)).join(' and ')} differ`);
  });
  const a = axisOf('stack', axis, shape.length + 1);
  const expanded = [...shape.slice(0, a), 1, ...shape.slice(a)];
  const parts = ns.map((n) => reshape(n, expanded));
  return (parts.length === 1 ? parts[0] : apply(concatPrimitive, parts, { axis: a })) as ArrayNode;
}

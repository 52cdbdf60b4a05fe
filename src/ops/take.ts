import { ArgumentError, describe, ShapeError } from '../errors.js';
import { apply, type ArrayNode, constant, lift, Node, type NodeLike } from '../graph/node.js';
import { formatShape, MAX_SIZE, type Shape, sizeOf } from '../graph/shape.js';
import { structural, type StructuralPrimitive } from './primitive.js';

/** The extents before `axis`, along it, and after it, as three counts (outer, n, inner). */
export function splitAt(shape: Shape, axis: number, width = 1): [number, number, number] {
  return [sizeOf(shape.slice(0, axis)), sizeOf(shape.slice(axis, axis + width)), sizeOf(shape.slice(axis + width))];
}

/** Reads index j of `indices` (stored from `offset`) as a whole number in [0, n), or throws naming it (and what n is the extent of). */
export function indexAt(where: string, indices: Float64Array, j: number, n: number, offset = 0, extent?: string): number {
  const v = indices[offset + j];
  if (!Number.isInteger(v) || v < 0 || v >= n) {
    throw new ArgumentError(`${where}: index ${j} is ${v}, expected a whole number in [0, ${n})${extent === undefined ? '' : ` (${extent} is ${n})`}`);
  }
  return v;
}

/** y[…, j…, …] = x[…, indices[j…], …] along `axis` (inputs x, indices) */
export const takePrimitive: StructuralPrimitive<{ axis: number }, Node> = {
  kind: 'structural',
  name: 'take',
  arity: 2,
  shape: ([x, indices], { axis }) => {
    if (axis < 0 || axis >= x.length) throw new ShapeError(`take: axis ${axis} is out of range for ${formatShape(x)}`);
    return Object.freeze([...x.slice(0, axis), ...indices, ...x.slice(axis + 1)]);
  },
  evaluate: ([x, indices], [shape], y, _, { axis }) => {
    const [outer, n, inner] = splitAt(shape, axis);
    const m = indices.length;
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < m; j++) {
        const from = (o * n + indexAt('take', indices, j, n)) * inner;
        const to = (o * m + j) * inner;
        for (let r = 0; r < inner; r++) y[to + r] = x[from + r];
      }
    }
  },
  // linear in x; the indices are integers and get no derivative
  jvp: ([t], node) => (t === undefined ? undefined : apply(takePrimitive, [t, node.inputs[1]], node.attrs)),
  // the transpose of a gather is a scatter-add of the cotangent
  vjp: (i, ct, node) => {
    if (i === 1) return undefined;
    const { axis } = node.attrs as { axis: number };
    return apply(structural<Node>('scatterAdd'), [ct, node.inputs[1]], { axis, size: node.inputs[0].shape[axis] });
  },
};

/** Indices as a node: a node as given, or a constant from whole numbers. */
export function indexNode(where: string, indices: NodeLike | readonly number[] | Int32Array): Node {
  if (indices instanceof Node || typeof indices === 'number') return lift(indices, where, 1);
  if (!Array.isArray(indices) && !(indices instanceof Int32Array)) {
    throw new ArgumentError(`${where}: indices must be a node, an array of whole numbers or an Int32Array, got ${describe(indices)}`);
  }
  const data = Float64Array.from(indices as ArrayLike<number>);
  data.forEach((v, j) => {
    if (!Number.isInteger(v) || v < 0) throw new ArgumentError(`${where}: index ${j} is ${describe(v)}, expected a whole number ≥ 0`);
  });
  return constant(data, [data.length]);
}

function axisOf(where: string, axis: unknown, rank: number): number {
  if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ArgumentError(`${where}: axis ${describe(axis)} is out of range for rank ${rank}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/**
 * Gathers along `axis` (default 0): the entries of x at `indices` (labels,
 * embedding rows). Its derivative scatter-adds the cotangent back; none flows
 * into the indices.
 * @example
 * ```ts
 * evaluate(take(constant([10, 20, 30]), [2, 0, 2]), {}); // { data: [30, 10, 30], shape: [3] }
 * ```
 */
export function take(x: NodeLike, indices: NodeLike | readonly number[] | Int32Array, axis = 0): ArrayNode {
  const n = lift(x, 'take', 0);
  if (n.shape.length === 0) throw new ShapeError('take: x is a scalar; it needs an axis to gather along');
  const a = axisOf('take', axis, n.shape.length);
  const ind = indexNode('take', indices);
  if (ind.isConstant) {
    const data = ind.data ?? Float64Array.of(ind.value);
    for (let j = 0; j < data.length; j++) indexAt('take', data, j, n.shape[a]);
  }
  return apply(takePrimitive, [n, ind], { axis: a }) as ArrayNode;
}

/**
 * Adds `updates` into zeros of extent `size` along `axis`, at `indices` (the
 * transpose of {@link take}); repeated indices add up, in order.
 * @example
 * ```ts
 * evaluate(scatterAdd(constant([1, 2, 3]), [0, 2, 0], 0, 3), {}); // { data: [4, 0, 2], shape: [3] }
 * ```
 */
export function scatterAdd(updates: NodeLike, indices: NodeLike | readonly number[] | Int32Array, axis: number, size: number): ArrayNode {
  const u = lift(updates, 'scatterAdd', 0);
  const ind = indexNode('scatterAdd', indices);
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0 || size > MAX_SIZE) {
    throw new ArgumentError(`scatterAdd: size must be a whole number in [0, ${MAX_SIZE}], got ${describe(size)}`);
  }
  const a = axisOf('scatterAdd', axis, Math.max(1, u.shape.length));
  if (ind.isConstant) {
    const data = ind.data ?? Float64Array.of(ind.value);
    for (let j = 0; j < data.length; j++) indexAt('scatterAdd', data, j, size, 0, 'size');
  }
  return apply(structural<Node>('scatterAdd'), [u, ind], { axis: a, size }) as ArrayNode;
}

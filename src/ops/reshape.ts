import { ArgumentError, describe, ShapeError } from '../errors.js';
import { apply, type ArrayNode, lift, type Node, type NodeLike } from '../graph/node.js';
import { checkShape, formatShape, sameShape, type Shape, sizeOf } from '../graph/shape.js';
import type { StructuralPrimitive } from './primitive.js';

/** y = x with the same row-major elements in another shape */
export const reshapePrimitive: StructuralPrimitive<{ shape: Shape }, Node> = {
  kind: 'structural',
  name: 'reshape',
  arity: 1,
  shape: ([x], { shape }) => {
    if (sizeOf(x) !== sizeOf(shape)) throw new ShapeError(`reshape: ${formatShape(x)} (${sizeOf(x)} elements) cannot become ${formatShape(shape)} (${sizeOf(shape)})`);
    return shape;
  },
  evaluate: ([x], _, y) => y.set(x),
  jvp: ([t], node) => (t === undefined ? undefined : reshape(t, node.shape)),
  // its transpose is the reshape back
  vjp: (_, ct, node) => reshape(ct, node.inputs[0].shape),
};

/**
 * The same elements, row-major, in a new shape; one extent may be −1 (inferred).
 * @example
 * ```ts
 * reshape(variable('v', [6]), [2, -1]).shape; // [2, 3]
 * ```
 */
export function reshape(x: NodeLike, shape: readonly []): Node;
export function reshape(x: NodeLike, shape: readonly number[]): ArrayNode;
export function reshape(x: NodeLike, shape: readonly number[]): Node {
  const n = lift(x, 'reshape', 0);
  if (!Array.isArray(shape)) throw new ArgumentError(`reshape: the shape must be an array of whole numbers, got ${describe(shape)}`);
  shape.forEach((d, k) => {
    if (!Number.isInteger(d) || d < -1) throw new ArgumentError(`reshape: extent ${k} of the shape is ${describe(d)}, expected a whole number ≥ 0 or -1`);
  });
  const free = shape.indexOf(-1);
  let target = shape;
  if (free >= 0) {
    if (shape.indexOf(-1, free + 1) >= 0) throw new ArgumentError(`reshape: at most one extent may be -1, got ${formatShape(shape)}`);
    const known = sizeOf(shape.filter((_, k) => k !== free));
    if (known === 0 || n.size % known !== 0) throw new ShapeError(`reshape: ${formatShape(n.shape)} (${n.size} elements) cannot become ${formatShape(shape)}`);
    target = shape.map((d, k) => (k === free ? n.size / known : d));
  }
  const s = checkShape('reshape', target);
  if (sameShape(n.shape, s)) return n;
  return apply(reshapePrimitive, [n], { shape: s });
}

import { ShapeError } from '../errors.js';
import { apply, type ArrayNode, lift, type Node, type NodeLike } from '../graph/node.js';
import { broadcastAxes, broadcastShapes, checkShape, formatShape, sameShape, type Shape } from '../graph/shape.js';
import { defineStructural } from './primitive.js';
import { reduceSumPrimitive } from './reduce-sum.js';
import { reshape } from './reshape.js';
import { broadcastStrides, gather } from './strided.js';

/** y = x repeated along the axes where it has extent 1 (or lacks), to `shape` (NumPy broadcasting) */
export const broadcastToPrimitive = defineStructural<{ shape: Shape }, Node>({
  kind: 'structural',
  name: 'broadcastTo',
  arity: 1,
  shape: ([x], { shape }) => {
    const fits = x.length <= shape.length && sameShape(broadcastShapes('broadcastTo', [x, shape]), shape);
    if (!fits) throw new ShapeError(`broadcastTo: ${formatShape(x)} does not broadcast to ${formatShape(shape)}`);
    return shape;
  },
  evaluate: ([x], [from], y, to) => gather(x, 0, broadcastStrides(from, to), y, to),
  // linear: the tangent is broadcast the same way
  jvp: ([t], node) => (t === undefined ? undefined : broadcastTo(t, node.shape)),
  // the transpose of broadcasting is summing over the broadcast axes
  vjp: (_, ct, node) => unbroadcast(ct, node.inputs[0].shape),
});

/**
 * x broadcast to `shape` by NumPy's rules: axes of extent 1 (and missing leading
 * axes) repeat. Its derivative sums the cotangent back over those axes.
 * @example
 * ```ts
 * evaluate(broadcastTo(constant([1, 2]), [2, 2]), {}); // { data: [1, 2, 1, 2], shape: [2, 2] }
 * ```
 */
export function broadcastTo(x: NodeLike, shape: readonly number[]): ArrayNode {
  const n = lift(x, 'broadcastTo', 0);
  const s = checkShape('broadcastTo', shape);
  if (sameShape(n.shape, s)) return n as ArrayNode;
  return apply(broadcastToPrimitive, [n], { shape: s }) as ArrayNode;
}

/**
 * Undoes a broadcast: sums `ct` over the axes along which an operand of shape
 * `shape` was broadcast, and gives the result that shape (JAX's unbroadcast).
 * Reverse mode applies it to every cotangent of an elementwise op's operand.
 * @example
 * ```ts
 * unbroadcast(constant([[1, 2], [3, 4]]), [2]).shape; // [2]: the column sums [4, 6]
 * ```
 */
export function unbroadcast(ct: Node, shape: Shape): Node {
  if (sameShape(ct.shape, shape)) return ct;
  const axes = broadcastAxes(shape, ct.shape);
  const summed = axes.length === 0 ? ct : apply(reduceSumPrimitive, [ct], { axes, keepdims: false });
  return reshape(summed, shape);
}

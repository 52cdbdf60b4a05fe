import { ArgumentError, describe, ShapeError } from '../errors.js';
import { apply, type ArrayNode, type Lift2, lift, Node, type NodeLike } from '../graph/node.js';
import { formatShape } from '../graph/shape.js';
import { tieSplit } from './max.js';
import { neg } from './neg.js';
import type { BinaryPrimitive } from './primitive.js';
import { reduceMax } from './reduce-max.js';
import { type ReduceOptions, reduceOptions, reduction } from './reduce-sum.js';

/** y = min(a, b) */
export const minPrimitive: BinaryPrimitive = {
  name: 'min',
  arity: 2,
  evaluate: Math.min,
  emit: (a, b) => `Math.min(${a}, ${b})`,
  // ∂y/∂a = [a < b] and ∂y/∂b = [b < a]; a tie splits the adjoint ½/½
  partial: (A, i, a, b) => (i === 0 ? tieSplit(A, b, a) : tieSplit(A, a, b)),
};

/**
 * A minimum, in two forms, as {@link max}. `min(a, b)`: the smaller of a and b,
 * elementwise (broadcasting); on a tie the derivative is split ½/½.
 * `min(x)` or `min(x, { axis, keepdims })`: the smallest element of x over
 * `axis` (every axis by default), computed as −max(−x) — negation is exact, so
 * the value is the smallest element bit for bit (−0 below 0, as `Math.min`),
 * and the derivative goes to the minimum, split evenly between ties.
 * @example
 * ```ts
 * evaluate(min(variable('x'), 0), { x: 3 });           // 0
 * evaluate(min(constant([[4, 1], [2, 8]]), { axis: 1 }), {}); // { data: [1, 2], shape: [2] }
 * ```
 */
export function min<A extends NodeLike, B extends NodeLike>(a: A, b: B): Lift2<A, B>;
export function min(x: Node): Node;
export function min(x: Node, options: ReduceOptions): ArrayNode;
export function min(a: NodeLike, b?: NodeLike | ReduceOptions): Node {
  if (b !== undefined && !(b instanceof Node) && typeof b !== 'number' && (b === null || typeof b !== 'object' || Array.isArray(b))) {
    throw new ArgumentError(`min: argument 2 must be a Node, a number or options { axis, keepdims }, got ${describe(b)}`);
  }
  if (b === undefined || (typeof b === 'object' && !(b instanceof Node))) {
    const o = reduceOptions('min', b);
    const x = lift(a, 'min', 0);
    const { axes } = reduction('min', x.shape, o.axis, o.keepdims); // checked here so that errors name min
    if (axes.length === 0) return x;
    for (const k of axes) {
      if (x.shape[k] === 0) throw new ShapeError(`min: axis ${k} of ${formatShape(x.shape)} is empty; a minimum needs at least one element`);
    }
    return neg(reduceMax(neg(x), o.axis, o.keepdims));
  }
  return apply(minPrimitive, [a, b]);
}

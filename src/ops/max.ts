import { ArgumentError, describe } from '../errors.js';
import { apply, type ArrayNode, type Lift2, lift, Node, type NodeLike } from '../graph/node.js';
import type { Arithmetic, BinaryPrimitive } from './primitive.js';
import { reduceMax } from './reduce-max.js';
import { type ReduceOptions, reduceOptions } from './reduce-sum.js';

/**
 * ½·(1 + sign(p − q)): 1 where p > q, 0 where p < q, NaN where p or q is NaN;
 * and ½ on a tie, tested as p = q so that a tie at ±∞ (where p − q is NaN)
 * splits ½/½ too.
 */
export function tieSplit<T>(A: Arithmetic<T>, p: T, q: T): T {
  const half = A.constant(0.5);
  return A.where(A.equal(p, q), half, A.mul(half, A.add(A.constant(1), A.sign(A.add(p, A.neg(q))))));
}

/** y = max(a, b) */
export const maxPrimitive: BinaryPrimitive = {
  name: 'max',
  arity: 2,
  evaluate: Math.max,
  emit: (a, b) => `Math.max(${a}, ${b})`,
  // ∂y/∂a = [a > b] and ∂y/∂b = [b > a]; a tie splits the adjoint ½/½, so max(a, a)′ = 1
  partial: (A, i, a, b) => (i === 0 ? tieSplit(A, a, b) : tieSplit(A, b, a)),
};

/**
 * A maximum, in two forms. `max(a, b)`: the larger of a and b, elementwise
 * (broadcasting); on a tie the derivative is split ½/½, so `max(x, x)` has
 * derivative 1. `max(x)` or `max(x, { axis, keepdims })`: the largest element
 * of x over `axis` (every axis by default); the derivative goes to the
 * maximum, split evenly between ties.
 * @example
 * ```ts
 * evaluate(max(variable('x'), 0), { x: 3 }); // 3
 * evaluate(max(constant([1, 5, 2])), {});     // 5
 * ```
 */
export function max<A extends NodeLike, B extends NodeLike>(a: A, b: B): Lift2<A, B>;
export function max(x: Node): Node;
export function max(x: Node, options: ReduceOptions): ArrayNode;
export function max(a: NodeLike, b?: NodeLike | ReduceOptions): Node {
  if (b !== undefined && !(b instanceof Node) && typeof b !== 'number' && (b === null || typeof b !== 'object' || Array.isArray(b))) {
    throw new ArgumentError(`max: argument 2 must be a Node, a number or options { axis, keepdims }, got ${describe(b)}`);
  }
  if (b === undefined || (typeof b === 'object' && !(b instanceof Node))) {
    const o = reduceOptions('max', b);
    return reduceMax(lift(a, 'max', 0), o.axis, o.keepdims);
  }
  return apply(maxPrimitive, [a, b as NodeLike]);
}

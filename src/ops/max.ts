import { apply, type Node, type NodeLike } from '../graph/node.js';
import type { Arithmetic, BinaryPrimitive } from './primitive.js';

/** ½·(1 + sign(p − q)): 1 where p > q, 0 where p < q, ½ on a tie. */
export function tieSplit<T>(A: Arithmetic<T>, p: T, q: T): T {
  return A.mul(A.constant(0.5), A.add(A.constant(1), A.sign(A.add(p, A.neg(q)))));
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
 * The larger of a and b. On a tie the derivative is split ½/½, so
 * `max(x, x)` has derivative 1.
 * @example
 * ```ts
 * evaluate(max(variable('x'), 0), { x: 3 }); // 3
 * ```
 */
export function max(a: NodeLike, b: NodeLike): Node {
  return apply(maxPrimitive, [a, b]);
}

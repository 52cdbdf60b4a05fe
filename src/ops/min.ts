import { apply, type Lift2, type NodeLike } from '../graph/node.js';
import { tieSplit } from './max.js';
import type { BinaryPrimitive } from './primitive.js';

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
 * The smaller of a and b. On a tie the derivative is split ½/½.
 * @example
 * ```ts
 * evaluate(min(variable('x'), 0), { x: 3 }); // 0
 * ```
 */
export function min<A extends NodeLike, B extends NodeLike>(a: A, b: B): Lift2<A, B> {
  return apply(minPrimitive, [a, b]) as Lift2<A, B>;
}

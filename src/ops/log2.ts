import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/** y = log₂ x (exact at powers of 2) */
export const log2Primitive: UnaryPrimitive = {
  name: 'log2',
  arity: 1,
  evaluate: Math.log2,
  emit: (x) => `Math.log2(${x})`,
  // d/dx log₂ x = 1/(x·ln 2)
  partial: (A, x) => A.reciprocal(A.mul(x, A.constant(Math.LN2))),
};

/**
 * Base-2 logarithm, exact at powers of 2 (ln x / ln 2 is not: it gives 29.000000000000004 at 2²⁹).
 * @example
 * ```ts
 * evaluate(log2(variable('x')), { x: 2 ** 29 }); // 29
 * ```
 */
export function log2<X extends NodeLike>(x: X): Lift<X> {
  return apply(log2Primitive, [x]) as Lift<X>;
}

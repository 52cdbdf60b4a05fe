import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/** y = log₁₀ x (exact at powers of 10) */
export const log10Primitive: UnaryPrimitive = {
  name: 'log10',
  arity: 1,
  evaluate: Math.log10,
  emit: (x) => `Math.log10(${x})`,
  // d/dx log₁₀ x = 1/(x·ln 10)
  partial: (A, x) => A.reciprocal(A.mul(x, A.constant(Math.LN10))),
};

/**
 * Base-10 logarithm, exact at powers of 10 (ln x / ln 10 gives 2.9999999999999996 at 1000).
 * @example
 * ```ts
 * evaluate(log10(variable('x')), { x: 1000 }); // 3
 * ```
 */
export function log10<X extends NodeLike>(x: X): Lift<X> {
  return apply(log10Primitive, [x]) as Lift<X>;
}

import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/** y = arcosh x (NaN below 1) */
export const acoshPrimitive: UnaryPrimitive = {
  name: 'acosh',
  arity: 1,
  evaluate: Math.acosh,
  emit: (x) => `Math.acosh(${x})`,
  // d/dx arcosh x = 1/√(x² − 1), as 1/(√(x − 1)·√(x + 1)): no overflow for large x, +∞ at x = 1
  partial: (A, x) => A.reciprocal(A.mul(A.sqrt(A.add(x, A.constant(-1))), A.sqrt(A.add(x, A.constant(1))))),
};

/**
 * Inverse hyperbolic cosine (NumPy's `arccosh`); its derivative is +∞ at x = 1 and NaN below.
 * @example
 * ```ts
 * evaluate(acosh(variable('x')), { x: 1 }); // 0
 * ```
 */
export function acosh<X extends NodeLike>(x: X): Lift<X> {
  return apply(acoshPrimitive, [x]) as Lift<X>;
}

import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/** y = arccos x, in [0, π] (NaN outside [−1, 1]) */
export const acosPrimitive: UnaryPrimitive = {
  name: 'acos',
  arity: 1,
  evaluate: Math.acos,
  emit: (x) => `Math.acos(${x})`,
  // d/dx arccos x = −1/√(1 − x²), as −1/√((1 − x)(1 + x)) (−∞ at x = ±1)
  partial: (A, x) => A.neg(A.reciprocal(A.sqrt(A.mul(A.add(A.constant(1), A.neg(x)), A.add(A.constant(1), x))))),
};

/**
 * Inverse cosine (NumPy's `arccos`); its derivative is −∞ at x = ±1 and NaN outside [−1, 1].
 * @example
 * ```ts
 * evaluate(acos(variable('x')), { x: 1 }); // 0
 * ```
 */
export function acos<X extends NodeLike>(x: X): Lift<X> {
  return apply(acosPrimitive, [x]) as Lift<X>;
}

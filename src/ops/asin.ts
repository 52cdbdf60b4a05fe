import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/** y = arcsin x, in [−π/2, π/2] (NaN outside [−1, 1]) */
export const asinPrimitive: UnaryPrimitive = {
  name: 'asin',
  arity: 1,
  evaluate: Math.asin,
  emit: (x) => `Math.asin(${x})`,
  // d/dx arcsin x = 1/√(1 − x²), as 1/√((1 − x)(1 + x)), which keeps its digits near x = ±1 (+∞ there)
  partial: (A, x) => A.reciprocal(A.sqrt(A.mul(A.add(A.constant(1), A.neg(x)), A.add(A.constant(1), x)))),
};

/**
 * Inverse sine (NumPy's `arcsin`); its derivative is +∞ at x = ±1 and NaN outside [−1, 1].
 * @example
 * ```ts
 * evaluate(asin(variable('x')), { x: 1 }); // 1.5707963267948966
 * ```
 */
export function asin<X extends NodeLike>(x: X): Lift<X> {
  return apply(asinPrimitive, [x]) as Lift<X>;
}

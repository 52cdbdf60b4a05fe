import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/** y = artanh x (±∞ at ±1, NaN outside [−1, 1]) */
export const atanhPrimitive: UnaryPrimitive = {
  name: 'atanh',
  arity: 1,
  evaluate: Math.atanh,
  emit: (x) => `Math.atanh(${x})`,
  // d/dx artanh x = 1/(1 − x²), as 1/((1 − x)(1 + x)) (+∞ at x = ±1)
  partial: (A, x) => A.reciprocal(A.mul(A.add(A.constant(1), A.neg(x)), A.add(A.constant(1), x))),
};

/**
 * Inverse hyperbolic tangent (NumPy's `arctanh`).
 * @example
 * ```ts
 * evaluate(atanh(variable('x')), { x: 1 }); // Infinity
 * ```
 */
export function atanh<X extends NodeLike>(x: X): Lift<X> {
  return apply(atanhPrimitive, [x]) as Lift<X>;
}

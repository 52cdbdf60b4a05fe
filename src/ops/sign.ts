import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/** y = sign x ∈ {−1, 0, 1} (−0 and NaN kept) */
export const signPrimitive: UnaryPrimitive = {
  name: 'sign',
  arity: 1,
  evaluate: Math.sign,
  emit: (x) => `Math.sign(${x})`,
  // piecewise constant: d/dx sign x = 0 (the jump at 0 is not differentiated)
  partial: (A) => A.constant(0),
};

/**
 * The sign of x: −1, 0 or 1. Its derivative is 0 everywhere; it is the
 * derivative of `abs`, `relu`, `max` and `min`.
 * @example
 * ```ts
 * evaluate(sign(variable('x')), { x: -7 }); // -1
 * ```
 */
export function sign<X extends NodeLike>(x: X): Lift<X> {
  return apply(signPrimitive, [x]) as Lift<X>;
}

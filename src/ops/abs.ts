import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/** y = |x| */
export const absPrimitive: UnaryPrimitive = {
  name: 'abs',
  arity: 1,
  evaluate: Math.abs,
  emit: (x) => `Math.abs(${x})`,
  // d/dx |x| = sign x, so abs′(0) = 0
  partial: (A, x) => A.sign(x),
};

/**
 * Absolute value; its derivative at 0 is 0.
 * @example
 * ```ts
 * reverseMode(abs(variable('x')), { x: -3 }).gradient.x; // -1
 * ```
 */
export function abs<X extends NodeLike>(x: X): Lift<X> {
  return apply(absPrimitive, [x]) as Lift<X>;
}

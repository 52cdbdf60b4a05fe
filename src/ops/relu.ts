import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/** y = max(x, 0) */
export const reluPrimitive: UnaryPrimitive = {
  name: 'relu',
  arity: 1,
  evaluate: (x) => Math.max(x, 0),
  emit: (x) => `Math.max(${x}, 0)`,
  // d/dx max(x, 0) = 1 where y > 0, 0 where y = 0: that is sign(y), so relu′(0) = 0 (NaN stays NaN)
  partial: (A, x, y) => A.sign(y),
};

/**
 * Rectified linear unit max(x, 0); relu′(0) = 0, and NaN stays NaN.
 * @example
 * ```ts
 * evaluate(relu(variable('x')), { x: -2 }); // 0
 * ```
 */
export function relu<X extends NodeLike>(x: X): Lift<X> {
  return apply(reluPrimitive, [x]) as Lift<X>;
}

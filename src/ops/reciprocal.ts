import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/** y = 1/x */
export const reciprocalPrimitive: UnaryPrimitive = {
  name: 'reciprocal',
  arity: 1,
  evaluate: (x) => 1 / x,
  emit: (x) => `(1 / ${x})`,
  // d/dx 1/x = −1/x² = −y²
  partial: (A, x, y) => A.neg(A.mul(y, y)),
};

/**
 * 1/x (IEEE: `reciprocal(0)` is +∞, `reciprocal(-0)` is −∞).
 * @example
 * ```ts
 * evaluate(reciprocal(variable('x')), { x: 4 }); // 0.25
 * ```
 */
export function reciprocal<X extends NodeLike>(x: X): Lift<X> {
  return apply(reciprocalPrimitive, [x]) as Lift<X>;
}

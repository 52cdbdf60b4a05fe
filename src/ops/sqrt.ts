import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/** y = √x */
export const sqrtPrimitive: UnaryPrimitive = {
  name: 'sqrt',
  arity: 1,
  evaluate: Math.sqrt,
  emit: (x) => `Math.sqrt(${x})`,
  // d/dx √x = 1/(2√x) = ½·(1/y); +∞ at 0
  partial: (A, x, y) => A.mul(A.constant(0.5), A.reciprocal(y)),
};

/**
 * Square root (its derivative at 0 is +∞).
 * @example
 * ```ts
 * evaluate(sqrt(variable('x')), { x: 9 }); // 3
 * ```
 */
export function sqrt<X extends NodeLike>(x: X): Lift<X> {
  return apply(sqrtPrimitive, [x]) as Lift<X>;
}

import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/** y = cosh x */
export const coshPrimitive: UnaryPrimitive = {
  name: 'cosh',
  arity: 1,
  evaluate: Math.cosh,
  emit: (x) => `Math.cosh(${x})`,
  // d/dx cosh x = sinh x
  partial: (A, x) => A.sinh(x),
};

/**
 * Hyperbolic cosine.
 * @example
 * ```ts
 * evaluate(cosh(variable('x')), { x: 0 }); // 1
 * ```
 */
export function cosh<X extends NodeLike>(x: X): Lift<X> {
  return apply(coshPrimitive, [x]) as Lift<X>;
}

import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/** y = tan x */
export const tanPrimitive: UnaryPrimitive = {
  name: 'tan',
  arity: 1,
  evaluate: Math.tan,
  emit: (x) => `Math.tan(${x})`,
  // d/dx tan x = 1 + tan² x = 1 + y²
  partial: (A, x, y) => A.add(A.constant(1), A.mul(y, y)),
};

/**
 * Tangent; its derivative is 1 + tan² x.
 * @example
 * ```ts
 * evaluate(tan(variable('x')), { x: Math.PI / 4 }); // 0.9999999999999999
 * ```
 */
export function tan<X extends NodeLike>(x: X): Lift<X> {
  return apply(tanPrimitive, [x]) as Lift<X>;
}

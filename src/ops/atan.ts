import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/** y = arctan x, in (−π/2, π/2) */
export const atanPrimitive: UnaryPrimitive = {
  name: 'atan',
  arity: 1,
  evaluate: Math.atan,
  emit: (x) => `Math.atan(${x})`,
  // d/dx arctan x = 1/(1 + x²) (0 at ±∞)
  partial: (A, x) => A.reciprocal(A.add(A.constant(1), A.mul(x, x))),
};

/**
 * Inverse tangent (NumPy's `arctan`).
 * @example
 * ```ts
 * evaluate(atan(variable('x')), { x: Infinity }); // 1.5707963267948966
 * ```
 */
export function atan<X extends NodeLike>(x: X): Lift<X> {
  return apply(atanPrimitive, [x]) as Lift<X>;
}

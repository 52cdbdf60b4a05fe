import { apply, type Lift2, type NodeLike } from '../graph/node.js';
import type { BinaryPrimitive } from './primitive.js';

/** y = atan2(a, b): the angle of the point (b, a), in [−π, π] */
export const atan2Primitive: BinaryPrimitive = {
  name: 'atan2',
  arity: 2,
  evaluate: Math.atan2,
  emit: (a, b) => `Math.atan2(${a}, ${b})`,
  // ∂y/∂a = b/(a² + b²), ∂y/∂b = −a/(a² + b²), written (b/r)/r with r = hypot(a, b) so that
  // a² + b² never overflows (at a = b = 1e200 the partials are 5e−201, not 0); NaN at (0, 0), as JAX
  partial: (A, i, a, b) => {
    const r = A.reciprocal(A.hypot(a, b));
    return A.mul(A.mul(i === 0 ? b : A.neg(a), r), r);
  },
};

/**
 * The angle of the point (b, a) from the positive x axis, in [−π, π]
 * (NumPy's `arctan2`: the first argument is the ordinate). Its partials are
 * NaN at the origin, as in JAX.
 * @example
 * ```ts
 * evaluate(atan2(variable('y'), -1), { y: 0 }); // 3.141592653589793
 * ```
 */
export function atan2<A extends NodeLike, B extends NodeLike>(a: A, b: B): Lift2<A, B> {
  return apply(atan2Primitive, [a, b]) as Lift2<A, B>;
}

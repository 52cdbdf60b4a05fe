import { apply, type Lift2, type NodeLike } from '../graph/node.js';
import type { BinaryPrimitive } from './primitive.js';

/** y = √(a² + b²), without overflow or underflow in between (`Math.hypot` scales) */
export const hypotPrimitive: BinaryPrimitive = {
  name: 'hypot',
  arity: 2,
  evaluate: (a, b) => Math.hypot(a, b),
  emit: (a, b) => `Math.hypot(${a}, ${b})`,
  // ∂y/∂a = a/y, ∂y/∂b = b/y; at the origin 0, as abs′(0) (hypot(x, 0) = |x|)
  partial: (A, i, a, b, y) => A.where(y, A.mul(i === 0 ? a : b, A.reciprocal(y)), A.constant(0)),
};

/**
 * √(a² + b²), computed without overflow: `hypot(1e200, 1e200)` is 1.414e200,
 * where a² + b² would be +∞. Its partials are a/y and b/y, and 0 at the
 * origin (as abs′(0) = 0).
 * @example
 * ```ts
 * evaluate(hypot(variable('a'), 4), { a: 3 }); // 5
 * ```
 */
export function hypot<A extends NodeLike, B extends NodeLike>(a: A, b: B): Lift2<A, B> {
  return apply(hypotPrimitive, [a, b]) as Lift2<A, B>;
}

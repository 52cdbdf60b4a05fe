import { apply, type Lift2, type NodeLike } from '../graph/node.js';
import type { BinaryPrimitive } from './primitive.js';

/** y = a · b */
export const mulPrimitive: BinaryPrimitive = {
  name: 'mul',
  arity: 2,
  evaluate: (a, b) => a * b,
  emit: (a, b) => `(${a} * ${b})`,
  // ∂y/∂a = b, ∂y/∂b = a
  partial: (A, i, a, b) => (i === 0 ? b : a),
};

/**
 * a · b.
 * @example
 * ```ts
 * evaluate(mul(variable('w'), variable('x')), { w: 2, x: 3 }); // 6
 * ```
 */
export function mul<A extends NodeLike, B extends NodeLike>(a: A, b: B): Lift2<A, B> {
  return apply(mulPrimitive, [a, b]) as Lift2<A, B>;
}

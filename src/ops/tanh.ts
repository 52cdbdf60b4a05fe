import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/** y = tanh x */
export const tanhPrimitive: UnaryPrimitive = {
  name: 'tanh',
  arity: 1,
  evaluate: Math.tanh,
  emit: (x) => `Math.tanh(${x})`,
  // d/dx tanh x = 1 − y² = (1 + y)(1 − y), the factored form loses less near |y| = 1
  partial: (A, x, y) => A.mul(A.add(A.constant(1), y), A.add(A.constant(1), A.neg(y))),
};

/**
 * Hyperbolic tangent.
 * @example
 * ```ts
 * evaluate(tanh(variable('x')), { x: 0 }); // 0
 * ```
 */
export function tanh<X extends NodeLike>(x: X): Lift<X> {
  return apply(tanhPrimitive, [x]) as Lift<X>;
}

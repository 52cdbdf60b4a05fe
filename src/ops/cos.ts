import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/** y = cos x */
export const cosPrimitive: UnaryPrimitive = {
  name: 'cos',
  arity: 1,
  evaluate: Math.cos,
  emit: (x) => `Math.cos(${x})`,
  // d/dx cos x = −sin x
  partial: (A, x) => A.neg(A.sin(x)),
};

/**
 * Cosine.
 * @example
 * ```ts
 * evaluate(cos(variable('x')), { x: 0 }); // 1
 * ```
 */
export function cos<X extends NodeLike>(x: X): Lift<X> {
  return apply(cosPrimitive, [x]) as Lift<X>;
}

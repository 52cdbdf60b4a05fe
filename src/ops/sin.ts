import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/** y = sin x */
export const sinPrimitive: UnaryPrimitive = {
  name: 'sin',
  arity: 1,
  evaluate: Math.sin,
  emit: (x) => `Math.sin(${x})`,
  // d/dx sin x = cos x
  partial: (A, x) => A.cos(x),
};

/**
 * Sine.
 * @example
 * ```ts
 * evaluate(sin(variable('x')), { x: 0 }); // 0
 * ```
 */
export function sin<X extends NodeLike>(x: X): Lift<X> {
  return apply(sinPrimitive, [x]) as Lift<X>;
}

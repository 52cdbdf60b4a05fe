import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/** y = eˣ */
export const expPrimitive: UnaryPrimitive = {
  name: 'exp',
  arity: 1,
  evaluate: Math.exp,
  emit: (x) => `Math.exp(${x})`,
  // d/dx eˣ = eˣ = y
  partial: (A, x, y) => y,
};

/**
 * eˣ.
 * @example
 * ```ts
 * evaluate(exp(variable('x')), { x: 0 }); // 1
 * ```
 */
export function exp<X extends NodeLike>(x: X): Lift<X> {
  return apply(expPrimitive, [x]) as Lift<X>;
}

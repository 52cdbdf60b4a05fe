import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/** y = −x */
export const negPrimitive: UnaryPrimitive = {
  name: 'neg',
  arity: 1,
  evaluate: (x) => -x,
  emit: (x) => `(-${x})`,
  // d/dx (−x) = −1
  partial: (A) => A.constant(-1),
};

/**
 * −x.
 * @example
 * ```ts
 * evaluate(neg(variable('x')), { x: 2 }); // -2
 * ```
 */
export function neg<X extends NodeLike>(x: X): Lift<X> {
  return apply(negPrimitive, [x]) as Lift<X>;
}

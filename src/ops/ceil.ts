import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/** y = ⌈x⌉ (−0, ±∞ and NaN kept) */
export const ceilPrimitive: UnaryPrimitive = {
  name: 'ceil',
  arity: 1,
  evaluate: Math.ceil,
  emit: (x) => `Math.ceil(${x})`,
  // piecewise constant: derivative 0 everywhere, the jumps included (as JAX)
  partial: (A) => A.constant(0),
};

/**
 * The smallest integer ≥ x. Its derivative is 0 everywhere, at the jumps too (as in JAX).
 * @example
 * ```ts
 * evaluate(ceil(variable('x')), { x: -2.5 }); // -2
 * ```
 */
export function ceil<X extends NodeLike>(x: X): Lift<X> {
  return apply(ceilPrimitive, [x]) as Lift<X>;
}

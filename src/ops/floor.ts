import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/** y = ⌊x⌋ (−0, ±∞ and NaN kept) */
export const floorPrimitive: UnaryPrimitive = {
  name: 'floor',
  arity: 1,
  evaluate: Math.floor,
  emit: (x) => `Math.floor(${x})`,
  // piecewise constant: derivative 0 everywhere, the jumps included (as JAX)
  partial: (A) => A.constant(0),
};

/**
 * The largest integer ≤ x. Its derivative is 0 everywhere, at the jumps too (as in JAX).
 * @example
 * ```ts
 * evaluate(floor(variable('x')), { x: -2.5 }); // -3
 * ```
 */
export function floor<X extends NodeLike>(x: X): Lift<X> {
  return apply(floorPrimitive, [x]) as Lift<X>;
}

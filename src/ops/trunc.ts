import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/** y = x rounded toward 0 (−0, ±∞ and NaN kept) */
export const truncPrimitive: UnaryPrimitive = {
  name: 'trunc',
  arity: 1,
  evaluate: Math.trunc,
  emit: (x) => `Math.trunc(${x})`,
  // piecewise constant: derivative 0 everywhere, the jumps included (as JAX)
  partial: (A) => A.constant(0),
};

/**
 * x rounded toward 0 (mathjs's `fix`). Its derivative is 0 everywhere, at the jumps too (as in JAX).
 * @example
 * ```ts
 * evaluate(trunc(variable('x')), { x: -2.5 }); // -2
 * ```
 */
export function trunc<X extends NodeLike>(x: X): Lift<X> {
  return apply(truncPrimitive, [x]) as Lift<X>;
}

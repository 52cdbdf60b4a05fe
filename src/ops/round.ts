import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/**
 * x rounded to the nearest integer, ties to even. `Math.round` rounds ties up
 * (toward +∞); where it did so onto an odd integer, the even one is 1 below.
 * r − x is exact (Sterbenz), so the tie test is too.
 */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** y = x rounded to the nearest integer, ties to even (−0, ±∞ and NaN kept) */
export const roundPrimitive: UnaryPrimitive = {
  name: 'round',
  arity: 1,
  evaluate: roundHalfEven,
  // the same operations as roundHalfEven, so that both backends agree bit for bit
  emit: (x) => `(Math.round(${x}) - ${x} === 0.5 && Math.round(${x}) % 2 !== 0 ? Math.round(${x}) - 1 : Math.round(${x}))`,
  // piecewise constant: derivative 0 everywhere, the jumps included (as JAX)
  partial: (A) => A.constant(0),
};

/**
 * x rounded to the nearest integer, ties to even, as NumPy's and JAX's `round`
 * and IEEE 754's default rounding (mathjs's own `round` and `Math.round` break
 * ties differently: away from zero, and upward). Its derivative is 0 everywhere,
 * at the jumps too (as in JAX).
 * @example
 * ```ts
 * evaluate(round(variable('x')), { x: 2.5 }); // 2
 * ```
 */
export function round<X extends NodeLike>(x: X): Lift<X> {
  return apply(roundPrimitive, [x]) as Lift<X>;
}

import { apply, type Lift2, type NodeLike } from '../graph/node.js';
import type { BinaryPrimitive } from './primitive.js';

/** y = aᵇ */
export const powPrimitive: BinaryPrimitive = {
  name: 'pow',
  arity: 2,
  evaluate: (a, b) => Math.pow(a, b),
  emit: (a, b) => `Math.pow(${a}, ${b})`,
  partial: (A, i, a, b, y, kb) => {
    // ∂y/∂b = aᵇ·ln a, with a zero base replaced by 1 in the log (as JAX and autograd): 0 for
    // pow(0, b) at b ≥ 0, where aᵇ is constant in b (0, or 1 at b = 0); NaN (∞·0) at b < 0
    if (i === 1) return A.mul(y, A.log(A.where(a, a, A.constant(1))));
    // ∂y/∂a = b·aᵇ⁻¹. With a constant exponent the rule is exact at a = 0 and
    // for negative bases: pow(x, 0)′ = 0 everywhere, pow(x, 1)′ = 1.
    if (kb === undefined) return A.mul(b, A.pow(a, A.add(b, A.constant(-1))));
    if (kb === 0) return A.constant(0);
    if (kb === 1) return A.constant(1);
    if (kb === 2) return A.mul(A.constant(2), a);
    return A.mul(A.constant(kb), A.pow(a, A.constant(kb - 1)));
  },
};

/**
 * aᵇ. A constant exponent never evaluates ln a, so `pow(x, 3)` at x = −2 has
 * derivative 12, and `pow(x, 0)` has derivative 0 at x = 0. ∂/∂b = aᵇ·ln a
 * takes ln 1 = 0 for a zero base (as JAX and autograd): `pow(0, y)` has
 * ∂/∂y = 0 for y ≥ 0, and NaN (+∞·0) for y < 0.
 * @example
 * ```ts
 * reverseMode(pow(variable('x'), 3), { x: -2 }).gradient.x; // 12
 * ```
 */
export function pow<A extends NodeLike, B extends NodeLike>(a: A, b: B): Lift2<A, B> {
  return apply(powPrimitive, [a, b]) as Lift2<A, B>;
}

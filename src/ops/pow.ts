import { apply, type Lift2, type NodeLike } from '../graph/node.js';
import type { BinaryPrimitive } from './primitive.js';

/** y = aᵇ */
export const powPrimitive: BinaryPrimitive = {
  name: 'pow',
  arity: 2,
  evaluate: (a, b) => Math.pow(a, b),
  emit: (a, b) => `Math.pow(${a}, ${b})`,
  partial: (A, i, a, b, y, kb) => {
    if (i === 1) return A.mul(y, A.log(a)); // ∂y/∂b = aᵇ·ln a
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
 * derivative 12, and `pow(x, 0)` has derivative 0 at x = 0.
 * @example
 * ```ts
 * reverseMode(pow(variable('x'), 3), { x: -2 }).gradient.x; // 12
 * ```
 */
export function pow<A extends NodeLike, B extends NodeLike>(a: A, b: B): Lift2<A, B> {
  return apply(powPrimitive, [a, b]) as Lift2<A, B>;
}

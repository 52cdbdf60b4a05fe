import { apply, type Lift2, type NodeLike } from '../graph/node.js';
import type { BinaryPrimitive } from './primitive.js';

/**
 * a − b·⌊a/b⌋, the sign of the divisor, computed as JAX does: the truncated
 * remainder a % b (exact, IEEE's fmod), plus b where its sign is not b's.
 */
function floorMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** y = a mod b = a − b·⌊a/b⌋ (the sign of b; NaN for b = 0 or an infinite a) */
export const modPrimitive: BinaryPrimitive = {
  name: 'mod',
  arity: 2,
  evaluate: floorMod,
  // the same operations as floorMod, so that both backends agree bit for bit
  emit: (a, b) => `(${a} % ${b} !== 0 && ${a} % ${b} < 0 !== ${b} < 0 ? ${a} % ${b} + ${b} : ${a} % ${b})`,
  // ∂y/∂a = 1, ∂y/∂b = −⌊a/b⌋ (JAX's). The quotient is read off the value, as round((a − y)/b),
  // so it is the one the value used: ⌊0.7/0.1⌋ computed directly is 7, but mod(0.7, 0.1) = 0.0999…92 took 6
  partial: (A, i, a, b, y) => (i === 0 ? A.constant(1) : A.neg(A.round(A.mul(A.add(a, A.neg(y)), A.reciprocal(b))))),
};

/**
 * a mod b = a − b·⌊a/b⌋, with the sign of the divisor b (NumPy's and JAX's
 * `mod`, mathjs's `mod`; JavaScript's `%` keeps the sign of a). The
 * derivatives are JAX's: ∂/∂a = 1 and ∂/∂b = −⌊a/b⌋. NaN for b = 0.
 * @example
 * ```ts
 * evaluate(mod(variable('a'), 3), { a: -1 }); // 2
 * ```
 */
export function mod<A extends NodeLike, B extends NodeLike>(a: A, b: B): Lift2<A, B> {
  return apply(modPrimitive, [a, b]) as Lift2<A, B>;
}

/**
 * NumPy's and JAX's other name for {@link mod}: a − b·⌊a/b⌋, the sign of the
 * divisor (not IEEE's round-to-nearest remainder). The same primitive.
 * @example
 * ```ts
 * evaluate(remainder(variable('a'), -3), { a: 1 }); // -2
 * ```
 */
export function remainder<A extends NodeLike, B extends NodeLike>(a: A, b: B): Lift2<A, B> {
  return apply(modPrimitive, [a, b]) as Lift2<A, B>;
}

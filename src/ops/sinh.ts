import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/** y = sinh x */
export const sinhPrimitive: UnaryPrimitive = {
  name: 'sinh',
  arity: 1,
  evaluate: Math.sinh,
  emit: (x) => `Math.sinh(${x})`,
  // d/dx sinh x = cosh x
  partial: (A, x) => A.cosh(x),
};

/**
 * Hyperbolic sine (a primitive: `Math.sinh` is finite up to x ≈ 710.47, where (eˣ − e⁻ˣ)/2 built of exp overflows at 709.78).
 * @example
 * ```ts
 * evaluate(sinh(variable('x')), { x: 710 }); // 1.1169973830808557e+308
 * ```
 */
export function sinh<X extends NodeLike>(x: X): Lift<X> {
  return apply(sinhPrimitive, [x]) as Lift<X>;
}

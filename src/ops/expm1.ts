import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/** y = eˣ − 1, accurate for small x */
export const expm1Primitive: UnaryPrimitive = {
  name: 'expm1',
  arity: 1,
  evaluate: Math.expm1,
  emit: (x) => `Math.expm1(${x})`,
  // d/dx (eˣ − 1) = eˣ (not y + 1, which is 0 once y rounds to −1, at x ≤ −38)
  partial: (A, x) => A.exp(x),
};

/**
 * eˣ − 1, accurate where x is tiny (`expm1(1e-20)` is 1e-20, not 0).
 * @example
 * ```ts
 * evaluate(expm1(variable('x')), { x: 1e-20 }); // 1e-20
 * ```
 */
export function expm1<X extends NodeLike>(x: X): Lift<X> {
  return apply(expm1Primitive, [x]) as Lift<X>;
}

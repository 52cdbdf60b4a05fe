import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/** y = ln(1 + x), accurate for small x */
export const log1pPrimitive: UnaryPrimitive = {
  name: 'log1p',
  arity: 1,
  evaluate: Math.log1p,
  emit: (x) => `Math.log1p(${x})`,
  // d/dx ln(1 + x) = 1/(1 + x)
  partial: (A, x) => A.reciprocal(A.add(A.constant(1), x)),
};

/**
 * ln(1 + x), accurate where x is tiny (`log1p(1e-20)` is 1e-20, not 0).
 * @example
 * ```ts
 * evaluate(log1p(variable('x')), { x: 1e-20 }); // 1e-20
 * ```
 */
export function log1p<X extends NodeLike>(x: X): Lift<X> {
  return apply(log1pPrimitive, [x]) as Lift<X>;
}

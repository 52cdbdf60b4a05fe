import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/** y = arsinh x */
export const asinhPrimitive: UnaryPrimitive = {
  name: 'asinh',
  arity: 1,
  evaluate: Math.asinh,
  emit: (x) => `Math.asinh(${x})`,
  // d/dx arsinh x = 1/√(1 + x²), as 1/hypot(1, x): x² would overflow for |x| > 1.3e154 and give 0
  partial: (A, x) => A.reciprocal(A.hypot(A.constant(1), x)),
};

/**
 * Inverse hyperbolic sine (NumPy's `arcsinh`).
 * @example
 * ```ts
 * evaluate(asinh(variable('x')), { x: 0 }); // 0
 * ```
 */
export function asinh<X extends NodeLike>(x: X): Lift<X> {
  return apply(asinhPrimitive, [x]) as Lift<X>;
}

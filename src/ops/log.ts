import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/** y = ln x */
export const logPrimitive: UnaryPrimitive = {
  name: 'log',
  arity: 1,
  evaluate: Math.log,
  emit: (x) => `Math.log(${x})`,
  // d/dx ln x = 1/x
  partial: (A, x) => A.reciprocal(x),
};

/**
 * Natural logarithm (IEEE: `log(0)` is −∞, `log(-1)` is NaN).
 * @example
 * ```ts
 * evaluate(log(variable('x')), { x: 1 }); // 0
 * ```
 */
export function log<X extends NodeLike>(x: X): Lift<X> {
  return apply(logPrimitive, [x]) as Lift<X>;
}

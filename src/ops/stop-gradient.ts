import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { UnaryPrimitive } from './primitive.js';

/**
 * y = x, through which no derivative flows. The rule 0 is never multiplied: the
 * node is inactive on every path (tape.ts and ir.ts mark it so), so its tangent
 * and its operand's adjoint are structural zeros, as JAX's `stop_gradient`
 * gives — an infinite partial next to it cannot turn into 0·∞.
 */
export const stopGradientPrimitive: UnaryPrimitive = {
  name: 'stopGradient',
  arity: 1,
  stopsDerivatives: true,
  evaluate: (x) => x,
  emit: (x) => `(${x})`,
  partial: (A) => A.constant(0),
};

/**
 * The value of `x`, treated as a constant by every derivative: forward and
 * reverse mode, derivative graphs, compiled programs and the transforms
 * (JAX's `stop_gradient`). Arrays pass elementwise.
 * @example
 * ```ts
 * const x = variable('x');
 * reverseMode(mul(x, stopGradient(x)), { x: 3 }); // { value: 9, gradient: { x: 3 } }
 * ```
 */
export function stopGradient<X extends NodeLike>(x: X): Lift<X> {
  return apply(stopGradientPrimitive, [x]) as Lift<X>;
}

import { apply, type Lift2, type NodeLike } from '../graph/node.js';
import type { BinaryPrimitive } from './primitive.js';

/** y = a + b */
export const addPrimitive: BinaryPrimitive = {
  name: 'add',
  arity: 2,
  evaluate: (a, b) => a + b,
  emit: (a, b) => `(${a} + ${b})`,
  // ∂y/∂a = ∂y/∂b = 1
  partial: (A) => A.constant(1),
};

/**
 * a + b.
 * @example
 * ```ts
 * evaluate(add(variable('x'), 1), { x: 2 }); // 3
 * ```
 */
export function add<A extends NodeLike, B extends NodeLike>(a: A, b: B): Lift2<A, B> {
  return apply(addPrimitive, [a, b]) as Lift2<A, B>;
}

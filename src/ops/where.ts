import { ArgumentError } from '../errors.js';
import { apply, type Node, type NodeLike } from '../graph/node.js';
import type { VariadicPrimitive } from './primitive.js';

/** y = a where c ≠ 0, else b (inputs c, a, b) */
export const wherePrimitive: VariadicPrimitive = {
  name: 'where',
  arity: 'n',
  evaluate: (x) => (x[0] !== 0 ? x[1] : x[2]),
  emit: (x) => `(${x[0]} !== 0 ? ${x[1]} : ${x[2]})`,
  // ∂y/∂c = 0; ∂y/∂a = [c ≠ 0]; ∂y/∂b = [c = 0]: the cotangent goes to the branch that was taken
  partial: (A, i, x) => {
    if (i === 0) return A.constant(0);
    return i === 1 ? A.where(x[0], A.constant(1), A.constant(0)) : A.where(x[0], A.constant(0), A.constant(1));
  },
};

/**
 * `a` where `cond` is non-zero, else `b`, elementwise with broadcasting (a
 * comparison such as `less(x, 0)` makes a good condition). The derivative flows
 * into the branch taken; none flows into the condition.
 * @example
 * ```ts
 * const x = variable('x');
 * evaluate(where(less(x, 0), neg(x), x), { x: -3 }); // 3
 * ```
 */
export function where(cond: NodeLike, a: NodeLike, b: NodeLike): Node {
  if (arguments.length !== 3) throw new ArgumentError(`where: expected 3 inputs (cond, a, b), got ${arguments.length}`);
  return apply(wherePrimitive, [cond, a, b]);
}

import { ArgumentError } from '../errors.js';
import { apply, liftEach, type Node, type NodeLike } from '../graph/node.js';
import type { VariadicPrimitive } from './primitive.js';

/** y = x₀ + x₁ + … + xₙ₋₁ (left to right) */
export const sumPrimitive: VariadicPrimitive = {
  name: 'sum',
  arity: 'n',
  evaluate: (x) => {
    let s = x[0];
    for (let i = 1; i < x.length; i++) s += x[i];
    return s;
  },
  emit: (x) => `(${x.join(' + ')})`,
  // ∂y/∂xᵢ = 1
  partial: (A) => A.constant(1),
};

/**
 * The sum of one node or more, as a single n-ary node (one node instead of a
 * chain of n − 1 additions).
 * @example
 * ```ts
 * const x = variable('x');
 * evaluate(sum([x, x, 1]), { x: 2 }); // 5
 * ```
 */
export function sum(xs: readonly NodeLike[]): Node {
  const ns = liftEach(xs, 'sum', 'xs');
  if (ns.length === 0) throw new ArgumentError('sum: expected at least 1 input in xs, got 0');
  return apply(sumPrimitive, ns);
}

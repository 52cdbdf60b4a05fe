import { ArgumentError, describe } from '../errors.js';
import { apply, type ArrayNode, liftEach, Node, type NodeLike } from '../graph/node.js';
import type { VariadicPrimitive } from './primitive.js';
import { noOptions, type ReduceOptions, reduceOptions, reduceSum } from './reduce-sum.js';

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
 * A sum, in two forms. Given an array of nodes: their sum, as a single n-ary
 * node (one node instead of a chain of n − 1 additions; arrays add
 * elementwise). Given one node: the sum of its elements over `axis` (every
 * axis by default: a scalar), keeping the summed axes as extent 1 with
 * `keepdims`; summation runs in row-major order, first term first.
 * @example
 * ```ts
 * const x = variable('x');
 * evaluate(sum([x, x, 1]), { x: 2 }); // 5
 * const A = variable('A', [2, 3]);
 * sum(A).shape;                 // []
 * sum(A, { axis: 0 }).shape;    // [3]: column sums
 * ```
 */
export function sum(x: Node): Node;
export function sum(x: Node, options: ReduceOptions): ArrayNode;
export function sum(xs: readonly ArrayNode[]): ArrayNode;
export function sum(xs: readonly NodeLike[]): Node;
export function sum(xs: Node | readonly NodeLike[], options?: ReduceOptions): Node {
  if (xs instanceof Node) {
    const o = reduceOptions('sum', options);
    return reduceSum(xs, o.axis, o.keepdims);
  }
  if (!Array.isArray(xs)) throw new ArgumentError(`sum: xs must be a node or an array of nodes, got ${describe(xs)}`);
  noOptions('sum', options);
  const ns = liftEach(xs, 'sum', 'xs');
  if (ns.length === 0) throw new ArgumentError('sum: expected at least 1 input in xs, got 0');
  return apply(sumPrimitive, ns);
}

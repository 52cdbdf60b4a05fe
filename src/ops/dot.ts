import { ShapeError } from '../errors.js';
import { apply, liftEach, type Node, type NodeLike } from '../graph/node.js';
import type { VariadicPrimitive } from './primitive.js';

/** y = a₀b₀ + a₁b₁ + … + aₙ₋₁bₙ₋₁ over inputs a₀ … aₙ₋₁, b₀ … bₙ₋₁ (left to right) */
export const dotPrimitive: VariadicPrimitive = {
  name: 'dot',
  arity: 'n',
  evaluate: (x) => {
    const n = x.length / 2;
    let s = x[0] * x[n];
    for (let i = 1; i < n; i++) s += x[i] * x[n + i];
    return s;
  },
  emit: (x) => {
    const n = x.length / 2;
    return `(${x.slice(0, n).map((a, i) => `${a} * ${x[n + i]}`).join(' + ')})`;
  },
  // ∂y/∂aᵢ = bᵢ, ∂y/∂bᵢ = aᵢ
  partial: (A, i, x) => {
    const n = x.length / 2;
    return i < n ? x[i + n] : x[i - n];
  },
};

/**
 * The dot product Σ aᵢ·bᵢ of two equally long vectors, as one fused node (the
 * same additions, left to right, as summing the products; one node instead of
 * 2n, and compiled programs loop over contiguous operands instead of unrolling).
 * @example
 * ```ts
 * const [w1, w2] = [variable('w1'), variable('w2')];
 * evaluate(dot([w1, w2], [3, 4]), { w1: 1, w2: 2 }); // 11
 * ```
 */
export function dot(a: readonly NodeLike[], b: readonly NodeLike[]): Node {
  const na = liftEach(a, 'dot', 'a');
  const nb = liftEach(b, 'dot', 'b');
  if (na.length !== nb.length) throw new ShapeError(`dot: lengths differ (${na.length} and ${nb.length})`);
  if (na.length === 0) throw new ShapeError('dot: a and b are empty, expected at least one input each');
  return apply(dotPrimitive, [...na, ...nb]);
}

/** Rosenbrock in n variables, the graph panel 5 compares the modes on. */
import { add, mul, square, sub, sum, variable, type Node } from 'wengert';

/**
 * Σᵢ 100·(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², i = 0 … n − 2, as a graph of variables
 * x0 … x(n−1), with the classic start (−1.2, 1, −1.2, 1, …) bound by name.
 * @example
 * ```ts
 * const { f, at } = rosenbrock(3);
 * compareModes(f, at).recommendation.mode; // 'reverse'
 * ```
 */
export function rosenbrock(n: number): { f: Node; xs: Node[]; at: Record<string, number> } {
  const xs = Array.from({ length: n }, (_, i) => variable(`x${i}`));
  const terms: Node[] = [];
  for (let i = 0; i + 1 < n; i++) terms.push(add(mul(100, square(sub(xs[i + 1], square(xs[i])))), square(sub(1, xs[i]))));
  const at = Object.fromEntries(xs.map((_, i) => [`x${i}`, i % 2 === 0 ? -1.2 : 1]));
  return { f: sum(terms), xs, at };
}

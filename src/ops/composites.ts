/**
 * Composites: functions built from primitives, with no derivative rules of
 * their own. Their derivatives follow from the primitives they are made of.
 */
import { ShapeError } from '../errors.js';
import { lift, liftEach, type Node, type NodeLike } from '../graph/node.js';
import { abs } from './abs.js';
import { add } from './add.js';
import { exp } from './exp.js';
import { log } from './log.js';
import { log1p } from './log1p.js';
import { max } from './max.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { reciprocal } from './reciprocal.js';
import { sum } from './sum.js';

/** The entries of `xs`, lifted; at least one. */
function nonEmpty(where: string, xs: readonly NodeLike[]): Node[] {
  const ns = liftEach(xs, where, 'xs');
  if (ns.length === 0) throw new ShapeError(`${where}: xs is empty, expected at least one input`);
  return ns;
}

/**
 * a − b, as a + (−b).
 * @example
 * ```ts
 * evaluate(sub(variable('x'), 1), { x: 3 }); // 2
 * ```
 */
export function sub(a: NodeLike, b: NodeLike): Node {
  return add(lift(a, 'sub', 0), neg(lift(b, 'sub', 1)));
}

/**
 * a / b, as a · (1/b); `div(1, b)` is just `reciprocal(b)`.
 * @example
 * ```ts
 * evaluate(div(variable('x'), 4), { x: 2 }); // 0.5
 * ```
 */
export function div(a: NodeLike, b: NodeLike): Node {
  const na = lift(a, 'div', 0);
  const nb = lift(b, 'div', 1);
  if (na.isConstant && na.value === 1) return reciprocal(nb);
  return mul(na, reciprocal(nb));
}

/**
 * x², as x · x.
 * @example
 * ```ts
 * evaluate(square(variable('x')), { x: -3 }); // 9
 * ```
 */
export function square(x: NodeLike): Node {
  const n = lift(x, 'square', 0);
  return mul(n, n);
}

/**
 * softplus(x) = ln(1 + eˣ), computed stably as max(x, 0) + ln(1 + e^−|x|):
 * finite for every finite x, with softplus′(0) = ½.
 * @example
 * ```ts
 * evaluate(softplus(variable('x')), { x: 1000 }); // 1000
 * ```
 */
export function softplus(x: NodeLike): Node {
  const n = lift(x, 'softplus', 0);
  return add(max(n, 0), log1p(exp(neg(abs(n)))));
}

/**
 * The logistic sigmoid 1/(1 + e^−x), computed as e^−softplus(−x) so that value
 * and derivative stay finite and relatively accurate for every finite x.
 * For the course notes' literal graph, build `reciprocal(add(1, exp(neg(x))))`.
 * @example
 * ```ts
 * evaluate(sigmoid(variable('x')), { x: 0 }); // 0.5
 * ```
 */
export function sigmoid(x: NodeLike): Node {
  return exp(neg(softplus(neg(lift(x, 'sigmoid', 0)))));
}

/**
 * ln Σ eˣⁱ, stable: the largest input m is subtracted first, m + ln Σ e^(xᵢ−m).
 * @example
 * ```ts
 * evaluate(logSumExp([1000, 1000]), {}); // 1000.6931471805599
 * ```
 */
export function logSumExp(xs: readonly NodeLike[]): Node {
  const ns = nonEmpty('logSumExp', xs);
  if (ns.length === 1) return ns[0];
  let m = ns[0];
  for (let i = 1; i < ns.length; i++) m = max(m, ns[i]);
  return add(m, log(sum(ns.map((x) => exp(add(x, neg(m)))))));
}

/**
 * The arithmetic mean, Σxᵢ · (1/n).
 * @example
 * ```ts
 * evaluate(mean([1, 2, 3, 4]), {}); // 2.5
 * ```
 */
export function mean(xs: readonly NodeLike[]): Node {
  const ns = nonEmpty('mean', xs);
  return mul(sum(ns), 1 / ns.length);
}

/**
 * Composites: functions built from primitives, with no derivative rules of
 * their own. Their derivatives follow from the primitives they are made of.
 */
import { ArgumentError, describe, ShapeError } from '../errors.js';
import { type ArrayNode, constant, type Lift, type Lift2, lift, liftEach, Node, type NodeLike } from '../graph/node.js';
import { broadcastShapes, normalizeAxes, sizeOf } from '../graph/shape.js';
import { abs } from './abs.js';
import { add } from './add.js';
import { exp } from './exp.js';
import { log } from './log.js';
import { log1p } from './log1p.js';
import { max } from './max.js';
import { noOptions, type ReduceOptions, reducedShape, reduceOptions, reduceSum, reduction } from './reduce-sum.js';
import { reduceMax } from './reduce-max.js';
import { broadcastTo } from './broadcast-to.js';
import { reshape } from './reshape.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { pow } from './pow.js';
import { equal } from './compare.js';
import { where } from './where.js';
import { reciprocal } from './reciprocal.js';
import { sum } from './sum.js';

/**
 * Checks that the operands of an n-ary composite broadcast, so that a mismatch
 * is reported under the composite's name rather than under the name of a
 * primitive it is built of. (`sub` and `div` check their two operands inline.)
 */
function broadcasts(where: string, xs: readonly Node[]): void {
  if (xs.some((x) => x.shape.length > 0)) broadcastShapes(where, xs.map((x) => x.shape));
}

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
export function sub<A extends NodeLike, B extends NodeLike>(a: A, b: B): Lift2<A, B> {
  const na = lift(a, 'sub', 0);
  const nb = lift(b, 'sub', 1);
  if (na.shape.length > 0 || nb.shape.length > 0) broadcastShapes('sub', [na.shape, nb.shape]);
  return add(na, neg(nb)) as Lift2<A, B>;
}

/**
 * a / b, as a · (1/b); `div(1, b)` is just `reciprocal(b)`.
 * @example
 * ```ts
 * evaluate(div(variable('x'), 4), { x: 2 }); // 0.5
 * ```
 */
export function div<A extends NodeLike, B extends NodeLike>(a: A, b: B): Lift2<A, B> {
  const na = lift(a, 'div', 0);
  const nb = lift(b, 'div', 1);
  if (na.isConstant && na.isScalar && na.value === 1) return reciprocal(nb) as Lift2<A, B>;
  if (na.shape.length > 0 || nb.shape.length > 0) broadcastShapes('div', [na.shape, nb.shape]);
  return mul(na, reciprocal(nb)) as Lift2<A, B>;
}

/**
 * x², as x · x.
 * @example
 * ```ts
 * evaluate(square(variable('x')), { x: -3 }); // 9
 * ```
 */
export function square<X extends NodeLike>(x: X): Lift<X> {
  const n = lift(x, 'square', 0);
  return mul(n, n) as Lift<X>;
}

/**
 * softplus(x) = ln(1 + eˣ), computed stably as max(x, 0) + ln(1 + e^−|x|):
 * finite for every finite x, with softplus′(0) = ½.
 * @example
 * ```ts
 * evaluate(softplus(variable('x')), { x: 1000 }); // 1000
 * ```
 */
export function softplus<X extends NodeLike>(x: X): Lift<X> {
  const n = lift(x, 'softplus', 0);
  return add(max(n, 0), log1p(exp(neg(abs(n))))) as Lift<X>;
}

/**
 * 2ˣ, as pow(2, x): `Math.pow(2, x)` (exact at integers), derivative 2ˣ·ln 2.
 * @example
 * ```ts
 * evaluate(exp2(variable('x')), { x: -3 }); // 0.125
 * ```
 */
export function exp2<X extends NodeLike>(x: X): Lift<X> {
  return pow(2, lift(x, 'exp2', 0)) as Lift<X>;
}

/**
 * Degrees to radians, x·(π/180), one multiplication by the rounded constant as NumPy's `deg2rad`.
 * @example
 * ```ts
 * evaluate(deg2rad(variable('x')), { x: 180 }); // 3.141592653589793
 * ```
 */
export function deg2rad<X extends NodeLike>(x: X): Lift<X> {
  return mul(lift(x, 'deg2rad', 0), Math.PI / 180) as Lift<X>;
}

/**
 * Radians to degrees, x·(180/π), one multiplication by the rounded constant as NumPy's `rad2deg`.
 * @example
 * ```ts
 * evaluate(rad2deg(variable('x')), { x: Math.PI }); // 180
 * ```
 */
export function rad2deg<X extends NodeLike>(x: X): Lift<X> {
  return mul(lift(x, 'rad2deg', 0), 180 / Math.PI) as Lift<X>;
}

/**
 * x − m (given −m), and 0 where that is NaN: the shift of logSumExp. At x = m = ±∞ the
 * difference is ∞ − ∞; the maximum's own term is then e⁰ = 1, so value and
 * gradient stay exact (the gradient flows through m, to the maximum, split
 * between ties as max splits them). Elsewhere it is x − m itself, value and
 * derivative (the selection multiplies the adjoint by exactly 1).
 */
function shifted(x: Node, negM: Node, zero: Node): Node {
  const d = add(x, negM);
  return where(equal(d, d), d, zero);
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
export function sigmoid<X extends NodeLike>(x: X): Lift<X> {
  return exp(neg(softplus(neg(lift(x, 'sigmoid', 0))))) as Lift<X>;
}

/**
 * ln Σ eˣⁱ, stable: the largest input m is subtracted first, m + ln Σ e^(xᵢ−m)
 * (where the maximum is ±∞, its own term is e⁰ exactly, so that all-−∞ inputs
 * give −∞, an infinite maximum gives +∞, and the gradient stays the softmax:
 * ½, ½ at (−∞, −∞) and at (+∞, +∞); over an array's axis, 1/k for k tied
 * infinite elements; an array of nodes splits such ties as its chain of
 * binary `max` does, so three give ½, ¼, ¼).
 * Given an array of nodes, over them; given one node, over its elements along
 * `axis` (every axis by default), keeping them as extent 1 with `keepdims`.
 * @example
 * ```ts
 * evaluate(logSumExp([1000, 1000]), {}); // 1000.6931471805599
 * logSumExp(variable('logits', [32, 10]), { axis: -1 }).shape; // [32]
 * ```
 */
export function logSumExp(x: Node): Node;
export function logSumExp(x: Node, options: ReduceOptions): ArrayNode;
export function logSumExp(xs: readonly NodeLike[]): Node;
export function logSumExp(xs: Node | readonly NodeLike[], options?: ReduceOptions): Node {
  if (xs instanceof Node) {
    const o = reduceOptions('logSumExp', options);
    const { axes, keepdims } = reduction('logSumExp', xs.shape, o.axis, o.keepdims);
    if (axes.length === 0) return xs;
    // the same formula as the n-ary form, m + ln Σ e^(x − m), with m the maximum over the axes
    const m = reduceMax(xs, axes, true);
    const terms = exp(shifted(xs, neg(broadcastTo(m, xs.shape)), constant(0)));
    const total = add(m, log(reduceSum(terms, axes, true)));
    return keepdims ? total : reshape(total, reducedShape(xs.shape, axes, false));
  }
  noOptions('logSumExp', options);
  const ns = nonEmpty('logSumExp', xs);
  if (ns.length === 1) return ns[0];
  broadcasts('logSumExp', ns);
  let m = ns[0];
  for (let i = 1; i < ns.length; i++) m = max(m, ns[i]);
  const negM = neg(m);
  const zero = constant(0);
  return add(m, log(sum(ns.map((x) => exp(shifted(x, negM, zero))))));
}

/**
 * The arithmetic mean, Σxᵢ · (1/n): of an array of nodes, or of one node's
 * elements along `axis` (every axis by default).
 * @example
 * ```ts
 * evaluate(mean([1, 2, 3, 4]), {}); // 2.5
 * mean(variable('X', [64, 2]), { axis: 0 }).shape; // [2]
 * ```
 */
export function mean(x: Node): Node;
export function mean(x: Node, options: ReduceOptions): ArrayNode;
export function mean(xs: readonly NodeLike[]): Node;
export function mean(xs: Node | readonly NodeLike[], options?: ReduceOptions): Node {
  if (xs instanceof Node) {
    const o = reduceOptions('mean', options);
    const { axes, keepdims } = reduction('mean', xs.shape, o.axis, o.keepdims);
    if (axes.length === 0) return xs;
    const count = sizeOf(axes.map((a) => xs.shape[a]));
    return mul(reduceSum(xs, axes, keepdims), 1 / count);
  }
  noOptions('mean', options);
  const ns = nonEmpty('mean', xs);
  broadcasts('mean', ns);
  return mul(sum(ns), 1 / ns.length);
}

/**
 * The softmax along `axis` (default the last): e^(x − logSumExp(x)), stable for
 * any finite logits; each slice along the axis sums to 1.
 * @example
 * ```ts
 * evaluate(softmax(constant([0, Math.log(3)])), {}); // { data: [0.25, 0.75], shape: [2] }
 * ```
 */
export function softmax(x: Node, axis = -1): ArrayNode {
  const n = lift(x, 'softmax', 0);
  if (typeof axis !== 'number') throw new ArgumentError(`softmax: axis must be a whole number, got ${describe(axis)}`);
  const lse = logSumExp(n, { axis: normalizeAxes('softmax', axis, n.shape.length), keepdims: true });
  return exp(sub(n, broadcastTo(lse, n.shape))) as ArrayNode;
}

/**
 * Cross-entropy losses computed from logits (never from probabilities, which
 * lose everything at the extremes): sigmoid cross-entropy for binary labels
 * 0/1, softmax cross-entropy for k classes. Composites of primitives, written
 * in the stable forms of the design: no ∞ or NaN for finite logits.
 */
import { ArgumentError, describe, ShapeError } from '../errors.js';
import type { NodeLike } from '../graph/node.js';
import { sub } from '../ops/composites.js';
import { abs } from '../ops/abs.js';
import { add } from '../ops/add.js';
import { exp } from '../ops/exp.js';
import { log1p } from '../ops/log1p.js';
import { max } from '../ops/max.js';
import { mul } from '../ops/mul.js';
import { neg } from '../ops/neg.js';
import { sign } from '../ops/sign.js';
import { sum } from '../ops/sum.js';
import { arrayTargets, batchLoss, sequence, type BatchLoss, type Site } from './batch.js';
import { broadcastTo } from '../ops/broadcast-to.js';
import { equal } from '../ops/compare.js';
import { reshape } from '../ops/reshape.js';
import { where } from '../ops/where.js';
import { constant, Node } from '../graph/node.js';
import { formatShape } from '../graph/shape.js';
import { knownValue, operand, probabilityLabel } from './labels.js';

/**
 * The target of {@link softmaxCrossEntropy}: a class index (an integer in
 * [0, k)), or one probability per class (a one-hot vector, or soft labels;
 * numbers or nodes).
 */
export type SoftmaxTarget = number | ArrayLike<NodeLike>;

function sigmoidAt(site: Site, logit: unknown, label: unknown): Node {
  const x = operand(site.where, site.prediction, logit);
  const z = probabilityLabel(site, site.target, label);
  // max(x, 0) − x·z + ln(1 + e^−|x|), with the first two terms as one max: max(x·(1 − z), −x·z).
  // For z = 1 and large x that is max(0, −x) = 0 exactly, with partial 0, so neither the tiny
  // ln(1 + e^−x) nor its partial −σ(−x) is lost next to a 1 − 1, whatever the order in which a
  // sweep adds up x's partials. At x = 0, max splits ½/½ and abs′(0) = 0: the derivative is ½ − z.
  return add(max(mul(x, sub(1, z)), neg(mul(x, z))), log1p(exp(neg(abs(x)))));
}

/** The target's weights: a class index, or one probability node per class (checked when known). */
function softmaxTarget(site: Site, target: unknown, k: number): number | Node[] {
  if (typeof target === 'number') {
    if (!Number.isInteger(target) || target < 0 || target >= k) {
      throw new ArgumentError(
        `${site.where}: ${site.target} is ${describe(target)}, expected a class index: an integer in [0, ${k}) for ${k} logit${k === 1 ? '' : 's'}`,
      );
    }
    return target;
  }
  if (!Array.isArray(target) && !(ArrayBuffer.isView(target) && !(target instanceof DataView))) {
    throw new ArgumentError(`${site.where}: ${site.target} is ${describe(target)}, expected a class index or an array of ${k} probabilities`);
  }
  const zs = target as ArrayLike<unknown>;
  if (zs.length !== k) {
    throw new ShapeError(`${site.where}: ${site.target} has length ${zs.length}, expected ${k} (one probability per logit)`);
  }
  const z = Array.from(zs, (zj, j) => probabilityLabel(site, `${site.target}[${j}]`, zj));
  if (z.every((zj) => knownValue(zj) === 0)) {
    throw new ArgumentError(`${site.where}: ${site.target} is all zeros, expected probabilities that sum to 1 (or a class index)`);
  }
  return z;
}

function softmaxAt(site: Site, logits: unknown, target: unknown, classes?: { k?: number; row?: string }): Node {
  const { where } = site;
  const xs = sequence(where, site.prediction, logits as ArrayLike<unknown>);
  const k = xs.length;
  if (k === 0) throw new ShapeError(`${where}: ${site.prediction} is empty; expected at least one logit`);
  if (classes !== undefined) {
    if (classes.k === undefined) {
      classes.k = k;
      classes.row = site.prediction;
    } else if (classes.k !== k) {
      throw new ShapeError(`${where}: ${site.prediction} has length ${k}, expected ${classes.k} (the length of ${classes.row}): every sample has the same classes`);
    }
  }
  const x = Array.from(xs, (xj, j) => operand(where, `${site.prediction}[${j}]`, xj));
  const z = softmaxTarget(site, target, k);
  // Shift by the largest logit m, dⱼ = xⱼ − m ≤ 0, and build everything else from the dⱼ
  // alone: adding c to every logit leaves each dⱼ, hence the loss and its gradient, unchanged
  // whenever both differences are exact (as when the shifted logits are exact). Through
  // logSumExp, m + ln Σ e^dⱼ − x_c would round m + … to ulps of m (1.5e-8 at 1e8).
  let m = x[0];
  for (let j = 1; j < k; j++) m = max(m, x[j]);
  const d = x.map((xj) => sub(xj, m));
  // lse = ln Σ e^dⱼ, computed as ln(1 + r) with r = Σ e^dⱼ − 1 split in two exact parts: the
  // e^dⱼ of the logits below the largest (dⱼ < 0), and (the number of dⱼ = 0) − 1, an integer,
  // 0 without ties. The 1 of e^0 is never added to the small terms (which would round them
  // to ulps of 1), so a small loss keeps its relative accuracy. sign(dⱼ) ∈ {−1, 0} selects
  // exactly, and the two parts' partials add to e^dⱼ for every j, so the gradient is pⱼ.
  const e = d.map((dj) => exp(dj));
  const s = d.map((dj) => sign(dj));
  const below = neg(sum(e.map((ej, j) => mul(s[j], ej))));
  const top = sum([-1, ...e.map((ej, j) => mul(add(1, s[j]), ej))]);
  const lse = log1p(add(below, top));
  // −ln softmaxⱼ = lse − dⱼ
  if (typeof z === 'number') return sub(lse, d[z]);
  // Σⱼ zⱼ·(lse − dⱼ). Known zeros are left out, so a −∞ logit with probability 0 costs nothing
  // (rather than 0·∞ = NaN), and known ones need no product: a one-hot vector is a class index.
  const terms: Node[] = [];
  for (let j = 0; j < k; j++) {
    const v = knownValue(z[j]);
    if (v === 0) continue;
    const nll = sub(lse, d[j]);
    terms.push(v === 1 ? nll : mul(z[j], nll));
  }
  return terms.length === 1 ? terms[0] : sum(terms);
}

/**
 * Sigmoid cross-entropy of one sample, from the logit x (not from σ(x)) and
 * a label z ∈ [0, 1] (0/1, or a soft label): −z·ln σ(x) − (1 − z)·ln(1 − σ(x)),
 * computed as max(x, 0) − x·z + ln(1 + e^−|x|) (the first two terms as one
 * max(x·(1 − z), −x·z)), as PyTorch's `binary_cross_entropy_with_logits` and
 * optax's `sigmoid_binary_cross_entropy`. Finite for every finite x: at
 * x = ±1000 it is 0 or 1000. ∂/∂x = σ(x) − z, accurate to a few ulps even
 * where it is tiny (x = 40, z = 1).
 * @throws ArgumentError if the label is a number (or constant) outside [0, 1], or an input is neither a Node nor a number
 * @example
 * ```ts
 * const x = variable('x');
 * evaluate(sigmoidCrossEntropy(x, 1), { x: 0 }); // 0.6931471805599453
 * evaluate(sigmoidCrossEntropy(x, 0), { x: 1000 }); // 1000
 * reverseMode(sigmoidCrossEntropy(x, 1), { x: 2 }).gradient.x; // -0.11920292202211755 (σ(2) − 1)
 * ```
 */
export function sigmoidCrossEntropy(logit: NodeLike, label: NodeLike): Node {
  return sigmoidAt({ where: 'sigmoidCrossEntropy', prediction: 'logit', target: 'label' }, logit, label);
}

/**
 * Softmax cross-entropy of one sample, from k logits xⱼ (unnormalized log
 * probabilities): −Σⱼ zⱼ·ln softmax(x)ⱼ. For a class index c that is
 * ln Σⱼ e^xⱼ − x_c; for probabilities z that sum to 1, ln Σⱼ e^xⱼ − Σⱼ zⱼ·xⱼ
 * (PyTorch's `cross_entropy`; optax's `softmax_cross_entropy` and its
 * `_with_integer_labels` form). ∂/∂xⱼ = softmax(x)ⱼ − zⱼ; for probabilities
 * given as nodes, ∂/∂zⱼ = −ln softmax(x)ⱼ.
 *
 * Stable: the largest logit m is subtracted first and the loss is built from
 * the xⱼ − m only, so shifting every logit by the same amount changes nothing
 * (bit for bit when the shifted logits are exact), and logits such as
 * [1000, −1000, 0] give finite values and gradients. ln Σ e^(xⱼ−m) is taken as
 * ln(1 + Σ of the terms below 1), so a small loss (a confident right answer)
 * is accurate to a few ulps, not to ulps of 1.
 *
 * Infinite logits follow IEEE and are not an error (their values are known
 * only at evaluation): a −∞ logit has probability 0 and gradient 0, and the
 * loss is +∞ if its class is the target (gradient −1 there). If all logits
 * are −∞, or one is +∞ or NaN, the softmax is undefined and the loss and its
 * gradient are NaN. Probabilities given as the number 0 are left out of the
 * sum (so 0·∞ never arises); probabilities given as nodes always take part.
 * @throws ArgumentError if a class index is not an integer in [0, k), a probability given as a number is outside [0, 1] or all of them are 0, or an input has the wrong type
 * @throws ShapeError if there are no logits, or the probability vector's length is not k
 * @example
 * ```ts
 * const [a, b] = [variable('a'), variable('b')];
 * evaluate(softmaxCrossEntropy([a, b, 0], 0), { a: 0, b: 0 }); // 1.0986122886681096 (ln 3)
 * evaluate(softmaxCrossEntropy([a, b, 0], [0.5, 0.5, 0]), { a: 1000, b: -1000 }); // 1000
 * reverseMode(softmaxCrossEntropy([a, b], [0, 1]), { a: 0, b: 0 }).gradient; // { a: 0.5, b: -0.5 }
 * ```
 */
export function softmaxCrossEntropy(logits: ArrayLike<NodeLike> | Node, target: SoftmaxTarget | Node): Node {
  const site = { where: 'softmaxCrossEntropy', prediction: 'logits', target: 'target' };
  if (logits instanceof Node) {
    if (logits.shape.length !== 1) {
      throw new ShapeError(`softmaxCrossEntropy: logits of shape ${formatShape(logits.shape)}; one sample's logits are a vector (for a batch, use softmaxCrossEntropyBatch)`);
    }
    return softmaxRows(site, logits, typeof target === 'number' ? [target] : target);
  }
  return softmaxAt(site, logits, target);
}

/**
 * Sigmoid cross-entropy over a batch: the mean of {@link sigmoidCrossEntropy}
 * over the samples by default, or the sum, or one node per sample. Labels in
 * [0, 1]; a bad one is named, as in `labels[3]`.
 * @throws ShapeError if the batch is empty or the lengths differ
 * @throws ArgumentError naming the first label given as a number outside [0, 1]
 * @example
 * ```ts
 * const [a, b] = [variable('a'), variable('b')];
 * evaluate(sigmoidCrossEntropyBatch([a, b], [1, 0]), { a: 1000, b: -1000 }); // 0
 * reverseMode(sigmoidCrossEntropyBatch([a, b], [1, 0]), { a: 0, b: 0 }).gradient; // { a: -0.25, b: 0.25 }
 * ```
 */
export const sigmoidCrossEntropyBatch: BatchLoss<NodeLike, NodeLike> = batchLoss({
  name: 'sigmoidCrossEntropyBatch',
  predictions: 'logits',
  targets: 'labels',
  sample: sigmoidAt,
});

/**
 * Softmax cross-entropy over a batch: `logits[i]` holds sample i's k logits
 * (every sample the same k), `targets[i]` its class index or probability
 * vector. The mean of {@link softmaxCrossEntropy} by default, or the sum, or
 * one node per sample.
 * @throws ShapeError if the batch is empty, the lengths differ, or the samples do not all have the same number of logits
 * @throws ArgumentError naming the first bad target, as in `targets[2]` or `targets[2][1]`
 * @example
 * ```ts
 * const [a, b] = [variable('a'), variable('b')];
 * const loss = softmaxCrossEntropyBatch([[a, 0], [0, b]], [0, [0, 1]]);
 * evaluate(loss, { a: 0, b: 0 }); // 0.6931471805599453
 * reverseMode(loss, { a: 0, b: 0 }).gradient; // { a: -0.25, b: -0.25 }
 * ```
 */
export const softmaxCrossEntropyBatch: BatchLoss<ArrayLike<NodeLike>, SoftmaxTarget> = batchLoss<
  ArrayLike<NodeLike>,
  SoftmaxTarget,
  object,
  { k?: number; row?: string }
>({
  name: 'softmaxCrossEntropyBatch',
  predictions: 'logits',
  targets: 'targets',
  // the number of classes, set by the first sample and checked for the others
  configure: () => ({}),
  sample: softmaxAt,
  arrays: (site, logits, targets) => softmaxRows(site, logits, targets),
});

/**
 * The softmax cross-entropy of each row of `x` (logits along the last axis),
 * as an array node of the rows' shape: the same construction as the per-sample
 * form, in array ops, so each row's loss equals the scalar form's bit for bit.
 * Targets: class indices (one per row: a node, or whole numbers) or one
 * probability vector per row (a node of x's shape, or nested arrays).
 */
function softmaxRows(site: Site, x: Node, target: unknown): Node {
  const rank = x.shape.length;
  const k = x.shape[rank - 1];
  const rows = x.shape.slice(0, -1);
  if (k === 0) throw new ShapeError(`${site.where}: ${site.prediction} has no classes (shape ${formatShape(x.shape)})`);
  // dⱼ = xⱼ − m, and lse = ln(1 + below + top) as in softmaxAt
  const m = max(x, { axis: -1, keepdims: true });
  const d = sub(x, m);
  const e = exp(d);
  const s = sign(d);
  const below = neg(sum(mul(s, e), { axis: -1 }));
  const top = add(-1, sum(mul(add(1, s), e), { axis: -1 }));
  const lse = log1p(add(below, top));
  const probabilities = target instanceof Node ? target.shape.length === rank : Array.isArray(target) && Array.isArray(target[0]);
  if (!probabilities) {
    // class indices: −ln softmax_c = lse − d_c, with d_c picked by a one-hot mask (where, so a −∞ elsewhere costs nothing)
    const c = classIndices(site, target, rows, k);
    const iota = constant(Float64Array.from({ length: k }, (_, j) => j), [k]);
    const mask = equal(broadcastTo(iota, x.shape), broadcastTo(reshape(c, [...rows, 1]), x.shape));
    return sub(lse, sum(where(mask, d, 0), { axis: -1 }));
  }
  const z = arrayTargets(site.where, site.target, target, x.shape);
  if (z.isConstant) checkProbabilities(site, z.data!, k);
  // Σⱼ zⱼ·(lse − dⱼ); known zero probabilities are left out (where), so a −∞ logit with probability 0 costs nothing
  const nll = sub(broadcastTo(reshape(lse, [...rows, 1]), x.shape), d);
  const terms = z.isConstant ? where(z, mul(z, nll), 0) : mul(z, nll);
  return sum(terms, { axis: -1 });
}

/** Class indices, one per row, as a node of the rows' shape (whole numbers in [0, k) when known). */
function classIndices(site: Site, target: unknown, rows: readonly number[], k: number): Node {
  const c = arrayTargets(site.where, site.target, target, rows);
  if (c.isConstant) {
    const data = c.data ?? Float64Array.of(c.value);
    data.forEach((v, i) => {
      if (!Number.isInteger(v) || v < 0 || v >= k) {
        throw new ArgumentError(`${site.where}: ${site.target}[${i}] is ${describe(v)}, expected a class index: an integer in [0, ${k})`);
      }
    });
  }
  return c;
}

function checkProbabilities(site: Site, z: Float64Array, k: number): void {
  z.forEach((v, i) => {
    if (!(v >= 0 && v <= 1)) throw new ArgumentError(`${site.where}: ${site.target}[${Math.floor(i / k)}][${i % k}] is ${describe(v)}, expected a probability in [0, 1]`);
  });
}

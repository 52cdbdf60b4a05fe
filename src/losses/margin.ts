/**
 * Margin losses for binary classification with labels y ∈ {−1, 1} and a real
 * score f: functions of the margin y·f. Hinge max(0, 1 − y·f) (SVMs) and
 * logistic ln(1 + e^−y·f) (logistic regression). Composites of primitives.
 */
import type { Node, NodeLike } from '../graph/node.js';
import { softplus, sub } from '../ops/composites.js';
import { mul } from '../ops/mul.js';
import { neg } from '../ops/neg.js';
import { relu } from '../ops/relu.js';
import { batchLoss, type BatchLoss, type Site } from './batch.js';
import { operand, signLabel } from './labels.js';

/** The margin y·f. */
function margin(site: Site, score: unknown, label: unknown): Node {
  return mul(signLabel(site, label), operand(site.where, site.prediction, score));
}

function hingeAt(site: Site, score: unknown, label: unknown): Node {
  // relu, not max(0, ·): relu′(0) = 0 gives the subgradient 0 at the margin y·f = 1,
  // where max would split ½/½
  return relu(sub(1, margin(site, score, label)));
}

function logisticAt(site: Site, score: unknown, label: unknown): Node {
  return softplus(neg(margin(site, score, label)));
}

const site = (where: string): Site => ({ where, prediction: 'score', target: 'label' });

/**
 * The hinge loss max(0, 1 − y·f) of one sample, label y ∈ {−1, 1}, score f.
 * ∂/∂f = −y where y·f < 1, and 0 where y·f ≥ 1 — including exactly at the
 * margin y·f = 1 (the subgradient 0, like relu′(0) = 0).
 * @throws ArgumentError if the label is a number (or constant) other than −1 and 1, or an input is neither a Node nor a number
 * @example
 * ```ts
 * const f = variable('f');
 * evaluate(hingeLoss(f, -1), { f: 0.5 }); // 1.5
 * reverseMode(hingeLoss(f, -1), { f: 0.5 }).gradient.f; // 1
 * reverseMode(hingeLoss(f, 1), { f: 1 }).gradient.f; // 0 (at the margin)
 * ```
 */
export function hingeLoss(score: NodeLike, label: NodeLike): Node {
  return hingeAt(site('hingeLoss'), score, label);
}

/**
 * The logistic loss ln(1 + e^−y·f) of one sample, label y ∈ {−1, 1}, score f
 * (PyTorch's `soft_margin_loss`). Built as softplus(−y·f), and softplus is the
 * stable max(z, 0) + ln(1 + e^−|z|): finite for every finite input, 0 for
 * y·f = 1000 and 1000 for y·f = −1000. ∂/∂f = −y·σ(−y·f).
 * @throws ArgumentError if the label is a number (or constant) other than −1 and 1, or an input is neither a Node nor a number
 * @example
 * ```ts
 * const f = variable('f');
 * evaluate(logisticLoss(f, 1), { f: 0 }); // 0.6931471805599453
 * reverseMode(logisticLoss(f, 1), { f: -1000 }); // { value: 1000, gradient: { f: -1 } }
 * ```
 */
export function logisticLoss(score: NodeLike, label: NodeLike): Node {
  return logisticAt(site('logisticLoss'), score, label);
}

/**
 * The hinge loss over a batch: (1/n)·Σ max(0, 1 − yᵢ·fᵢ) by default (the notes'
 * form), or the sum, or one node per sample. Labels ±1; a bad one is named,
 * as in `labels[3]`.
 * @throws ShapeError if the batch is empty or the lengths differ
 * @throws ArgumentError naming the first label that is a number other than −1 and 1
 * @example
 * ```ts
 * const w = variable('w');
 * const loss = hingeLossBatch([w.mul(2), w.mul(-1)], [1, 1]);
 * evaluate(loss, { w: 0.25 }); // 0.875
 * reverseMode(loss, { w: 0.25 }).gradient.w; // -0.5
 * ```
 */
export const hingeLossBatch: BatchLoss<NodeLike, NodeLike> = batchLoss({
  name: 'hingeLossBatch',
  predictions: 'scores',
  targets: 'labels',
  sample: hingeAt,
});

/**
 * The logistic loss over a batch: (1/n)·Σ ln(1 + e^−yᵢ·fᵢ) by default (the
 * notes' form), or the sum, or one node per sample. Labels ±1.
 * @throws ShapeError if the batch is empty or the lengths differ
 * @throws ArgumentError naming the first label that is a number other than −1 and 1
 * @example
 * ```ts
 * const w = variable('w');
 * const loss = logisticLossBatch([w.mul(1), w.mul(-2)], [1, -1]);
 * evaluate(loss, { w: 0 }); // 0.6931471805599453
 * reverseMode(loss, { w: 0 }).gradient.w; // -0.75
 * ```
 */
export const logisticLossBatch: BatchLoss<NodeLike, NodeLike> = batchLoss({
  name: 'logisticLossBatch',
  predictions: 'scores',
  targets: 'labels',
  sample: logisticAt,
});

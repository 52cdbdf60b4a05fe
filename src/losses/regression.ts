/**
 * Regression losses, comparing a prediction f with a real target y through the
 * residual r = f − y: square (r²), absolute (|r|) and Huber (quadratic near 0,
 * linear beyond δ). Composites of primitives: no derivative rules of their own.
 */
import { ArgumentError, describe } from '../errors.js';
import type { Node, NodeLike } from '../graph/node.js';
import { square, sub } from '../ops/composites.js';
import { abs } from '../ops/abs.js';
import { min } from '../ops/min.js';
import { mul } from '../ops/mul.js';
import { batchLoss, readOptions, type BatchLoss, type Site } from './batch.js';
import { operand } from './labels.js';

/** Options of {@link huberLoss}. */
export interface HuberOptions {
  /** Where the loss turns from quadratic to linear: a finite number > 0 (default 1, as PyTorch and optax). */
  delta?: number;
}

function residual(site: Site, prediction: unknown, target: unknown): Node {
  return sub(operand(site.where, site.prediction, prediction), operand(site.where, site.target, target));
}

function squareAt(site: Site, prediction: unknown, target: unknown): Node {
  return square(residual(site, prediction, target));
}

function l1At(site: Site, prediction: unknown, target: unknown): Node {
  return abs(residual(site, prediction, target));
}

function huberAt(site: Site, prediction: unknown, target: unknown, delta: number): Node {
  // With r = |f − y| and q = min(r, δ): q·(r − ½q) is ½r² for r ≤ δ and δ·(r − ½δ) beyond,
  // with no branch in the graph. Its partials q (by r) and r − q (by q) are exact: for r < δ
  // the gradient is r itself, not δ + (r − δ) rounded to ulps of δ as ½q² + δ·(r − q) would
  // give. At r = δ, min splits ½/½ and both halves give δ: the derivative is continuous.
  const r = abs(residual(site, prediction, target));
  const q = min(r, delta);
  return mul(q, sub(r, mul(0.5, q)));
}

function deltaOf(where: string, options: Record<string, unknown>): number {
  const delta = options.delta ?? 1;
  if (typeof delta !== 'number' || !(delta > 0 && Number.isFinite(delta))) {
    throw new ArgumentError(`${where}: delta must be a finite number > 0, got ${describe(delta)}`);
  }
  return delta;
}

const site = (where: string): Site => ({ where, prediction: 'prediction', target: 'target' });

/**
 * The square loss (f − y)² of one sample: the notes' Square / Euclidean loss.
 * ∂/∂f = 2(f − y). With labels y = ±1 it equals the notes' classification form
 * (1 − y·f)², bit for bit in value and in ∂/∂f (y² = 1), so there is no separate
 * form for it. No ½ in front (as PyTorch's `mse_loss`, not optax's `l2_loss`).
 * Like the other losses it is finite for finite inputs, except where (f − y)²
 * itself exceeds the double range (|f − y| > 1.3e154), where it is +∞.
 * @throws ArgumentError if an input is neither a Node nor a number
 * @example
 * ```ts
 * const f = variable('f');
 * evaluate(squareLoss(f, 1), { f: 3 }); // 4
 * reverseMode(squareLoss(f, 1), { f: 3 }).gradient.f; // 4
 * ```
 */
export function squareLoss(prediction: NodeLike, target: NodeLike): Node {
  return squareAt(site('squareLoss'), prediction, target);
}

/**
 * The absolute (L1) loss |f − y| of one sample; ∂/∂f = sign(f − y), and 0 where f = y
 * (abs′(0) = 0).
 * @throws ArgumentError if an input is neither a Node nor a number
 * @example
 * ```ts
 * const f = variable('f');
 * evaluate(l1Loss(f, 1), { f: -2 }); // 3
 * reverseMode(l1Loss(f, 1), { f: -2 }).gradient.f; // -1
 * ```
 */
export function l1Loss(prediction: NodeLike, target: NodeLike): Node {
  return l1At(site('l1Loss'), prediction, target);
}

/**
 * The Huber loss of one sample, as PyTorch's `huber_loss` and optax's `huber_loss`:
 * ½r² where |r| ≤ δ, δ·(|r| − ½δ) beyond, with r = f − y and δ = `delta`
 * (default 1), built as q·(|r| − ½q) with q = min(|r|, δ). Its derivative, r
 * clipped to [−δ, δ], is continuous, and exactly r near the minimum.
 * @throws ArgumentError if an input is neither a Node nor a number, or delta is not a finite number > 0
 * @example
 * ```ts
 * const f = variable('f');
 * evaluate(huberLoss(f, 0), { f: 0.5 }); // 0.125
 * evaluate(huberLoss(f, 0, { delta: 2 }), { f: 5 }); // 8
 * reverseMode(huberLoss(f, 0), { f: -5 }).gradient.f; // -1
 * ```
 */
export function huberLoss(prediction: NodeLike, target: NodeLike, options?: HuberOptions): Node {
  const where = 'huberLoss';
  return huberAt(site(where), prediction, target, deltaOf(where, readOptions(where, options, ['delta'])));
}

/**
 * The square loss over a batch: (1/n)·Σ(fᵢ − yᵢ)² by default (mean squared error,
 * as PyTorch's `mse_loss`), or the sum, or one node per sample (`reduction`).
 * {@link mse} is the same function.
 * @throws ShapeError if the batch is empty or the lengths differ
 * @example
 * ```ts
 * const [a, b] = [variable('a'), variable('b')];
 * const loss = squareLossBatch([a, b], [1, 2]);
 * evaluate(loss, { a: 2, b: 4 }); // 2.5
 * reverseMode(loss, { a: 2, b: 4 }).gradient; // { a: 1, b: 2 }
 * evaluate(squareLossBatch([a, b], [1, 2], { reduction: 'sum' }), { a: 2, b: 4 }); // 5
 * ```
 */
export const squareLossBatch: BatchLoss<NodeLike, NodeLike> = batchLoss({
  name: 'squareLossBatch',
  predictions: 'predictions',
  targets: 'targets',
  sample: squareAt,
});

/**
 * Mean squared error (1/n)·Σ(fᵢ − yᵢ)²: {@link squareLossBatch} under the name
 * users of PyTorch and Keras look for, with the same `reduction` option.
 * @example
 * ```ts
 * const w = variable('w');
 * const xs = [1, 2, 3], ys = [2, 4, 6];
 * const loss = mse(xs.map((x) => w.mul(x)), ys);
 * evaluate(loss, { w: 1 }); // 4.666666666666666
 * reverseMode(loss, { w: 1 }).gradient.w; // -9.333333333333332
 * ```
 */
export const mse: BatchLoss<NodeLike, NodeLike> = batchLoss({
  name: 'mse',
  predictions: 'predictions',
  targets: 'targets',
  sample: squareAt,
});

/**
 * The absolute (L1) loss over a batch: (1/n)·Σ|fᵢ − yᵢ| by default (PyTorch's
 * `l1_loss`, mean absolute error), or the sum, or one node per sample.
 * @throws ShapeError if the batch is empty or the lengths differ
 * @example
 * ```ts
 * const [a, b] = [variable('a'), variable('b')];
 * evaluate(l1LossBatch([a, b], [1, 2]), { a: 2, b: -1 }); // 2
 * ```
 */
export const l1LossBatch: BatchLoss<NodeLike, NodeLike> = batchLoss({
  name: 'l1LossBatch',
  predictions: 'predictions',
  targets: 'targets',
  sample: l1At,
});

/**
 * The Huber loss over a batch (PyTorch's `huber_loss`): the mean of
 * {@link huberLoss} by default, or the sum, or one node per sample;
 * `delta` (default 1) and `reduction` in one options object.
 * @throws ShapeError if the batch is empty or the lengths differ
 * @throws ArgumentError if delta is not a finite number > 0
 * @example
 * ```ts
 * const [a, b] = [variable('a'), variable('b')];
 * evaluate(huberLossBatch([a, b], [0, 0], { delta: 1 }), { a: 0.5, b: 3 }); // 1.3125
 * ```
 */
export const huberLossBatch: BatchLoss<NodeLike, NodeLike, HuberOptions> = batchLoss<NodeLike, NodeLike, HuberOptions, number>({
  name: 'huberLossBatch',
  predictions: 'predictions',
  targets: 'targets',
  keys: ['delta'],
  configure: deltaOf,
  sample: huberAt,
});

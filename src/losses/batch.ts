/**
 * Losses over a batch: what every batch loss shares. The predictions and the
 * targets are two sequences of one equal, non-zero length; the loss of each
 * sample is built by the per-sample function; the per-sample losses are then
 * reduced as PyTorch's `reduction` argument says: `'mean'` (the default),
 * `'sum'`, or `'none'` (an array with one node per sample).
 */
import { ArgumentError, describe, ShapeError } from '../errors.js';
import type { Node } from '../graph/node.js';
import { mean } from '../ops/composites.js';
import { sum } from '../ops/sum.js';

/**
 * How a batch loss combines its per-sample losses ℓᵢ: `'mean'` → (1/n)·Σℓᵢ
 * (the default, as in PyTorch), `'sum'` → Σℓᵢ, `'none'` → [ℓ₀, …, ℓₙ₋₁].
 */
export type Reduction = 'mean' | 'sum' | 'none';

/** The option every batch loss takes. */
export interface ReductionOptions {
  /** `'mean'` (default), `'sum'` or `'none'`. */
  reduction?: Reduction;
}

/**
 * A loss over a batch: `predictions[i]` is compared with `targets[i]` by the
 * per-sample loss, and the results are reduced to one node (`'mean'`, the
 * default, or `'sum'`) or returned one per sample (`'none'`). `O` is the
 * per-sample loss's own options (Huber's `delta`), given in the same object.
 *
 * The sequences are arrays, or typed arrays for plain-number targets.
 * @throws ArgumentError if an argument is not an array, an option is unknown or invalid, or a label is invalid (the message names it, e.g. `labels[3]`)
 * @throws ShapeError if the batch is empty or the two lengths differ (the message gives both)
 */
export interface BatchLoss<P, T, O extends object = object> {
  (predictions: ArrayLike<P>, targets: ArrayLike<T>, options?: O & { reduction?: 'mean' | 'sum' }): Node;
  (predictions: ArrayLike<P>, targets: ArrayLike<T>, options: O & { reduction: 'none' }): Node[];
  (predictions: ArrayLike<P>, targets: ArrayLike<T>, options?: O & ReductionOptions): Node | Node[];
}

/** Where a per-sample loss is being built, so that errors name the culprit: `label`, or `labels[3]` in a batch. */
export interface Site {
  /** The public function called. */
  readonly where: string;
  /** What to call the prediction (`score`, `scores[3]` …). */
  readonly prediction: string;
  /** What to call the target (`label`, `labels[3]` …). */
  readonly target: string;
}

const reductions: readonly Reduction[] = ['mean', 'sum', 'none'];

/** Checks that `options` is undefined or a plain object with only the given keys; returns it (or {}). */
export function readOptions(where: string, options: unknown, keys: readonly string[]): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ArgumentError(`${where}: options must be an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!keys.includes(key)) throw new ArgumentError(`${where}: unknown option '${key}' (known: ${keys.join(', ')})`);
  }
  return options as Record<string, unknown>;
}

/** An array, or a typed array (for targets given as plain numbers); anything else is an ArgumentError. */
export function sequence<T>(where: string, what: string, xs: ArrayLike<T>): ArrayLike<T> {
  if (Array.isArray(xs) || (ArrayBuffer.isView(xs) && !(xs instanceof DataView))) return xs;
  throw new ArgumentError(`${where}: ${what} must be an array, got ${describe(xs)}`);
}

/** Reduces per-sample losses (at least one) as `reduction` says. */
export function reduce(losses: Node[], reduction: Reduction): Node | Node[] {
  if (reduction === 'none') return losses;
  return reduction === 'sum' ? sum(losses) : mean(losses);
}

/** How to build one batch loss from its per-sample loss. */
export interface BatchSpec<P, T, C> {
  /** The public name, for messages. */
  readonly name: string;
  /** The names of the two sequences, for messages (`scores`, `labels` …). */
  readonly predictions: string;
  readonly targets: string;
  /** The per-sample loss's option keys (besides `reduction`). */
  readonly keys?: readonly string[];
  /** Reads and checks the per-sample options once for the whole batch. */
  readonly configure?: (where: string, options: Record<string, unknown>) => C;
  /** The loss of sample i. */
  readonly sample: (site: Site, prediction: P, target: T, config: C) => Node;
}

/**
 * Makes the batch form of a per-sample loss: checks the two sequences (arrays,
 * equal length, not empty) and the options, builds one loss per sample with a
 * {@link Site} naming `predictions[i]` and `targets[i]`, and reduces.
 */
export function batchLoss<P, T, O extends object, C = undefined>(spec: BatchSpec<P, T, C>): BatchLoss<P, T, O> {
  const { name: where, keys = [] } = spec;
  const known = [...keys, 'reduction'];
  function loss(predictions: ArrayLike<P>, targets: ArrayLike<T>, options?: O & ReductionOptions): Node | Node[] {
    const o = readOptions(where, options, known);
    const reduction = o.reduction ?? 'mean';
    if (!reductions.includes(reduction as Reduction)) {
      throw new ArgumentError(`${where}: reduction must be 'mean', 'sum' or 'none', got ${describe(reduction)}`);
    }
    const ps = sequence(where, spec.predictions, predictions);
    const ts = sequence(where, spec.targets, targets);
    if (ps.length !== ts.length) {
      throw new ShapeError(
        `${where}: ${spec.predictions} has length ${ps.length} but ${spec.targets} has length ${ts.length}; they must match (one per sample)`,
      );
    }
    if (ps.length === 0) throw new ShapeError(`${where}: the batch is empty (${spec.predictions} and ${spec.targets} have length 0)`);
    const config = spec.configure ? spec.configure(where, o) : (undefined as C);
    const losses = new Array<Node>(ps.length);
    for (let i = 0; i < ps.length; i++) {
      const site = { where, prediction: `${spec.predictions}[${i}]`, target: `${spec.targets}[${i}]` };
      losses[i] = spec.sample(site, ps[i], ts[i], config);
    }
    return reduce(losses, reduction as Reduction);
  }
  return loss as BatchLoss<P, T, O>;
}

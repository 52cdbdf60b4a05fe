/**
 * Losses over a batch: what every batch loss shares. The predictions and the
 * targets are two sequences of one equal, non-zero length; the loss of each
 * sample is built by the per-sample function; the per-sample losses are then
 * reduced as PyTorch's `reduction` argument says: `'mean'` (the default),
 * `'sum'`, or `'none'` (an array with one node per sample).
 */
import { ArgumentError, describe, ShapeError } from '../errors.js';
import { type ArrayNode, constant, fromNested, Node } from '../graph/node.js';
import { formatShape, sameShape, type Shape } from '../graph/shape.js';
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
  (predictions: ArrayNode, targets: Node | ArrayLike<number> | readonly (readonly number[])[], options?: O & { reduction?: 'mean' | 'sum' }): Node;
  (predictions: ArrayNode, targets: Node | ArrayLike<number> | readonly (readonly number[])[], options: O & { reduction: 'none' }): ArrayNode;
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

/** Reduces per-sample losses (at least one; or one array node of them) as `reduction` says. */
export function reduce(losses: Node[] | Node, reduction: Reduction): Node | Node[] {
  if (reduction === 'none') return losses;
  if (losses instanceof Node) return reduction === 'sum' ? sum(losses) : mean(losses);
  return reduction === 'sum' ? sum(losses) : mean(losses);
}

/**
 * Targets given for an array of predictions, as a node of `shape`: a node of
 * that shape, or numbers (flat, a typed array, or nested arrays) filling it.
 */
export function arrayTargets(where: string, what: string, targets: unknown, shape: Shape): Node {
  if (targets instanceof Node) {
    if (!sameShape(targets.shape, shape)) throw new ShapeError(`${where}: ${what} has shape ${formatShape(targets.shape)}, the predictions ${formatShape(shape)}`);
    return targets;
  }
  let data: Float64Array;
  if (ArrayBuffer.isView(targets) && !(targets instanceof DataView)) data = Float64Array.from(targets as unknown as ArrayLike<number>);
  else if (Array.isArray(targets)) data = fromNested(`${where}: ${what}`, targets).data;
  else throw new ArgumentError(`${where}: ${what} must be a node or an array of numbers, got ${describe(targets)}`);
  const size = shape.reduce((p, d) => p * d, 1);
  if (data.length !== size) throw new ShapeError(`${where}: ${what} has ${data.length} values, the predictions ${formatShape(shape)} need ${size}`);
  return constant(data, shape);
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
  /**
   * The per-sample losses of an array of predictions, as one array node. By
   * default `sample` applied elementwise, the targets filling the predictions' shape.
   */
  readonly arrays?: (site: Site, predictions: Node, targets: unknown, config: C) => Node;
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
    const config0 = () => (spec.configure ? spec.configure(where, o) : (undefined as C));
    if (predictions instanceof Node) {
      if (predictions.shape.length === 0) {
        throw new ShapeError(`${where}: ${spec.predictions} is a scalar node; pass an array node (one entry per sample) or an array of nodes`);
      }
      const site = { where, prediction: spec.predictions, target: spec.targets };
      const losses = spec.arrays
        ? spec.arrays(site, predictions, targets, config0())
        : spec.sample(site, predictions as P, arrayTargets(where, spec.targets, targets, predictions.shape) as T, config0());
      return reduce(losses, reduction as Reduction);
    }
    const ps = sequence(where, spec.predictions, predictions);
    const ts = sequence(where, spec.targets, targets);
    if (ps.length !== ts.length) {
      throw new ShapeError(
        `${where}: ${spec.predictions} has length ${ps.length} but ${spec.targets} has length ${ts.length}; they must match (one per sample)`,
      );
    }
    if (ps.length === 0) throw new ShapeError(`${where}: the batch is empty (${spec.predictions} and ${spec.targets} have length 0)`);
    const config = config0();
    const losses = new Array<Node>(ps.length);
    for (let i = 0; i < ps.length; i++) {
      const site = { where, prediction: `${spec.predictions}[${i}]`, target: `${spec.targets}[${i}]` };
      losses[i] = spec.sample(site, ps[i], ts[i], config);
    }
    return reduce(losses, reduction as Reduction);
  }
  return loss as BatchLoss<P, T, O>;
}

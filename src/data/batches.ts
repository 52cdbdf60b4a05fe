/**
 * Mini-batches: each epoch visits every row exactly once, in an order fixed by
 * (seed, epoch), cut into batches of `batchSize` rows (the last one smaller,
 * unless `dropLast`).
 * @module
 */
import { ArgumentError } from '../errors.js';
import { boolean, integer, readOptions } from './checks.js';
import { checkDataset, selectRows, type ClassificationDataset, type Dataset } from './dataset.js';
import { randomFor } from './random.js';

/** Options of {@link batches} and {@link batchIndices}. */
export interface MiniBatchOptions {
  /** Rows per batch (≥ 1). */
  batchSize: number;
  /** Any safe integer (default 0). */
  seed?: number;
  /**
   * The epoch number (default 0): each epoch has its own order, and the order of
   * epoch e does not depend on the epochs before it, so training can resume.
   */
  epoch?: number;
  /** Visit the rows in a seeded random order (default true), or in their order. */
  shuffle?: boolean;
  /** Leave out the last, smaller batch (default false). */
  dropLast?: boolean;
}

/** One mini-batch: a dataset of the selected rows, and which rows they were. */
export type MiniBatch<D extends Dataset = Dataset> = (D extends ClassificationDataset ? ClassificationDataset : Dataset<D['labels']>) & {
  /** Row indices into the full dataset, in batch order. */
  readonly indices: Int32Array;
  /** The batch's number within the epoch (0, 1, …). */
  readonly batch: number;
};

const KEYS = ['batchSize', 'seed', 'epoch', 'shuffle', 'dropLast'];
const ORDER_KEYS = ['seed', 'epoch', 'shuffle'];

/** Options of {@link epochOrder}: the order-related options of {@link MiniBatchOptions}. */
export type EpochOptions = Pick<MiniBatchOptions, 'seed' | 'epoch' | 'shuffle'>;

/**
 * The order in which an epoch visits the rows: a permutation of 0 … n−1 fixed
 * by (seed, epoch), or 0 … n−1 itself with `shuffle: false`. The batches of
 * {@link batchIndices} and {@link batches} are consecutive runs of this order.
 * @example
 * ```ts
 * import { epochOrder } from 'wengert';
 * epochOrder(5, { seed: 1, epoch: 3 }); // Int32Array: 0 … 4 in the order of epoch 3
 * ```
 */
export function epochOrder(n: number, options?: EpochOptions): Int32Array {
  const where = 'epochOrder';
  return order(where, integer(where, 'n', n, 0, 2 ** 31 - 1), readOptions(where, options, ORDER_KEYS));
}

function order(where: string, n: number, o: EpochOptions): Int32Array {
  const epoch = o.epoch === undefined ? 0 : integer(where, 'epoch', o.epoch, 0, 2 ** 32 - 1);
  if (o.shuffle === undefined || boolean(where, 'shuffle', o.shuffle)) return randomFor(where, o.seed, epoch).permutation(n);
  const ord = new Int32Array(n);
  for (let i = 0; i < n; i++) ord[i] = i;
  return ord;
}

/**
 * The row indices of each mini-batch of one epoch over n rows: views into one
 * {@link epochOrder} (no copying; together they cover every row once).
 * Options are checked at the call, not at the first iteration.
 * @throws ArgumentError if an option is invalid
 * @example
 * ```ts
 * import { batchIndices } from 'wengert';
 * for (const idx of batchIndices(10, { batchSize: 4, seed: 0 })) console.log(idx.length); // 4, 4, 2
 * ```
 */
export function batchIndices(n: number, options: MiniBatchOptions): Generator<Int32Array, void, undefined> {
  return indexBatches('batchIndices', n, options);
}

function indexBatches(where: string, n: number, options: MiniBatchOptions): Generator<Int32Array, void, undefined> {
  integer(where, 'n', n, 0, 2 ** 31 - 1);
  const o = readOptions(where, options, KEYS);
  if (options === undefined) throw new ArgumentError(`${where}: options { batchSize } are required`);
  const size = integer(where, 'batchSize', o.batchSize, 1);
  const dropLast = o.dropLast === undefined ? false : boolean(where, 'dropLast', o.dropLast);
  const ord = order(where, n, o);
  return (function* () {
    for (let start = 0; start < n; start += size) {
      const end = Math.min(start + size, n);
      if (dropLast && end - start < size) return;
      yield ord.subarray(start, end);
    }
  })();
}

/**
 * The mini-batches of one epoch over a dataset, each a small dataset (rows
 * copied) with the indices of its rows. Every row appears in exactly one batch
 * of the epoch (unless `dropLast` leaves out the remainder). Options are
 * checked at the call.
 * @throws ArgumentError if an option is invalid
 * @example
 * ```ts
 * import { makeMoons, batches } from 'wengert';
 * const ds = makeMoons(100, { noise: 0.1, seed: 0 });
 * for (let epoch = 0; epoch < 3; epoch++) {
 *   for (const b of batches(ds, { batchSize: 32, seed: 0, epoch })) {
 *     // b.features: b.rows × 2 values, b.labels: b.rows class indices
 *   }
 * }
 * ```
 */
export function batches<D extends Dataset>(ds: D, options: MiniBatchOptions): Generator<MiniBatch<D>, void, undefined> {
  checkDataset('batches', ds);
  const idx = indexBatches('batches', ds.rows, options);
  return (function* () {
    let k = 0;
    for (const indices of idx) yield { ...selectRows(ds, indices), indices, batch: k++ } as MiniBatch<D>;
  })();
}

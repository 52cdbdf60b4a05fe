/**
 * Standardization (z-scores): each feature shifted by its mean and divided by
 * its standard deviation, both fitted on the training data only and then
 * applied unchanged to any other data — as scikit-learn's `StandardScaler`.
 * @module
 */
import { ArgumentError, describe, ShapeError } from '../errors.js';
import { checkDataset, withMeta, type ClassificationDataset, type Dataset } from './dataset.js';

/** The per-feature statistics of a fitted standardization. */
export interface Standardization {
  /** The mean of each feature over the fitted rows (length cols). */
  readonly mean: Float64Array;
  /**
   * The population standard deviation (divisor n, like `StandardScaler`) of
   * each feature; a constant feature gets 1, so it maps to 0 instead of NaN.
   */
  readonly std: Float64Array;
}

/** A dataset of the same kind as D (classification stays classification). */
type Same<D extends Dataset> = D extends ClassificationDataset ? ClassificationDataset : Dataset<D['labels']>;

/**
 * The mean and standard deviation of every feature of `ds` (two passes over the
 * data, for accuracy).
 * @throws ShapeError if the dataset has no rows
 * @example
 * ```ts
 * import { createDataset, fitStandardization } from 'wengert';
 * const { mean, std } = fitStandardization(createDataset({ features: [1, 2, 3], cols: 1, labels: [0, 0, 0] }));
 * mean; // Float64Array [2]
 * std;  // Float64Array [0.816…] (√(2/3))
 * ```
 */
export function fitStandardization(ds: Dataset): Standardization {
  checkDataset('fitStandardization', ds);
  const { rows, cols, features: x } = ds;
  if (rows === 0) throw new ShapeError('fitStandardization: the dataset has no rows');
  const mean = new Float64Array(cols);
  const std = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j] += x[i * cols + j];
  for (let j = 0; j < cols; j++) mean[j] /= rows;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const d = x[i * cols + j] - mean[j];
      std[j] += d * d;
    }
  }
  for (let j = 0; j < cols; j++) {
    const s = Math.sqrt(std[j] / rows);
    std[j] = s > 0 ? s : 1;
  }
  return { mean, std };
}

/**
 * A copy of `ds` with every feature standardized by fitted statistics:
 * (x − mean) / std. Labels are shared, not copied.
 * @throws ShapeError if the statistics have a different number of features
 * @example
 * ```ts
 * import { createDataset, applyStandardization } from 'wengert';
 * const ds = createDataset({ features: [10, 20], cols: 1, labels: [0, 1], classes: 2 });
 * applyStandardization(ds, { mean: new Float64Array([15]), std: new Float64Array([5]) }).features; // Float64Array [-1, 1]
 * ```
 */
export function applyStandardization<D extends Dataset>(ds: D, stats: Standardization): Same<D>;
export function applyStandardization(ds: Dataset, stats: Standardization): Dataset {
  checkDataset('applyStandardization', ds);
  const { rows, cols, features: x } = ds;
  if (stats === null || typeof stats !== 'object' || !(stats.mean instanceof Float64Array) || !(stats.std instanceof Float64Array)) {
    throw new ArgumentError(`applyStandardization: stats is ${describe(stats)}, expected { mean, std } (two Float64Arrays, as fitStandardization returns)`);
  }
  const { mean, std } = stats;
  if (mean.length !== cols || std.length !== cols) {
    throw new ShapeError(`applyStandardization: the statistics have ${mean.length} means and ${std.length} standard deviations for ${cols} features`);
  }
  const features = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) features[i * cols + j] = (x[i * cols + j] - mean[j]) / std[j];
  return withMeta({ features, rows, cols, labels: ds.labels }, ds);
}

/**
 * Standardizes a train set and, with the same statistics (fitted on `train`
 * only, so nothing leaks from the test data), a test set.
 * @example
 * ```ts
 * import { trainTestSplit, standardize } from 'wengert';
 * import { loadIris } from 'wengert/datasets';
 * const split = trainTestSplit(await loadIris(), { seed: 0, stratify: true });
 * const { train, test, mean, std } = standardize(split.train, split.test);
 * // each column of train.features now has mean 0 and standard deviation 1
 * ```
 */
export function standardize<D extends Dataset>(train: D): Standardization & { train: Same<D> };
export function standardize<D extends Dataset, T extends Dataset>(train: D, test: T): Standardization & { train: Same<D>; test: Same<T> };
export function standardize(train: Dataset, test?: Dataset): Standardization & { train: Dataset; test?: Dataset } {
  const stats = fitStandardization(train);
  const out: Standardization & { train: Dataset; test?: Dataset } = { ...stats, train: applyStandardization(train, stats) };
  if (test !== undefined) out.test = applyStandardization(test, stats);
  return out;
}

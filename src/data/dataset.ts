/**
 * The `Dataset` type: a table of samples (rows) × features (columns) in one
 * row-major Float64Array, with one label per row — a class index (Int32Array)
 * for classification, a real target (Float64Array) for regression — and the
 * row-level operations on it: create, select rows, shuffle, count classes.
 * @module
 */
import { ArgumentError, describe, ShapeError } from '../errors.js';
import { integer } from './checks.js';
import { randomFor } from './random.js';

/** One label per row: class indices (Int32Array) or real-valued targets (Float64Array). */
export type LabelArray = Int32Array | Float64Array;

/**
 * A table of samples: `rows` samples × `cols` features in `features`
 * (row-major: feature j of sample i is `features[i * cols + j]`) and one label
 * per sample in `labels`.
 *
 * The object is plain data: it serializes to JSON (after `Array.from` of the
 * typed arrays) and any function here returns a new one rather than editing it.
 */
export interface Dataset<L extends LabelArray = LabelArray> {
  /** rows × cols values, row-major. */
  readonly features: Float64Array;
  /** The number of samples. */
  readonly rows: number;
  /** The number of features per sample. */
  readonly cols: number;
  /** One label per sample: a class index in [0, classes) or a real target. */
  readonly labels: L;
  /** For classification: the number of classes (labels are 0 … classes−1). */
  readonly classes?: number;
  /** Optional names of the columns (length cols). */
  readonly featureNames?: readonly string[];
  /** Optional names of the classes (length classes). */
  readonly classNames?: readonly string[];
}

/** A dataset whose labels are class indices 0 … classes−1. */
export interface ClassificationDataset extends Dataset<Int32Array> {
  readonly classes: number;
}

/** A dataset whose labels are real-valued targets. */
export type RegressionDataset = Dataset<Float64Array>;

/** What {@link createDataset} accepts. */
export interface DatasetInit {
  /**
   * The samples: an array of rows (`[[x₀₀, x₀₁], [x₁₀, x₁₁], …]`), or a flat
   * row-major array (then `cols` is required). A Float64Array is used as it is,
   * not copied.
   */
  features: ArrayLike<number> | ArrayLike<ArrayLike<number>>;
  /** One label per sample. An Int32Array, or `classes` given, means class indices. */
  labels: ArrayLike<number>;
  /** The number of features, required when `features` is flat. */
  cols?: number;
  /** The number of classes: labels must be integers in [0, classes). */
  classes?: number;
  featureNames?: readonly string[];
  classNames?: readonly string[];
}

const INIT_KEYS = ['features', 'labels', 'cols', 'classes', 'featureNames', 'classNames'];

/**
 * Builds a checked {@link Dataset}. With `classes` (or Int32Array labels, in
 * which case classes = max label + 1) it is a classification dataset whose
 * labels are an Int32Array of class indices; otherwise a regression dataset
 * whose labels are a Float64Array.
 *
 * @throws ShapeError if the lengths disagree (the message gives both)
 * @throws ArgumentError if a value is not finite, a label is not a class index, or an option is invalid (the message names the row and column)
 * @example
 * ```ts
 * import { createDataset } from 'wengert';
 * const ds = createDataset({ features: [[0, 0], [0, 1], [1, 0], [1, 1]], labels: [0, 1, 1, 0], classes: 2 });
 * ds.rows; // 4
 * ds.cols; // 2
 * ds.labels; // Int32Array [0, 1, 1, 0]
 * const reg = createDataset({ features: [1, 2, 3], cols: 1, labels: [2.5, 4.5, 6.5] });
 * reg.labels; // Float64Array [2.5, 4.5, 6.5]
 * ```
 */
export function createDataset(init: DatasetInit & { classes: number }): ClassificationDataset;
export function createDataset(init: DatasetInit & { labels: Int32Array }): ClassificationDataset;
export function createDataset(init: DatasetInit): Dataset;
export function createDataset(init: DatasetInit): Dataset {
  const where = 'createDataset';
  if (typeof init !== 'object' || init === null) throw new ArgumentError(`${where}: expected an object { features, labels, … }, got ${describe(init)}`);
  for (const key of Object.keys(init)) {
    if (!INIT_KEYS.includes(key)) throw new ArgumentError(`${where}: unknown field '${key}' (known: ${INIT_KEYS.join(', ')})`);
  }
  const { features: raw, labels: rawLabels } = init;
  if (!isArrayLike(raw)) throw new ArgumentError(`${where}: features is ${describe(raw)}, expected an array`);
  if (!isArrayLike(rawLabels)) throw new ArgumentError(`${where}: labels is ${describe(rawLabels)}, expected an array`);

  let features: Float64Array;
  let rows: number;
  let cols: number;
  if (raw.length > 0 && typeof raw[0] !== 'number') {
    // an array of rows
    const table = raw as ArrayLike<ArrayLike<number>>;
    rows = table.length;
    cols = init.cols !== undefined ? integer(where, 'cols', init.cols, 1) : isArrayLike(table[0]) ? table[0].length : -1;
    features = new Float64Array(rows * Math.max(cols, 0));
    for (let i = 0; i < rows; i++) {
      const r = table[i];
      if (!isArrayLike(r)) throw new ArgumentError(`${where}: features[${i}] is ${describe(r)}, expected an array of numbers`);
      if (r.length !== cols) throw new ShapeError(`${where}: features[${i}] has ${r.length} values, expected ${cols} (the width of the first row)`);
      for (let j = 0; j < cols; j++) features[i * cols + j] = r[j];
    }
  } else {
    if (init.cols === undefined) throw new ArgumentError(`${where}: features is a flat array, so cols (the number of features) is required`);
    cols = integer(where, 'cols', init.cols, 1);
    const flat = raw as ArrayLike<number>;
    if (flat.length % cols !== 0) throw new ShapeError(`${where}: features has ${flat.length} values, not a multiple of cols = ${cols}`);
    rows = flat.length / cols;
    features = flat instanceof Float64Array ? flat : Float64Array.from(flat);
  }
  for (let k = 0; k < features.length; k++) {
    const v = features[k];
    if (!Number.isFinite(v)) {
      throw new ArgumentError(`${where}: feature ${k % cols} of row ${Math.floor(k / cols)} is ${describe(v)}, expected a finite number`);
    }
  }
  if (rawLabels.length !== rows) throw new ShapeError(`${where}: ${rawLabels.length} labels for ${rows} rows`);

  let labels: LabelArray;
  let classes: number | undefined;
  if (init.classes !== undefined || rawLabels instanceof Int32Array) {
    labels = rawLabels instanceof Int32Array ? rawLabels : new Int32Array(rows);
    let max = -1;
    for (let i = 0; i < rows; i++) {
      const y = rawLabels[i];
      if (!Number.isInteger(y) || y < 0 || (init.classes !== undefined && y >= init.classes)) {
        const range = init.classes === undefined ? 'an integer ≥ 0' : `a class index in [0, ${init.classes})`;
        throw new ArgumentError(`${where}: labels[${i}] is ${describe(y)}, expected ${range}`);
      }
      labels[i] = y;
      if (y > max) max = y;
    }
    classes = init.classes === undefined ? max + 1 : integer(where, 'classes', init.classes, 1);
  } else {
    labels = rawLabels instanceof Float64Array ? rawLabels : Float64Array.from(rawLabels);
    for (let i = 0; i < rows; i++) {
      if (!Number.isFinite(labels[i])) throw new ArgumentError(`${where}: labels[${i}] is ${describe(labels[i])}, expected a finite number`);
    }
  }
  if (init.featureNames !== undefined && init.featureNames.length !== cols) {
    throw new ShapeError(`${where}: ${init.featureNames.length} feature names for ${cols} columns`);
  }
  if (init.classNames !== undefined && (classes === undefined || init.classNames.length !== classes)) {
    throw new ShapeError(`${where}: ${init.classNames.length} class names for ${classes ?? 'no'} classes`);
  }
  return withMeta({ features, rows, cols, labels }, { classes, featureNames: init.featureNames, classNames: init.classNames });
}

/** Adds the optional fields that are defined (so that they do not appear as `undefined` keys). */
export function withMeta<D extends Dataset>(base: Dataset, meta: Pick<Dataset, 'classes' | 'featureNames' | 'classNames'>): D {
  const out: { -readonly [K in keyof Dataset]: Dataset[K] } = { ...base };
  if (meta.classes !== undefined) out.classes = meta.classes;
  if (meta.featureNames !== undefined) out.featureNames = meta.featureNames;
  if (meta.classNames !== undefined) out.classNames = meta.classNames;
  return out as D;
}

function isArrayLike(x: unknown): x is ArrayLike<unknown> {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
}

/** Checks that `ds` looks like a Dataset (internal; `where` names the caller). */
export function checkDataset(where: string, ds: unknown, what = 'dataset'): asserts ds is Dataset {
  const d = ds as Dataset;
  if (typeof ds !== 'object' || ds === null || !(d.features instanceof Float64Array) || !(d.labels instanceof Int32Array || d.labels instanceof Float64Array)) {
    throw new ArgumentError(`${where}: ${what} is ${describe(ds)}, expected a Dataset { features: Float64Array, rows, cols, labels }`);
  }
  if (d.features.length !== d.rows * d.cols || d.labels.length !== d.rows) {
    throw new ShapeError(`${where}: ${what} has ${d.features.length} feature values and ${d.labels.length} labels for rows = ${d.rows}, cols = ${d.cols}`);
  }
}

/** Checks that `ds` is a classification dataset (Int32Array labels and a class count). */
export function checkClassification(where: string, ds: Dataset, what = 'dataset'): asserts ds is ClassificationDataset {
  if (!(ds.labels instanceof Int32Array) || ds.classes === undefined) {
    throw new ArgumentError(`${where}: ${what} has no classes (its labels are real-valued targets), expected a classification dataset`);
  }
}

/**
 * The features of row `i`, as a view into `ds.features` (no copy: writing to it
 * changes the dataset).
 * @throws ArgumentError if i is not a row index
 * @example
 * ```ts
 * import { xor, getRow } from 'wengert';
 * getRow(xor(), 2); // Float64Array [1, 0]
 * ```
 */
export function getRow(ds: Dataset, i: number): Float64Array {
  checkDataset('getRow', ds);
  integer('getRow', 'i', i, 0, ds.rows - 1);
  return ds.features.subarray(i * ds.cols, (i + 1) * ds.cols);
}

/**
 * A new dataset made of the given rows, in the given order (repeats allowed).
 * Features and labels are copied; classes and names are kept.
 * @throws ArgumentError if an index is not a row index (the message names its position)
 * @example
 * ```ts
 * import { xor, selectRows } from 'wengert';
 * const firstAndLast = selectRows(xor(), [0, 3]);
 * firstAndLast.labels; // Int32Array [0, 0]
 * ```
 */
export function selectRows<D extends Dataset>(ds: D, indices: ArrayLike<number>): D extends ClassificationDataset ? ClassificationDataset : Dataset<D['labels']>;
export function selectRows(ds: Dataset, indices: ArrayLike<number>): Dataset {
  checkDataset('selectRows', ds);
  if (!isArrayLike(indices)) throw new ArgumentError(`selectRows: indices is ${describe(indices)}, expected an array of row indices`);
  const { cols, rows } = ds;
  const n = indices.length;
  const features = new Float64Array(n * cols);
  const labels = ds.labels instanceof Int32Array ? new Int32Array(n) : new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = indices[k];
    if (!Number.isInteger(i) || i < 0 || i >= rows) throw new ArgumentError(`selectRows: indices[${k}] is ${describe(i)}, expected a row index in [0, ${rows})`);
    labels[k] = ds.labels[i];
    if (cols === 1) features[k] = ds.features[i];
    else features.set(ds.features.subarray(i * cols, (i + 1) * cols), k * cols);
  }
  return withMeta({ features, rows: n, cols, labels }, ds);
}

/**
 * A copy of the dataset with its rows in a seeded random order.
 * @param seed any safe integer (default 0): the same seed gives the same order
 * @example
 * ```ts
 * import { makeMoons, shuffleRows } from 'wengert';
 * const ds = shuffleRows(makeMoons(100, { shuffle: false }), 7); // the classes are now mixed
 * ```
 */
export function shuffleRows<D extends Dataset>(ds: D, seed = 0): D extends ClassificationDataset ? ClassificationDataset : Dataset<D['labels']> {
  checkDataset('shuffleRows', ds);
  return selectRows(ds, randomFor('shuffleRows', seed).permutation(ds.rows));
}

/**
 * How many samples each class has: an Int32Array of length `ds.classes`.
 * @throws ArgumentError if the dataset has no classes
 * @example
 * ```ts
 * import { classCounts } from 'wengert';
 * import { loadIris } from 'wengert/datasets';
 * classCounts(await loadIris()); // Int32Array [50, 50, 50]
 * ```
 */
export function classCounts(ds: Dataset): Int32Array {
  checkDataset('classCounts', ds);
  checkClassification('classCounts', ds);
  const counts = new Int32Array(ds.classes);
  for (let i = 0; i < ds.rows; i++) counts[ds.labels[i]]++;
  return counts;
}

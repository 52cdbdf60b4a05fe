/**
 * The playground's computations without a browser: its datasets (seeded, two
 * balanced classes), the network panel's training run and the gradient it
 * shows for a weight, checked against a centered difference of the mean
 * training loss. The page itself is test/playground.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { lossProgram, MLP } from '../src/index.js';
import { DATASETS, generate, split } from '../playground/src/datasets.js';
import { trainLive, type Progress, type TrainSettings } from '../playground/src/training.js';

describe("the playground's datasets", () => {
  it.each(DATASETS)('%s: 400 points in two balanced classes, the same for the same seed, others for another', (name) => {
    const a = generate({ name, n: 400, noise: 0.1, seed: 3 });
    const b = generate({ name, n: 400, noise: 0.1, seed: 3 });
    const c = generate({ name, n: 400, noise: 0.1, seed: 4 });
    expect([a.rows, a.cols, a.classes]).toEqual([400, 2, 2]);
    expect(a.features).toEqual(b.features);
    expect(a.labels).toEqual(b.labels);
    expect(a.features).not.toEqual(c.features);
    const ones = a.labels.reduce((s, l) => s + l, 0);
    expect(Math.abs(ones - 200)).toBeLessThanOrEqual(name === 'xor' ? 40 : 1);
    expect(a.features.every(Number.isFinite)).toBe(true);
  });

  it('rejects a bad size or noise with a message naming it', () => {
    expect(() => generate({ name: 'moons', n: 3, noise: 0.1, seed: 0 })).toThrow(/number of points/);
    expect(() => generate({ name: 'circles', n: 100, noise: -1, seed: 0 })).toThrow(/noise/);
  });
});

describe("the network panel's training run", () => {
  const settings: TrainSettings = {
    data: { name: 'moons', n: 400, noise: 0.1, seed: 0 },
    hidden: [8, 8],
    activation: 'tanh',
    optimizer: 'adam',
    learningRate: 0.03,
    batchSize: 32,
    epochs: 300,
    seed: 0,
  };

  it('trains moons (the page defaults) to ≥ 97 % test accuracy, reporting as it goes; the shown gradient is the mean loss gradient', () => {
    const reports: Progress[] = [];
    let names: readonly string[] = [];
    const last = trainLive(settings, (p) => (names = p.names), (p) => reports.push(p), 0);
    expect(last.done).toBe(true);
    expect(last.epoch).toBe(300);
    expect(last.testAccuracy).toBeGreaterThanOrEqual(0.97);
    // every epoch's loss reported once, in order
    expect(reports.flatMap((r) => r.losses)).toHaveLength(300);
    expect(reports.map((r) => r.epoch)).toEqual([...reports.map((r) => r.epoch)].sort((a, b) => a - b));
    const model = new MLP([2, 8, 8, 1], { seed: 0 });
    expect(names).toHaveLength(model.params.length);
    expect(names.slice(0, 3)).toEqual(['W1[0][0]', 'W1[0][1]', 'W1[1][0]']);
    expect(names[names.length - 1]).toBe('b3[0]');

    // ∂(mean training loss)/∂θₖ against a centered difference, for a weight of each layer
    const { train } = split(settings.data);
    const loss = lossProgram(model, 'sigmoid-cross-entropy');
    const P = model.params.length;
    const meanLoss = (params: Float64Array) => {
      const sample = new Float64Array(P + 3);
      sample.set(params);
      let sum = 0;
      for (let r = 0; r < train.rows; r++) {
        sample.set([train.features[2 * r], train.features[2 * r + 1], train.labels[r]], P);
        sum += loss.evaluate(sample)[0];
      }
      return sum / train.rows;
    };
    const early = reports[0];
    for (const k of [0, names.indexOf('W2[3][5]'), names.indexOf('b3[0]')]) {
      const h = 1e-5;
      const up = Float64Array.from(early.params);
      const down = Float64Array.from(early.params);
      up[k] += h;
      down[k] -= h;
      const numeric = (meanLoss(up) - meanLoss(down)) / (2 * h);
      expect(Math.abs(early.gradient[k] - numeric)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(numeric)));
    }
  });

  it('refuses settings it cannot train, naming them', () => {
    expect(() => trainLive({ ...settings, hidden: [0] }, () => {}, () => {})).toThrow(/hidden layers/);
    expect(() => trainLive({ ...settings, learningRate: 0 }, () => {}, () => {})).toThrow(/learning rate/);
    expect(() => trainLive({ ...settings, epochs: 1.5 }, () => {}, () => {})).toThrow(/epochs/);
  });
});

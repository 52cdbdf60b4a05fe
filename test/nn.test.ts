import { describe, expect, it } from 'vitest';
import {
  accuracy,
  adam,
  ArgumentError,
  classify,
  loadModel,
  makeMoons,
  MLP,
  neuron,
  saveModel,
  ShapeError,
  standardize,
  train,
  trainTestSplit,
  xor,
} from '../src/index.js';
import { loadIris } from '../src/data/datasets.js';

describe('models', () => {
  it('parameters live in one Float64Array with named views per layer', () => {
    const model = new MLP([2, 3, 1], { seed: 1 });
    expect(model.params.length).toBe(2 * 3 + 3 + 3 + 1);
    expect(model.layers[0].weights.buffer).toBe(model.params.buffer);
    model.layers[1].biases[0] = 7;
    expect(model.params[model.params.length - 1]).toBe(7);
    expect(model.layers.map((l) => l.activation)).toEqual(['tanh', 'identity']);
  });

  it('seeded initializers: the same seed gives the same weights; Glorot stays within its limit', () => {
    const a = new MLP([4, 5, 2], { seed: 9 });
    const b = new MLP([4, 5, 2], { seed: 9 });
    expect(Array.from(a.params)).toEqual(Array.from(b.params));
    expect(Array.from(new MLP([4, 5, 2], { seed: 10 }).params)).not.toEqual(Array.from(a.params));
    const limit = Math.sqrt(6 / 9);
    expect(a.layers[0].weights.every((w) => Math.abs(w) <= limit)).toBe(true);
    const he = new MLP([400, 300], { init: 'he', seed: 1 }).layers[0].weights;
    const variance = he.reduce((s, w) => s + w * w, 0) / he.length;
    expect(variance).toBeCloseTo(2 / 400, 3);
  });

  it("the notes' sigmoid neuron, as a model", () => {
    const n = neuron(1, 'sigmoid');
    n.params.set([2, 1]);
    expect(n.predict([3])[0]).toBe(0.9990889488055994);
  });

  it('save to JSON and load back bit for bit, −0 and NaN included', () => {
    const model = new MLP([3, 4, 2], { activation: 'relu', seed: 5 });
    model.params[0] = -0;
    model.params[1] = NaN;
    const copy = loadModel(saveModel(model));
    expect(copy.sizes).toEqual(model.sizes);
    expect(copy.activation).toBe('relu');
    expect(Array.from(copy.params).every((p, i) => Object.is(p, model.params[i]))).toBe(true);
    expect(() => loadModel('{"format":"other"}')).toThrow(ArgumentError);
    expect(() => loadModel({ ...JSON.parse(saveModel(model)), sizes: [3, 4, 3] })).toThrow(ShapeError);
    expect(() => loadModel('not json')).toThrow(/not JSON/);
  });

  it('typed errors for bad sizes, activations and inputs', () => {
    expect(() => new MLP([2])).toThrow(ArgumentError);
    expect(() => new MLP([2, 0])).toThrow(/sizes\[1\]/);
    expect(() => new MLP([2, 1], { activation: 'gelu' as 'tanh' })).toThrow(/activation/);
    expect(() => new MLP([2, 1]).predict([1, 2, 3])).toThrow(ShapeError);
  });
});

describe('training (must show)', () => {
  it('XOR at 100% accuracy', () => {
    const data = xor();
    const model = new MLP([2, 8, 1], { seed: 3 });
    train(model, data, { loss: 'sigmoid-cross-entropy', optimizer: adam({ learningRate: 0.05 }), epochs: 300 });
    expect(accuracy(model, data)).toBe(1);
    expect(Array.from(classify(model, data.features))).toEqual(Array.from(data.labels));
  });

  it('moons: 99.3% test accuracy, as the README prints it', () => {
    const { train: tr, test } = trainTestSplit(makeMoons(500, { noise: 0.1, seed: 1 }), { testFraction: 0.3, seed: 1 });
    const model = new MLP([2, 16, 16, 1], { seed: 1 });
    train(model, tr, { optimizer: adam({ learningRate: 0.01 }), epochs: 200, batchSize: 32 });
    // 149 of the 150 test points
    expect(`${(accuracy(model, test) * 100).toFixed(1)}%`).toBe('99.3%');
  });

  it('Iris: ≥ 95% test accuracy', async () => {
    const split = trainTestSplit(await loadIris(), { testFraction: 0.2, seed: 0, stratify: true });
    const { train: tr, test } = standardize(split.train, split.test);
    const model = new MLP([4, 16, 3], { seed: 0 });
    train(model, tr, { optimizer: adam({ learningRate: 0.01 }), epochs: 200, batchSize: 16 });
    expect(accuracy(model, test!)).toBeGreaterThanOrEqual(0.95);
  });
});

describe('MNIST (must show)', () => {
  it('a 784-32-10 MLP trained on 8,000 digits reaches 93.0% on 2,000 held-out digits, as the README prints it', async () => {
    const { loadMnist } = await import('../src/data/datasets.js');
    const started = performance.now();
    const { train: tr, test } = await loadMnist({ train: 8000, test: 2000, seed: 0 });
    const model = new MLP([784, 32, 10], { seed: 0 });
    train(model, tr, { optimizer: adam({ learningRate: 0.002 }), epochs: 5, batchSize: 32, seed: 0 });
    const acc = accuracy(model, test);
    // time is reported, not asserted (the machine is shared): see the README for measured numbers
    console.log(`MNIST 784-32-10: test accuracy ${(acc * 100).toFixed(2)}% in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect(`${(acc * 100).toFixed(1)}%`).toBe('93.0%');
  }, 180_000);

  it('a 784-128-10 relu MLP trained on arrays (whole batches, compiled) reaches 95.25% on the 2,000 held-out digits, as the README prints it', async () => {
    const { loadMnist } = await import('../src/data/datasets.js');
    const started = performance.now();
    const { train: tr, test } = await loadMnist({ train: 8000, test: 2000, seed: 0 });
    const model = new MLP([784, 128, 10], { activation: 'relu', seed: 0 });
    train(model, tr, { optimizer: adam({ learningRate: 0.001 }), epochs: 10, batchSize: 32, seed: 0, engine: 'array' });
    const acc = accuracy(model, test);
    console.log(`MNIST 784-128-10 on arrays: test accuracy ${(acc * 100).toFixed(2)}% in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect(acc).toBeGreaterThanOrEqual(0.95);
    expect(`${(acc * 100).toFixed(2)}%`).toBe('95.25%');
  }, 300_000);
});

describe('loading untrusted models', () => {
  it('checks the parameter count before building anything', () => {
    const huge = '{"format":"wengert-mlp","version":1,"sizes":[1000000,1000000],"activation":"relu","outputActivation":"identity","params":""}';
    // before the check, building the 10^12-parameter model came first and failed with a RangeError
    expect(() => loadModel(huge)).toThrow(ShapeError);
  });
});

describe('the README two-layer network on arrays (examples/two-layer.ts)', () => {
  it('trains on Iris with matmul, tanh, softmaxCrossEntropyBatch, adam and a loop: loss 0.6092 → 0.0240, 28 of 30 test flowers', async () => {
    const { twoLayer } = await import('../examples/two-layer.js');
    const { losses, right, of } = await twoLayer();
    expect(losses[0].toFixed(4)).toBe('0.6092');
    expect(losses.at(-1)!.toFixed(4)).toBe('0.0240');
    for (let k = 1; k < losses.length; k += 50) expect(losses[k]).toBeLessThan(losses[0]);
    expect([right, of]).toEqual([28, 30]);
  }, 120_000);
});

import { describe, expect, it } from 'vitest';
import { ArgumentError, compile, mul, ShapeError, square, sub, variable } from '../src/index.js';
import { fit } from '../src/optim/fit.js';
import { minimize } from '../src/optim/minimize.js';
import { NonFiniteLossError } from '../src/optim/objective.js';
import { adam, sgd } from '../src/optim/optimizers.js';

// The notes' data: y = 2x for x = 0 … 9; the model w·x; one sample's loss (y − x·w)².
const [w, x, y] = [variable('w'), variable('x'), variable('y')];
const program = compile(square(sub(y, mul(x, w))), [w, x, y]);
const samples = Array.from({ length: 10 }, (_, i) => [i, 2 * i]).flat();
const start = () => new Float64Array([0.5]);

describe('fit: batch, stochastic and mini-batch gradient descent', () => {
  it('batch gradient descent (every sample per step) with the notes’ stopping rule reaches w = 2.0000', () => {
    const run = fit({ program, params: start(), samples }, { optimizer: sgd({ learningRate: 0.01 }), tolerance: 1e-6, patience: 1, epochs: 10_000 });
    expect(run.params[0].toFixed(4)).toBe('2.0000');
    expect(run.status).toBe('patience');
    expect(run.steps).toBe(run.epochs); // one step per epoch
    // each step's loss is the full-batch mean (y − x·w)² = 28.5·(2 − w)²
    expect(run.history.stepLoss[0]).toBeCloseTo(28.5 * 1.5 ** 2, 12);
  });

  it('stochastic gradient descent with the notes’ step adaptation reaches w = 2.000000', () => {
    const run = fit(
      { program, params: start(), samples },
      { batchSize: 1, epochs: 100, tolerance: 1e-6, patience: 100, stepDecayOnPlateau: 0.95, restoreBest: true, optimizer: sgd({ learningRate: 0.01 }) },
    );
    expect(run.params[0].toFixed(6)).toBe('2.000000');
    expect(run.steps).toBe(run.epochs * 10);
  });

  it('mini-batch gradient descent: ⌈n / batch⌉ steps per epoch, seeded shuffles replay exactly', () => {
    const options = { batchSize: 3, epochs: 40, seed: 7, optimizer: sgd({ learningRate: 0.005 }) };
    const a = fit({ program, params: start(), samples }, options);
    const b = fit({ program, params: start(), samples }, { ...options, optimizer: sgd({ learningRate: 0.005 }) });
    expect(a.steps).toBe(40 * 4);
    expect(a.params[0].toFixed(6)).toBe('2.000000');
    expect(a.history.stepLoss).toEqual(b.history.stepLoss);
    const c = fit({ program, params: start(), samples }, { ...options, seed: 8, optimizer: sgd({ learningRate: 0.005 }) });
    expect(c.history.stepLoss).not.toEqual(a.history.stepLoss);
  });

  it('the same fit driven by every optimizer', () => {
    for (const optimizer of [sgd({ learningRate: 0.005 }), sgd({ learningRate: 0.005, momentum: 0.9 }), adam({ learningRate: 0.05 })]) {
      const run = fit({ program, params: start(), samples }, { batchSize: 2, epochs: 200, optimizer });
      expect(Math.abs(run.params[0] - 2)).toBeLessThan(1e-3);
    }
  });

  it('records a history ready to plot', () => {
    const run = fit({ program, params: start(), samples }, { epochs: 5, optimizer: sgd({ learningRate: 0.001 }) });
    expect(run.history.epochLoss).toHaveLength(5);
    expect(run.history.trajectory.map((p) => p[0])).toHaveLength(5);
    expect(run.history.epochLoss[4]).toBeLessThan(run.history.epochLoss[0]);
  });

  it('a loss that becomes non-finite stops the run, naming the step', () => {
    expect(() => fit({ program, params: start(), samples }, { epochs: 2000, optimizer: sgd({ learningRate: 1 }) })).toThrow(NonFiniteLossError);
    expect(() => fit({ program, params: start(), samples }, { epochs: 2000, optimizer: sgd({ learningRate: 1 }) })).toThrow(/at step \d+/);
  });

  it('typed errors for samples that do not fit and bad options', () => {
    expect(() => fit({ program, params: start(), samples: [1, 2, 3] })).toThrow(ShapeError);
    expect(() => fit({ program, params: start(), samples }, { batchSize: 0 })).toThrow(ArgumentError);
    expect(() => fit({ program, params: [0.5] as unknown as Float64Array, samples })).toThrow(ArgumentError);
  });
});

describe('minimize', () => {
  const f = x.square().sub(x.mul(6)).add(5); // x² − 6x + 5, minimum at 3

  it('gradient descent, every optimizer, and Nelder-Mead reach the minimum', () => {
    expect(minimize(f, [15], { method: 'gd', learningRate: 0.1 }).x[0]).toBeCloseTo(3, 5);
    expect(minimize(f, [15], { method: 'gd', learningRate: 'exact' }).x[0]).toBeCloseTo(3, 10);
    for (const method of ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adagrad', 'adam', 'adamw'] as const) {
      const r = minimize(f, [15], { method, learningRate: method === 'adagrad' ? 2 : 0.05, maxIterations: 20_000, tolerance: 1e-6 });
      expect(Math.abs(r.x[0] - 3), method).toBeLessThan(1e-3);
      expect(r.history.values.length).toBe(r.history.points.length);
    }
    const nm = minimize((v) => (v[0] - 1) ** 2 + (v[1] + 2) ** 2, [0, 0], { method: 'nelder-mead' });
    expect(nm.x[0]).toBeCloseTo(1, 5);
    expect(nm.x[1]).toBeCloseTo(-2, 5);
  });

  it('explains what is missing', () => {
    expect(() => minimize((v) => v[0] ** 2, [1], { method: 'adam' })).toThrow(/needs a gradient/);
    expect(() => minimize(f, [1], { method: 'newton' as 'gd' })).toThrow(/method must be one of/);
  });
});

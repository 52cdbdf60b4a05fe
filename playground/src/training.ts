/**
 * Training a small network on one of the panel's datasets with the library's
 * `MLP`, `train` (any optimizer, mini-batches) and `accuracy`, reporting as it
 * goes: the loss per epoch, train and test accuracy, the network's output over
 * a grid (the decision boundary), and every parameter with its gradient — the
 * mean over the training points of the per-sample loss program's gradient
 * (`lossProgram`, one reverse sweep per point). Runs in the Web Worker
 * (train-worker.ts); it has no DOM, so it also runs in Node for tests.
 */
import { accuracy, ArgumentError, lossProgram, MLP, train, type Activation, type ClassificationDataset, type Optimizer } from 'wengert';
import { split, type DataSettings } from './datasets.js';
import { OPTIMIZER_MAKERS, OPTIMIZERS, type OptimizerName } from './optimizers.js';

/** μ of the momentum and nesterov optimizers here (torch's usual 0.9). */
const MOMENTUM = 0.9;

export interface TrainSettings {
  readonly data: DataSettings;
  /** Hidden layer sizes (the input layer is 2, the output 1: a logit). */
  readonly hidden: readonly number[];
  readonly activation: Activation;
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly epochs: number;
  /** Seed of the initial weights and of the mini-batch order. */
  readonly seed: number;
}

/** Cells per side of the decision-boundary grid. */
export const GRID = 48;

/** The plane the points and the boundary are drawn in. */
export interface Frame {
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
}

/** A dataset's points as the panel draws them. */
export interface DataPoints {
  readonly frame: Frame;
  readonly train: { readonly features: Float64Array; readonly labels: Int32Array };
  readonly test: { readonly features: Float64Array; readonly labels: Int32Array };
}

/** The points, sent once before training, with the network's parameter names. */
export interface Points extends DataPoints {
  /** Each parameter's name: W1[o][i] connects input i to unit o of layer 1, b1[o] is its bias. */
  readonly names: readonly string[];
}

/** A report during training. */
export interface Progress {
  readonly epoch: number;
  readonly epochs: number;
  /** The mean training loss of each epoch since the last report. */
  readonly losses: readonly number[];
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  /** The network's output (a logit) at the centre of each grid cell, row by row from the top. */
  readonly grid: Float64Array;
  readonly params: Float64Array;
  /** ∂(mean training loss)/∂parameter, at `params`. */
  readonly gradient: Float64Array;
  readonly done: boolean;
}

function optimizerOf(name: OptimizerName, learningRate: number): Optimizer {
  if (!(OPTIMIZERS as readonly string[]).includes(name)) throw new ArgumentError(`optimizer must be one of ${OPTIMIZERS.join(', ')}, got ${String(name)}`);
  return OPTIMIZER_MAKERS[name](learningRate, MOMENTUM);
}

function frameOf(features: Float64Array): Frame {
  const range = (k: number): [number, number] => {
    let lo = Infinity, hi = -Infinity;
    for (let i = k; i < features.length; i += 2) {
      lo = Math.min(lo, features[i]);
      hi = Math.max(hi, features[i]);
    }
    const pad = 0.1 * (hi - lo || 1);
    return [lo - pad, hi + pad];
  };
  return { x: range(0), y: range(1) };
}

/** The grid cells' centres, row-major from the top row (largest y). */
function gridPoints(frame: Frame): Float64Array {
  const xs = new Float64Array(2 * GRID * GRID);
  for (let r = 0; r < GRID; r++) {
    for (let c = 0; c < GRID; c++) {
      const k = 2 * (r * GRID + c);
      xs[k] = frame.x[0] + ((c + 0.5) / GRID) * (frame.x[1] - frame.x[0]);
      xs[k + 1] = frame.y[1] - ((r + 0.5) / GRID) * (frame.y[1] - frame.y[0]);
    }
  }
  return xs;
}

/** The points of a split, and the frame around them. */
function dataPoints(trainSet: ClassificationDataset, testSet: ClassificationDataset): DataPoints {
  return {
    frame: frameOf(new Float64Array([...trainSet.features, ...testSet.features])),
    train: { features: Float64Array.from(trainSet.features), labels: Int32Array.from(trainSet.labels) },
    test: { features: Float64Array.from(testSet.features), labels: Int32Array.from(testSet.labels) },
  };
}

/** The points the worker will train on for these data settings (the page draws them before training). */
export function previewPoints(data: DataSettings): DataPoints {
  const { train: trainSet, test: testSet } = split(data);
  return dataPoints(trainSet, testSet);
}

function parameterNames(model: MLP): string[] {
  const names: string[] = [];
  model.layers.forEach((layer, l) => {
    for (let o = 0; o < layer.outputs; o++) for (let i = 0; i < layer.inputs; i++) names.push(`W${l + 1}[${o}][${i}]`);
    for (let o = 0; o < layer.outputs; o++) names.push(`b${l + 1}[${o}]`);
  });
  return names;
}

export function checkSettings(s: TrainSettings): void {
  if (!Array.isArray(s.hidden) || s.hidden.length > 6 || !s.hidden.every((n) => Number.isInteger(n) && n >= 1 && n <= 64)) {
    throw new ArgumentError(`hidden layers: up to 6 sizes, each a whole number in 1 … 64, got ${JSON.stringify(s.hidden)}`);
  }
  if (!(s.learningRate > 0 && s.learningRate <= 10)) throw new ArgumentError(`learning rate must be in (0, 10], got ${s.learningRate}`);
  if (!Number.isInteger(s.batchSize) || s.batchSize < 1) throw new ArgumentError(`batch size must be a whole number ≥ 1, got ${s.batchSize}`);
  if (!Number.isInteger(s.epochs) || s.epochs < 1 || s.epochs > 5000) throw new ArgumentError(`epochs must be a whole number in 1 … 5000, got ${s.epochs}`);
}

/**
 * Trains, calling `points` once and `progress` at least every `everyMs`
 * milliseconds (and after the last epoch). Returns the final report.
 */
export function trainLive(settings: TrainSettings, points: (p: Points) => void, progress: (p: Progress) => void, everyMs = 120): Progress {
  checkSettings(settings);
  const { train: trainSet, test: testSet } = split(settings.data);
  const model = new MLP([2, ...settings.hidden, 1], { activation: settings.activation, seed: settings.seed });
  const data = dataPoints(trainSet, testSet);
  const frame = data.frame;
  points({ ...data, names: parameterNames(model) });
  const grid = gridPoints(frame);
  const perSample = lossProgram(model, 'sigmoid-cross-entropy');
  const P = model.params.length;
  const sample = new Float64Array(P + 3);
  /** The mean over the training points of the per-sample gradient, with respect to the parameters. */
  const gradient = (): Float64Array => {
    const sum = new Float64Array(P);
    sample.set(model.params);
    for (let r = 0; r < trainSet.rows; r++) {
      sample[P] = trainSet.features[2 * r];
      sample[P + 1] = trainSet.features[2 * r + 1];
      sample[P + 2] = trainSet.labels[r];
      const g = perSample.gradient(sample);
      for (let k = 0; k < P; k++) sum[k] += g[k];
    }
    for (let k = 0; k < P; k++) sum[k] /= trainSet.rows;
    return sum;
  };
  let losses: number[] = [];
  let last = -Infinity;
  const report = (epoch: number, done: boolean): Progress => {
    const p: Progress = {
      epoch,
      epochs: settings.epochs,
      losses,
      trainAccuracy: accuracy(model, trainSet),
      testAccuracy: accuracy(model, testSet),
      grid: model.predict(grid),
      params: Float64Array.from(model.params),
      gradient: gradient(),
      done,
    };
    losses = [];
    last = performance.now();
    progress(p);
    return p;
  };
  report(0, false);
  const result = train(model, trainSet, {
    loss: 'sigmoid-cross-entropy',
    optimizer: optimizerOf(settings.optimizer, settings.learningRate),
    batchSize: Math.min(settings.batchSize, trainSet.rows),
    epochs: settings.epochs,
    seed: settings.seed,
    recordTrajectory: false,
    onEpoch: ({ epoch, loss, params }) => {
      if (params !== model.params) model.params.set(params);
      losses.push(loss);
      // epoch counts from 0: epoch + 1 epochs are done
      if (epoch + 1 < settings.epochs && performance.now() - last >= everyMs) report(epoch + 1, false);
    },
  });
  model.params.set(result.params);
  return report(result.epochs, true);
}

/**
 * `wengert train xor|moons|iris|mnist [--hidden 16,16 --optimizer adam --lr … --epochs N --batch N --seed S --plot out.svg]`:
 * builds the dataset and an MLP, trains it with a progress bar, and reports the
 * train and test accuracy and the time taken.
 */
import type { ClassificationDataset } from '../data/dataset.js';
import { makeMoons, xor } from '../data/generators.js';
import { loadIris } from '../data/iris.js';
import { loadMnist } from '../data/mnist.js';
import { trainTestSplit } from '../data/split.js';
import { standardize } from '../data/standardize.js';
import { ACTIVATIONS, type Activation } from '../nn/activations.js';
import { MLP, parameterCount } from '../nn/mlp.js';
import { accuracy, classify, train } from '../nn/train.js';
import { OPTIMIZER_METHODS } from '../optim/minimize.js';
import { adagrad, adam, adamw, momentum, nesterov, type Optimizer, rmsprop, sgd } from '../optim/optimizers.js';
import { decisionBoundary } from '../viz/decision-boundary.js';
import { lossCurve } from '../viz/loss-curve.js';
import { writePlot } from '../node/write-plot.js';
import { checkPlotPath, CliError, parseChoice, parseNumber, parseSizes } from './args.js';
import { formatDuration, formatLoss, formatPercent, Progress, type ProgressOutput } from './progress.js';
import { DATASETS, type DatasetName, type OptimizerName, TRAIN_DEFAULTS } from './train-defaults.js';
import { TRAIN_LIMITS } from './limits.js';

/** What each dataset feeds the model: features per sample, and outputs (one logit for two classes). */
const SHAPES: Readonly<Record<DatasetName, { readonly cols: number; readonly outputs: number }>> = {
  xor: { cols: 2, outputs: 1 },
  moons: { cols: 2, outputs: 1 },
  iris: { cols: 4, outputs: 3 },
  mnist: { cols: 784, outputs: 10 },
};


/** What the train command writes to: whole lines, and the progress bar's output. */
export interface TrainIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly progress: ProgressOutput;
}

interface Prepared {
  readonly train: ClassificationDataset;
  /** Absent when the dataset is too small to hold part of it out (XOR). */
  readonly test?: ClassificationDataset;
  readonly description: string;
}

async function prepare(name: DatasetName, seed: number, io: TrainIo): Promise<Prepared> {
  switch (name) {
    case 'xor':
      return { train: xor(), description: 'XOR: 4 points, 2 classes (no test set: every point is needed to learn it)' };
    case 'moons': {
      const data = makeMoons(500, { noise: 0.15, seed });
      const { train: tr, test } = trainTestSplit(data, { testFraction: 0.25, stratify: true, seed });
      return { train: tr, test, description: `two moons (noise 0.15): ${tr.rows} train / ${test.rows} test points, 2 classes` };
    }
    case 'iris': {
      const split = trainTestSplit(await loadIris(), { testFraction: 0.2, stratify: true, seed });
      const { train: tr, test } = standardize(split.train, split.test);
      return { train: tr, test, description: `Iris: ${tr.rows} train / ${test.rows} test flowers, 4 features (standardized), 3 classes` };
    }
    case 'mnist': {
      io.err('wengert: loading MNIST (8,000 train / 2,000 test digits of 784 pixels); training takes about half a minute');
      const { train: tr, test } = await loadMnist({ train: 8000, test: 2000, seed });
      return { train: tr, test, description: `MNIST: ${tr.rows} train / ${test.rows} test digits, 784 pixels, 10 classes` };
    }
  }
}

function makeOptimizer(name: OptimizerName, learningRate: number): Optimizer {
  switch (name) {
    case 'sgd': return sgd({ learningRate });
    case 'momentum': return momentum({ learningRate, momentum: 0.9 });
    case 'nesterov': return nesterov({ learningRate, momentum: 0.9 });
    case 'rmsprop': return rmsprop({ learningRate });
    case 'adagrad': return adagrad({ learningRate });
    case 'adam': return adam({ learningRate });
    case 'adamw': return adamw({ learningRate });
  }
}

function parseBatch(text: string | undefined, fallback: number | 'full'): number | 'full' {
  if (text === undefined) return fallback;
  if (text === 'full') return 'full';
  return parseNumber('--batch', text, 1, { integer: true, positive: true, max: TRAIN_LIMITS.batch });
}

/** `out/run.svg` → `out/run-boundary.svg`. */
export function boundaryPath(path: string): string {
  return path.replace(/(\.[^./\\]+)$/, '-boundary$1');
}

/** The accuracy over at most `limit` rows (evaluated on every epoch, so kept cheap for MNIST). */
function sampleAccuracy(model: MLP, data: ClassificationDataset, limit: number): number {
  if (data.rows <= limit) return accuracy(model, data);
  const predicted = classify(model, data.features.subarray(0, limit * data.cols));
  let right = 0;
  for (let r = 0; r < limit; r++) if (predicted[r] === data.labels[r]) right++;
  return right / limit;
}

/**
 * Runs `wengert train`: builds the dataset and the MLP, prints their description,
 * trains with a progress bar and returns the final report (writing the plots when
 * `--plot` is given).
 * @throws CliError for a bad command line (exit code 2)
 */
export async function trainCommand(dataset: string | undefined, flags: Record<string, string | undefined>, io: TrainIo): Promise<string> {
  if (dataset === undefined) throw new CliError(`train: name a dataset: ${DATASETS.join(', ')} (for example wengert train moons)`);
  if (!(DATASETS as readonly string[]).includes(dataset)) throw new CliError(`train: unknown dataset '${dataset}' (datasets: ${DATASETS.join(', ')})`);
  const name = dataset as DatasetName;
  const defaults = TRAIN_DEFAULTS[name];
  const hidden = flags.hidden === '' || flags.hidden === 'none' ? [] : parseSizes('--hidden', flags.hidden, [...defaults.hidden], TRAIN_LIMITS.layer);
  const optimizerName = parseChoice('--optimizer', flags.optimizer, OPTIMIZER_METHODS, defaults.optimizer);
  const lr = parseNumber('--lr', flags.lr, defaults.lr, { positive: true });
  const epochs = parseNumber('--epochs', flags.epochs, defaults.epochs, { integer: true, positive: true, max: TRAIN_LIMITS.epochs });
  const batch = parseBatch(flags.batch, defaults.batch);
  const seed = parseNumber('--seed', flags.seed, 0, { integer: true, max: Number.MAX_SAFE_INTEGER });
  if (seed < 0) throw new CliError(`--seed: ${flags.seed} must be 0 or more`);
  const activation = parseChoice<Activation>('--activation', flags.activation, ACTIVATIONS, 'tanh');
  const sizes = [SHAPES[name].cols, ...hidden, SHAPES[name].outputs];
  const parameters = parameterCount(sizes);
  if (parameters > TRAIN_LIMITS.parameters) {
    throw new CliError(`--hidden: an MLP ${sizes.join('-')} has ${parameters} parameters; the limit is ${TRAIN_LIMITS.parameters} (10^7)`);
  }
  // both plot paths are checked before the data is loaded and the model trained
  const plot = await checkPlotPath('--plot', flags.plot);
  if (plot !== undefined && SHAPES[name].cols === 2) await checkPlotPath('--plot', boundaryPath(plot));

  const data = await prepare(name, seed, io);
  const model = new MLP(sizes, { activation, seed });
  const loss = SHAPES[name].outputs === 1 ? 'sigmoid-cross-entropy' : 'softmax-cross-entropy';
  const batchText = batch === 'full' ? `full batch (${data.train.rows})` : `batches of ${batch}`;
  io.out(data.description);
  io.out(
    `model: MLP ${sizes.join('-')} (${activation} hidden layers, ${model.params.length} parameters), ${loss}; ` +
      `${optimizerName} lr ${lr}, ${epochs} epochs, ${batchText}, seed ${seed}`,
  );

  // accuracy on the training set after every epoch: on MNIST a fixed 1,000-digit part of it, to keep epochs fast
  const monitorRows = name === 'mnist' ? 1000 : data.train.rows;
  const progress = new Progress(epochs, io.progress);
  const started = performance.now();
  let run;
  try {
    run = train(model, data.train, {
      loss,
      optimizer: makeOptimizer(optimizerName, lr),
      epochs,
      batchSize: batch,
      seed,
      recordTrajectory: false,
      onEpoch: ({ epoch, loss: epochLoss }) => {
        progress.update({ epoch: epoch + 1, loss: epochLoss, accuracy: sampleAccuracy(model, data.train, monitorRows) });
      },
    });
  } finally {
    progress.done();
  }
  const seconds = (performance.now() - started) / 1000;
  const trainAccuracy = accuracy(model, data.train);
  const lines = [
    '',
    `final loss      ${formatLoss(run.loss)} after ${run.epochs} epochs (${run.steps} steps)`,
    `train accuracy  ${formatPercent(trainAccuracy)} (${Math.round(trainAccuracy * data.train.rows)}/${data.train.rows})`,
  ];
  if (data.test !== undefined) {
    const testAccuracy = accuracy(model, data.test);
    lines.push(`test accuracy   ${formatPercent(testAccuracy)} (${Math.round(testAccuracy * data.test.rows)}/${data.test.rows})`);
  } else lines.push('test accuracy   n/a (no held-out data)');
  lines.push(`time            ${formatDuration(seconds)} training`);

  if (plot !== undefined) {
    const title = `${name}: MLP ${sizes.join('-')}, ${optimizerName} lr ${lr}`;
    await writePlot(lossCurve({ loss: run.history.epochLoss, step: run.history.epochLoss.map((_, k) => k + 1) }, { title, xTitle: 'Epoch', yTitle: 'Training loss', logScale: true }), plot);
    lines.push(`plot: ${plot}`);
    if (data.train.cols === 2) {
      const all = data.test === undefined ? [data.train] : [data.train, data.test];
      const points = all.flatMap((d) => Array.from({ length: d.rows }, (_, r) => ({ x: d.features[2 * r], y: d.features[2 * r + 1], label: d.labels[r] })));
      // the probability of class 1: sigmoid of the single logit
      const predict = (x: number, y: number) => 1 / (1 + Math.exp(-model.predict([x, y])[0]));
      const path = boundaryPath(plot);
      const square = name === 'xor' ? { xDomain: [-0.5, 1.5] as const, yDomain: [-0.5, 1.5] as const } : {};
      await writePlot(decisionBoundary(predict, points, { title: `${name}: decision boundary`, kind: 'probability', ...square }), path);
      lines.push(`plot: ${path}`);
    }
  }
  return lines.join('\n');
}

/**
 * Training an MLP on a dataset: the per-sample loss is built from the model's
 * graph and a loss of src/losses, compiled once over (parameters, features,
 * target), and handed to `fit` with any optimizer.
 */
import { optionsOf } from '../arguments.js';
import { compile, type Program } from '../ad/program.js';
import { ArgumentError, describe, ShapeError } from '../errors.js';
import type { Node } from '../graph/node.js';
import { variable } from '../graph/node.js';
import { sigmoidCrossEntropy, softmaxCrossEntropy } from '../losses/cross-entropy.js';
import { hingeLoss, logisticLoss } from '../losses/margin.js';
import { squareLoss } from '../losses/regression.js';
import { mean } from '../ops/composites.js';
import { fit, type FitOptions, type FitResult } from '../optim/fit.js';
import { checkDataset, type Dataset } from '../data/dataset.js';
import { checkFeatures, MLP } from './mlp.js';
import { ArrayLoss } from './batch-loss.js';
import { MODEL_LOSSES, type ModelLoss } from './model-loss.js';


/** How a loss reads its target: how many inputs it takes per sample, and how a label becomes them. */
interface TargetEncoding {
  readonly width: number;
  write(label: number, out: Float64Array, at: number): void;
}

function encoding(model: MLP, loss: ModelLoss, classes: number | undefined): TargetEncoding {
  const m = model.outputSize;
  switch (loss) {
    case 'mse':
      if (m !== 1) return { width: m, write: () => { throw new ArgumentError(`train: 'mse' with ${m} outputs needs one target per output; give a dataset with one output or use a custom program`); } };
      return { width: 1, write: (label, out, at) => void (out[at] = label) };
    case 'softmax-cross-entropy':
      if (classes !== undefined && classes !== m) throw new ShapeError(`train: the dataset has ${classes} classes, the model ${m} outputs`);
      return {
        width: m,
        write: (label, out, at) => {
          out.fill(0, at, at + m);
          out[at + label] = 1;
        },
      };
    case 'sigmoid-cross-entropy':
      return { width: 1, write: (label, out, at) => void (out[at] = label) };
    case 'hinge':
    case 'logistic':
      // labels 0/1 become −1/+1
      return { width: 1, write: (label, out, at) => void (out[at] = label > 0 ? 1 : -1) };
  }
}

function checkModel(model: unknown, where: string): asserts model is MLP {
  if (!(model instanceof MLP)) throw new ArgumentError(`${where}: model must be an MLP, got ${describe(model)}`);
}

/**
 * Checks the labels against the model before any work: `classes` class
 * indices (whole numbers in 0 … classes − 1; 2 for a single output, whose
 * classes are 0/1), or finite targets when `classes` is undefined. A dataset
 * that declares more classes than the model can tell apart is a ShapeError.
 */
function checkLabels(model: MLP, data: Dataset, classes: number | undefined, where: string): void {
  const { labels } = data;
  if (classes === undefined) {
    for (let r = 0; r < data.rows; r++) {
      if (!Number.isFinite(labels[r])) throw new ArgumentError(`${where}: labels[${r}] is ${describe(labels[r])}, expected a finite target`);
    }
    return;
  }
  if (data.classes !== undefined && data.classes > classes) {
    const m = model.outputSize;
    throw new ShapeError(`${where}: the dataset has ${data.classes} classes, but the model has ${m} output${m === 1 ? '' : 's'} (${classes} classes); give it ${data.classes} outputs`);
  }
  for (let r = 0; r < data.rows; r++) {
    const y = labels[r];
    if (!Number.isInteger(y) || y < 0 || y >= classes) {
      throw new ArgumentError(`${where}: labels[${r}] is ${describe(y)}, expected a class index in [0, ${classes})`);
    }
  }
}

/**
 * The per-sample loss of a model as a compiled Program over
 * (parameters, features, target inputs): what `fit` trains.
 * @example
 * ```ts
 * const model = new MLP([2, 4, 3]);
 * const program = lossProgram(model, 'softmax-cross-entropy');
 * program.inputs.length; // 27 parameters + 2 features + 3 one-hot target entries
 * ```
 */
export function lossProgram(model: MLP, loss: ModelLoss): Program {
  checkModel(model, 'lossProgram');
  if (!(MODEL_LOSSES as readonly unknown[]).includes(loss)) throw new ArgumentError(`train: loss must be one of ${MODEL_LOSSES.join(', ')}, got ${describe(loss)}`);
  const params = model.parameterVariables();
  const xs = model.featureVariables();
  const out = model.outputs(xs, params);
  const width = encoding(model, loss, undefined).width;
  const ts = Array.from({ length: width }, (_, j) => variable(`t${j}`));
  let node: Node;
  switch (loss) {
    case 'mse': node = mean(out.map((o, j) => squareLoss(o, ts[j]))); break;
    case 'softmax-cross-entropy': node = softmaxCrossEntropy(out, ts); break;
    case 'sigmoid-cross-entropy': node = sigmoidCrossEntropy(out[0], ts[0]); break;
    case 'hinge': node = hingeLoss(out[0], ts[0]); break;
    case 'logistic': node = logisticLoss(out[0], ts[0]); break;
  }
  return compile(node, [...params, ...xs, ...ts]);
}

/** Options of {@link train}: those of `fit`, and the loss. */
export interface TrainOptions extends FitOptions {
  /** Default: 'softmax-cross-entropy' for datasets with classes and several outputs, 'sigmoid-cross-entropy' for one output, else 'mse'. */
  loss?: ModelLoss;
  /**
   * `'array'` (default): each batch runs as one array program (matmuls over the
   * whole batch). `'scalar'`: the per-sample scalar program, sample by sample —
   * the reference the array path is tested against.
   */
  engine?: 'array' | 'scalar';
}

/**
 * Trains a model on a dataset with `fit` (any optimizer, batch size and
 * stopping rule). Classification labels are class indices (one-hot encoded for
 * softmax cross-entropy, 0/1 for the sigmoid loss, ±1 for hinge and logistic
 * losses); regression labels are the targets.
 * @example
 * ```ts
 * const data = xor();
 * const model = new MLP([2, 8, 1], { seed: 3 });
 * train(model, data, { loss: 'sigmoid-cross-entropy', optimizer: adam({ learningRate: 0.05 }), epochs: 300 });
 * accuracy(model, data); // 1
 * ```
 */
export function train(model: MLP, data: Dataset, options: TrainOptions = {}): FitResult {
  const where = 'train';
  checkModel(model, where);
  checkDataset(where, data);
  const o = optionsOf(where, options);
  if (data.cols !== model.inputSize) throw new ShapeError(`train: the dataset has ${data.cols} features, the model takes ${model.inputSize}`);
  const loss = o.loss ?? (data.classes !== undefined ? (model.outputSize > 1 ? 'softmax-cross-entropy' : 'sigmoid-cross-entropy') : 'mse');
  if (!(MODEL_LOSSES as readonly unknown[]).includes(loss)) throw new ArgumentError(`train: loss must be one of ${MODEL_LOSSES.join(', ')}, got ${describe(loss)}`);
  checkLabels(model, data, loss === 'mse' ? undefined : loss === 'softmax-cross-entropy' ? model.outputSize : 2, where);
  const engine = o.engine ?? 'array';
  if (engine !== 'array' && engine !== 'scalar') throw new ArgumentError(`train: engine must be 'array' or 'scalar', got ${describe(engine)}`);
  const target = encoding(model, loss, data.classes);
  const program = engine === 'array' ? new ArrayLoss(model, loss, target.width) : lossProgram(model, loss);
  const width = data.cols + target.width;
  const samples = new Float64Array(data.rows * width);
  for (let r = 0; r < data.rows; r++) {
    samples.set(data.features.subarray(r * data.cols, (r + 1) * data.cols), r * width);
    target.write(data.labels[r], samples, r * width + data.cols);
  }
  return fit({ program, params: model.params, samples }, options);
}

/**
 * The predicted class of each sample: the largest output for several outputs,
 * output > 0 (a logit) for one.
 * @example
 * ```ts
 * classify(model, data.features); // Int32Array [0, 1, 1, 0]
 * ```
 */
export function classify(model: MLP, features: ArrayLike<number>): Int32Array {
  checkModel(model, 'classify');
  checkFeatures(features, model.inputSize, 'classify');
  const out = model.predict(features);
  const m = model.outputSize;
  const rows = out.length / m;
  const classes = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    if (m === 1) classes[r] = out[r] > 0 ? 1 : 0;
    else {
      let best = 0;
      for (let j = 1; j < m; j++) if (out[r * m + j] > out[r * m + best]) best = j;
      classes[r] = best;
    }
  }
  return classes;
}

/**
 * The fraction of samples whose predicted class is their label.
 * @example
 * ```ts
 * accuracy(model, data); // 1
 * ```
 */
export function accuracy(model: MLP, data: Dataset): number {
  const where = 'accuracy';
  checkModel(model, where);
  checkDataset(where, data);
  if (data.cols !== model.inputSize) throw new ShapeError(`${where}: the dataset has ${data.cols} features, the model takes ${model.inputSize}`);
  checkLabels(model, data, model.outputSize === 1 ? 2 : model.outputSize, where);
  const predicted = classify(model, data.features);
  let right = 0;
  for (let r = 0; r < data.rows; r++) if (predicted[r] === data.labels[r]) right++;
  return right / data.rows;
}

/**
 * `fit`: gradient descent on data — batch (every sample per step), stochastic
 * (one sample per step) and mini-batch (n samples per step) — with any
 * optimizer, seeded shuffling every epoch, and the course notes' stopping rules.
 */
import { checkBoolean, checkNumber, optionsOf } from '../arguments.js';
import { Program } from '../ad/program.js';
import { ArgumentError, describe } from '../errors.js';
import { sampleRows } from '../ad/batch-gradient.js';
import { epochOrder } from '../data/batches.js';
import { NonFiniteLossError } from './objective.js';
import { sgd, type Optimizer } from './optimizers.js';

/**
 * What `fit` trains with: the mean loss of a batch and its gradient with
 * respect to the parameters. A compiled per-sample {@link Program} is one (its
 * inputs are the parameters followed by one sample's inputs); a model's array
 * loss (`arrayLossProgram`) is another, running a whole batch as one array program.
 */
export interface BatchProgram {
  /** Numbers per sample row, after `params` parameters. */
  sampleWidth(params: number): number;
  /** The name of flat input k (for messages). */
  inputName(k: number): string;
  /** The batch's mean loss; its mean gradient with respect to the parameters goes into `out`. */
  batchValueAndGradient(params: ArrayLike<number>, samples: ArrayLike<number>, out: Float64Array): number;
}

/** What `fit` trains: a batch loss program, its parameters, and the samples. */
export interface FitProblem {
  /** The loss: a Program compiled over the parameters followed by one sample's inputs (features, target …), or any {@link BatchProgram}. */
  readonly program: Program | BatchProgram;
  /** The initial parameters; `fit` updates them in place. */
  readonly params: Float64Array;
  /** The samples, row-major: each row holds the program's inputs after the parameters. */
  readonly samples: ArrayLike<number>;
}

/** Options of {@link fit}. */
export interface FitOptions {
  /** Default `sgd({ learningRate: 0.01 })`. */
  optimizer?: Optimizer;
  /** `'full'` (batch gradient descent, the default), 1 (stochastic) or n (mini-batch). */
  batchSize?: 'full' | number;
  /** Maximum number of epochs (default 100). */
  epochs?: number;
  /** Seed of the per-epoch shuffling (default 0). */
  seed?: number;
  /** Shuffle the samples every epoch (default true; batch gradient descent does not need it). */
  shuffle?: boolean;
  /**
   * An epoch improves when its loss is lower than the best so far by more than
   * `tolerance` (default 0). With `patience`, the run stops after that many
   * epochs in a row without improvement.
   */
  tolerance?: number;
  /** Stop after this many epochs in a row without improvement (default: never). */
  patience?: number;
  /**
   * The notes' step adaptation: after an epoch without improvement, the step is
   * multiplied by this factor (e.g. 0.95); after an improvement it is reset.
   * Default 1 (off).
   */
  stepDecayOnPlateau?: number;
  /** Return the parameters of the best epoch instead of the last (default false). */
  restoreBest?: boolean;
  /** Keep the parameters after every epoch in `history.trajectory` (default true; costs a copy per epoch). */
  recordTrajectory?: boolean;
  /** Called after each epoch; return false to stop. */
  onEpoch?: (info: { epoch: number; loss: number; params: Float64Array; step: number }) => void | boolean;
}

/** What {@link fit} records, ready to plot. */
export interface FitHistory {
  /** The mean loss of each step's batch, before the step. */
  stepLoss: number[];
  /** The mean of the step losses of each epoch (for full batches: the loss before the epoch's step). */
  epochLoss: number[];
  /** The step-size factor used in each epoch (1 unless `stepDecayOnPlateau` changed it). */
  stepScale: number[];
  /** The parameters after each epoch (with `recordTrajectory`). */
  trajectory: Float64Array[];
}

/** What {@link fit} returns. */
export interface FitResult {
  /** The trained parameters (the same array as `problem.params`). */
  params: Float64Array;
  /** The loss of the returned parameters' epoch. */
  loss: number;
  epochs: number;
  steps: number;
  /** Why the run ended. */
  status: 'max-epochs' | 'patience' | 'stopped';
  history: FitHistory;
}

/** The samples as a Float64Array: the caller's own if it is one, else a checked copy. */
function sampleArray(samples: unknown, where: string): Float64Array {
  if (samples instanceof Float64Array) return samples;
  const a = samples as ArrayLike<unknown>;
  if (samples === null || typeof samples !== 'object' || !Number.isSafeInteger(a.length) || a.length < 0) {
    throw new ArgumentError(`${where}: samples must be an array of numbers or a Float64Array, got ${describe(samples)}`);
  }
  for (let i = 0; i < a.length; i++) {
    if (typeof a[i] !== 'number') throw new ArgumentError(`${where}: samples[${i}] is ${describe(a[i])}, expected a number`);
  }
  return Float64Array.from(a as ArrayLike<number>);
}

/**
 * Trains `problem.params` by gradient descent over the samples. Each step takes
 * the mean loss and mean gradient of one batch (one compiled per-sample program
 * run over the batch's rows), transforms the gradient with the optimizer and
 * applies it. A loss that becomes non-finite stops the run with a
 * {@link NonFiniteLossError} naming the step.
 * @example
 * ```ts
 * // the notes' data y = 2x, the model w·x, the squared error of one sample
 * const [w, x, y] = [variable('w'), variable('x'), variable('y')];
 * const program = compile(square(sub(y, mul(x, w))), [w, x, y]);
 * const samples = Array.from({ length: 10 }, (_, i) => [i, 2 * i]).flat();
 * const run = fit({ program, params: new Float64Array([0.5]), samples }, { batchSize: 1, epochs: 50, optimizer: sgd({ learningRate: 0.005 }) });
 * run.params[0].toFixed(6); // '2.000000'
 * ```
 */
export function fit(problem: FitProblem, options: FitOptions = {}): FitResult {
  const where = 'fit';
  if (problem === null || typeof problem !== 'object') throw new ArgumentError(`${where}: problem must be { program, params, samples }, got ${describe(problem)}`);
  const { program, params } = problem;
  const batchProgram = program !== null && typeof program === 'object' && typeof program.batchValueAndGradient === 'function' && typeof program.sampleWidth === 'function';
  if (!(program instanceof Program) && !batchProgram) throw new ArgumentError(`${where}: program must be a compiled Program or a batch program, got ${describe(program)}`);
  if (program instanceof Program && program.outputCount !== 1) throw new ArgumentError(`${where}: program has ${program.outputCount} outputs; a loss has one`);
  if (!(params instanceof Float64Array)) throw new ArgumentError(`${where}: params must be a Float64Array, got ${describe(params)}`);
  const width = program.sampleWidth(params.length);
  // copied once into a Float64Array (every entry checked), so that each step's sweep reads numbers only
  const samples = sampleArray(problem.samples, where);
  const rows = sampleRows(samples.length, width, where, params.length, (w, p) => {
    const names = Array.from({ length: Math.min(w, 8) }, (_, k) => program.inputName(p + k)).join(', ');
    return `${w} sample inputs (${names}${w > 8 ? ', …' : ''})`;
  });
  const o = optionsOf(where, options);
  const optimizer = o.optimizer ?? sgd({ learningRate: 0.01 });
  if (optimizer === null || typeof optimizer.init !== 'function' || typeof optimizer.update !== 'function') {
    throw new ArgumentError(`${where}: optimizer must be a gradient transformation { init, update } (sgd(), adam(), …), got ${describe(optimizer)}`);
  }
  const batchSize = o.batchSize === undefined || o.batchSize === 'full' ? rows : Math.min(rows, checkNumber(where, 'batchSize', o.batchSize, { integer: true, min: 1 }));
  const epochs = checkNumber(where, 'epochs', o.epochs ?? 100, { integer: true, min: 1 });
  const tolerance = checkNumber(where, 'tolerance', o.tolerance ?? 0, { min: 0 });
  const patience = o.patience === undefined ? Infinity : checkNumber(where, 'patience', o.patience, { integer: true, min: 1 });
  const decay = checkNumber(where, 'stepDecayOnPlateau', o.stepDecayOnPlateau ?? 1, { min: 0, max: 1, minOpen: true });
  const seed = checkNumber(where, 'seed', o.seed ?? 0, { integer: true, min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
  const shuffle = checkBoolean(where, 'shuffle', o.shuffle, true) && batchSize < rows;
  const record = checkBoolean(where, 'recordTrajectory', o.recordTrajectory, true);
  const restoreBest = checkBoolean(where, 'restoreBest', o.restoreBest, false);
  if (o.onEpoch !== undefined && typeof o.onEpoch !== 'function') throw new ArgumentError(`${where}: onEpoch must be a function, got ${describe(o.onEpoch)}`);

  const state = optimizer.init(params);
  const gradient = new Float64Array(params.length);
  const batch = batchSize === rows && !shuffle ? undefined : new Float64Array(batchSize * width);
  const best = new Float64Array(params);
  const history: FitHistory = { stepLoss: [], epochLoss: [], stepScale: [], trajectory: [] };
  let bestLoss = Infinity;
  let bestEpoch = -1;
  let scale = 1;
  let stale = 0;
  let step = 0;
  let status: FitResult['status'] = 'max-epochs';
  let epoch = 0;
  for (; epoch < epochs; epoch++) {
    const order = shuffle ? epochOrder(rows, { seed, epoch }) : undefined;
    let sum = 0;
    let count = 0;
    for (let start = 0; start < rows; start += batchSize) {
      const n = Math.min(batchSize, rows - start);
      let view: Float64Array = samples;
      if (batch !== undefined) {
        for (let r = 0; r < n; r++) {
          const row = order === undefined ? start + r : order[start + r];
          for (let k = 0; k < width; k++) batch[r * width + k] = samples[row * width + k];
        }
        view = n === batchSize ? batch : batch.subarray(0, n * width);
      }
      const loss = program.batchValueAndGradient(params, view, gradient);
      if (!Number.isFinite(loss)) throw new NonFiniteLossError(step, loss, 'loss', history, `${where} (epoch ${epoch})`);
      for (let k = 0; k < gradient.length; k++) {
        if (!Number.isFinite(gradient[k])) throw new NonFiniteLossError(step, loss, 'gradient', history, `${where} (epoch ${epoch}, parameter ${program.inputName(k)})`);
      }
      history.stepLoss.push(loss);
      sum += loss;
      count++;
      const updates = optimizer.update(gradient, state, params);
      for (let k = 0; k < params.length; k++) params[k] += scale * updates[k];
      step++;
    }
    const epochLoss = sum / count;
    history.epochLoss.push(epochLoss);
    history.stepScale.push(scale);
    if (record) history.trajectory.push(new Float64Array(params));
    if (bestLoss - epochLoss > tolerance) {
      bestLoss = epochLoss;
      bestEpoch = epoch;
      best.set(params);
      stale = 0;
      scale = 1;
    } else {
      stale++;
      scale *= decay;
    }
    if (o.onEpoch?.({ epoch, loss: epochLoss, params, step }) === false) {
      status = 'stopped';
      epoch++;
      break;
    }
    if (stale >= patience) {
      status = 'patience';
      epoch++;
      break;
    }
  }
  const last = history.epochLoss[history.epochLoss.length - 1];
  if (restoreBest && bestEpoch >= 0) params.set(best);
  return { params, loss: restoreBest && bestEpoch >= 0 ? bestLoss : last, epochs: epoch, steps: step, status, history };
}

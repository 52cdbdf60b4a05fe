/**
 * A model's loss over a whole mini-batch as one array program: the batch X
 * (one sample per row) goes through each layer as matmul, bias and activation,
 * and the loss of src/losses reduces it to the batch's mean. This is what
 * `train` runs by default; the per-sample scalar program (`lossProgram`)
 * computes the same losses and is the reference it is tested against.
 */
import { ArrayEngine } from '../ad/array-engine.js';
import { sampleRows } from '../ad/batch-gradient.js';
import { ArgumentError, describe, ShapeError } from '../errors.js';
import { type Node, variable } from '../graph/node.js';
import { sigmoidCrossEntropyBatch, softmaxCrossEntropyBatch } from '../losses/cross-entropy.js';
import { hingeLossBatch, logisticLossBatch } from '../losses/margin.js';
import { squareLoss } from '../losses/regression.js';
import { mean } from '../ops/composites.js';
import { slice } from '../ops/slice.js';
import type { BatchProgram } from '../optim/fit.js';
import type { MLP } from './mlp.js';
import type { ModelLoss } from './model-loss.js';

/** What a sample row holds: the model's inputs and the targets. */
function sampleNumbers(width: number): string {
  return `${width} numbers of a sample row (the model's inputs, then the targets)`;
}

/** Batch sizes kept compiled at once (a run uses its batch size and, at most, one shorter last batch). */
const KEEP = 4;

/** The mean loss of a batch of logits (rows) against target rows of `width` numbers, as `loss` says. */
function batchLoss(loss: ModelLoss, logits: Node, targets: Node): Node {
  switch (loss) {
    case 'mse':
      // the per-sample mean over outputs, then the mean over samples: the scalar path's order
      return mean(mean(squareLoss(logits, targets), { axis: -1 }));
    case 'softmax-cross-entropy':
      return softmaxCrossEntropyBatch(logits as never, targets);
    case 'sigmoid-cross-entropy':
      return sigmoidCrossEntropyBatch(logits as never, targets);
    case 'hinge':
      return hingeLossBatch(logits as never, targets);
    case 'logistic':
      return logisticLossBatch(logits as never, targets);
  }
}

/**
 * The batch loss of a model as a {@link BatchProgram} for `fit`: samples are rows
 * of the model's inputs followed by `width` target numbers (as `train` lays them
 * out), and one array program per batch size (compiled on first use) gives the
 * batch's mean loss and its gradient with respect to the parameters.
 */
export class ArrayLoss implements BatchProgram {
  private readonly engines = new Map<number, ArrayEngine>();
  private buffer = new Float64Array(0);
  private readonly names: string[];

  constructor(
    readonly model: MLP,
    readonly loss: ModelLoss,
    readonly width: number,
  ) {
    this.names = model.parameterArrays().map((v) => v.name!);
  }

  sampleWidth(params: number): number {
    if (params !== this.model.params.length) throw new ShapeError(`fit: ${params} parameters given, the model has ${this.model.params.length}`);
    return this.model.inputSize + this.width;
  }

  inputName(k: number): string {
    let offset = 0;
    for (const [l, layer] of this.model.layers.entries()) {
      const w = layer.inputs * layer.outputs;
      if (k < offset + w) return `l${l}.W[${Math.floor((k - offset) / layer.inputs)}][${(k - offset) % layer.inputs}]`;
      offset += w;
      if (k < offset + layer.outputs) return `l${l}.b[${k - offset}]`;
      offset += layer.outputs;
    }
    return `sample input ${(k - offset) % (this.model.inputSize + this.width)}`;
  }

  /** The program for batches of `rows` samples. */
  private engine(rows: number): ArrayEngine {
    let e = this.engines.get(rows);
    if (e === undefined) {
      const n = this.model.inputSize;
      const params = this.model.parameterArrays();
      const D = variable('batch', [rows, n + this.width]);
      const X = slice(D, [null, [0, n]]);
      const T = slice(D, [null, [n, null]]);
      e = new ArrayEngine([batchLoss(this.loss, this.model.forward(X, params), T)], [...params, D], 'train');
      if (this.engines.size >= KEEP) this.engines.delete(this.engines.keys().next().value!);
      this.engines.set(rows, e);
    }
    return e;
  }

  batchValueAndGradient(params: ArrayLike<number>, samples: ArrayLike<number>, out: Float64Array): number {
    const p = this.model.params.length;
    const rowWidth = this.model.inputSize + this.width;
    if (params.length !== p) throw new ShapeError(`batchValueAndGradient: ${params.length} parameters given, the model has ${p}`);
    if (samples == null || typeof samples.length !== 'number') throw new ArgumentError(`batchValueAndGradient: samples must be an array, got ${describe(samples)}`);
    const rows = sampleRows(samples.length, rowWidth, 'batchValueAndGradient', p, sampleNumbers);
    const size = p + samples.length;
    if (this.buffer.length < size) this.buffer = new Float64Array(size);
    const x = this.buffer.subarray(0, size);
    x.set(params);
    if (samples instanceof Float64Array) x.set(samples, p);
    else for (let k = 0; k < samples.length; k++) x[p + k] = samples[k];
    return this.engine(rows).valueAndGradient(x, out, p, 'train');
  }

  /** The names of the parameter arrays, in order. */
  get parameters(): readonly string[] {
    return this.names;
  }
}

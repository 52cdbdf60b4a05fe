/**
 * Small neural models: Dense layers (affine map and activation) stacked into a
 * multi-layer perceptron, with every parameter in one Float64Array and named
 * views into it. The model builds its graph from wengert's ops, and compiles it
 * once per use (prediction, a per-sample loss) into a Program.
 */
import { ArrayEngine } from '../ad/array-engine.js';
import { ArgumentError, describe, ShapeError } from '../errors.js';
import { checkNumber, optionsOf } from '../arguments.js';
import { type ArrayNode, liftEach, Node, type NodeLike, variable } from '../graph/node.js';
import { formatShape } from '../graph/shape.js';
import { matmul } from '../ops/matmul.js';
import { transpose } from '../ops/transpose.js';
import { add } from '../ops/add.js';
import { dot } from '../ops/dot.js';
import { ACTIVATIONS, type Activation, activate } from './activations.js';
import { Random } from '../data/random.js';
import { INITIALIZERS, type Initializer, initialize } from './initializers.js';

/** One layer's parameters: views into the model's parameter array. */
export interface DenseLayer {
  readonly inputs: number;
  readonly outputs: number;
  readonly activation: Activation;
  /** outputs × inputs, row-major: weights[o·inputs + i] connects input i to output o. */
  readonly weights: Float64Array;
  readonly biases: Float64Array;
  /** Where the layer's weights, then its biases, start in the parameter array. */
  readonly offset: number;
}

/** Options of {@link MLP}. */
export interface MLPOptions {
  /** Activation of the hidden layers (default 'tanh'). */
  activation?: Activation;
  /** Activation of the last layer (default 'identity': logits or a regression output). */
  outputActivation?: Activation;
  /** Default: 'he' for relu hidden layers, else 'glorot'. */
  init?: Initializer;
  /** Seed of the initial weights (default 0). */
  seed?: number;
}

/** The largest layer an MLP may have (as `loadModel` accepts). */
export const MAX_LAYER_SIZE = 1e6;
/** The most parameters an MLP may have: 10⁸ doubles are 800 MB. */
export const MAX_PARAMETERS = 1e8;

function checkSizes(sizes: unknown): number[] {
  if (!Array.isArray(sizes) || sizes.length < 2) throw new ArgumentError(`MLP: sizes must list at least an input and an output size, got ${describe(sizes)}`);
  sizes.forEach((s, i) => checkNumber('MLP', `sizes[${i}]`, s, { integer: true, min: 1, max: MAX_LAYER_SIZE }));
  const count = parameterCount(sizes);
  if (count > MAX_PARAMETERS) {
    throw new ArgumentError(`MLP: sizes [${sizes.join(', ')}] make ${count} parameters; the limit is ${MAX_PARAMETERS} (800 MB of doubles)`);
  }
  return sizes as number[];
}

/** The number of weights and biases of an MLP with these layer sizes. */
export function parameterCount(sizes: readonly number[]): number {
  let count = 0;
  for (let l = 0; l + 1 < sizes.length; l++) count += sizes[l] * sizes[l + 1] + sizes[l + 1];
  return count;
}

/**
 * Checks a features argument: an array (or Float64Array) of numbers whose
 * length is a positive multiple of `n` (one row per sample).
 */
export function checkFeatures(features: unknown, n: number, where: string): ArrayLike<number> {
  const a = features as ArrayLike<unknown>;
  if (features === null || typeof features !== 'object' || !Number.isSafeInteger(a.length)) {
    throw new ArgumentError(`${where}: features must be an array of numbers (${n} per sample), got ${describe(features)}`);
  }
  if (a.length === 0 || a.length % n !== 0) {
    throw new ShapeError(`${where}: features has length ${a.length}, not a positive multiple of the model's ${n} input${n === 1 ? '' : 's'}`);
  }
  if (!(features instanceof Float64Array)) {
    for (let i = 0; i < a.length; i++) {
      if (typeof a[i] !== 'number') throw new ArgumentError(`${where}: features[${i}] is ${describe(a[i])}, expected a number`);
    }
  }
  return a as ArrayLike<number>;
}

function checkChoice<T extends string>(what: string, value: unknown, choices: readonly T[], where = 'MLP'): T {
  if (!(choices as readonly unknown[]).includes(value)) throw new ArgumentError(`${where}: ${what} must be one of ${choices.join(', ')}, got ${describe(value)}`);
  return value as T;
}

function checkActivation(where: string, activation: unknown): Activation {
  return checkChoice('activation', activation, ACTIVATIONS, where);
}

/**
 * A multi-layer perceptron from a list of layer sizes: `new MLP([2, 16, 16, 1])`
 * has two tanh hidden layers of 16 and one linear output.
 * @example
 * ```ts
 * const model = new MLP([2, 8, 1], { activation: 'tanh', seed: 1 });
 * model.params.length;            // 2·8 + 8 + 8·1 + 1 = 33
 * model.layers[0].weights.length; // 16, a view into model.params
 * model.predict([0.5, -1]);       // Float64Array [ … ]
 * ```
 */
export class MLP {
  readonly sizes: readonly number[];
  readonly activation: Activation;
  readonly outputActivation: Activation;
  /** Every weight and bias, layer by layer (weights, then biases). */
  readonly params: Float64Array;
  readonly layers: readonly DenseLayer[];
  private readonly predictors = new Map<number, ArrayEngine>();

  constructor(sizes: readonly number[], options: MLPOptions = {}) {
    this.sizes = checkSizes(sizes).slice();
    const o = optionsOf('MLP', options);
    this.activation = checkChoice('activation', o.activation ?? 'tanh', ACTIVATIONS);
    this.outputActivation = checkChoice('outputActivation', o.outputActivation ?? 'identity', ACTIVATIONS);
    const init = checkChoice('init', o.init ?? (this.activation === 'relu' ? 'he' : 'glorot'), INITIALIZERS);
    const seed = checkNumber('MLP', 'seed', o.seed ?? 0, { integer: true, min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
    this.params = new Float64Array(parameterCount(sizes));
    const layers: DenseLayer[] = [];
    let offset = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const [n, m] = [sizes[l], sizes[l + 1]];
      layers.push({
        inputs: n,
        outputs: m,
        activation: l + 2 === sizes.length ? this.outputActivation : this.activation,
        weights: this.params.subarray(offset, offset + n * m),
        biases: this.params.subarray(offset + n * m, offset + n * m + m),
        offset,
      });
      offset += n * m + m;
    }
    this.layers = layers;
    const random = new Random(seed);
    for (const layer of layers) initialize(layer.weights, layer.inputs, layer.outputs, init, random);
  }

  get inputSize(): number {
    return this.sizes[0];
  }

  get outputSize(): number {
    return this.sizes[this.sizes.length - 1];
  }

  /** Variables for every parameter, named `l<layer>.w<out>_<in>` and `l<layer>.b<out>`, in the order of `params`. */
  parameterVariables(): Node[] {
    const vars: Node[] = [];
    this.layers.forEach((layer, l) => {
      for (let o = 0; o < layer.outputs; o++) for (let i = 0; i < layer.inputs; i++) vars.push(variable(`l${l}.w${o}_${i}`));
      for (let o = 0; o < layer.outputs; o++) vars.push(variable(`l${l}.b${o}`));
    });
    return vars;
  }

  /**
   * The model's output nodes for one sample's input nodes (features), given
   * nodes for the parameters (in the order of `params`).
   */
  outputs(features: readonly NodeLike[], params: readonly Node[]): Node[] {
    const xs = liftEach(features, 'outputs', 'features');
    const ps = liftEach(params, 'outputs', 'params');
    if (xs.length !== this.inputSize) throw new ShapeError(`outputs: ${xs.length} features given, the model takes ${this.inputSize}`);
    if (ps.length !== this.params.length) throw new ShapeError(`outputs: ${ps.length} parameter nodes given in params, the model has ${this.params.length}`);
    features = xs;
    params = ps;
    let h: readonly NodeLike[] = features;
    for (const layer of this.layers) {
      const next: Node[] = [];
      for (let o = 0; o < layer.outputs; o++) {
        const w = params.slice(layer.offset + o * layer.inputs, layer.offset + (o + 1) * layer.inputs);
        const b = params[layer.offset + layer.inputs * layer.outputs + o];
        next.push(activate(layer.activation, add(dot(w, h), b)));
      }
      h = next;
    }
    return h as Node[];
  }

  /**
   * Array variables for the parameters, layer by layer: `l<layer>.W` (outputs ×
   * inputs) and `l<layer>.b` (outputs). Their elements, row-major and in this
   * order, are exactly `params`.
   */
  parameterArrays(): ArrayNode[] {
    return this.layers.flatMap((layer, l) => [variable(`l${l}.W`, [layer.outputs, layer.inputs]), variable(`l${l}.b`, [layer.outputs])]);
  }

  /**
   * The model's outputs for a whole batch at once: `X` holds one sample per row
   * (shape [batch, inputSize]); each layer is `activation(X·Wᵀ + b)` — a
   * matmul, a broadcast bias and an elementwise activation. `params` are the
   * nodes of {@link parameterArrays} (by default, new ones). Each output equals
   * the per-sample graph of {@link outputs} bit for bit.
   * @example
   * ```ts
   * const model = new MLP([2, 8, 1]);
   * model.forward(variable('X', [64, 2])).shape; // [64, 1]
   * ```
   */
  forward(X: Node, params: readonly Node[] = this.parameterArrays()): ArrayNode {
    if (!(X instanceof Node)) throw new ArgumentError(`MLP#forward: X must be a node of shape [rows, ${this.inputSize}], got ${describe(X)}`);
    if (!Array.isArray(params) || !params.every((p) => p instanceof Node)) {
      throw new ArgumentError(`MLP#forward: params must be an array of ${2 * this.layers.length} nodes (weights and biases, layer by layer), got ${describe(params)}`);
    }
    if (X.shape.length !== 2 || X.shape[1] !== this.inputSize) {
      throw new ShapeError(`MLP: the batch has shape ${formatShape(X.shape)}, expected [rows, ${this.inputSize}]`);
    }
    if (params.length !== 2 * this.layers.length) throw new ShapeError(`MLP: ${params.length} parameter arrays given (params), the model has ${2 * this.layers.length}`);
    let h: Node = X;
    this.layers.forEach((layer, l) => {
      h = activate(layer.activation, add(matmul(h, transpose(params[2 * l])), params[2 * l + 1]));
    });
    return h as ArrayNode;
  }

  /** Variables for one sample's features, named `x0`, `x1`, …. */
  featureVariables(): Node[] {
    return Array.from({ length: this.inputSize }, (_, i) => variable(`x${i}`));
  }

  /**
   * The outputs for one sample (an array of `inputSize` numbers), or for several
   * samples given row-major (then the outputs are row-major too).
   */
  predict(features: ArrayLike<number>): Float64Array {
    const n = this.inputSize;
    checkFeatures(features, n, 'predict');
    const rows = features.length / n;
    // every row at once: one array program over the batch (its outputs equal the per-sample graph's bit for bit)
    let predictor = this.predictors.get(rows);
    if (predictor === undefined) {
      const params = this.parameterArrays();
      const X = variable('X', [rows, n]);
      predictor = new ArrayEngine([this.forward(X, params)], [...params, X], 'predict');
      // a few batch sizes at a time: typically the training set, the test set and single samples
      if (this.predictors.size >= 4) this.predictors.delete(this.predictors.keys().next().value!);
      this.predictors.set(rows, predictor);
    }
    const p = this.params.length;
    const x = new Float64Array(p + features.length);
    x.set(this.params);
    for (let k = 0; k < features.length; k++) x[p + k] = features[k];
    const out = new Float64Array(rows * this.outputSize);
    predictor.evaluate(x, out);
    return out;
  }
}

/**
 * A single neuron: an affine map of n inputs and an activation — the course
 * notes' sigmoid neuron is `neuron(1, 'sigmoid')`.
 * @example
 * ```ts
 * const n = neuron(1, 'sigmoid');
 * n.params.set([2, 1]);   // w = 2, b = 1
 * n.predict([3]);         // Float64Array [ 0.9990889488055994 ]
 * ```
 */
export function neuron(inputs: number, activation: Activation = 'sigmoid', options: Omit<MLPOptions, 'activation' | 'outputActivation'> = {}): MLP {
  checkNumber('neuron', 'inputs', inputs, { integer: true, min: 1, max: MAX_LAYER_SIZE });
  return new MLP([inputs, 1], { ...optionsOf('neuron', options), outputActivation: checkActivation('neuron', activation) });
}

/**
 * A single Dense layer (affine map and activation) as a model of its own.
 * @example
 * ```ts
 * const layer = dense(3, 2, 'relu', { seed: 4 });
 * layer.layers[0].weights.length; // 6
 * ```
 */
export function dense(inputs: number, outputs: number, activation: Activation = 'identity', options: Omit<MLPOptions, 'activation' | 'outputActivation'> = {}): MLP {
  checkNumber('dense', 'inputs', inputs, { integer: true, min: 1, max: MAX_LAYER_SIZE });
  checkNumber('dense', 'outputs', outputs, { integer: true, min: 1, max: MAX_LAYER_SIZE });
  return new MLP([inputs, outputs], { ...optionsOf('dense', options), outputActivation: checkActivation('dense', activation) });
}

/**
 * Small neural models: Dense layers (affine map and activation) stacked into a
 * multi-layer perceptron, with every parameter in one Float64Array and named
 * views into it. The model builds its graph from wengert's ops, and compiles it
 * once per use (prediction, a per-sample loss) into a Program.
 */
import { compile, type Program } from '../compile/program.js';
import { ArgumentError, describe, ShapeError } from '../errors.js';
import { type Node, type NodeLike, variable } from '../graph/node.js';
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

function checkSizes(sizes: unknown): number[] {
  if (!Array.isArray(sizes) || sizes.length < 2) throw new ArgumentError(`MLP: sizes must list at least an input and an output size, got ${describe(sizes)}`);
  sizes.forEach((s, i) => {
    if (typeof s !== 'number' || !Number.isInteger(s) || s < 1) throw new ArgumentError(`MLP: sizes[${i}] must be a positive whole number, got ${describe(s)}`);
  });
  return sizes as number[];
}

function checkChoice<T extends string>(what: string, value: unknown, choices: readonly T[]): T {
  if (!(choices as readonly unknown[]).includes(value)) throw new ArgumentError(`MLP: ${what} must be one of ${choices.join(', ')}, got ${describe(value)}`);
  return value as T;
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
  private predictor: Program | undefined;

  constructor(sizes: readonly number[], options: MLPOptions = {}) {
    this.sizes = checkSizes(sizes).slice();
    this.activation = checkChoice('activation', options.activation ?? 'tanh', ACTIVATIONS);
    this.outputActivation = checkChoice('outputActivation', options.outputActivation ?? 'identity', ACTIVATIONS);
    const init = checkChoice('init', options.init ?? (this.activation === 'relu' ? 'he' : 'glorot'), INITIALIZERS);
    let total = 0;
    for (let l = 0; l + 1 < sizes.length; l++) total += sizes[l] * sizes[l + 1] + sizes[l + 1];
    this.params = new Float64Array(total);
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
    const random = new Random(options.seed ?? 0);
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
    if (features.length !== this.inputSize) throw new ShapeError(`MLP: ${features.length} features given, the model takes ${this.inputSize}`);
    if (params.length !== this.params.length) throw new ShapeError(`MLP: ${params.length} parameter nodes given, the model has ${this.params.length}`);
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
    if (features == null || typeof features.length !== 'number' || features.length % n !== 0 || features.length === 0) {
      throw new ShapeError(`predict: expected a multiple of ${n} features, got ${describe(features)}`);
    }
    if (this.predictor === undefined) {
      const params = this.parameterVariables();
      const xs = this.featureVariables();
      this.predictor = compile(this.outputs(xs, params), [...params, ...xs]);
    }
    const p = this.params.length;
    const x = new Float64Array(p + n);
    x.set(this.params);
    const rows = features.length / n;
    const m = this.outputSize;
    const out = new Float64Array(rows * m);
    const row = new Float64Array(m);
    for (let r = 0; r < rows; r++) {
      for (let k = 0; k < n; k++) x[p + k] = features[r * n + k];
      this.predictor.evaluate(x, row);
      out.set(row, r * m);
    }
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
  return new MLP([inputs, 1], { ...options, outputActivation: activation });
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
  return new MLP([inputs, outputs], { ...options, outputActivation: activation });
}

/**
 * The problems of problems.ts as wengert graphs, as micrograd-style Values
 * (rebuilt on every call), and as mathjs expression strings.
 */
import {
  add,
  constant,
  dot,
  exp,
  logSumExp,
  matmul,
  mean,
  mul,
  neg,
  reciprocal,
  sin,
  slice,
  softmaxCrossEntropyBatch,
  square,
  sub,
  sum,
  tanh,
  transpose,
  variable,
  type ArrayNode,
  type Node,
} from '../src/index.js';
import { total, Value } from './baselines/micrograd.js';
import { batchData, layerOffsets, type MlpSpec, parameterCount } from './problems.js';

// ─── sigmoid neuron: the notes' op-by-op graph ───

export function sigmoidGraph(): { f: Node; inputs: Node[] } {
  const x = variable('x');
  const w = variable('w');
  const b = variable('b');
  return { f: reciprocal(add(1, exp(neg(add(mul(w, x), b))))), inputs: [x, w, b] };
}

export function sigmoidMicrograd(at: ArrayLike<number>, g: Float64Array): number {
  const x = new Value(at[0]);
  const w = new Value(at[1]);
  const b = new Value(at[2]);
  const f = w.mul(x).add(b).neg().exp().add(1).pow(-1);
  f.backward();
  g[0] = x.grad;
  g[1] = w.grad;
  g[2] = b.grad;
  return f.data;
}

// ─── f: ℝⁿ → ℝ ───

export function inputs(n: number, prefix = 'x'): Node[] {
  return Array.from({ length: n }, (_, i) => variable(`${prefix}${i}`));
}

export function sumSquaresGraph(xs: readonly Node[]): Node {
  return sum(xs.map((x) => square(x)));
}

export function rosenbrockGraph(xs: readonly Node[]): Node {
  const terms: Node[] = [];
  for (let i = 0; i < xs.length - 1; i++) terms.push(add(mul(100, square(sub(xs[i + 1], square(xs[i])))), square(sub(1, xs[i]))));
  return sum(terms);
}

export function sumSquaresMicrograd(at: ArrayLike<number>, g: Float64Array): number {
  const xs = Array.from(at, (v) => new Value(v));
  const f = total(xs.map((x) => x.pow(2)));
  f.backward();
  for (let i = 0; i < xs.length; i++) g[i] = xs[i].grad;
  return f.data;
}

export function rosenbrockMicrograd(at: ArrayLike<number>, g: Float64Array): number {
  const xs = Array.from(at, (v) => new Value(v));
  const terms: Value[] = [];
  for (let i = 0; i < xs.length - 1; i++) terms.push(xs[i + 1].sub(xs[i].pow(2)).pow(2).mul(100).add(new Value(1).sub(xs[i]).pow(2)));
  const f = total(terms);
  f.backward();
  for (let i = 0; i < xs.length; i++) g[i] = xs[i].grad;
  return f.data;
}

/** The terms of Σ xᵢ², as mathjs expression strings. */
export function sumSquaresTerms(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `x${i}^2`);
}

/** The terms of the Rosenbrock sum, as mathjs expression strings. */
export function rosenbrockTerms(n: number): string[] {
  return Array.from({ length: n - 1 }, (_, i) => `100 * (x${i + 1} - x${i}^2)^2 + (1 - x${i})^2`);
}

// ─── the curve ℝ → ℝᵐ, yᵢ = sin(cᵢ·x)·x ───

export function curveGraph(x: Node, c: Float64Array): Node[] {
  return Array.from(c, (ci) => mul(sin(mul(ci, x)), x));
}

/** Micrograd has no forward mode: one backward pass per output (each over that output's own small graph). */
export function curveMicrograd(at: number, c: Float64Array, J: Float64Array): void {
  const x = new Value(at);
  const ys = Array.from(c, (ci) => x.mul(ci).sin().mul(x));
  for (let i = 0; i < ys.length; i++) {
    x.grad = 0;
    ys[i].backward();
    J[i] = x.grad;
  }
}

export function curveExpressions(c: Float64Array): string[] {
  return Array.from(c, (ci) => `sin(${ci} * x) * x`);
}

// ─── MLP ───

/** The network's output for one sample's inputs, from parameter nodes in the flat layout of problems.ts. */
function network(spec: MlpSpec, params: readonly Node[], features: readonly Node[]): readonly Node[] {
  const offsets = layerOffsets(spec);
  let h: readonly Node[] = features;
  for (let l = 1; l < spec.layers.length; l++) {
    const { W, b } = offsets[l];
    const ni = spec.layers[l - 1];
    const last = l === spec.layers.length - 1;
    h = Array.from({ length: spec.layers[l] }, (_, j) => {
      const z = add(dot(params.slice(W + j * ni, W + (j + 1) * ni), h), params[b + j]);
      return last ? z : tanh(z);
    });
  }
  return h;
}

/** The loss of one sample: squared error, or softmax cross-entropy logSumExp(logits) − logits·onehot. */
function sampleLoss(spec: MlpSpec, out: readonly Node[], targets: readonly Node[]): Node {
  if (spec.loss === 'mse') return square(sub(out[0], targets[0]));
  return sub(logSumExp(out), dot(targets, out));
}

export interface MlpGraph {
  loss: Node;
  /** Parameters, then each sample's features and targets, sample by sample. */
  inputs: Node[];
  params: Node[];
}

/** The per-sample loss over [params…, features…, targets…]. */
export function mlpSampleGraph(spec: MlpSpec): MlpGraph {
  const params = inputs(parameterCount(spec), 'p');
  const features = inputs(spec.layers[0], 'f');
  const targets = inputs(spec.loss === 'mse' ? 1 : spec.layers[spec.layers.length - 1], 't');
  const loss = sampleLoss(spec, network(spec, params, features), targets);
  return { loss, inputs: [...params, ...features, ...targets], params };
}

/** The mean loss over a whole batch: one graph, with every sample's features and targets as inputs. */
export function mlpBatchGraph(spec: MlpSpec): MlpGraph {
  const params = inputs(parameterCount(spec), 'p');
  const all: Node[] = [...params];
  const losses: Node[] = [];
  const nt = spec.loss === 'mse' ? 1 : spec.layers[spec.layers.length - 1];
  for (let s = 0; s < spec.batch; s++) {
    const features = inputs(spec.layers[0], `f${s}_`);
    const targets = inputs(nt, `t${s}_`);
    all.push(...features, ...targets);
    losses.push(sampleLoss(spec, network(spec, params, features), targets));
  }
  return { loss: mean(losses), inputs: all, params };
}

/** A micrograd-style training step's gradient: the whole batch's graph rebuilt, one backward pass. */
export function mlpMicrograd(spec: MlpSpec): (params: Float64Array, features: Float64Array, targets: Float64Array, grad: Float64Array) => number {
  const offsets = layerOffsets(spec);
  const nIn = spec.layers[0];
  const nOut = spec.layers[spec.layers.length - 1];
  return (params, features, targets, grad) => {
    const p = Array.from(params, (v) => new Value(v));
    const losses: Value[] = [];
    for (let s = 0; s < spec.batch; s++) {
      let h: Value[] = Array.from(features.subarray(s * nIn, (s + 1) * nIn), (v) => new Value(v));
      for (let l = 1; l < spec.layers.length; l++) {
        const { W, b } = offsets[l];
        const ni = spec.layers[l - 1];
        const last = l === spec.layers.length - 1;
        const prev = h;
        h = Array.from({ length: spec.layers[l] }, (_, j) => {
          let z = p[b + j];
          for (let k = 0; k < ni; k++) z = z.add(p[W + j * ni + k].mul(prev[k]));
          return last ? z : z.tanh();
        });
      }
      if (spec.loss === 'mse') losses.push(h[0].sub(targets[s]).pow(2));
      else {
        // stable softmax cross-entropy, written with micrograd's ops: m + log Σ e^(yⱼ−m) − y_label (m a constant)
        let m = -Infinity;
        for (const y of h) m = Math.max(m, y.data);
        const lse = total(h.map((y) => y.sub(m).exp())).log().add(m);
        let label = 0;
        for (let j = 0; j < nOut; j++) if (targets[s * nOut + j] === 1) label = j;
        losses.push(lse.sub(h[label]));
      }
    }
    const loss = total(losses).mul(1 / spec.batch);
    loss.backward();
    for (let k = 0; k < p.length; k++) grad[k] = p[k].grad;
    return loss.data;
  };
}

// ─── arrays (issue 13): the same problems with array nodes ───

/** Rosenbrock over one array variable x of n entries, written with slices: Σ 100·(x[1:] − x[:-1]²)² + (1 − x[:-1])². */
export function rosenbrockSlicesGraph(n: number): { f: Node; x: Node } {
  const x = variable('x', [n]);
  const head = slice(x, [[null, -1]]);
  const tail = slice(x, [[1, null]]);
  return { f: sum(add(mul(100, square(sub(tail, square(head)))), square(sub(1, head)))), x };
}

/**
 * The mean loss of a whole batch as one array program: the batch's features
 * (and targets) are constants, the parameters are W₁, b₁, W₂, b₂ … with each W
 * out × in, as in the flat layout of problems.ts (so the program's flat input
 * vector is that layout): h = tanh(h·Wᵀ + b) on the hidden layers, the last
 * layer linear; mean squared error, or the mean softmax cross-entropy against
 * the class labels.
 */
export function mlpArrayGraph(spec: MlpSpec): { loss: Node; params: Node[] } {
  const { features, targets, labels } = batchData(spec);
  const L = spec.layers.length - 1;
  const params: Node[] = [];
  let h: Node = constant(features, [spec.batch, spec.layers[0]]);
  for (let l = 1; l <= L; l++) {
    const W = variable(`W${l}`, [spec.layers[l], spec.layers[l - 1]]);
    const b = variable(`b${l}`, [spec.layers[l]]);
    params.push(W, b);
    h = add(matmul(h, transpose(W)), b);
    if (l < L) h = tanh(h);
  }
  const loss = spec.loss === 'mse' ? mean(square(sub(h, constant(targets, [spec.batch, 1])))) : softmaxCrossEntropyBatch(h as ArrayNode, Array.from(labels));
  return { loss, params };
}

/** C = A·B over two n × n array variables. */
export function matmulGraph(n: number): { C: Node; inputs: Node[] } {
  const A = variable('A', [n, n]);
  const B = variable('B', [n, n]);
  return { C: matmul(A, B), inputs: [A, B] };
}

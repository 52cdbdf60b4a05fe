/**
 * The benchmark problems as plain data and hand-written analytic JavaScript —
 * the baseline every result is divided by. Nothing here imports wengert, so the
 * TensorFlow.js process shares the same points and batches without loading it.
 */

/** mulberry32: a small seeded generator, so every process sees the same data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ─── 1. the sigmoid neuron f = 1/(1 + e^−(w·x + b)) at (x, w, b) = (3, 2, 1) ───

export const SIGMOID_AT = Float64Array.of(3, 2, 1);
export const SIGMOID_EXPRESSION = '1 / (1 + exp(-(w * x + b)))';

export function sigmoidValue(x: ArrayLike<number>): number {
  return 1 / (1 + Math.exp(-(x[1] * x[0] + x[2])));
}

/** f and ∂f/∂(x, w, b) into g: ∂f/∂z = e^−z/(1 + e^−z)² with z = w·x + b. */
export function sigmoidValueAndGradient(x: ArrayLike<number>, g: Float64Array): number {
  const e = Math.exp(-(x[1] * x[0] + x[2]));
  const f = 1 / (1 + e);
  const dz = f * f * e;
  g[0] = dz * x[1];
  g[1] = dz * x[0];
  g[2] = dz;
  return f;
}

// ─── 2. f: ℝⁿ → ℝ (sum of squares, Rosenbrock) and the curve ℝ → ℝᵐ ───

export const SIZES = [10, 100, 1000, 10000] as const;

/** The point the gradients are taken at: xᵢ in [−1, 1), the same in every process. */
export function point(n: number): Float64Array {
  const r = rng(n);
  return Float64Array.from({ length: n }, () => 2 * r() - 1);
}

export function sumSquaresValue(x: ArrayLike<number>): number {
  let f = 0;
  for (let i = 0; i < x.length; i++) f += x[i] * x[i];
  return f;
}

export function sumSquaresGradient(x: ArrayLike<number>, g: Float64Array): number {
  let f = 0;
  for (let i = 0; i < x.length; i++) {
    f += x[i] * x[i];
    g[i] = 2 * x[i];
  }
  return f;
}

/** Σᵢ 100·(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², i = 0 … n − 2. */
export function rosenbrockValue(x: ArrayLike<number>): number {
  let f = 0;
  for (let i = 0; i < x.length - 1; i++) {
    const d = x[i + 1] - x[i] * x[i];
    const e = 1 - x[i];
    f += 100 * d * d + e * e;
  }
  return f;
}

export function rosenbrockGradient(x: ArrayLike<number>, g: Float64Array): number {
  const n = x.length;
  let f = 0;
  g[0] = 0;
  for (let i = 0; i < n - 1; i++) {
    const xi = x[i];
    const d = x[i + 1] - xi * xi;
    const e = 1 - xi;
    f += 100 * d * d + e * e;
    g[i] += -400 * xi * d - 2 * e;
    g[i + 1] = 200 * d;
  }
  return f;
}

/** The curve ℝ → ℝᵐ, yᵢ = sin(cᵢ·x)·x with cᵢ = 1 + i/m, at x = 0.7. */
export const CURVE_AT = 0.7;

export function curveCoefficients(m: number): Float64Array {
  return Float64Array.from({ length: m }, (_, i) => 1 + i / m);
}

export function curveValue(x: number, c: Float64Array, y: Float64Array): void {
  for (let i = 0; i < c.length; i++) y[i] = Math.sin(c[i] * x) * x;
}

/** dyᵢ/dx = cᵢ·x·cos(cᵢ·x) + sin(cᵢ·x). */
export function curveJacobian(x: number, c: Float64Array, J: Float64Array): void {
  for (let i = 0; i < c.length; i++) {
    const u = c[i] * x;
    J[i] = u * Math.cos(u) + Math.sin(u);
  }
}

// ─── 3. one SGD step of a tanh MLP ───

export interface MlpSpec {
  readonly name: string;
  /** Layer widths, input first: tanh on every hidden layer, the last layer linear. */
  readonly layers: readonly number[];
  readonly batch: number;
  readonly loss: 'mse' | 'softmax-ce';
  readonly learningRate: number;
}

export const MLPS: readonly MlpSpec[] = [
  { name: '2-16-16-1 tanh, MSE, batch 64', layers: [2, 16, 16, 1], batch: 64, loss: 'mse', learningRate: 0.05 },
  { name: '64-32-10 tanh, softmax cross-entropy, batch 32', layers: [64, 32, 10], batch: 32, loss: 'softmax-ce', learningRate: 0.05 },
];

/**
 * Flat parameter layout, layer by layer: the weights W (out × in, row-major)
 * and then the biases b (out) of each layer.
 */
export function parameterCount(spec: MlpSpec): number {
  let p = 0;
  for (let l = 1; l < spec.layers.length; l++) p += spec.layers[l] * (spec.layers[l - 1] + 1);
  return p;
}

/** Offsets of layer l's W and b in the flat layout (l = 1 … L). */
export function layerOffsets(spec: MlpSpec): { W: number; b: number }[] {
  const out: { W: number; b: number }[] = [{ W: 0, b: 0 }];
  let p = 0;
  for (let l = 1; l < spec.layers.length; l++) {
    const W = p;
    p += spec.layers[l] * spec.layers[l - 1];
    out.push({ W, b: p });
    p += spec.layers[l];
  }
  return out;
}

export function initialParameters(spec: MlpSpec): Float64Array {
  const r = rng(1234);
  const params = new Float64Array(parameterCount(spec));
  const offsets = layerOffsets(spec);
  for (let l = 1; l < spec.layers.length; l++) {
    const bound = 1 / Math.sqrt(spec.layers[l - 1]);
    const { W, b } = offsets[l];
    for (let k = W; k < b; k++) params[k] = bound * (2 * r() - 1);
    for (let k = b; k < b + spec.layers[l]; k++) params[k] = 0.1 * (2 * r() - 1);
  }
  return params;
}

/** Features (batch × inputs, row-major) and targets: y = sin(3x₀)·cos(2x₁) for MSE, a class 0 … K−1 for cross-entropy. */
export function batchData(spec: MlpSpec): { features: Float64Array; targets: Float64Array; labels: Int32Array } {
  const r = rng(99);
  const nIn = spec.layers[0];
  const nOut = spec.layers[spec.layers.length - 1];
  const features = Float64Array.from({ length: spec.batch * nIn }, () => 2 * r() - 1);
  const labels = new Int32Array(spec.batch);
  const targets = new Float64Array(spec.batch * nOut);
  for (let s = 0; s < spec.batch; s++) {
    if (spec.loss === 'mse') targets[s] = Math.sin(3 * features[s * nIn]) * Math.cos(2 * features[s * nIn + 1]);
    else {
      labels[s] = Math.floor(r() * nOut);
      targets[s * nOut + labels[s]] = 1; // one-hot
    }
  }
  return { features, targets, labels };
}

/**
 * The loss of one sample from the output layer `y`, with ∂loss/∂y into `dy`:
 * squared error, or softmax cross-entropy against a one-hot row of `targets`.
 */
type SampleLoss = (y: Float64Array, targets: Float64Array, s: number, dy: Float64Array) => number;

function sampleLoss(spec: MlpSpec): SampleLoss {
  if (spec.loss === 'mse') {
    return (y, targets, s, dy) => {
      const r = y[0] - targets[s];
      dy[0] = 2 * r;
      return r * r;
    };
  }
  const nOut = spec.layers[spec.layers.length - 1];
  return (y, targets, s, dy) => {
    let m = -Infinity;
    for (let j = 0; j < nOut; j++) if (y[j] > m) m = y[j];
    let z = 0;
    for (let j = 0; j < nOut; j++) z += Math.exp(y[j] - m);
    const lse = m + Math.log(z);
    let loss = lse;
    for (let j = 0; j < nOut; j++) {
      const t = targets[s * nOut + j];
      loss -= t * y[j];
      dy[j] = Math.exp(y[j] - lse) - t;
    }
    return loss;
  };
}

/**
 * Hand-written MLP: mean loss over the batch and its gradient with respect to
 * the parameters, by an explicit forward and backward pass over Float64Arrays.
 * Buffers are allocated once per architecture; the first layer reads each
 * sample's features in place; the choices the architecture fixes (which layer
 * is first or last, which loss) are made per layer or once, never per element.
 */
export function handWrittenMlp(spec: MlpSpec): (params: Float64Array, features: Float64Array, targets: Float64Array, grad: Float64Array) => number {
  const L = spec.layers.length - 1;
  const widths = spec.layers;
  const offsets = layerOffsets(spec);
  const acts = widths.map((w) => new Float64Array(w)); // acts[l] = output of layer l (l ≥ 1)
  const deltas = widths.map((w) => new Float64Array(w));
  const nIn = widths[0];
  const loss = sampleLoss(spec);
  return (params, features, targets, grad) => {
    grad.fill(0);
    let total = 0;
    for (let s = 0; s < spec.batch; s++) {
      const f0 = s * nIn;
      for (let l = 1; l <= L; l++) {
        const { W, b } = offsets[l];
        const inp = l === 1 ? features : acts[l - 1];
        const i0 = l === 1 ? f0 : 0;
        const out = acts[l];
        const ni = widths[l - 1];
        for (let j = 0; j < widths[l]; j++) {
          let z = params[b + j];
          const row = W + j * ni;
          for (let k = 0; k < ni; k++) z += params[row + k] * inp[i0 + k];
          out[j] = z;
        }
        if (l < L) for (let j = 0; j < widths[l]; j++) out[j] = Math.tanh(out[j]);
      }
      total += loss(acts[L], targets, s, deltas[L]);
      for (let l = L; l >= 1; l--) {
        const { W, b } = offsets[l];
        const d = deltas[l];
        const ni = widths[l - 1];
        if (l === 1) {
          for (let j = 0; j < widths[l]; j++) {
            const dj = d[j];
            grad[b + j] += dj;
            const row = W + j * ni;
            for (let k = 0; k < ni; k++) grad[row + k] += dj * features[f0 + k];
          }
          continue;
        }
        const inp = acts[l - 1];
        const dIn = deltas[l - 1];
        dIn.fill(0);
        for (let j = 0; j < widths[l]; j++) {
          const dj = d[j];
          grad[b + j] += dj;
          const row = W + j * ni;
          for (let k = 0; k < ni; k++) {
            grad[row + k] += dj * inp[k];
            dIn[k] += dj * params[row + k];
          }
        }
        for (let k = 0; k < ni; k++) dIn[k] *= 1 - inp[k] * inp[k]; // tanh′ = 1 − y²
      }
    }
    const scale = 1 / spec.batch;
    for (let k = 0; k < grad.length; k++) grad[k] *= scale;
    return total * scale;
  };
}

/**
 * The same mean loss and gradient as {@link handWrittenMlp}, hand-written over
 * the whole batch at once: each layer's pre-activations Z = H·Wᵀ + b, and in
 * the backward pass ∂W = Δᵀ·H and ∂H = Δ·W, are matrix products by
 * {@link matmulBlocked} (the transposes Wᵀ and Δᵀ copied into buffers first).
 * Buffers are allocated once per architecture.
 */
export function handWrittenMlpBatched(spec: MlpSpec): (params: Float64Array, features: Float64Array, targets: Float64Array, grad: Float64Array) => number {
  const L = spec.layers.length - 1;
  const widths = spec.layers;
  const B = spec.batch;
  const offsets = layerOffsets(spec);
  const acts = widths.map((w) => new Float64Array(B * w)); // acts[l]: B × widths[l] (l ≥ 1)
  const deltas = widths.map((w) => new Float64Array(B * w));
  const transposedW = widths.map((w, l) => new Float64Array(l === 0 ? 0 : widths[l - 1] * w)); // in × out
  const transposedDelta = widths.map((w) => new Float64Array(B * w)); // out × B
  const nOut = widths[L];
  const row = new Float64Array(nOut);
  const dRow = new Float64Array(nOut);
  const loss = sampleLoss(spec);
  return (params, features, targets, grad) => {
    for (let l = 1; l <= L; l++) {
      const { W, b } = offsets[l];
      const [ni, no] = [widths[l - 1], widths[l]];
      const Wt = transposedW[l];
      for (let j = 0; j < no; j++) for (let k = 0; k < ni; k++) Wt[k * no + j] = params[W + j * ni + k];
      const Z = acts[l];
      matmulBlocked(l === 1 ? features : acts[l - 1], Wt, Z, B, ni, no);
      for (let s = 0; s < B; s++) for (let j = 0; j < no; j++) Z[s * no + j] += params[b + j];
      if (l < L) for (let i = 0; i < Z.length; i++) Z[i] = Math.tanh(Z[i]);
    }
    let total = 0;
    const scale = 1 / B;
    const out = acts[L];
    const dOut = deltas[L];
    for (let s = 0; s < B; s++) {
      for (let j = 0; j < nOut; j++) row[j] = out[s * nOut + j];
      total += loss(row, targets, s, dRow);
      for (let j = 0; j < nOut; j++) dOut[s * nOut + j] = dRow[j] * scale;
    }
    for (let l = L; l >= 1; l--) {
      const { W, b } = offsets[l];
      const [ni, no] = [widths[l - 1], widths[l]];
      const D = deltas[l];
      const Dt = transposedDelta[l];
      for (let s = 0; s < B; s++) for (let j = 0; j < no; j++) Dt[j * B + s] = D[s * no + j];
      matmulBlocked(Dt, l === 1 ? features : acts[l - 1], grad.subarray(W, W + no * ni), no, B, ni);
      for (let j = 0; j < no; j++) {
        let db = 0;
        for (let s = 0; s < B; s++) db += Dt[j * B + s];
        grad[b + j] = db;
      }
      if (l === 1) continue;
      const H = acts[l - 1];
      const dH = deltas[l - 1];
      matmulBlocked(D, params.subarray(W, W + no * ni), dH, B, no, ni);
      for (let i = 0; i < dH.length; i++) dH[i] *= 1 - H[i] * H[i]; // tanh′ = 1 − y²
    }
    return total * scale;
  };
}

/** One MLP case as every process builds it: the batch, the starting parameters, and the hand-written loss and gradient there (the reference). */
export function mlpProblem(spec: MlpSpec): { features: Float64Array; targets: Float64Array; labels: Int32Array; start: Float64Array; value: number; expected: Float64Array } {
  const { features, targets, labels } = batchData(spec);
  const start = initialParameters(spec);
  const expected = new Float64Array(parameterCount(spec));
  const value = handWrittenMlp(spec)(start, features, targets, expected);
  return { features, targets, labels, start, value, expected };
}

/** The hand-written mean loss alone (the finite-difference baseline differences it). */
export function handWrittenMlpLoss(spec: MlpSpec): (params: Float64Array, features: Float64Array, targets: Float64Array) => number {
  const L = spec.layers.length - 1;
  const widths = spec.layers;
  const offsets = layerOffsets(spec);
  const acts = widths.map((w) => new Float64Array(w));
  const scratch = new Float64Array(widths[L]);
  const nIn = widths[0];
  const loss = sampleLoss(spec);
  return (params, features, targets) => {
    let total = 0;
    for (let s = 0; s < spec.batch; s++) {
      for (let l = 1; l <= L; l++) {
        const { W, b } = offsets[l];
        const inp = l === 1 ? features : acts[l - 1];
        const i0 = l === 1 ? s * nIn : 0;
        const ni = widths[l - 1];
        for (let j = 0; j < widths[l]; j++) {
          let z = params[b + j];
          for (let k = 0; k < ni; k++) z += params[W + j * ni + k] * inp[i0 + k];
          acts[l][j] = z;
        }
        if (l < L) for (let j = 0; j < widths[l]; j++) acts[l][j] = Math.tanh(acts[l][j]);
      }
      total += loss(acts[L], targets, s, scratch);
    }
    return total / spec.batch;
  };
}

/** params −= learningRate · grad, on the first params.length entries of grad. */
export function sgdUpdate(params: Float64Array, grad: ArrayLike<number>, learningRate: number): void {
  for (let k = 0; k < params.length; k++) params[k] -= learningRate * grad[k];
}

// ─── 4. arrays (issue 13): Rosenbrock written with slices, MLP steps on whole batches, matmul ───

/** Rosenbrock sizes of the arrays suite. */
export const ARRAY_SIZES = [1000, 10000, 1000000] as const;

/** The MLPs of the arrays suite: the mlp suite's two, and MNIST's shape (784 inputs, 10 classes). */
export const ARRAY_MLPS: readonly MlpSpec[] = [
  ...MLPS,
  { name: '784-128-10 tanh, softmax cross-entropy, batch 64', layers: [784, 128, 10], batch: 64, loss: 'softmax-ce', learningRate: 0.05 },
];

/** Sides of the square matrices of the matmul cases. */
export const MATMUL_SIZES = [64, 256, 512] as const;

/** Two n × n matrices A and B (row-major), entries in [−1, 1), the same in every process. */
export function matrices(n: number): { a: Float64Array; b: Float64Array } {
  const r = rng(7 * n);
  const a = Float64Array.from({ length: n * n }, () => 2 * r() - 1);
  const b = Float64Array.from({ length: n * n }, () => 2 * r() - 1);
  return { a, b };
}

/** Blocks of the hand-written matmul: 128 rows of B (1 MB of a 512-wide B) by 256 columns stay in cache. */
const K_BLOCK = 128;
const J_BLOCK = 256;

/**
 * C = A·B for A m × k and B k × n (row-major), hand-written as strong as plain
 * loops get: i-k-j order (the inner loop runs along contiguous rows of B and C),
 * blocked over k and j so the rows of B in use stay in cache, and two rows of C
 * by four of B at a time (each element of B loaded serves two rows, each load
 * and store of C carries four products).
 */
export function matmulBlocked(a: Float64Array, b: Float64Array, c: Float64Array, m: number, k: number, n: number): void {
  c.fill(0, 0, m * n);
  for (let j0 = 0; j0 < n; j0 += J_BLOCK) {
    const j1 = Math.min(n, j0 + J_BLOCK);
    for (let p0 = 0; p0 < k; p0 += K_BLOCK) {
      const p1 = Math.min(k, p0 + K_BLOCK);
      let i = 0;
      for (; i + 1 < m; i += 2) {
        const a0 = i * k;
        const a1 = a0 + k;
        const c0 = i * n;
        const c1 = c0 + n;
        let p = p0;
        for (; p + 3 < p1; p += 4) {
          const x0 = a[a0 + p], x1 = a[a0 + p + 1], x2 = a[a0 + p + 2], x3 = a[a0 + p + 3];
          const y0 = a[a1 + p], y1 = a[a1 + p + 1], y2 = a[a1 + p + 2], y3 = a[a1 + p + 3];
          const b0 = p * n;
          const b1 = b0 + n;
          const b2 = b1 + n;
          const b3 = b2 + n;
          for (let j = j0; j < j1; j++) {
            const u0 = b[b0 + j], u1 = b[b1 + j], u2 = b[b2 + j], u3 = b[b3 + j];
            c[c0 + j] += x0 * u0 + x1 * u1 + x2 * u2 + x3 * u3;
            c[c1 + j] += y0 * u0 + y1 * u1 + y2 * u2 + y3 * u3;
          }
        }
        for (; p < p1; p++) {
          const x = a[a0 + p];
          const y = a[a1 + p];
          const bp = p * n;
          for (let j = j0; j < j1; j++) {
            const u = b[bp + j];
            c[c0 + j] += x * u;
            c[c1 + j] += y * u;
          }
        }
      }
      for (; i < m; i++) {
        const ai = i * k;
        const ci = i * n;
        for (let p = p0; p < p1; p++) {
          const x = a[ai + p];
          const bp = p * n;
          for (let j = j0; j < j1; j++) c[ci + j] += x * b[bp + j];
        }
      }
    }
  }
}

/** C = A·B by the textbook triple loop, each entry one sum in order: the reference the matmul cases are checked against. */
export function matmulReference(a: Float64Array, b: Float64Array, c: Float64Array, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
      c[i * n + j] = s;
    }
  }
}

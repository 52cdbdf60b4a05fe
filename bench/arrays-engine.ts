/**
 * Compiled array programs against hand-written JavaScript (issue 13); the Rosenbrock
 * and matmul cases run what users call, compile() and the Program methods:
 * - Rosenbrock written with slices, f = Σ 100·(x[1:] − x[:-1]²)² + (1 − x[:-1])²: the
 *   compiled value and gradient at n = 10³, 10⁴, 10⁶ (target ≤ 1.5×), and the
 *   compile time at each n (target: independent of n);
 * - one MLP training step (forward, backward, the gradient into one flat vector)
 *   for 2-16-16-1 (MSE, batch 64), 64-32-10 and 784-128-10 (softmax
 *   cross-entropy, batches 32 and 64): target ≤ 1.2×;
 * - matmul alone at 64², 256², 512² against a hand-written blocked i-k-j
 *   matmul: target ≤ 1.2×.
 *
 * The machine is shared and noisy, so each case races its contenders in
 * alternating rounds in one process (every round times each for about the same
 * time), in CPU time of this process (wall time would count the time other
 * processes hold the core), and reports the minimum and the median per call,
 * and the median of the per-round ratios. The hand-written baseline is also timed alone in a
 * fresh process; the faster of the two measurements is 1×. Where two
 * hand-written versions exist (the MLP: per sample, and over the whole batch),
 * the faster one is the baseline.
 *
 * Usage: `tsx --expose-gc bench/arrays-engine.ts [--quick] [case-id …]`; writes
 * bench/results/arrays-engine.json. (`--baseline <case-id>` is the fresh-process mode.)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { ArrayEngine } from '../src/ad/array-engine.js';
import { add, compile, matmul, MLP, mul, slice, square, sub, sum, variable } from '../src/index.js';
import { ArrayLoss } from '../src/nn/batch-loss.js';
import { handWrittenMlp, type MlpSpec, rng, rosenbrockGradient } from './problems.js';

const QUICK = process.argv.includes('--quick');
const now = () => performance.now() / 1e3;
/**
 * CPU seconds of this process (user + system): on a shared machine, wall time
 * also counts the time other processes hold the core, CPU time does not.
 */
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
let sink = 0;

interface Contender {
  readonly name: string;
  readonly run: () => void;
}

interface Built {
  /** Ours first; then one or more hand-written versions (the fastest is the baseline). */
  readonly ours: Contender;
  readonly hand: readonly Contender[];
  readonly check: () => string | undefined;
  readonly extra?: Record<string, number | string>;
}

interface Case {
  readonly id: string;
  readonly title: string;
  readonly target: number;
  build(): Built;
}

// ─── Rosenbrock with slices ───

function rosenbrockCase(n: number): Case {
  return {
    id: `rosenbrock-${n}`,
    title: `Rosenbrock (slices), n = ${n}: value and gradient`,
    target: 1.5,
    build() {
      const x = variable('x', [n]);
      const a = slice(x, [[1, null]]);
      const b = slice(x, [[null, -1]]);
      const f = sum(add(mul(100, square(sub(a, square(b)))), square(sub(1, b))));
      const r = rng(n);
      const point = Float64Array.from({ length: n }, () => 2 * r() - 1);
      const g = new Float64Array(n);
      const h = new Float64Array(n);
      // compile: the engine and its gradient sweep built (graph, IR, plan, memory, generated code), not run
      const compiles: number[] = [];
      let engine: ArrayEngine | undefined;
      for (let k = 0; k < 5; k++) {
        (globalThis as { gc?: () => void }).gc?.();
        const t0 = cpu();
        engine = new ArrayEngine([f], [x]);
        engine.prepare('gradient');
        compiles.push(cpu() - t0);
      }
      // what users call: compile(), then the Program's valueAndGradient (the same engine behind it)
      const t1 = now();
      const program = compile(f, [x]);
      program.valueAndGradient(point, g);
      const first = now() - t1;
      return {
        ours: { name: 'compile() (js)', run: () => (sink += program.valueAndGradient(point, g).value) },
        hand: [{ name: 'hand-written loop', run: () => (sink += rosenbrockGradient(point, h)) }],
        check: () => {
          const fv = program.valueAndGradient(point, g).value;
          const fh = rosenbrockGradient(point, h);
          return relative([fv, ...g], [fh, ...h]) <= 1e-12 ? undefined : `wrong result: relative error ${relative([fv, ...g], [fh, ...h])}`;
        },
        extra: { 'compile (s, min of 5)': Math.min(...compiles), 'compile (s, median of 5)': median(compiles), 'compile() + first call (s)': first },
      };
    },
  };
}

// ─── MLP steps ───

const MLP_SPECS: readonly MlpSpec[] = [
  { name: '2-16-16-1 tanh, MSE, batch 64', layers: [2, 16, 16, 1], batch: 64, loss: 'mse', learningRate: 0.05 },
  { name: '64-32-10 tanh, softmax cross-entropy, batch 32', layers: [64, 32, 10], batch: 32, loss: 'softmax-ce', learningRate: 0.05 },
  { name: '784-128-10 tanh, softmax cross-entropy, batch 64', layers: [784, 128, 10], batch: 64, loss: 'softmax-ce', learningRate: 0.05 },
];

/**
 * The hand-written step over the whole batch: each layer Z = H·Wᵀ + b as dot
 * products over contiguous rows, tanh; the backward pass ∂W = ∂Zᵀ·H (i-k-j),
 * ∂b = column sums, ∂H = ∂Z·W (i-k-j), ∂Z = ∂H·(1 − H²). Buffers are allocated
 * once per architecture; nothing per sample or per call.
 */
function handWrittenBatchMlp(spec: MlpSpec): (params: Float64Array, features: Float64Array, targets: Float64Array, grad: Float64Array) => number {
  const L = spec.layers.length - 1;
  const w = spec.layers;
  const B = spec.batch;
  const offsets: { W: number; b: number }[] = [];
  let p = 0;
  for (let l = 1; l <= L; l++) {
    offsets[l] = { W: p, b: p + w[l] * w[l - 1] };
    p += w[l] * (w[l - 1] + 1);
  }
  const H = w.map((n) => new Float64Array(B * n)); // H[0] = the batch, H[l] = layer l's output
  const D = w.map((n) => new Float64Array(B * n)); // ∂loss/∂Z[l]
  return (params, features, targets, grad) => {
    H[0].set(features);
    for (let l = 1; l <= L; l++) {
      const { W, b } = offsets[l];
      const ni = w[l - 1];
      const no = w[l];
      const X = H[l - 1];
      const Y = H[l];
      for (let s = 0; s < B; s++) {
        const xs = s * ni;
        for (let o = 0; o < no; o++) {
          const row = W + o * ni;
          let z = 0;
          for (let k = 0; k < ni; k++) z += X[xs + k] * params[row + k];
          z += params[b + o];
          Y[s * no + o] = l < L ? Math.tanh(z) : z;
        }
      }
    }
    const no = w[L];
    const Y = H[L];
    const dY = D[L];
    let loss = 0;
    for (let s = 0; s < B; s++) {
      if (spec.loss === 'mse') {
        const r = Y[s] - targets[s];
        loss += r * r;
        dY[s] = (2 * r) / B;
      } else {
        let m = -Infinity;
        for (let j = 0; j < no; j++) if (Y[s * no + j] > m) m = Y[s * no + j];
        let z = 0;
        for (let j = 0; j < no; j++) z += Math.exp(Y[s * no + j] - m);
        const lse = m + Math.log(z);
        for (let j = 0; j < no; j++) {
          const t = targets[s * no + j];
          loss -= t * Y[s * no + j];
          dY[s * no + j] = (Math.exp(Y[s * no + j] - lse) - t) / B;
        }
        loss += lse;
      }
    }
    for (let l = L; l >= 1; l--) {
      const { W, b } = offsets[l];
      const ni = w[l - 1];
      const nO = w[l];
      const X = H[l - 1];
      const dZ = D[l];
      // ∂W[o][i] = Σ_s ∂Z[s][o]·X[s][i]; ∂b[o] = Σ_s ∂Z[s][o]
      grad.fill(0, W, b + nO);
      for (let s = 0; s < B; s++) {
        const xs = s * ni;
        for (let o = 0; o < nO; o++) {
          const d = dZ[s * nO + o];
          grad[b + o] += d;
          const row = W + o * ni;
          for (let k = 0; k < ni; k++) grad[row + k] += d * X[xs + k];
        }
      }
      if (l === 1) break;
      // ∂X = ∂Z·W, then through tanh: ∂Z[l−1] = ∂X·(1 − X²)
      const dX = D[l - 1];
      dX.fill(0);
      for (let s = 0; s < B; s++) {
        const xs = s * ni;
        for (let o = 0; o < nO; o++) {
          const d = dZ[s * nO + o];
          const row = W + o * ni;
          for (let k = 0; k < ni; k++) dX[xs + k] += d * params[row + k];
        }
        for (let k = 0; k < ni; k++) dX[xs + k] *= 1 - X[xs + k] * X[xs + k];
      }
    }
    return loss / B;
  };
}

function mlpCase(spec: MlpSpec, id: string): Case {
  return {
    id,
    title: `MLP ${spec.name}: one training step (value and gradient)`,
    target: 1.2,
    build() {
      const nIn = spec.layers[0];
      const nOut = spec.layers[spec.layers.length - 1];
      const width = spec.loss === 'mse' ? 1 : nOut;
      const r = rng(99);
      const features = Float64Array.from({ length: spec.batch * nIn }, () => 2 * r() - 1);
      const targets = new Float64Array(spec.batch * width);
      for (let s = 0; s < spec.batch; s++) {
        if (spec.loss === 'mse') targets[s] = Math.sin(3 * features[s * nIn]) * Math.cos(2 * features[s * nIn + 1]);
        else targets[s * nOut + Math.floor(r() * nOut)] = 1;
      }
      const model = new MLP(spec.layers, { activation: 'tanh', seed: 3 });
      const loss = new ArrayLoss(model, spec.loss === 'mse' ? 'mse' : 'softmax-cross-entropy', width);
      const samples = new Float64Array(spec.batch * (nIn + width));
      for (let s = 0; s < spec.batch; s++) {
        samples.set(features.subarray(s * nIn, (s + 1) * nIn), s * (nIn + width));
        samples.set(targets.subarray(s * width, (s + 1) * width), s * (nIn + width) + nIn);
      }
      const params = model.params;
      const P = params.length;
      const g = new Float64Array(P);
      const h1 = new Float64Array(P);
      const h2 = new Float64Array(P);
      const perSample = handWrittenMlp(spec);
      const batched = handWrittenBatchMlp(spec);
      const t0 = now();
      loss.batchValueAndGradient(params, samples, g);
      const first = now() - t0;
      return {
        ours: { name: 'compiled (js), ArrayLoss', run: () => (sink += loss.batchValueAndGradient(params, samples, g)) },
        hand: [
          { name: 'hand-written, per sample', run: () => (sink += perSample(params, features, targets, h1)) },
          { name: 'hand-written, whole batch', run: () => (sink += batched(params, features, targets, h2)) },
        ],
        check: () => {
          const v = loss.batchValueAndGradient(params, samples, g);
          const v1 = perSample(params, features, targets, h1);
          const v2 = batched(params, features, targets, h2);
          const e = Math.max(relative([v, ...g], [v1, ...h1]), relative([v, ...g], [v2, ...h2]));
          return e <= 1e-9 ? undefined : `wrong result: relative error ${e}`;
        },
        extra: { 'compile + first call (s)': first, parameters: P },
      };
    },
  };
}

// ─── matmul ───

/** C = A·B (n×n, row-major), blocked i-k-j: tiles of 64 columns and 64 terms, each row's tile updated in place. */
function handWrittenMatmul(A: Float64Array, B: Float64Array, C: Float64Array, n: number): void {
  const T = 64;
  C.fill(0);
  for (let j0 = 0; j0 < n; j0 += T) {
    const j1 = Math.min(n, j0 + T);
    for (let k0 = 0; k0 < n; k0 += T) {
      const k1 = Math.min(n, k0 + T);
      for (let i = 0; i < n; i++) {
        const ci = i * n;
        const ai = i * n;
        for (let k = k0; k < k1; k++) {
          const a = A[ai + k];
          const bk = k * n;
          for (let j = j0; j < j1; j++) C[ci + j] += a * B[bk + j];
        }
      }
    }
  }
}

function matmulCase(n: number): Case {
  return {
    id: `matmul-${n}`,
    title: `matmul ${n}×${n} · ${n}×${n}`,
    target: 1.2,
    build() {
      const A = variable('A', [n, n]);
      const B = variable('B', [n, n]);
      const program = compile(matmul(A, B), [A, B]);
      const r = rng(n + 1);
      const x = Float64Array.from({ length: 2 * n * n }, () => 2 * r() - 1);
      const a = x.subarray(0, n * n);
      const b = x.subarray(n * n);
      const c = new Float64Array(n * n);
      const h = new Float64Array(n * n);
      return {
        ours: { name: 'compile() (js)', run: () => (program.evaluate(x, c), (sink += c[0])) },
        hand: [{ name: 'hand-written blocked i-k-j', run: () => (handWrittenMatmul(a, b, h, n), (sink += h[0])) }],
        check: () => {
          program.evaluate(x, c);
          handWrittenMatmul(a, b, h, n);
          const e = relative(c, h);
          return e <= 1e-12 ? undefined : `wrong result: relative error ${e}`;
        },
      };
    },
  };
}

const CASES: readonly Case[] = [
  rosenbrockCase(1e3),
  rosenbrockCase(1e4),
  rosenbrockCase(1e6),
  mlpCase(MLP_SPECS[0], 'mlp-2-16-16-1'),
  mlpCase(MLP_SPECS[1], 'mlp-64-32-10'),
  mlpCase(MLP_SPECS[2], 'mlp-784-128-10'),
  matmulCase(64),
  matmulCase(256),
  matmulCase(512),
];

// ─── measuring ───

function relative(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let scale = 0;
  let err = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  for (let i = 0; i < want.length; i++) err = Math.max(err, Math.abs(got[i] - want[i]) || (Number.isNaN(got[i]) ? Infinity : 0));
  return err / (scale || 1);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((p, q) => p - q);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}

/** Calls per sample so that a sample lasts about `seconds`. */
function calibrate(run: () => void, seconds: number): number {
  let calls = 1;
  for (;;) {
    const t0 = now();
    for (let k = 0; k < calls; k++) run();
    const t = now() - t0;
    if (t >= seconds / 4 || calls >= 1 << 24) return Math.max(1, Math.round((calls * seconds) / Math.max(t, 1e-9)));
    calls *= 4;
  }
}

/** Warms up, then races the contenders in alternating rounds; seconds per call of every sample. */
function race(contenders: readonly Contender[], rounds: number, sampleSeconds: number, warmupSeconds: number): number[][] {
  for (const c of contenders) {
    const t0 = now();
    while (now() - t0 < warmupSeconds) c.run();
  }
  const calls = contenders.map((c) => calibrate(c.run, sampleSeconds));
  const samples = contenders.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? contenders.map((_, k) => k) : contenders.map((_, k) => contenders.length - 1 - k);
    for (const k of order) {
      (globalThis as { gc?: () => void }).gc?.();
      const t0 = cpu();
      for (let q = 0; q < calls[k]; q++) contenders[k].run();
      samples[k].push((cpu() - t0) / calls[k]);
    }
  }
  return samples;
}

const ROUNDS = QUICK ? 5 : 31;
const SAMPLE = QUICK ? 0.01 : 0.02;
const WARMUP = QUICK ? 0.1 : 1.5;

/** The fresh-process mode: the hand-written contenders of one case alone; prints their minimum seconds per call. */
function baseline(id: string): void {
  const c = CASES.find((k) => k.id === id);
  if (c === undefined) throw new Error(`unknown case ${id}`);
  const built = c.build();
  const samples = race(built.hand, ROUNDS, SAMPLE, WARMUP);
  console.log(JSON.stringify(samples.map((s) => ({ min: Math.min(...s), median: median(s) }))));
}

function format(s: number): string {
  if (s < 1e-6) return `${(s * 1e9).toPrecision(3)} ns`;
  if (s < 1e-3) return `${(s * 1e6).toPrecision(3)} µs`;
  if (s < 1) return `${(s * 1e3).toPrecision(3)} ms`;
  return `${s.toPrecision(3)} s`;
}

interface Result {
  id: string;
  title: string;
  target: number;
  ours: { min: number; median: number };
  hand: { name: string; min: number; median: number; freshMin: number; freshMedian: number }[];
  baseline: string;
  ratio: { min: number; medianOfRounds: number };
  met: boolean;
  extra?: Record<string, number | string>;
  error?: string;
}

function main(): void {
  const at = process.argv.indexOf('--baseline');
  if (at >= 0) return baseline(process.argv[at + 1]);
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const results: Result[] = [];
  for (const c of CASES) {
    if (wanted.length > 0 && !wanted.includes(c.id)) continue;
    const built = c.build();
    const problem = built.check();
    if (problem !== undefined) {
      console.log(`${c.title}: ${problem}`);
      results.push({ id: c.id, title: c.title, target: c.target, ours: { min: NaN, median: NaN }, hand: [], baseline: '', ratio: { min: NaN, medianOfRounds: NaN }, met: false, error: problem });
      continue;
    }
    const samples = race([built.ours, ...built.hand], ROUNDS, SAMPLE, WARMUP);
    const fresh = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--baseline', c.id, ...(QUICK ? ['--quick'] : [])], { encoding: 'utf8' });
    const freshStats: { min: number; median: number }[] = fresh.status === 0 ? JSON.parse(fresh.stdout.trim().split('\n').pop()!) : built.hand.map(() => ({ min: Infinity, median: Infinity }));
    const hand = built.hand.map((h, k) => ({ name: h.name, min: Math.min(...samples[k + 1]), median: median(samples[k + 1]), freshMin: freshStats[k].min, freshMedian: freshStats[k].median }));
    // the baseline: the fastest hand-written version, in this process or the fresh one
    let best = 0;
    hand.forEach((h, k) => {
      if (Math.min(h.min, h.freshMin) < Math.min(hand[best].min, hand[best].freshMin)) best = k;
    });
    const baseMin = Math.min(hand[best].min, hand[best].freshMin);
    const ours = { min: Math.min(...samples[0]), median: median(samples[0]) };
    const perRound = samples[0].map((s, r) => s / samples[best + 1][r]);
    const ratio = { min: ours.min / baseMin, medianOfRounds: median(perRound) };
    const r: Result = { id: c.id, title: c.title, target: c.target, ours, hand, baseline: hand[best].name, ratio, met: ratio.min <= c.target, extra: built.extra };
    results.push(r);
    console.log(
      `${c.title}\n  ours ${format(ours.min)} (median ${format(ours.median)}); ${hand
        .map((h) => `${h.name} ${format(h.min)} (median ${format(h.median)}; fresh process ${format(h.freshMin)})`)
        .join('; ')}\n  ratio ${ratio.min.toFixed(2)}× (median of rounds ${ratio.medianOfRounds.toFixed(2)}×), target ≤ ${c.target}×: ${r.met ? 'met' : 'NOT met'}${
        built.extra ? `\n  ${Object.entries(built.extra).map(([k, v]) => `${k}: ${typeof v === 'number' && v < 1 ? format(v) : v}`).join('; ')}` : ''
      }`,
    );
  }
  const dir = new URL('./results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    new URL('arrays-engine.json', dir),
    JSON.stringify({ date: new Date().toISOString(), machine: { node: process.version, cpu: os.cpus()[0]?.model, cores: os.cpus().length, load: os.loadavg() }, quick: QUICK, results }, null, 1) + '\n',
  );
  void sink;
}

main();

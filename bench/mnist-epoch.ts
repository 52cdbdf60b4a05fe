/**
 * `tsx bench/mnist-epoch.ts`: one training epoch of a 784-128-10 tanh MLP
 * (softmax cross-entropy, Adam 10⁻³, batches of 32) over 8,000 MNIST digits,
 * by the library's `train` on arrays against a hand-written loop — the blocked
 * whole-batch gradient of problems.ts and a fused Adam update over
 * Float64Arrays — each shuffling and gathering its own batches, each in a
 * fresh process of its own. CPU time per epoch: the median of 5 epochs after a
 * first one (reported apart: it compiles, and V8 optimizes). Needs the `mnist`
 * package (`wengert/datasets`).
 *
 *   tsx bench/mnist-epoch.ts            both, then the ratio
 *   tsx bench/mnist-epoch.ts --one ours|hand
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadMnist } from '../src/data/datasets.js';
import { adam, MLP, train } from '../src/index.js';
import { handWrittenMlpBatched, initialParameters, type MlpSpec, parameterCount, rng } from './problems.js';

const EPOCHS = 6;
const BATCH = 32;
const RATE = 1e-3;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function epochs(which: 'ours' | 'hand'): Promise<number[]> {
  const { train: data } = await loadMnist({ train: 8000, test: 0, seed: 0 });
  const out: number[] = [];
  if (which === 'ours') {
    const model = new MLP([784, 128, 10], { activation: 'tanh', seed: 0 });
    const optimizer = adam({ learningRate: RATE });
    for (let e = 0; e < EPOCHS; e++) {
      const t = cpu();
      train(model, data, { optimizer, epochs: 1, batchSize: BATCH, seed: e, engine: 'array' });
      out.push(cpu() - t);
    }
    return out;
  }
  const spec: MlpSpec = { name: 'mnist', layers: [784, 128, 10], batch: BATCH, loss: 'softmax-ce', learningRate: RATE };
  const gradient = handWrittenMlpBatched(spec);
  const P = parameterCount(spec);
  const params = initialParameters(spec);
  const [g, m, v] = [new Float64Array(P), new Float64Array(P), new Float64Array(P)];
  const [n, d] = [data.rows, data.cols];
  const xb = new Float64Array(BATCH * d);
  const yb = new Float64Array(BATCH * 10);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const r = rng(1);
  let step = 0;
  for (let e = 0; e < EPOCHS; e++) {
    const t = cpu();
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (let s0 = 0; s0 + BATCH <= n; s0 += BATCH) {
      yb.fill(0);
      for (let b = 0; b < BATCH; b++) {
        const row = order[s0 + b];
        xb.set(data.features.subarray(row * d, row * d + d), b * d);
        yb[b * 10 + data.labels[row]] = 1;
      }
      gradient(params, xb, yb, g);
      step++;
      const c1 = 1 - 0.9 ** step;
      const c2 = 1 - 0.999 ** step;
      for (let k = 0; k < P; k++) {
        m[k] = 0.9 * m[k] + 0.1 * g[k];
        v[k] = 0.999 * v[k] + 0.001 * g[k] * g[k];
        params[k] -= (RATE * (m[k] / c1)) / (Math.sqrt(v[k] / c2) + 1e-8);
      }
    }
    out.push(cpu() - t);
  }
  return out;
}

const summary = (xs: number[]) => {
  const rest = xs.slice(1).sort((a, b) => a - b);
  return { first: xs[0], median: rest[rest.length >> 1] };
};

if (process.argv[2] === '--one') {
  console.log(`RESULT ${JSON.stringify(summary(await epochs(process.argv[3] as 'ours' | 'hand')))}`);
} else {
  const run = (which: string) => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--one', which], { encoding: 'utf8' });
    const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (line === undefined) throw new Error(`mnist-epoch: the ${which} process failed: ${child.stderr.trim().split('\n').pop()}`);
    return JSON.parse(line.slice(7)) as { first: number; median: number };
  };
  const hand = run('hand');
  const ours = run('ours');
  console.log('| | first epoch | epoch (median of 5) |\n|---|--:|--:|');
  console.log(`| hand-written loop | ${hand.first.toFixed(3)} s | ${hand.median.toFixed(3)} s |`);
  console.log(`| wengert train (arrays) | ${ours.first.toFixed(3)} s | ${ours.median.toFixed(3)} s |`);
  console.log(`\nwengert ÷ hand-written: ${(ours.median / hand.median).toFixed(2)}× (CPU time, load average ${(await import('node:os')).loadavg()[0].toFixed(1)})`);
}

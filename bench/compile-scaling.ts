/**
 * Compile time, IR memory, and first-call / steady-state times of every sweep
 * on huge single-output programs (issue 12, items 4 and 5): wide n-ary nodes
 * (a dot and a sum of nonlinear terms), nonlinear chains (sin, tanh, exp∘log)
 * and the random DAG of bench/compile.ts, at 10³ … 10⁶ terms. Each (shape, n)
 * runs in a fresh child process with a time limit, for both backends, and the
 * js backend's results are checked against the interpreter's bit for bit.
 *
 *   tsx bench/compile-scaling.ts [--sizes 1e3,1e4] [--shapes dot,sin] [--limit 120]
 *   tsx bench/compile-scaling.ts --one <shape> <n>      (what the parent runs)
 *
 * Printed: a table per shape. "compile" is `compile(f, inputs)` (the js backend
 * generates code on first use, so its first calls include code generation).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { add, compile, dot, exp, log, mul, type Node, type Program, sin, sum, tanh, variable } from '../src/index.js';
import { rng } from './problems.js';

const SHAPES = ['dot', 'sum', 'sin', 'tanh', 'explog', 'random'] as const;
type Shape = (typeof SHAPES)[number];
const TITLE: Record<Shape, string> = {
  dot: 'dot(tanh(wᵢ), 3·wᵢ), one output',
  sum: 'Σ tanh(wᵢ)·3wᵢ, one output',
  sin: 'sin chain t ← sin(t)',
  tanh: 'tanh chain t ← tanh(t)',
  explog: 'exp∘log chain t ← exp(log(t))',
  random: 'random DAG (bench/compile.ts), 100 inputs',
};

function graph(shape: Shape, n: number): { f: Node; inputs: Node[] } {
  if (shape === 'dot' || shape === 'sum') {
    const ws = Array.from({ length: n }, (_, i) => variable(`w${i}`));
    const f = shape === 'dot' ? dot(ws.map((w) => tanh(w)), ws.map((w) => mul(3, w))) : sum(ws.map((w) => mul(tanh(w), mul(3, w))));
    return { f, inputs: ws };
  }
  if (shape === 'random') {
    const r = rng(n);
    const inputs = Array.from({ length: 100 }, (_, i) => variable(`x${i}`));
    const nodes: Node[] = [...inputs];
    const used = new Uint8Array(n);
    const pick = () => {
      const k = Math.floor(r() * nodes.length);
      used[k] = 1;
      return nodes[k];
    };
    while (nodes.length < n - 1) {
      const op = r();
      nodes.push(op < 0.35 ? add(pick(), pick()) : op < 0.7 ? mul(pick(), pick()) : op < 0.85 ? sin(pick()) : tanh(pick()));
    }
    return { f: sum(nodes.filter((_, k) => !used[k])), inputs };
  }
  const x = variable('x');
  let t: Node = x;
  for (let k = 0; k < n; k++) t = shape === 'sin' ? sin(t) : shape === 'tanh' ? tanh(t) : exp(log(t));
  return { f: t, inputs: [x] };
}

type Sweep = 'evaluate' | 'gradient' | 'jvp' | 'vjp' | 'hvp';
const SWEEPS: readonly Sweep[] = ['evaluate', 'gradient', 'jvp', 'vjp', 'hvp'];

function seconds(f: () => unknown): number {
  const t = performance.now();
  f();
  return (performance.now() - t) / 1e3;
}

/** Median seconds a call over calls made for about `budget` seconds (at least 3 calls). */
function steady(f: () => unknown, budget = 0.5): number {
  const times: number[] = [];
  const end = performance.now() + budget * 1e3;
  while (times.length < 3 || (performance.now() < end && times.length < 1000)) times.push(seconds(f));
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

function run(p: Program, sweep: Sweep, x: Float64Array, d: Float64Array): Float64Array {
  if (sweep === 'evaluate') return p.evaluate(x) as Float64Array;
  if (sweep === 'gradient') return p.gradient(x) as Float64Array;
  if (sweep === 'jvp') return p.jvp(x, d) as Float64Array;
  if (sweep === 'vjp') return p.vjp(x, [1]) as Float64Array;
  return p.hvp(x, d) as Float64Array;
}

function one(shape: Shape, n: number): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  const { f, inputs } = graph(shape, n);
  const x = Float64Array.from(inputs, (_, i) => 0.5 + 0.001 * (i % 100));
  const d = Float64Array.from(inputs, (_, i) => 1 - 0.002 * (i % 50));
  const emit = (o: object) => process.stdout.write(`RESULT ${JSON.stringify(o)}\n`);
  const results = new Map<string, Float64Array>();
  for (const backend of ['interpreter', 'js'] as const) {
    gc?.();
    const heap = process.memoryUsage().heapUsed;
    let p!: Program;
    const c = seconds(() => (p = compile(f, inputs, { backend })));
    const ir = (p as unknown as { scalar: { ir: { opcode: Uint8Array; start: Int32Array; operands: Int32Array; constants: Float64Array; active: Uint8Array; outputs: Int32Array } } }).scalar.ir; // the scalar program behind the Program facade
    const irBytes = [ir.opcode, ir.start, ir.operands, ir.constants, ir.active, ir.outputs].reduce((s, a) => s + a.byteLength, 0);
    emit({ backend, what: 'compile', seconds: c, nodes: p.stats.nodes, irBytesPerNode: irBytes / p.stats.nodes, heapPerNode: (process.memoryUsage().heapUsed - heap) / p.stats.nodes });
    for (const sweep of SWEEPS) {
      let out!: Float64Array;
      try {
        const first = seconds(() => (out = run(p, sweep, x, d)));
        const second = seconds(() => run(p, sweep, x, d));
        const median = steady(() => run(p, sweep, x, d));
        const key = sweep;
        let same: boolean | undefined;
        if (backend === 'interpreter') results.set(key, Float64Array.from(out));
        else {
          const want = results.get(key);
          same = want !== undefined && want.length === out.length && want.every((v, i) => Object.is(v, out[i]));
        }
        emit({ backend, what: sweep, first, second, steady: median, same });
      } catch (e) {
        emit({ backend, what: sweep, error: e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 120) : String(e) });
      }
    }
    emit({ backend, what: 'bytes', bytesPerNode: p.stats.bytes / p.stats.nodes });
  }
}

function fmt(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s)) return '–';
  if (s >= 1) return `${s.toFixed(2)} s`;
  if (s >= 1e-3) return `${(s * 1e3).toFixed(s >= 1e-2 ? 1 : 2)} ms`;
  return `${(s * 1e6).toFixed(s >= 1e-5 ? 1 : 2)} µs`;
}

if (process.argv[2] === '--one') {
  one(process.argv[3] as Shape, Number(process.argv[4]));
  process.exit(0);
}

const arg = (name: string) => {
  const k = process.argv.indexOf(name);
  return k < 0 ? undefined : process.argv[k + 1];
};
const sizes = (arg('--sizes') ?? '1e3,1e4,1e5,1e6').split(',').map(Number);
const shapes = (arg('--shapes')?.split(',') ?? SHAPES) as Shape[];
const limit = Number(arg('--limit') ?? 120);

console.log(`Node ${process.version}; each (shape, n) in a fresh process, stopped after ${limit} s`);
for (const shape of shapes) {
  console.log(`\n### ${TITLE[shape]}\n`);
  console.log('| n | nodes | backend | compile | nodes/s | IR B/node | evaluate first / steady | gradient first / steady | jvp first / steady | vjp first / steady | hvp first / steady | = interpreter |');
  console.log('|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|:-:|');
  for (const n of sizes) {
    const child = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=12000', '--stack-size=984', '--import', 'tsx', fileURLToPath(import.meta.url), '--one', shape, String(n)], {
      encoding: 'utf8',
      timeout: limit * 1000,
      maxBuffer: 1 << 26,
    });
    const rows = (child.stdout ?? '').split('\n').filter((l) => l.startsWith('RESULT ')).map((l) => JSON.parse(l.slice(7)));
    const stopped = child.error?.message.includes('ETIMEDOUT') || child.signal === 'SIGTERM' ? `stopped at ${limit} s` : child.status !== 0 ? `exit ${child.status ?? child.signal}: ${(child.stderr ?? '').trim().split('\n').slice(-1)[0]?.slice(0, 100)}` : '';
    for (const backend of ['interpreter', 'js'] as const) {
      const mine = rows.filter((r) => r.backend === backend);
      const c = mine.find((r) => r.what === 'compile');
      const cell = (s: Sweep) => {
        const r = mine.find((m) => m.what === s);
        if (r === undefined) return stopped ? 'not reached' : '–';
        if (r.error) return `**${r.error}**`;
        return `${fmt(r.first)} / ${fmt(r.steady)}`;
      };
      const same = backend === 'js' ? (mine.some((r) => r.same === false) ? '**no**' : mine.filter((r) => r.same === true).length === SWEEPS.length ? 'yes' : '–') : '';
      console.log(
        `| ${n.toExponential(0)} | ${c?.nodes ?? '–'} | ${backend} | ${c ? fmt(c.seconds) : stopped || '–'} | ${c ? (c.nodes / c.seconds).toExponential(2) : '–'} | ${c ? c.irBytesPerNode.toFixed(1) : '–'} | ${SWEEPS.map(cell).join(' | ')} | ${same} |`,
      );
    }
    if (stopped) console.log(`|  |  |  | ${stopped} |  |  |  |  |  |  |  |  |`);
  }
}

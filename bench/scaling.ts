/**
 * Does a compiled scalar program's cost grow with its work? (issue 12, item 6)
 * The compiled (js) Rosenbrock gradient against the hand-written gradient of
 * problems.ts for n = 10 … 10⁵ (the ratio is the median over 21 rounds that
 * alternate the two, so the shared machine's drift hits both alike): all sizes
 * in one process (after each other, as a user's process would hold them), and
 * each size again in a fresh process.
 * With --trace-opt, counts what V8 marked for optimization and what it compiled.
 *
 *   tsx bench/scaling.ts [--sizes 10,100,1000] [--no-fresh] [--trace-opt] [--warmup 3]
 *   tsx bench/scaling.ts --one <n> [--warmup s]      (one size, what a fresh child runs)
 *
 * A full run (all sizes, fresh processes on) writes results/scaling.json, which
 * the report draws in RESULTS.md (table and scaling.svg).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { compile, type Program } from '../src/index.js';
import { writeResults } from './processes.js';
import { provenance } from './provenance.js';
import { inputs, rosenbrockGraph } from './graphs.js';
import { point, rosenbrockGradient } from './problems.js';

const arg = (name: string) => {
  const k = process.argv.indexOf(name);
  return k < 0 ? undefined : process.argv[k + 1];
};
const WARMUP = Number(arg('--warmup') ?? 3);

/** Calls a batch takes to last at least 20 ms. */
function calibrate(f: () => unknown): number {
  let calls = 1;
  for (;;) {
    const t = performance.now();
    for (let i = 0; i < calls; i++) f();
    if (performance.now() - t >= 20) return calls;
    calls *= 2;
  }
}

/** Seconds a call of f, over one batch. */
function sample(f: () => unknown, calls: number): number {
  const t = performance.now();
  for (let i = 0; i < calls; i++) f();
  return (performance.now() - t) / 1e3 / calls;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/**
 * Medians of a and b (seconds a call) and of their ratio, over 21 rounds that
 * alternate a batch of a with a batch of b: the machine's drift (it is shared)
 * hits both alike.
 */
function compare(a: () => unknown, b: () => unknown): { a: number; b: number; ratio: number } {
  const ca = calibrate(a);
  const cb = calibrate(b);
  const sa: number[] = [];
  const sb: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < 21; r++) {
    sa.push(sample(a, ca));
    sb.push(sample(b, cb));
    ratios.push(sa[r] / sb[r]);
  }
  return { a: median(sa), b: median(sb), ratio: median(ratios) };
}

/** Calls f for `seconds` (at least 1000 calls): V8 optimizes generated code only once it is hot. */
function warm(f: () => unknown, seconds: number): void {
  const end = performance.now() + seconds * 1e3;
  let calls = 0;
  while (calls < 1000 || performance.now() < end) {
    f();
    calls++;
  }
}

interface Point {
  n: number;
  compiled: number;
  hand: number;
  ratio: number;
  compileSeconds: number;
  firstCall: number;
}

function measure(n: number): Point {
  const xs = inputs(n);
  const f = rosenbrockGraph(xs);
  const x = point(n);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  let p!: Program;
  let t = performance.now();
  p = compile(f, xs);
  const compileSeconds = (performance.now() - t) / 1e3;
  t = performance.now();
  p.gradient(x, g);
  const firstCall = (performance.now() - t) / 1e3;
  rosenbrockGradient(x, h);
  for (let i = 0; i < n; i++) if (Math.abs(g[i] - h[i]) > 1e-9 * (1 + Math.abs(h[i]))) throw new Error(`n = ${n}: gradient ${i} is ${g[i]}, hand-written ${h[i]}`);
  const compiledCall = () => p.gradient(x, g);
  const handCall = () => rosenbrockGradient(x, h);
  warm(compiledCall, WARMUP);
  warm(handCall, 0.2);
  const { a: compiled, b: hand, ratio } = compare(compiledCall, handCall);
  return { n, compiled, hand, ratio, compileSeconds, firstCall };
}

function fmt(s: number): string {
  if (s >= 1e-3) return `${(s * 1e3).toFixed(2)} ms`;
  if (s >= 1e-6) return `${(s * 1e6).toFixed(2)} µs`;
  return `${(s * 1e9).toFixed(1)} ns`;
}

if (process.argv[2] === '--one') {
  process.stdout.write(`RESULT ${JSON.stringify(measure(Number(process.argv[3])))}\n`);
  process.exit(0);
}

const sizes = (arg('--sizes') ?? '10,30,100,300,1000,3000,10000,30000,100000').split(',').map(Number);
const child = (n: number, flags: string[] = []) =>
  spawnSync(process.execPath, [...flags, '--import', 'tsx', fileURLToPath(import.meta.url), '--one', String(n), '--warmup', String(WARMUP)], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    timeout: 600_000,
  });

if (process.argv.includes('--trace-opt')) {
  console.log('| n | functions marked for optimization | optimized (completed) | ratio to hand-written |');
  console.log('|--:|--:|--:|--:|');
  for (const n of sizes) {
    const c = child(n, ['--trace-opt']);
    const lines = c.stdout.split('\n');
    const marked = new Set(lines.filter((l) => l.includes('[marking')).map((l) => / (0x[0-9a-f]+) /.exec(l)?.[1]));
    const done = new Set(lines.filter((l) => /\[completed (optimizing|compiling)/.test(l)).map((l) => / (0x[0-9a-f]+) /.exec(l)?.[1]));
    const r = JSON.parse(lines.find((l) => l.startsWith('RESULT '))!.slice(7)) as Point;
    console.log(`| ${n} | ${marked.size} | ${done.size} | ${r.ratio.toFixed(2)}× |`);
  }
  process.exit(0);
}

console.log(`Node ${process.version}; warm-up ${WARMUP} s a size; compiled (js) Rosenbrock gradient against hand-written`);
console.log('\n| n | compile | first call | compiled | hand-written | × hand-written (same process) | × hand-written (fresh process) |');
console.log('|--:|--:|--:|--:|--:|--:|--:|');
const fresh = !process.argv.includes('--no-fresh');
const loadBefore = os.loadavg()[0];
const points: (Point & { freshRatio?: number })[] = [];
for (const n of sizes) {
  const r = measure(n);
  let freshRatio = '–';
  if (fresh) {
    const c = child(n);
    const line = c.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    freshRatio = line === undefined ? `failed: ${(c.stderr || c.error?.message || '').trim().split('\n').slice(-1)[0]}` : `${(JSON.parse(line.slice(7)) as Point).ratio.toFixed(2)}×`;
    if (line !== undefined) points.push({ ...r, freshRatio: (JSON.parse(line.slice(7)) as Point).ratio });
    else points.push(r);
  } else points.push(r);
  console.log(`| ${n} | ${fmt(r.compileSeconds)} | ${fmt(r.firstCall)} | ${fmt(r.compiled)} | ${fmt(r.hand)} | ${r.ratio.toFixed(2)}× | ${freshRatio} |`);
}
if (fresh && process.argv.indexOf('--sizes') < 0) {
  writeResults('scaling', {
    suite: 'scaling',
    date: new Date().toISOString(),
    rows: [],
    provenance: provenance(),
    warmupSeconds: WARMUP,
    loadAverage: [loadBefore, os.loadavg()[0]],
    points,
  });
}

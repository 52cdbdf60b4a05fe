/**
 * The measuring harness every suite shares. One case = one implementation of
 * one problem: it is checked against the reference result, called once cold
 * (to skip anything too slow for the run's budget), warmed up (the same policy
 * for every implementation, see WARMUP), then sampled: each sample is a batch
 * of calls lasting at least SAMPLING.minTime, and the statistics are per call.
 * A case slower than SLOW_CALL a call is timed call by call instead, each call
 * a sample.
 *
 * Times are the process's CPU time (`process.cpuUsage`, user + system), not
 * the wall clock. On this shared 2-core machine the wall clock also counts the
 * time the process waits for a core: at load 12 a hand-written loop measured
 * 3.0–3.3 µs a call by the wall clock and 1.5–1.8 µs by CPU time, against
 * 1.47 µs on the idle machine. A ratio between two implementations timed at
 * different moments is only fair if neither time counts the waiting. The wall
 * time of every sample is kept beside it (`wallMedian`). The CPU time counts
 * every thread of the process, so garbage collection on helper threads is
 * charged to the code that made the garbage.
 *
 * Nothing is left out silently: a case that throws, gives a wrong result, is
 * too slow for the run or runs out of time is a row with its status and reason.
 *
 * Rows are written to bench/results/<file>.json after every case, so a suite
 * that is stopped keeps what it measured. With BENCH_ONLY set (a JSON array of
 * selectors, see {@link Selector}), a suite measures only the cases selected:
 * `npm run bench -- check` uses it to rerun just what the targets need.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { provenance, type Provenance } from './provenance.js';

export const RESULTS_DIR = new URL('./results/', import.meta.url);

/** Names used across suites: the report finds the baselines by these. */
export const IMPL = {
  hand: 'hand-written',
  /** The same hand-written function, timed alone in a fresh process of its own (bench/fresh.ts). */
  handFresh: 'hand-written, fresh process',
  js: 'wengert compiled (js)',
  interpreter: 'wengert compiled (interpreter)',
  direct: 'wengert direct sweeps',
  fd: 'centered finite differences',
  micrograd: 'micrograd-style',
  mathjs: 'mathjs derivative',
  tfjs: 'TensorFlow.js',
  jax: 'jax-js',
  /** jax-js with float32 arrays (the arrays suite). */
  jax32: 'jax-js (float32)',
} as const;

/**
 * Warm-up, the same for every implementation (baselines included): up to
 * 20,000 calls or 4 s, whichever comes first. V8 optimizes the big
 * straight-line functions of a compiled program only after thousands of calls
 * (their optimizing compiles run on a background thread, slow on a busy 2-core
 * machine); a baseline warmed up less would be measured nearer its slow end.
 */
export const WARMUP = { calls: 20000, seconds: 4 } as const;

export interface CaseMeta {
  /** The problem family: 'sigmoid', 'rosenbrock', 'sum of squares', 'curve', an MLP name, 'chain', … */
  group: string;
  /** One table: rows of the same case are compared with each other. */
  case: string;
  implementation: string;
  /** How the implementation gets there, e.g. 'reverse: gradient' or 'forward: jacobian'. */
  variant?: string;
  /** Problem size (n, m, nodes) where there is one. */
  n?: number;
  /** Line of the forward-vs-reverse plot this row belongs to. */
  series?: string;
  note?: string;
}

export interface Row extends CaseMeta {
  suite: string;
  /** ok: measured; skipped: not attempted (reason says why); error: threw or wrong result; timeout: ran out of time. */
  status: 'ok' | 'skipped' | 'error' | 'timeout';
  reason?: string;
  /** Seconds per call. */
  median?: number;
  min?: number;
  max?: number;
  mean?: number;
  /** Seconds per call of each sample. */
  samples?: number[];
  /** Median seconds per call by the wall clock (the samples are CPU time: see the file comment). */
  wallMedian?: number;
  method?: 'batches of calls' | 'one call a sample' | 'alternating';
  warmupCalls?: number;
  extra?: Record<string, number | string>;
  /** In a check run: which of the suite's processes measured it (1, 2). */
  process?: number;
}

export interface MeasureOptions {
  /** A cold call slower than this is not timed (default 2 s). */
  maxCallSeconds?: number;
  /** Returns an error message if the implementation's result is wrong; run once before timing. */
  check?: () => string | undefined;
  /** How the call time grows with n (1 linear, 2 quadratic): used to skip, before calling, a size predicted too slow. */
  exponent?: number;
  extra?: Record<string, number | string>;
}

const QUICK = process.env.BENCH_QUICK === '1';

/**
 * Which rows a run measures: every field given must match (`variantIncludes`:
 * the variant contains it). A row is measured if some selector matches it.
 */
export interface Selector {
  case?: string;
  implementation?: string;
  variant?: string;
  variantIncludes?: string;
}

function selectorsFromEnvironment(): Selector[] | undefined {
  const raw = process.env.BENCH_ONLY;
  if (raw === undefined || raw === '') return undefined;
  const parsed = JSON.parse(raw) as unknown;
  if (!Array.isArray(parsed)) throw new Error(`BENCH_ONLY must be a JSON array of selectors, got ${raw}`);
  return parsed as Selector[];
}

const ONLY = selectorsFromEnvironment();

/** True if a row with these fields (the fields not given match anything) is to be measured in this run. */
export function wanted(meta: Partial<CaseMeta>): boolean {
  if (ONLY === undefined) return true;
  return ONLY.some(
    (s) =>
      (s.case === undefined || meta.case === undefined || s.case === meta.case) &&
      (s.implementation === undefined || meta.implementation === undefined || s.implementation === meta.implementation) &&
      (s.variant === undefined || meta.variant === undefined || s.variant === meta.variant) &&
      (s.variantIncludes === undefined || meta.variant === undefined || meta.variant.includes(s.variantIncludes)),
  );
}
/** Sampling: a sample is a batch of calls lasting ≥ 50 ms; sampling stops once it has ≥ 10 samples and 0.7 s, or 30 samples. */
const SAMPLING = QUICK ? { minTime: 0.01, minSamples: 3, minTotal: 0.05, maxSamples: 5 } : { minTime: 0.05, minSamples: 10, minTotal: 0.7, maxSamples: 30 };
/** Calls slower than this are timed one by one. */
const SLOW_CALL = 0.05;

/** The process's CPU time in seconds (user + system, every thread). */
function now(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
const wallNow = () => performance.now() / 1e3;
/** The last result of a timed call (see Recorder.measure). */
export let sink: unknown;
const gc = (globalThis as { gc?: () => void }).gc;

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return String(s);
  if (s < 1e-6) return `${(s * 1e9).toPrecision(3)} ns`;
  if (s < 1e-3) return `${(s * 1e6).toPrecision(3)} µs`;
  if (s < 1) return `${(s * 1e3).toPrecision(3)} ms`;
  return `${s.toPrecision(3)} s`;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** Largest relative difference between two vectors, scaled by the reference's largest magnitude. */
export function relativeError(got: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (got.length !== expected.length) return Infinity;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  let err = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(got[i] - expected[i]);
    err = Math.max(err, Number.isNaN(d) ? Infinity : d);
  }
  return err / (scale || 1);
}

/** A check for MeasureOptions: the vector `run()` produces agrees with `expected` within `tolerance`. */
export function agrees(run: () => ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): () => string | undefined {
  return () => {
    const got = run();
    const err = relativeError(got, expected);
    return err <= tolerance ? undefined : `wrong result: relative error ${err.toExponential(2)} > ${tolerance}`;
  };
}

/** An implementation being sampled: its call, calls per sample, and the samples so far (seconds per call). */
interface Sampling {
  readonly fn: () => void;
  readonly batch: number;
  readonly samples: number[];
  readonly walls: number[];
}

/** Calls per sample, so that a sample lasts at least SAMPLING.minTime. */
const batchFor = (perCall: number) => Math.max(1, Math.ceil(SAMPLING.minTime / Math.max(perCall, 1e-9)));

/** Whether an implementation has samples enough: SAMPLING.minSamples and SAMPLING.minTotal, or SAMPLING.maxSamples. */
function enough(r: Sampling): boolean {
  if (r.samples.length >= SAMPLING.maxSamples) return true;
  return r.samples.length >= SAMPLING.minSamples && r.samples.reduce((s, x) => s + x * r.batch, 0) >= SAMPLING.minTotal;
}

/** Takes one sample: a batch of calls, in CPU time and by the wall clock. */
function sample(r: Sampling): void {
  const w0 = wallNow();
  const t0 = now();
  for (let k = 0; k < r.batch; k++) r.fn();
  const t = now() - t0;
  r.walls.push((wallNow() - w0) / r.batch);
  r.samples.push(t / r.batch);
}

export class Recorder {
  readonly suite: string;
  readonly rows: Row[] = [];
  private readonly started = new Date();
  /** Last measured seconds per call of each (group, implementation, variant), with its n. */
  private readonly last = new Map<string, { n: number; seconds: number }>();

  /** Rows are written to results/<file>.json (default: the suite's name); with null, printed as `ROW <json>` lines instead. */
  private readonly file: string | null;
  private readonly provenance: Provenance = provenance();

  constructor(suite: string, file: string | null = suite) {
    this.suite = suite;
    // BENCH_FILE_PREFIX keeps a check run's rows apart from the suite's results (run.ts sets it)
    this.file = file === null ? null : `${process.env.BENCH_FILE_PREFIX ?? ''}${file}`;
    mkdirSync(RESULTS_DIR, { recursive: true });
  }

  private key(meta: CaseMeta): string {
    return `${meta.group}|${meta.implementation}|${meta.variant ?? ''}`;
  }

  /** Seconds per call predicted at meta.n from the same implementation's last size, or undefined. */
  predict(meta: CaseMeta, exponent: number): { seconds: number; from: number } | undefined {
    const last = this.last.get(this.key(meta));
    if (last === undefined || meta.n === undefined) return undefined;
    return { seconds: last.seconds * (meta.n / last.n) ** exponent, from: last.n };
  }

  private push(row: Row): Row {
    this.rows.push(row);
    if (this.file === null) process.stdout.write(`ROW ${JSON.stringify(row)}\n`);
    else this.save();
    const what = `${row.case} | ${row.implementation}${row.variant ? ` — ${row.variant}` : ''}`;
    if (row.status === 'ok') {
      console.log(`  ${what}: ${formatSeconds(row.median!)} (${formatSeconds(row.min!)} – ${formatSeconds(row.max!)}, ${row.samples!.length} samples)`);
    } else console.log(`  ${what}: ${row.status}: ${row.reason}`);
    return row;
  }

  skip(meta: CaseMeta, reason: string, extra?: Record<string, number | string>): Row | undefined {
    if (!wanted(meta)) return undefined;
    return this.push({ suite: this.suite, ...meta, status: 'skipped', reason, ...(extra ? { extra } : {}) });
  }

  error(meta: CaseMeta, reason: string): Row | undefined {
    if (!wanted(meta)) return undefined;
    return this.push({ suite: this.suite, ...meta, status: 'error', reason });
  }

  timeout(meta: CaseMeta, reason: string): Row | undefined {
    if (!wanted(meta)) return undefined;
    return this.push({ suite: this.suite, ...meta, status: 'timeout', reason });
  }

  /** A result that is not a timing per call (compile suite): stored as a one-sample row. */
  record(meta: CaseMeta, samples: number[], extra?: Record<string, number | string>): Row | undefined {
    if (!wanted(meta)) return undefined;
    return this.push({
      suite: this.suite,
      ...meta,
      status: 'ok',
      median: median(samples),
      min: Math.min(...samples),
      max: Math.max(...samples),
      mean: samples.reduce((s, x) => s + x, 0) / samples.length,
      samples,
      method: 'one call a sample',
      ...(extra ? { extra } : {}),
    });
  }

  /**
   * Checks `measured`, calls it cold and warms it up (see the file comment): the
   * call to time, or the row that says why it is not timed.
   */
  private prepare(meta: CaseMeta, measured: () => unknown, options: MeasureOptions): { fn: () => void; calls: number; perCall: number } | Row | undefined {
    // every result is stored where V8 cannot prove it unused, so no case is optimized away
    const fn = () => {
      sink = measured();
    };
    const maxCall = options.maxCallSeconds ?? 2;
    const extra = options.extra;
    if (options.exponent !== undefined) {
      const p = this.predict(meta, options.exponent);
      if (p !== undefined && p.seconds > maxCall) {
        return this.skip(meta, `too slow: predicted ${formatSeconds(p.seconds)} a call from n = ${p.from} (∝ n${options.exponent === 1 ? '' : superscript(options.exponent)})`, extra);
      }
    }
    gc?.();
    let cold: number;
    try {
      // the check calls fn once: that is the cold call
      const t0 = now();
      const problem = options.check === undefined ? (fn(), undefined) : options.check();
      cold = now() - t0;
      if (problem !== undefined) return this.error(meta, problem);
    } catch (e) {
      return this.error(meta, `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    }
    if (cold > maxCall) {
      // the first call may include one-time work (a compiled program generates its code on first use): try once more
      let second: number;
      try {
        second = timed(fn).seconds;
      } catch (e) {
        return this.error(meta, `threw on its second call ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
      }
      if (second > maxCall) {
        this.last.set(this.key(meta), { n: meta.n ?? 0, seconds: second });
        return this.skip(meta, `too slow: the first call took ${formatSeconds(cold)}, the second ${formatSeconds(second)}`, extra);
      }
    }
    const warmupCalls = QUICK ? 50 : WARMUP.calls;
    const warmupSeconds = QUICK ? 0.05 : WARMUP.seconds;
    let calls = 1;
    const start = now();
    let elapsed = 0;
    while (calls < warmupCalls && (elapsed = now() - start) < warmupSeconds) {
      fn();
      calls++;
    }
    return { fn, calls, perCall: calls > 1 ? elapsed / (calls - 1) : cold };
  }

  /** The row of a timed implementation. */
  private timedRow(meta: CaseMeta, samples: number[], walls: number[], method: Row['method'], warmupCalls: number, extra: MeasureOptions['extra']): Row {
    const row: Row = { suite: this.suite, ...meta, status: 'ok', ...stats(samples), samples, wallMedian: median(walls), method, warmupCalls };
    if (extra) row.extra = extra;
    this.last.set(this.key(meta), { n: meta.n ?? 0, seconds: row.median! });
    return this.push(row);
  }

  /** Checks, warms up and times `fn`; see the file comment. Undefined (and nothing run) for a row this run does not select. */
  async measure(meta: CaseMeta, measured: () => unknown, options: MeasureOptions = {}): Promise<Row | undefined> {
    if (!wanted(meta)) return undefined;
    const prepared = this.prepare(meta, measured, options);
    if (prepared === undefined || !('fn' in prepared)) return prepared;
    const { fn, calls, perCall } = prepared;
    if (perCall > SLOW_CALL) {
      // one call a sample: at least 3, at most 7, about 3 s
      const count = Math.max(3, Math.min(7, Math.floor(3 / perCall)));
      const samples: number[] = [];
      const walls: number[] = [];
      for (let k = 0; k < count; k++) {
        gc?.();
        const w0 = wallNow();
        const t0 = now();
        fn();
        samples.push(now() - t0);
        walls.push(wallNow() - w0);
      }
      return this.timedRow(meta, samples, walls, 'one call a sample', calls, options.extra);
    }
    gc?.();
    const r = { fn, batch: batchFor(perCall), samples: [] as number[], walls: [] as number[] };
    while (!enough(r)) sample(r);
    return this.timedRow(meta, r.samples, r.walls, 'batches of calls', calls, options.extra);
  }

  /**
   * Times implementations of one case in alternating samples (A B A B …, then
   * B A B A …), so that each sees the same machine over the same stretch of
   * time: a burst of load, a clock change or a collection lands on all of them
   * instead of on whichever was being timed then. Each is checked and warmed up
   * as by {@link measure}; then each sample is a batch of calls lasting at
   * least SAMPLING.minTime, until every implementation has enough samples (as
   * in {@link measure}). Each implementation is a row of its own (method
   * 'alternating'); one that is not timed is a row saying why.
   */
  async race(contenders: readonly { meta: CaseMeta; measured: () => unknown; options?: MeasureOptions }[]): Promise<(Row | undefined)[]> {
    const out: (Row | undefined)[] = contenders.map(() => undefined);
    const ready: (Sampling & { k: number; calls: number })[] = [];
    contenders.forEach(({ meta, measured, options = {} }, k) => {
      if (!wanted(meta)) return;
      const prepared = this.prepare(meta, measured, options);
      if (prepared === undefined || !('fn' in prepared)) out[k] = prepared;
      else ready.push({ k, fn: prepared.fn, calls: prepared.calls, batch: batchFor(prepared.perCall), samples: [], walls: [] });
    });
    gc?.();
    for (let round = 0; ready.length > 0 && !ready.every(enough); round++) {
      for (const r of round % 2 === 0 ? ready : [...ready].reverse()) sample(r);
    }
    for (const r of ready) {
      const { meta, options = {} } = contenders[r.k];
      out[r.k] = this.timedRow(meta, r.samples, r.walls, 'alternating', r.calls, options.extra);
    }
    return out;
  }

  save(): void {
    if (this.file === null) return;
    const file = new URL(`${this.file}.json`, RESULTS_DIR);
    const body = {
      suite: this.suite,
      unit: 'seconds per call',
      date: this.started.toISOString(),
      provenance: this.provenance,
      machine: machine(),
      settings: { clock: 'process CPU time (user + system)', sampling: SAMPLING, slowCallSeconds: SLOW_CALL, warmup: WARMUP, quick: QUICK, ...(ONLY ? { only: ONLY } : {}) },
      rows: this.rows,
    };
    writeFileSync(file, JSON.stringify(body, null, 1) + '\n');
  }
}

/** The machine a result was measured on, with its load average when the run started. */
export function machine(): { node: string; v8: string; cpu: string; cores: number; load: number[] } {
  return { node: process.version, v8: process.versions.v8, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, load: os.loadavg().map((x) => Math.round(x * 100) / 100) };
}

function stats(samples: number[]): { median: number; min: number; max: number; mean: number } {
  return {
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    mean: samples.reduce((s, x) => s + x, 0) / samples.length,
  };
}

function superscript(k: number): string {
  const digits = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  return String(k)
    .split('')
    .map((d) => digits[Number(d)] ?? d)
    .join('');
}

/** Seconds taken by `f()`, and its result. */
export function timed<T>(f: () => T): { value: T; seconds: number } {
  const t0 = now();
  const value = f();
  return { value, seconds: now() - t0 };
}

/**
 * Timing a call the way the benchmarks do, in any JavaScript engine
 * (`performance.now()`, no Node API): a warm-up first, so that V8 has seen and
 * optimized the code and the buffers exist; then calls batched so that a
 * sample lasts at least a millisecond (the timer's resolution matters below
 * that; a sample shorter than half of that doubles the batch and restarts the
 * samples, so a pause during calibration cannot leave samples of 0); then samples until a time budget is spent. The median of the samples
 * is what to compare: on a shared machine a few samples run slow, and the
 * median ignores them.
 */
import { checkNumber, optionsOf } from '../arguments.js';

/** Options of {@link timeCalls}; times are in milliseconds. */
export interface TimingOptions {
  /** Warm-up: calls for at least this long (default 100 ms), and at least twice. */
  warmup?: number;
  /** Samples for about this long (default 250 ms); at least `minSamples`, at most `maxSamples` of them. */
  budget?: number;
  /** Default 3. */
  minSamples?: number;
  /** Default 40. */
  maxSamples?: number;
}

/** What {@link timeCalls} measured: milliseconds per call. */
export interface Timing {
  /** The median of the samples. */
  median: number;
  /** Each sample: the mean time of a call over one batch. */
  samples: number[];
  /** Calls per sample. */
  batch: number;
  /** Calls made to warm up. */
  warmupCalls: number;
}

/**
 * The median of a list of numbers (the mean of the middle two for an even count).
 * @example
 * ```ts
 * median([3, 1, 2]); // 2
 * median([4, 1, 3, 2]); // 2.5
 * ```
 */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/**
 * Milliseconds per call of `fn`, after a warm-up: calls are batched so that a
 * sample lasts at least ~1 ms, and samples are taken for about `budget` ms.
 * @example
 * ```ts
 * const p = compile(f, [x, w, b]);
 * const g = new Float64Array(3);
 * timeCalls(() => p.gradient([3, 2, 1], g)).median; // e.g. 0.0001 (ms)
 * ```
 */
export function timeCalls(fn: () => unknown, options: TimingOptions = {}): Timing {
  const o = optionsOf('timeCalls', options);
  const warmup = o.warmup === undefined ? 100 : checkNumber('timeCalls', 'warmup', o.warmup, { min: 0 });
  const budget = o.budget === undefined ? 250 : checkNumber('timeCalls', 'budget', o.budget, { min: 0 });
  const minSamples = o.minSamples === undefined ? 3 : checkNumber('timeCalls', 'minSamples', o.minSamples, { integer: true, min: 1, max: 1e6 });
  const maxSamples = o.maxSamples === undefined ? 40 : checkNumber('timeCalls', 'maxSamples', o.maxSamples, { integer: true, min: minSamples, max: 1e6 });
  let warmupCalls = 0;
  const warmStart = performance.now();
  while (warmupCalls < 2 || performance.now() - warmStart < warmup) {
    fn();
    warmupCalls++;
  }
  let batch = 1;
  for (;;) {
    const t = performance.now();
    for (let k = 0; k < batch; k++) fn();
    if (performance.now() - t >= 1 || batch >= 1 << 20) break;
    batch *= 2;
  }
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < minSamples || (samples.length < maxSamples && performance.now() - start < budget)) {
    const t = performance.now();
    for (let k = 0; k < batch; k++) fn();
    const elapsed = performance.now() - t;
    if (elapsed < 0.5 && batch < 1 << 20) {
      // a pause during the one calibrating batch left the batch too small for the clock (a browser's
      // steps are 0.1 ms: such samples read 0): double it and start the samples again
      batch *= 2;
      samples.length = 0;
      continue;
    }
    samples.push(elapsed / batch);
  }
  return { median: median(samples), samples, batch, warmupCalls };
}

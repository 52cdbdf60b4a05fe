import v8 from 'node:v8';
import { expect } from 'vitest';

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Bytes allocated in the young generation by `calls` calls of f, on a heap just collected: gc() empties the
 * young generation, and the calls allocate far less than it holds, so no collection runs in between and
 * every object they allocate is counted. Memory V8 takes for optimizing code, and what the test runner's own
 * messages retain, live in the old generation and are not counted (that is what made heapUsed measurements
 * flaky: 250–310 kB of growth over 10^5 allocation-free optimizer steps, seen in CI). Reading the statistics
 * allocates a few kilobytes itself, whatever f does.
 *
 * @example
 * youngBytes(() => program.gradient(x, g), 1e4) // < 16 000 when a call allocates nothing
 */
export function youngBytes(f: () => unknown, calls: number): number {
  expect(gc, 'vitest runs with --expose-gc').toBeTypeOf('function');
  const young = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_used_size;
  gc!();
  const before = young();
  for (let i = 0; i < calls; i++) f();
  const grown = young() - before;
  expect(grown, 'the young generation shrank: a collection ran during the calls').toBeGreaterThanOrEqual(0);
  return grown;
}

/**
 * The least of ten {@link youngBytes} measurements: a deoptimization during one (a few thousand boxed numbers
 * until V8 reoptimizes) is not an allocation per call, and the next measurement does not repeat it; on a busy
 * machine the optimizing compile runs late on its background thread (an rmsprop step measured 3.2 MB over
 * 10^4 calls at load 15, and nothing alone), so the code may still be unoptimized for the first few. An
 * allocation per call shows in every measurement.
 *
 * @example
 * expect(leastYoungBytes(step, 1e4)).toBeLessThan(16_000)
 */
export function leastYoungBytes(f: () => unknown, calls: number): number {
  return Math.min(...Array.from({ length: 10 }, () => youngBytes(f, calls)));
}

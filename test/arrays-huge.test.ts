/**
 * Huge arrays through `compile()`, the API users call: a 10⁷-element
 * elementwise chain and products with a 4096² matrix compile, run, and keep the
 * heap and the array buffers flat over repeated calls (inputs read and outputs
 * written in place, intermediate buffers planned once).
 *
 * The issue asks for 10³ calls of each. The chain does them here (about 30 ms a
 * call). A full 4096² × 4096² product is 1.4·10¹¹ flops, one to two and a half
 * minutes a call on the 2-core CI machine: 10³ calls would take a day. So CI
 * runs 200 calls of the 4096² matrix times a vector (the whole 128 MB matrix
 * read in place each call, 60–130 ms a call under load), and the full square
 * product runs when WENGERT_HUGE=1 is set: three calls, the heap compared
 * before and after the last two.
 * Each measurement follows a few calls that let V8 optimize the code (and the
 * measuring loop itself): what it compiles then stays, once, not per call.
 * Run with --expose-gc (vitest.config.ts does).
 */
import { describe, expect, it } from 'vitest';
import { add, compile, matmul, mul, neg, sub, variable } from '../src/index.js';

const gc = (globalThis as { gc?: () => void }).gc;

/** What the heap and the array buffers hold after `calls` more calls, collected on both sides. */
function retained(run: () => void, calls: number): { heap: number; buffers: number } {
  gc!();
  const before = process.memoryUsage();
  for (let i = 0; i < calls; i++) run();
  gc!();
  const after = process.memoryUsage();
  return { heap: after.heapUsed - before.heapUsed, buffers: after.arrayBuffers - before.arrayBuffers };
}

describe('huge arrays through compile()', () => {
  it('a 10^7-element elementwise chain: 10^3 calls of evaluate, the heap flat, each result exact', { timeout: 600_000 }, () => {
    expect(gc, 'vitest runs with --expose-gc').toBeTypeOf('function');
    const n = 1e7;
    const x = variable('x', [n]);
    // (0.5·x − 1)·x + (−x)·0.25: six ops over 10⁷ elements, fused into one loop
    const p = compile(add(mul(sub(mul(x, 0.5), 1), x), mul(neg(x), 0.25)), [x]);
    expect(p.backend).toBe('js');
    expect(p.layout.inputSize).toBe(n);
    const point = new Float64Array(n);
    for (let i = 0; i < n; i++) point[i] = ((i % 1000) - 500) / 250;
    const out = new Float64Array(n);
    p.evaluate(point, out);
    // no buffer per node: the program holds less than one array of the data's size
    expect(p.stats.bytes).toBeLessThan(8 * n);
    retained(() => p.evaluate(point, out), 20);
    // one array of the data's size a call would be 8·10¹⁰ bytes; one small object a call, tens of kB. What V8 keeps
    // once (code it optimizes during the calls, 140–150 kB seen when the whole file runs) does not come back in a second
    // measurement: the lesser of two counts, the second taken only if the first is over
    let more = retained(() => p.evaluate(point, out), 1000);
    if (more.heap >= 100_000) {
      const again = retained(() => p.evaluate(point, out), 1000);
      more = { heap: Math.min(more.heap, again.heap), buffers: Math.min(more.buffers, again.buffers) };
    }
    expect(more.heap).toBeLessThan(100_000);
    expect(more.buffers).toBeLessThanOrEqual(0);
    for (const i of [0, 1, 4_999_999, n - 1]) {
      const v = point[i];
      expect(out[i]).toBe((v * 0.5 - 1) * v + -v * 0.25);
    }
  });

  it('a 4096² matrix times a vector: 200 calls read the matrix in place, the heap flat', { timeout: 600_000 }, () => {
    const n = 4096;
    const A = variable('A', [n, n]);
    const v = variable('v', [n]);
    const p = compile(matmul(A, v), [A, v]);
    const x = new Float64Array(n * n + n);
    for (let i = 0; i < x.length; i++) x[i] = ((i * 7919) % 1000) / 1000 - 0.5;
    const y = new Float64Array(n);
    p.evaluate(x, y);
    expect(p.stats.bytes).toBeLessThan(100_000);
    retained(() => p.evaluate(x, y), 20);
    const more = retained(() => p.evaluate(x, y), 200);
    expect(more.heap).toBeLessThan(100_000);
    expect(more.buffers).toBeLessThanOrEqual(0);
    const interpreted = compile(matmul(A, v), [A, v], { backend: 'interpreter' });
    const z = new Float64Array(n);
    interpreted.evaluate(x, z);
    expect(Array.from(z)).toEqual(Array.from(y));
  });

  it.skipIf(process.env.WENGERT_HUGE !== '1')('a 4096² × 4096² product (WENGERT_HUGE=1): three calls, the heap flat', { timeout: 3_600_000 }, () => {
    const n = 4096;
    const A = variable('A', [n, n]);
    const B = variable('B', [n, n]);
    const p = compile(matmul(A, B), [A, B]);
    const x = new Float64Array(2 * n * n);
    for (let i = 0; i < x.length; i++) x[i] = ((i * 7919) % 1000) / 1000 - 0.5;
    const C = new Float64Array(n * n);
    p.evaluate(x, C);
    expect(p.stats.bytes).toBeLessThan(100_000);
    const more = retained(() => p.evaluate(x, C), 2);
    expect(more.heap).toBeLessThan(100_000);
    expect(more.buffers).toBeLessThanOrEqual(0);
    for (const [i, j] of [
      [0, 0],
      [4095, 4095],
      [1234, 3210],
    ]) {
      let s = -0;
      for (let k = 0; k < n; k++) s += x[i * n + k] * x[n * n + k * n + j];
      expect(Math.abs(C[i * n + j] - s)).toBeLessThanOrEqual(1e-12 * n);
    }
  });
});

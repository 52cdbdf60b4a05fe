/**
 * Compiled array programs in steady state: a call allocates nothing (the heap
 * and the array buffers stay flat over many calls), and huge arrays — a
 * 10⁷-element elementwise chain and a 4096² matrix product — run in bounded
 * memory (buffers reused by liveness; inputs read and outputs written in place).
 * The heap is measured as test/compile.test.ts does (run with --expose-gc).
 */
import { describe, expect, it } from 'vitest';
import { add, exp, gradientNodes, matmul, MLP, mul, neg, type Node, slice, square, sin, sub, sum, tanh, tape, variable } from '../src/index.js';
import { ArrayEngine } from '../src/ad/array-engine.js';
import { ArrayLoss } from '../src/nn/batch-loss.js';

const gc = (globalThis as { gc?: () => void }).gc;

/** Bytes of heap and of array buffers that `calls` calls of `run` leave allocated (no collection in between). */
function grown(run: () => void, calls: number): { heap: number; buffers: number } {
  gc!();
  const before = process.memoryUsage();
  for (let i = 0; i < calls; i++) run();
  const after = process.memoryUsage();
  return { heap: after.heapUsed - before.heapUsed, buffers: after.arrayBuffers - before.arrayBuffers };
}

/**
 * What `many − few` more calls add to the heap and the array buffers: V8 may
 * allocate once while a measurement runs (compiled code, feedback), the same
 * for any number of calls; an allocation per call grows with the calls.
 */
function extra(run: () => void, few: number, many: number, attempts = 1): { heap: number; buffers: number } {
  let best = { heap: Infinity, buffers: Infinity };
  for (let k = 0; k < attempts && (best.heap >= 50_000 || best.buffers > 0); k++) {
    const a = grown(run, few);
    const b = grown(run, many);
    best = { heap: Math.min(best.heap, b.heap - a.heap), buffers: Math.min(best.buffers, b.buffers - a.buffers) };
  }
  return best;
}

function rosenbrock(n: number): { x: Node; f: Node } {
  const x = variable('x', [n]);
  const a = slice(x, [[1, null]]);
  const b = slice(x, [[null, -1]]);
  return { x, f: sum(add(mul(100, square(sub(a, square(b)))), square(sub(1, b)))) };
}

describe('steady state: a call allocates nothing', () => {
  it('generated code: every sweep, 10^4 calls with reused buffers, after V8 has optimized them', () => {
    expect(gc, 'vitest runs with --expose-gc').toBeTypeOf('function');
    const { x, f } = rosenbrock(100);
    const y = tanh(mul(x, 0.5));
    const values = new ArrayEngine([y, f], [x]);
    const loss = new ArrayEngine([f], [x]);
    expect(values.backend).toBe('js');
    const point = Float64Array.from({ length: 100 }, (_, i) => Math.cos(i));
    const out = new Float64Array(101);
    const g = new Float64Array(100);
    const ct = new Float64Array(101).fill(0.5);
    const plainIn = Array.from(point);
    const plainOut = new Array<number>(101).fill(0);
    const sweeps: [string, () => void][] = [
      ['evaluate', () => values.evaluate(point, out)],
      ['vjp', () => values.vjp(point, ct, g)],
      ['jvp', () => values.jvp(point, point, out)],
      ['hvp', () => loss.hvp(point, point, g)],
      // a plain array in and out: copied through buffers the engine keeps
      ['evaluate (number[] in and out)', () => values.evaluate(plainIn, plainOut)],
    ];
    for (const [name, run] of sweeps) {
      for (let i = 0; i < 20_000; i++) run();
      const more = extra(run, 1e4, 5e4, 4);
      // one 16-byte allocation per call would be 640 kB more
      expect(more.heap, `${name}: heap grown by 4·10^4 more calls`).toBeLessThan(100_000);
      expect(more.buffers, `${name}: array buffers grown by 4·10^4 more calls`).toBeLessThanOrEqual(0);
    }
  });

  it('generated code: valueAndGradient and an MLP training step keep the heap flat over 10^4 calls', () => {
    // these return the value as a number, which V8 may box when it does not inline the call:
    // measured as what stays allocated (collected on both sides), as test/compile.test.ts does
    const { x, f } = rosenbrock(1000);
    const engine = new ArrayEngine([f], [x]);
    const point = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i));
    const g = new Float64Array(1000);
    const model = new MLP([2, 16, 16, 1], { seed: 1 });
    const loss = new ArrayLoss(model, 'mse', 1);
    const samples = Float64Array.from({ length: 64 * 3 }, (_, i) => Math.sin(i));
    const gp = new Float64Array(model.params.length);
    let s = 0;
    for (const run of [() => (s += engine.valueAndGradient(point, g)), () => (s += loss.batchValueAndGradient(model.params, samples, gp))]) {
      for (let i = 0; i < 20_000; i++) run();
      gc!();
      const before = process.memoryUsage();
      for (let i = 0; i < 1e4; i++) run();
      gc!();
      const after = process.memoryUsage();
      expect(after.heapUsed - before.heapUsed).toBeLessThan(100_000);
      expect(after.arrayBuffers - before.arrayBuffers).toBeLessThanOrEqual(0);
    }
    expect(Number.isFinite(s)).toBe(true);
  });

  it('interpreter: the heap stays flat over 10^3 gradient calls', () => {
    const { x, f } = rosenbrock(100);
    const engine = new ArrayEngine([f], [x], 'compile', { backend: 'interpreter' });
    const point = Float64Array.from({ length: 100 }, (_, i) => Math.sin(i));
    const g = new Float64Array(100);
    for (let i = 0; i < 200; i++) engine.valueAndGradient(point, g);
    gc!();
    const before = process.memoryUsage();
    for (let i = 0; i < 1000; i++) engine.valueAndGradient(point, g);
    gc!();
    const after = process.memoryUsage();
    expect(after.heapUsed - before.heapUsed).toBeLessThan(100_000);
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThanOrEqual(0);
  });
});

describe('huge arrays', () => {
  it('a 10^7-element elementwise chain: one fused loop from the inputs to the outputs, the heap flat over repeated calls', () => {
    const n = 1e7;
    const x = variable('x', [n]);
    const y = add(mul(tanh(mul(x, 0.5)), sin(x)), exp(neg(square(x))));
    const engine = new ArrayEngine([y], [x]);
    const point = new Float64Array(n);
    for (let i = 0; i < n; i++) point[i] = ((i % 1000) - 500) / 250;
    const out = new Float64Array(n);
    engine.evaluate(point, out);
    // nothing but the output: no buffer per node
    expect(engine.bytes).toBeLessThan(100_000);
    for (const i of [0, 1, 4_999_999, n - 1]) {
      const v = point[i];
      expect(out[i]).toBe(Math.tanh(v * 0.5) * Math.sin(v) + Math.exp(-(v * v)));
    }
    const more = extra(() => engine.evaluate(point, out), 2, 10);
    expect(more.heap).toBeLessThan(100_000);
    // an array of the data's size a call would be 8·10^7 bytes
    expect(more.buffers).toBeLessThan(10_000);
  });

  it("a chain's gradient (reverse sweep) holds a few buffers, not one per node: 10^7 elements (js), 10^6 (interpreter)", () => {
    for (const [backend, n] of [
      ['js', 1e7],
      ['interpreter', 1e6],
    ] as const) {
      const x = variable('x', [n]);
      const f = sum(add(mul(tanh(mul(x, 0.5)), sin(x)), exp(neg(square(x)))));
      const point = new Float64Array(n);
      for (let i = 0; i < n; i++) point[i] = ((i % 1000) - 500) / 250;
      const g = new Float64Array(n);
      const engine = new ArrayEngine([f], [x], 'compile', { backend });
      engine.valueAndGradient(point, g);
      // the derivative graph has about 25 nodes of n elements; at most 6 buffers of them are alive at once
      const arrays = tape(gradientNodes(f, [x])).nodes.filter((node) => node.size === n).length;
      expect(arrays).toBeGreaterThanOrEqual(20);
      expect(engine.bytes, backend).toBeLessThanOrEqual(6 * 8 * n);
      const v = point[12345];
      const t = Math.tanh(v * 0.5);
      const want = 0.5 * (1 + t) * (1 - t) * Math.sin(v) + t * Math.cos(v) - 2 * v * Math.exp(-(v * v));
      expect(Math.abs(g[12345] - want)).toBeLessThan(1e-14);
      if (backend === 'js') {
        const more = extra(() => engine.valueAndGradient(point, g), 2, 6);
        expect(more.heap).toBeLessThan(100_000);
        expect(more.buffers).toBeLessThan(10_000);
      }
    }
  });

  it('a 4096² matrix times a 4096×8 block: read in place, the heap flat over repeated calls', () => {
    const n = 4096;
    const A = variable('A', [n, n]);
    const B = variable('B', [n, 8]);
    const engine = new ArrayEngine([matmul(A, B)], [A, B]);
    const x = new Float64Array(n * n + n * 8);
    for (let i = 0; i < x.length; i++) x[i] = ((i * 7919) % 1000) / 1000 - 0.5;
    const C = new Float64Array(n * 8);
    engine.evaluate(x, C);
    expect(engine.bytes).toBeLessThan(100_000);
    for (const [i, j] of [
      [0, 0],
      [4095, 7],
      [1234, 3],
    ]) {
      let s = -0;
      for (let p = 0; p < n; p++) s += x[i * n + p] * x[n * n + p * 8 + j];
      expect(C[i * 8 + j]).toBe(s);
    }
    const more = extra(() => engine.evaluate(x, C), 2, 6);
    expect(more.heap).toBeLessThan(100_000);
    expect(more.buffers).toBeLessThan(10_000);
  });
});

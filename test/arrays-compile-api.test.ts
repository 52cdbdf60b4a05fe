/**
 * `compile(outputs, inputs, options)` on array graphs: a graph with an
 * array-shaped node compiles to the array engine behind the Program methods,
 * over flat vectors in row-major, input-after-input layout. The js backend, the
 * interpreter (`backend: 'interpreter'`) and the CSP fallback give the same
 * bits; buffers passed in are read and written in place (no allocation per
 * call); scalar graphs keep the scalar Program.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  adam,
  ArgumentError,
  compile,
  evaluate,
  fit,
  jvp,
  matmul,
  minimize,
  mul,
  reverseMode,
  ShapeError,
  slice,
  square,
  sub,
  sum,
  tanh,
  add,
  variable,
  vjp,
  type Value,
} from '../src/index.js';
import { random, randomArrayProgram } from './helpers/compiled-array-programs.js';
import { propertySeed } from './helpers/random-graph.js';

const realFunction = globalThis.Function;
afterEach(() => {
  globalThis.Function = realFunction;
});

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * The least growth of the heap and of the array buffers over six windows of
 * 10⁴ calls of `run` (collected before each window; after it too when
 * `collect`, for calls that return a fresh object as the scalar program does).
 * An allocation per call shows in every window — 16 bytes a call is 160 kB;
 * V8's one-off work (optimizing, a few hundred kB now and then) does not.
 */
function leastGrowth(run: () => void, collect: boolean): { heap: number; buffers: number } {
  let heap = Infinity;
  let buffers = Infinity;
  for (let w = 0; w < 6; w++) {
    gc!();
    const before = process.memoryUsage();
    for (let i = 0; i < 1e4; i++) run();
    if (collect) gc!();
    const after = process.memoryUsage();
    heap = Math.min(heap, after.heapUsed - before.heapUsed);
    buffers = Math.min(buffers, after.arrayBuffers - before.arrayBuffers);
  }
  return { heap, buffers };
}

function same(what: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  expect(a.length, what).toBe(b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) throw new Error(`${what}: element ${i} is ${a[i]} vs ${b[i]}`);
}

const data = (v: Value) => (typeof v === 'number' ? Float64Array.of(v) : v.data);

function rosenbrock(n: number) {
  const x = variable('x', [n]);
  const a = slice(x, [[1, null]]);
  const b = slice(x, [[null, -1]]);
  return { x, f: sum(add(mul(100, square(sub(a, square(b)))), square(sub(1, b)))) };
}

describe('compile() on array graphs', () => {
  it('lays inputs and outputs out flat, row-major, input after input, and agrees with the direct sweeps bit for bit', () => {
    const W = variable('W', [2, 3]);
    const b = variable('b', [2]);
    const s = variable('s');
    const X = variable('X', [4, 3]);
    const y = mul(tanh(add(matmul(X, W.transpose()), b)), s);
    const p = compile([y, sum(y)], [W, b, s, X]);
    expect(p.inputs).toEqual(['W', 'b', 's', 'X']);
    expect(p.layout.inputs.map(({ name, shape, offset, size }) => [name, shape, offset, size])).toEqual([
      ['W', [2, 3], 0, 6],
      ['b', [2], 6, 2],
      ['s', [], 8, 1],
      ['X', [4, 3], 9, 12],
    ]);
    expect(p.layout.outputs.map(({ shape, offset }) => [shape, offset])).toEqual([
      [[4, 2], 0],
      [[], 8],
    ]);
    expect(p.outputCount).toBe(9);
    expect(p.inputName(4)).toBe('W[1][1]');
    expect(p.inputName(8)).toBe('s');
    expect(p.inputName(20)).toBe('X[3][2]');
    const x = Float64Array.from({ length: 21 }, (_, i) => Math.sin(i + 1));
    const at = { W: x.slice(0, 6), b: x.slice(6, 8), s: x[8], X: x.slice(9) };
    const direct = evaluate([y, sum(y)], at) as Value[];
    const u = Float64Array.from({ length: 9 }, (_, i) => Math.cos(i));
    const pull = vjp([y, sum(y)], at, [u.slice(0, 8), u[8]]);
    const push = jvp([y, sum(y)], at, { W: x.slice(0, 6), b: x.slice(6, 8), s: 0.5, X: x.slice(9) });
    for (const backend of ['js', 'interpreter'] as const) {
      const q = compile([y, sum(y)], [W, b, s, X], { backend });
      expect(q.backend).toBe(backend);
      const values = q.evaluate(x);
      same(`${backend} values`, values.slice(0, 8), data(direct[0]));
      same(`${backend} sum`, [values[8]], data(direct[1]));
      const g = q.vjp(x, u);
      same(`${backend} vjp W`, g.slice(0, 6), data(pull.gradient.W as Value));
      same(`${backend} vjp s`, [g[8]], data(pull.gradient.s as Value));
      same(`${backend} vjp X`, g.slice(9), data(pull.gradient.X as Value));
      const direction = Float64Array.from(x);
      direction[8] = 0.5;
      const t = q.jvp(x, direction);
      same(`${backend} jvp`, t.slice(0, 8), data((push.tangent as Value[])[0]));
    }
  });

  it('gradient, valueAndGradient, hvp, jacobian and hessian of Rosenbrock with slices agree with reverse mode and with each other', () => {
    const { x, f } = rosenbrock(6);
    const point = Float64Array.from([1.2, -0.5, 0.3, 2, -1, 0.7]);
    const direct = reverseMode(f, { x: point });
    const results = (['js', 'interpreter'] as const).map((backend) => {
      const p = compile(f, [x], { backend });
      const g = p.gradient(point);
      const vg = p.valueAndGradient(point, new Float64Array(6));
      same(`${backend} gradient`, g, data(direct.gradient.x as Value));
      same(`${backend} valueAndGradient`, vg.gradient, g);
      expect(vg.value).toBe(direct.value);
      const H = p.hessian(point);
      const J = p.jacobian(point);
      same(`${backend} jacobian`, J[0], g);
      for (let k = 0; k < 6; k++) {
        const e = new Float64Array(6);
        e[k] = 1;
        same(`${backend} hessian row ${k}`, H[k], p.hvp(point, e));
      }
      // the Hessian of the Rosenbrock function: 1200x² − 400y + 2 (+ 200 from the previous term) on the diagonal
      expect(H[0][0]).toBeCloseTo(1200 * 1.2 * 1.2 - 400 * -0.5 + 2, 9);
      expect(H[0][1]).toBeCloseTo(-400 * 1.2, 9);
      return { g, H };
    });
    same('js vs interpreter gradient', results[0].g, results[1].g);
    for (let k = 0; k < 6; k++) same(`js vs interpreter hessian row ${k}`, results[0].H[k], results[1].H[k]);
  });

  it('an out that shares memory with x gets the same gradient as a separate one, before and after calls with separate buffers', () => {
    const n = 8;
    const { x, f } = rosenbrock(n);
    const point = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
    for (const backend of ['js', 'interpreter'] as const) {
      const p = compile(f, [x], { backend });
      const expected = p.valueAndGradient(point, new Float64Array(n));
      const separate = new Float64Array(n);
      // x and out: views of one buffer, out one element ahead (a fused loop writing out[i] in place would overwrite x[i + 1] before reading it)
      const buffer = new Float64Array(n + 1);
      const xs = buffer.subarray(0, n);
      const ahead = buffer.subarray(1, n + 1);
      for (const out of [separate, ahead, separate, ahead]) {
        xs.set(point);
        const got = p.valueAndGradient(xs, out);
        expect(got.value, backend).toBe(expected.value);
        same(`${backend}, out ${out === ahead ? 'over x' : 'separate'}`, out, expected.gradient);
      }
      // the same array as x and out: the gradient replaces the point
      const both = Float64Array.from(point);
      p.gradient(both, both);
      same(`${backend}, out = x`, both, expected.gradient);
    }
  });

  it('js, interpreter and the CSP fallback agree bit for bit on random programs (every method)', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const c = randomArrayProgram(random(seed), 6);
        const run = (backend: 'js' | 'interpreter') => {
          const p = compile(c.outputs, c.variables, { backend });
          const q = compile(c.loss, c.variables, { backend });
          const n = p.layout.inputSize;
          const direction = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
          const ct = Float64Array.from({ length: p.layout.outputSize }, (_, i) => Math.sin(i + 0.5));
          return {
            backend: p.backend,
            values: p.evaluate(c.point),
            jvp: p.jvp(c.point, direction),
            vjp: p.vjp(c.point, ct),
            gradient: q.valueAndGradient(c.point).gradient,
            hvp: q.hvp(c.point, direction),
          };
        };
        const js = run('js');
        const interpreted = run('interpreter');
        globalThis.Function = function () {
          throw new EvalError("Refused to evaluate a string as JavaScript because 'unsafe-eval' is not an allowed source");
        } as unknown as FunctionConstructor;
        const csp = run('js');
        globalThis.Function = realFunction;
        expect([js.backend, interpreted.backend, csp.backend]).toEqual(['js', 'interpreter', 'interpreter']);
        for (const key of ['values', 'jvp', 'vjp', 'gradient', 'hvp'] as const) {
          try {
            same(`${key}: js vs interpreter`, js[key], interpreted[key]);
            same(`${key}: CSP fallback vs interpreter`, csp[key], interpreted[key]);
          } catch (e) {
            throw new Error(`${(e as Error).message}\nseed ${seed}, program: ${c.description}`);
          }
        }
      }),
      { seed: propertySeed, numRuns: 150 },
    );
  });

  it('scalar graphs keep the scalar program (scalar layout, cse and chunkSize honoured)', () => {
    const a = variable('a');
    const b = variable('b');
    const p = compile([mul(a, b), add(a, b)], [a, b], { chunkSize: 1 });
    expect(p.layout.inputs.map((s) => [s.name, s.shape, s.offset])).toEqual([
      ['a', [], 0],
      ['b', [], 1],
    ]);
    expect(p.layout.outputSize).toBe(2);
    expect(p.stats.operations).toEqual({ forward: 2, reverse: 4 });
    expect(Array.from(p.evaluate([3, 4]))).toEqual([12, 7]);
  });

  it('calls with Float64Array buffers allocate nothing on the js backend, and keep nothing on the interpreter (6·10^4 calls of every method)', () => {
    expect(gc, 'vitest runs with --expose-gc').toBeTypeOf('function');
    for (const backend of ['js', 'interpreter'] as const) {
      const { x, f } = rosenbrock(50);
      const y = tanh(mul(x, 0.5));
      const p = compile([y, f], [x], { backend });
      const q = compile(f, [x], { backend });
      const point = Float64Array.from({ length: 50 }, (_, i) => Math.cos(i));
      const out = new Float64Array(51);
      const g = new Float64Array(50);
      const ct = new Float64Array(51).fill(0.5);
      let s = 0;
      // valueAndGradient returns { value, gradient }, as the scalar program does: what stays allocated is measured
      const calls: [string, () => void, boolean][] = [
        ['evaluate', () => p.evaluate(point, out), false],
        ['jvp', () => p.jvp(point, point, out), false],
        ['vjp', () => p.vjp(point, ct, g), false],
        ['gradient', () => q.gradient(point, g), false],
        ['hvp', () => q.hvp(point, point, g), false],
        ['valueAndGradient', () => (s += q.valueAndGradient(point, g).value), true],
      ];
      for (const [name, run, boxes] of calls) {
        for (let i = 0; i < 5_000; i++) run();
        // the interpreter leaves short-lived garbage (about 370 bytes a call on this program, numbers
        // boxed on its generic paths): for it, only what stays allocated is measured
        const more = leastGrowth(run, boxes || backend === 'interpreter');
        expect(more.heap, `${backend} ${name}: heap`).toBeLessThan(100_000);
        expect(more.buffers, `${backend} ${name}: array buffers`).toBeLessThanOrEqual(0);
      }
      expect(Number.isFinite(s)).toBe(true);
    }
  });

  it('minimize and fit take a compiled array program (the flat vector is the parameter vector)', () => {
    const x = variable('x', [4]);
    const p = compile(sum(square(sub(x, 3))), [x]);
    const result = minimize(p, new Float64Array([-1, 1, -1, 1]), { method: 'gd', learningRate: 'armijo' });
    expect(result.x.length).toBe(4);
    for (const v of result.x) expect(v).toBeCloseTo(3, 6);
    // y ≈ w·x + c over samples (x, y): parameters [w (shape [1]), c], then one sample's [x, y] as one input
    const w = variable('w', [1]);
    const c = variable('c');
    const sample = variable('sample', [2]);
    const loss = square(sub(add(mul(w, slice(sample, [[0, 1]])), c), slice(sample, [[1, 2]]))).sum();
    const program = compile(loss, [w, c, sample]);
    expect(program.sampleWidth(2)).toBe(2);
    const samples = [1, 3, 2, 5, 3, 7, 4, 9]; // y = 2x + 1
    const params = new Float64Array([0, 0]);
    const g = new Float64Array(2);
    const mean = program.batchValueAndGradient(params, samples, g);
    // mean of (w·x + c − y)² at w = c = 0, and its gradient by hand
    expect(mean).toBe((9 + 25 + 49 + 81) / 4);
    expect(Array.from(g)).toEqual([(2 * (-3 * 1) + 2 * (-5 * 2) + 2 * (-7 * 3) + 2 * (-9 * 4)) / 4, (2 * -3 + 2 * -5 + 2 * -7 + 2 * -9) / 4]);
    fit({ program, params, samples }, { epochs: 2000, optimizer: adam({ learningRate: 0.05 }) });
    expect(params[0]).toBeCloseTo(2, 3);
    expect(params[1]).toBeCloseTo(1, 3);
  });

  it('bad calls raise typed errors naming the argument', () => {
    const { x, f } = rosenbrock(3);
    const y = mul(x, 2);
    const p = compile(f, [x]);
    const q = compile(y, [x]);
    expect(() => p.evaluate([1, 2])).toThrow(ShapeError);
    expect(() => p.evaluate([1, 2])).toThrow(/x has length 2, expected 3/);
    expect(() => p.gradient([1, 2, 3], new Float64Array(2))).toThrow(/out has length 2/);
    expect(() => p.evaluate([1, 'a' as unknown as number, 3])).toThrow(ArgumentError);
    expect(() => q.gradient([1, 2, 3])).toThrow(/one scalar output/);
    expect(() => q.hessian([1, 2, 3])).toThrow(ArgumentError);
    expect(() => p.inputName(3)).toThrow(/inputName: k must be an integer in \[0, 3\)/);
    expect(() => p.batchValueAndGradient([1, 2], [1])).toThrow(ShapeError);
    expect(() => compile(f, [x], { backend: 'wasm' as never })).toThrow(/backend must be 'js' or 'interpreter'/);
    expect(() => compile(f, [])).toThrow(/'x'/);
  });
});

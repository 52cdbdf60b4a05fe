import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  add,
  ArgumentError,
  compile,
  dot,
  constant,
  evaluate,
  exp,
  jvp,
  mul,
  neg,
  type Node,
  reciprocal,
  reverseMode,
  ShapeError,
  sin,
  square,
  sub,
  sum,
  UnboundVariableError,
  variable,
  vjp,
} from '../src/index.js';
import { leastYoungBytes, youngBytes } from './helpers/heap.js';
import { build, graphArbitrary, pointArbitrary, propertyParameters, variablesOf, vectorArbitrary } from './helpers/random-graph.js';

const same = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) expect([i, a[i]]).toEqual([i, b[i]]);
};
const close = (got: number, want: number, tol = 1e-10) => {
  if (Number.isNaN(want)) expect(got).toBeNaN();
  else if (!Number.isFinite(want)) expect(got).toBe(want);
  else expect(Math.abs(got - want)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want)));
};

function rosenbrock(x: Node[]): Node {
  const terms: Node[] = [];
  for (let i = 0; i + 1 < x.length; i++) terms.push(mul(100, square(sub(x[i + 1], square(x[i])))), square(sub(1, x[i])));
  return sum(terms);
}

describe('compile → Program', () => {
  const x = variable('x');
  const w = variable('w');
  const b = variable('b');
  const f = reciprocal(add(1, exp(neg(add(mul(w, x), b)))));

  it('the sigmoid neuron: same value and gradient as the direct sweeps, on both backends', () => {
    for (const backend of ['js', 'interpreter'] as const) {
      const p = compile(f, [x, w, b], { backend });
      expect(p.backend).toBe(backend);
      expect(p.evaluate([3, 2, 1])[0]).toBe(0.9990889488055994);
      const { gradient } = reverseMode(f, { x: 3, w: 2, b: 1 });
      same(p.gradient([3, 2, 1]), [gradient.x, gradient.w, gradient.b]);
      const { value, gradient: g } = p.valueAndGradient(new Float64Array([3, 2, 1]));
      expect(value).toBe(0.9990889488055994);
      same(g, [gradient.x, gradient.w, gradient.b]);
    }
  });

  it('js is the default backend where new Function works', () => {
    expect(compile(f, [x, w, b]).backend).toBe('js');
  });

  it('inputs by name, in the order given; plain arrays and reused output buffers', () => {
    const p = compile(f, ['b', 'w', 'x']);
    const out = [0, 0, 0];
    expect(p.gradient([1, 2, 3], out)).toBe(out);
    const { gradient } = reverseMode(f, { x: 3, w: 2, b: 1 });
    same(out, [gradient.b, gradient.w, gradient.x]);
  });

  it('several outputs: jvp, vjp, and the Jacobian in both modes agree with the graph transforms', () => {
    const y = variable('y');
    const outs = [mul(x, y), add(x, y), sin(x)];
    for (const backend of ['js', 'interpreter'] as const) {
      const p = compile(outs, [x, y], { backend });
      same(p.evaluate([3, 4]), evaluate(outs, { x: 3, y: 4 }));
      same(p.jvp([3, 4], [1, 0]), jvp(outs, { x: 3, y: 4 }, { x: 1 }).tangent);
      const g = vjp(outs, { x: 3, y: 4 }, [1, 2, 3]).gradient;
      same(p.vjp([3, 4], [1, 2, 3]), [g.x, g.y]);
      const Jf = p.jacobian([3, 4], { mode: 'forward' }).map((r) => Array.from(r, (v) => v + 0));
      const Jr = p.jacobian([3, 4], { mode: 'reverse' }).map((r) => Array.from(r, (v) => v + 0));
      expect(Jf).toEqual([[4, 3], [1, 1], [Math.cos(3), 0]]);
      expect(Jr).toEqual(Jf);
    }
  });

  it('forward-mode Jacobians carry many directions per sweep (n = 70 > 32)', () => {
    const xs = Array.from({ length: 70 }, (_, i) => variable(`x${i}`));
    const outs = [sum(xs.map((v, i) => mul(v, i + 1))), mul(xs[0], xs[69])];
    const p = compile(outs, xs);
    const pt = Array.from({ length: 70 }, (_, i) => i / 10);
    const Jf = p.jacobian(pt, { mode: 'forward' });
    const Jr = p.jacobian(pt, { mode: 'reverse' });
    for (let r = 0; r < 2; r++) same(Jf[r], Jr[r]);
    expect(Jf[0][69]).toBe(70);
    expect(Jf[1][0]).toBe(6.9);
  });

  it('Rosenbrock n = 50: Hessian and hvp of the compiled program equal the analytic ones', () => {
    const n = 50;
    const xs = Array.from({ length: n }, (_, i) => variable(`x${i}`));
    const p = compile(rosenbrock(xs), xs);
    const pt = Array.from({ length: n }, (_, i) => Math.sin(i));
    const H = p.hessian(pt);
    const v = Array.from({ length: n }, (_, i) => Math.cos(i));
    const Hv = p.hvp(pt, v);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let want = 0;
        if (i === j) want = (i + 1 < n ? 1200 * pt[i] ** 2 - 400 * pt[i + 1] + 2 : 0) + (i > 0 ? 200 : 0);
        else if (j === i + 1) want = -400 * pt[i];
        else if (i === j + 1) want = -400 * pt[j];
        close(H[i][j], want, 1e-12);
      }
      close(Hv[i], H[i].reduce((s, h, j) => s + h * v[j], 0), 1e-12);
    }
  });

  it('wide sums are split into chains without changing a bit, and the gradient stays the interpreter’s', () => {
    const n = 1000;
    const xs = Array.from({ length: n }, (_, i) => variable(`x${i}`));
    const r = rosenbrock(xs);
    const pt = Array.from({ length: n }, (_, i) => Math.sin(i));
    const js = compile(r, xs, { chunkSize: 200 });
    const interp = compile(r, xs, { backend: 'interpreter', chunkSize: 200 });
    expect(js.evaluate(pt)[0]).toBe(evaluate(r, Object.fromEntries(xs.map((v, i) => [v.name!, pt[i]]))));
    same(js.gradient(pt), interp.gradient(pt));
    same(js.vjp(pt, [1]), interp.vjp(pt, [1]));
    const direct = reverseMode(r, Object.fromEntries(xs.map((v, i) => [v.name!, pt[i]]))).gradient;
    js.gradient(pt).forEach((g, i) => close(g, direct[`x${i}`], 1e-13));
  });

  it('constants fold and common sub-expressions collapse at compile time', () => {
    const y = variable('y');
    const g = add(mul(add(x, y), add(x, y)), mul(constant(2), constant(3)));
    const p = compile(g, [x, y]);
    // x, y, x + y (once), its square, the folded 6, and the final add
    expect(p.stats.nodes).toBe(6);
    expect(compile(g, [x, y], { cse: false }).stats.nodes).toBe(7);
    expect(p.evaluate([1, 2])[0]).toBe(15);
    same(p.gradient([1, 2]), [6, 6]);
  });

  it('stats: nodes, operations per sweep, bytes held', () => {
    const p = compile(f, [x, w, b]);
    expect(p.stats.inputs).toBe(3);
    expect(p.stats.outputs).toBe(1);
    expect(p.stats.operations.forward).toBe(6);
    // active operands: w·x (2), + b (2), neg, exp, 1 + e (only e), reciprocal
    expect(p.stats.operations.reverse).toBe(8);
    expect(p.stats.bytes).toBeGreaterThan(0);
  });

  it('stats.bytes: a fresh program holds its IR only; buffers and source are counted once a sweep makes them', () => {
    // a chain long enough that the fused one-function gradient does not apply
    let t: Node = x;
    for (let k = 0; k < 400; k++) t = add(mul(sin(t), w), t);
    for (const backend of ['js', 'interpreter'] as const) {
      const p = compile(t, [x, w], { backend });
      const fresh = p.stats.bytes;
      // the IR alone: opcode, activity (1 byte a slot), start (4), constants (8), about 2 operands of 4 bytes a slot —
      // no value or adjoint buffer yet (those would add 16 bytes a slot)
      expect(fresh / p.stats.nodes, backend).toBeLessThanOrEqual(40);
      p.gradient([0.3, 0.7]);
      // the gradient's value and adjoint buffers (8 bytes a slot each) and, for js, its source
      expect(p.stats.bytes - fresh, backend).toBeGreaterThanOrEqual(16 * p.stats.nodes);
    }
  });

  it('a garbage collection between two compiles keeps the compiler optimized (no "weak objects" deoptimization)', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const r = spawnSync(process.execPath, ['--expose-gc', '--trace-opt', '--trace-deopt', '--import', 'tsx', 'test/fixtures/compile-after-gc.mts'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const [, after] = r.stdout.split('COLLECT');
    expect(after).toContain('DONE');
    const compiler = ['push', 'hash', 'find', 'add', 'grow', 'matches', 'sweepPlan', 'forEachPostOrder'];
    // the check means something only if V8 optimized the compiler before the collection
    const optimized = compiler.filter((name) => r.stdout.includes(`[completed optimizing `) && r.stdout.split('\n').some((line) => line.startsWith('[completed optimizing') && line.includes(`<JSFunction ${name} `)));
    expect(optimized.length).toBeGreaterThanOrEqual(3);
    const discarded = [...after.matchAll(/<SharedFunctionInfo (\w+)>[^\n]*reason: weak objects/g)].map((m) => m[1]).filter((name) => compiler.includes(name));
    expect(discarded).toEqual([]);
  }, 150_000);

  it('typed errors: unbound variables, non-variable inputs, wrong lengths', () => {
    expect(() => compile(f, [x, w])).toThrow(UnboundVariableError);
    expect(() => compile(f, [x, w])).toThrow(/'b'/);
    expect(() => compile(f, [x, w, b, x])).toThrow(/listed twice/);
    expect(() => compile(f, [x, w, mul(b, 2)])).toThrow(ArgumentError);
    const p = compile(f, [x, w, b]);
    expect(() => p.gradient([1, 2])).toThrow(ShapeError);
    expect(() => p.gradient([1, 2, 3], new Float64Array(2))).toThrow(ShapeError);
    expect(() => p.jvp([1, 2, 3], [1])).toThrow(ShapeError);
    expect(() => compile([f, f], [x, w, b]).gradient([1, 2, 3])).toThrow(/2 outputs/);
    expect(() => compile(f, [x, w, b], { backend: 'wasm' as 'js' })).toThrow(/backend/);
  });
});

describe('generated code', () => {
  const realFunction = globalThis.Function;
  afterEach(() => {
    globalThis.Function = realFunction;
  });

  it('contains no user string: hostile names and special constants, results identical to the interpreter', () => {
    const names = ['a);process.exit(1);//', '__proto__', 'toString', 'constructor', '`${x}`', '\u2028'];
    const vs = names.map((n) => variable(n));
    const specials = [NaN, -0, 1e-320, Infinity, -Infinity, 5e-324, 1.7976931348623157e308];
    const terms = vs.map((v, i) => mul(v, specials[i] ?? 2));
    const outs = [sum(terms), add(vs[0], -0), mul(vs[1], vs[2]), exp(neg(vs[3]))];
    const sources: string[] = [];
    globalThis.Function = function (...args: string[]) {
      sources.push(args.join('\n'));
      return realFunction(...args);
    } as unknown as FunctionConstructor;
    const js = compile(outs, vs, { backend: 'js' });
    globalThis.Function = realFunction;
    expect(js.backend).toBe('js');
    expect(sources.length).toBeGreaterThan(0);
    for (const src of sources) for (const n of names) expect(src.includes(n)).toBe(false);
    const interp = compile(outs, vs, { backend: 'interpreter' });
    const pt = [1.5, -2, 3, 0.25, -0, 7];
    same(js.evaluate(pt), interp.evaluate(pt));
    same(js.vjp(pt, [1, -1, 2, 0.5]), interp.vjp(pt, [1, -1, 2, 0.5]));
    same(js.jvp(pt, [1, 1, 1, 1, 1, 1]), interp.jvp(pt, [1, 1, 1, 1, 1, 1]));
    same(js.evaluate(pt), evaluate(outs, new Map(names.map((n, i) => [n, pt[i]]))));
    const single = compile(outs[0], vs);
    same(single.gradient(pt), compile(outs[0], vs, { backend: 'interpreter' }).gradient(pt));
    expect(single.evaluate(pt)[0]).toBeNaN();
  });

  it('falls back to the interpreter where new Function is forbidden (CSP), with the same results', () => {
    globalThis.Function = function () {
      throw new EvalError("Refused to evaluate a string as JavaScript because 'unsafe-eval' is not an allowed source");
    } as unknown as FunctionConstructor;
    const x = variable('x');
    const y = variable('y');
    const g = mul(exp(x), sin(y));
    const p = compile(g, [x, y]);
    globalThis.Function = realFunction;
    expect(p.backend).toBe('interpreter');
    same(p.gradient([0.5, 2]), compile(g, [x, y], { backend: 'js' }).gradient([0.5, 2]));
  });

  it('random graphs: both backends agree bit for bit on every sweep; values equal the direct ones', () => {
    fc.assert(
      fc.property(graphArbitrary(), pointArbitrary(), vectorArbitrary(3), vectorArbitrary(3), (graph, at, v, ct) => {
        const { outputs } = build(graph.outputs);
        const names = variablesOf(graph.outputs);
        if (names.length === 0) return;
        const pt = names.map((n) => at[n]);
        for (const chunkSize of [4, 500]) {
          const js = compile(outputs, names, { chunkSize });
          const interp = compile(outputs, names, { backend: 'interpreter', chunkSize });
          same(js.evaluate(pt), interp.evaluate(pt));
          same(js.evaluate(pt), evaluate(outputs, at));
          const cts = ct.slice(0, outputs.length);
          while (cts.length < outputs.length) cts.push(1);
          same(js.vjp(pt, cts), interp.vjp(pt, cts));
          same(js.jvp(pt, v.slice(0, names.length)), interp.jvp(pt, v.slice(0, names.length)));
          const one = compile(outputs[0], names, { chunkSize });
          same(one.gradient(pt), compile(outputs[0], names, { backend: 'interpreter', chunkSize }).gradient(pt));
        }
      }),
      propertyParameters({ numRuns: 300 }),
    );
  });
});

describe('steady state', () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  const xs = Array.from({ length: 20 }, (_, i) => variable(`x${i}`));
  const pt = new Float64Array(20).fill(0.5);
  const g = new Float64Array(20);

  it('generated code: 10^4 gradient calls with a reused buffer allocate nothing once optimized (young generation after gc())', () => {
    expect(gc, 'vitest runs with --expose-gc').toBeTypeOf('function');
    for (const chunkSize of [500, 16]) {
      const p = compile(rosenbrock(xs), xs, { chunkSize });
      expect(p.backend).toBe('js');
      for (let i = 0; i < 200_000; i++) p.gradient(pt, g); // until V8 has optimized the generated functions (50 000 were too few where the process had loaded little else)
      // the measurement sees allocation: without a buffer, each call allocates its result (about 200 bytes)
      expect(youngBytes(() => p.gradient(pt), 1000), `chunk ${chunkSize}: allocating calls`).toBeGreaterThan(100_000);
      // a single 16-byte allocation per call would be 160 KB in every measurement; what remains is the statistics'
      // own few kilobytes. The least of three: in the full suite V8 once deoptimized the generated code during a
      // measurement (24.8 KB: a few thousand boxed numbers until it reoptimized), which the next one does not repeat
      const least = leastYoungBytes(() => p.gradient(pt, g), 1e4);
      expect(least, `chunk ${chunkSize}`).toBeLessThan(16_000);
    }
  });

  it('interpreter: heap use stays flat over 10^5 gradient calls (it boxes intermediate numbers, which are collected)', () => {
    const p = compile(rosenbrock(xs), xs, { backend: 'interpreter' });
    for (let i = 0; i < 1000; i++) p.gradient(pt, g);
    gc!();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 1e5; i++) p.gradient(pt, g);
    gc!();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(200_000);
  });
});

describe('batches: one per-sample program over many rows', () => {
  it('mean value and mean parameter gradient equal the whole-batch graph, on both backends, bit for bit between them', () => {
    // a small model a·tanh(b·x + c) with squared error, per sample (x, y)
    const [a, b, c, x, y] = ['a', 'b', 'c', 'x', 'y'].map((n) => variable(n));
    const loss = (xi: Node | number, yi: Node | number) => square(sub(mul(a, reciprocal(add(1, exp(neg(add(mul(b, xi), c)))))), yi));
    const rows = [0.5, 1, -1, 0.2, 2, 0.7, 0.1, -0.3];
    const params = [1.5, -0.7, 0.3];
    const results = (['js', 'interpreter'] as const).flatMap((backend) =>
      [4, 500].map((chunkSize) => {
        const p = compile(loss(x, y), [a, b, c, x, y], { backend, chunkSize });
        const g = new Float64Array(3);
        const value = p.batchValueAndGradient(params, rows, g);
        return { value, g: Array.from(g) };
      }),
    );
    for (const r of results) {
      expect(r.value).toBe(results[0].value);
      same(r.g, results[0].g);
    }
    const whole = mul(sum([0, 2, 4, 6].map((i) => loss(rows[i], rows[i + 1]))), 1 / 4);
    const at = { a: params[0], b: params[1], c: params[2] };
    close(results[0].value, evaluate(whole, at), 1e-15);
    const direct = reverseMode(whole, at).gradient;
    results[0].g.forEach((gk, k) => close(gk, direct['abc'[k]], 1e-14));
  });

  it('rejects rows that do not fit', () => {
    const [w, x] = [variable('w'), variable('x')];
    const p = compile(mul(w, x), [w, x]);
    expect(() => p.batchValueAndGradient([1], [])).toThrow(ShapeError);
    expect(() => p.batchValueAndGradient([1, 2, 3], [1])).toThrow(ShapeError);
  });
});

describe('fused dot products over contiguous inputs run as loops', () => {
  it('a layer of wide dot products: every sweep identical to the interpreter, bit for bit', () => {
    const n = 40;
    const ws = Array.from({ length: 2 * n }, (_, i) => variable(`w${i}`));
    const xs = Array.from({ length: n }, (_, i) => variable(`x${i}`));
    const h1 = dot(ws.slice(0, n), xs).tanh();
    const h2 = dot(ws.slice(n), xs).sigmoid();
    const out = [mul(h1, h2), add(h1, h2)];
    const inputs = [...ws, ...xs];
    const pt = inputs.map((_, i) => Math.sin(i + 1) / 4);
    for (const chunkSize of [8, 500]) {
      const js = compile(out, inputs, { chunkSize });
      const interp = compile(out, inputs, { backend: 'interpreter' });
      same(js.evaluate(pt), interp.evaluate(pt));
      same(js.evaluate(pt), evaluate(out, Object.fromEntries(inputs.map((v, i) => [v.name!, pt[i]]))));
      same(js.vjp(pt, [1, -2]), interp.vjp(pt, [1, -2]));
      same(js.jvp(pt, pt), interp.jvp(pt, pt));
      js.jacobian(pt, { mode: 'forward' }).forEach((row, r) => same(row, interp.jacobian(pt, { mode: 'forward' })[r]));
      const one = compile(out[0], inputs, { chunkSize });
      const oneI = compile(out[0], inputs, { backend: 'interpreter' });
      same(one.gradient(pt), oneI.gradient(pt));
      const g1 = new Float64Array(2 * n);
      const g2 = new Float64Array(2 * n);
      const rows = Array.from({ length: 3 * n }, (_, i) => Math.cos(i));
      expect(one.batchValueAndGradient(pt.slice(0, 2 * n), rows, g1)).toBe(oneI.batchValueAndGradient(pt.slice(0, 2 * n), rows, g2));
      same(g1, g2);
    }
  });
});

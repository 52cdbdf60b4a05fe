/**
 * Huge programs in the JavaScript backend (issue 12, item 5): a chain of 10⁶
 * sines and the sum of its 10⁶ terms evaluate, differentiate (gradient, jvp,
 * vjp) and give Hessian-vector products with the interpreter's results, bit for
 * bit, and no generated function grows with the graph: repeated structure
 * becomes loops, the rest is cut into functions of bounded size. A sum over 10⁶
 * variables works the same way but holds gigabytes of graph (its derivative
 * graph for hvp, twice): bench/compile-scaling.ts measures it, with the timings
 * (none here).
 */
import { describe, expect, it } from 'vitest';
import { add, compile, exp, log, mul, type Node, type Program, sin, sum, tanh, variable } from '../src/index.js';

/** Characters of the largest generated function allowed, whatever the program's size. */
const MAX_FUNCTION = 100_000;

/** Runs fn, returning the sources given to `new Function` meanwhile. */
function generatedBy<T>(fn: () => T): { value: T; sources: string[] } {
  const real = globalThis.Function;
  const sources: string[] = [];
  globalThis.Function = function (...args: string[]) {
    sources.push(args[args.length - 1]);
    return real(...args);
  } as unknown as FunctionConstructor;
  try {
    return { value: fn(), sources };
  } finally {
    globalThis.Function = real;
  }
}

const same = (got: ArrayLike<number>, want: ArrayLike<number>, what: string) => {
  expect(got.length, what).toBe(want.length);
  let wrong = 0;
  for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) wrong++;
  expect(wrong, `${what}: entries unlike the interpreter's`).toBe(0);
};

/** Every sweep of `f` on both backends: equal bit for bit, and the js backend's functions bounded. */
function sweepsAgree(f: Node, inputs: Node[], x: Float64Array, d: Float64Array): void {
  const js = compile(f, inputs, { backend: 'js' });
  const interp = compile(f, inputs, { backend: 'interpreter' });
  expect(js.backend).toBe('js');
  const sweeps: [string, (p: Program) => ArrayLike<number>][] = [
    ['evaluate', (p) => p.evaluate(x)],
    ['gradient', (p) => p.gradient(x)],
    ['jvp', (p) => p.jvp(x, d)],
    ['vjp', (p) => p.vjp(x, [0.75])],
    ['hvp', (p) => p.hvp(x, d)],
  ];
  for (const [what, run] of sweeps) {
    const { value, sources } = generatedBy(() => run(js));
    expect(sources.length, `${what}: generated functions`).toBeGreaterThan(0);
    const longest = Math.max(...sources.map((s) => s.length));
    expect(longest, `${what}: the longest generated function`).toBeLessThanOrEqual(MAX_FUNCTION);
    same(value, run(interp), what);
  }
}

const N = 1_000_000;

describe('huge programs in the js backend', () => {
  it(`a chain of ${N.toLocaleString('en')} sines, and the sum of its ${N.toLocaleString('en')} terms`, () => {
    const x = variable('x');
    const terms: Node[] = [];
    let t: Node = x;
    for (let k = 0; k < N; k++) terms.push((t = sin(t)));
    sweepsAgree(t, [x], Float64Array.of(1.25), Float64Array.of(-0.5));
    sweepsAgree(sum(terms), [x], Float64Array.of(1.25), Float64Array.of(-0.5));
  }, 900_000);

  it('a sum of 10⁵ terms tanh(wᵢ)·3wᵢ over 10⁵ variables (10⁶ is measured by bench/compile-scaling.ts)', () => {
    const ws = Array.from({ length: 100_000 }, (_, i) => variable(`w${i}`));
    const f = sum(ws.map((w) => mul(tanh(w), mul(3, w))));
    const x = Float64Array.from(ws, (_, i) => Math.sin(i) / 2);
    const d = Float64Array.from(ws, (_, i) => Math.cos(i));
    sweepsAgree(f, ws, x, d);
  }, 600_000);

  it('chains of tanh and of exp∘log, 10⁵ deep, and a chain mixing two variables', () => {
    const x = variable('x');
    const a = variable('a');
    let t: Node = x;
    for (let k = 0; k < 100_000; k++) t = tanh(t);
    sweepsAgree(t, [x], Float64Array.of(0.9), Float64Array.of(1));
    t = x;
    for (let k = 0; k < 100_000; k++) t = exp(log(t));
    sweepsAgree(t, [x], Float64Array.of(1.5), Float64Array.of(1));
    t = x;
    for (let k = 0; k < 100_000; k++) t = add(mul(sin(t), a), t);
    sweepsAgree(t, [x, a], Float64Array.of(0.3, 1e-5), Float64Array.of(1, 0.5));
  }, 600_000);
});

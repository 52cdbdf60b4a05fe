/**
 * Huge graphs (issue 6): a chain 10^6 nodes deep, a sum of 10^6 terms over
 * 10^6 variables, and a node with 10^6 consumers evaluate, differentiate in
 * both modes, compile and print without overflowing the stack (explicit stacks
 * everywhere, principle 3 of the design), and give exactly what a hand-written
 * loop gives.
 *
 * Compiled programs: the interpreter backend everywhere; the JavaScript backend
 * for the chain at 10^6 (about 9 s to generate, compile and run once, measured
 * on a 2-core machine) and for the node with 10^6 consumers at 10^5. For the sum
 * over 10^6 variables it takes about 30 s and 1.3 GB, so it is measured
 * (SECURITY.md), not run here. A dot product of 10^6 terms is swept in linear
 * time, counted in operations. The whole file runs in about 50 s.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  add,
  compile,
  dot,
  evaluate,
  exp,
  forwardMode,
  gradientNodes,
  mul,
  type Node,
  reverseMode,
  sum,
  variable,
} from '../src/index.js';
import { toExpression } from '../src/parse/index.js';
import { countGathers } from './helpers/gathers.js';

const N = 1_000_000;
const x = variable('x');
/** The chain's factor: 1 + 2⁻²⁰, so c^(N/2) ≈ e^0.477 neither overflows nor underflows. */
const C = 1 + 2 ** -20;

/** y₀ = x; then alternately yₖ₊₁ = yₖ·C and yₖ₊₁ = yₖ + ½: a chain `length` nodes deep. */
function chain(length: number): Node {
  let y: Node = x;
  for (let k = 0; k < length; k++) y = k % 2 === 0 ? mul(y, C) : add(y, 0.5);
  return y;
}

/** The same chain by hand: its value and derivative at x, in the order the sweeps compute them. */
function chainByHand(length: number, at: number): { value: number; derivative: number } {
  let value = at;
  let derivative = 1;
  for (let k = 0; k < length; k++) {
    if (k % 2 === 0) {
      value *= C;
      derivative *= C;
    } else {
      value += 0.5;
    }
  }
  return { value, derivative };
}

const exactly = (actual: number, expected: number, what: string) =>
  expect(Object.is(actual, expected), `${what}: ${actual}, expected ${expected}`).toBe(true);

describe(`a chain ${N.toLocaleString('en')} nodes deep`, () => {
  let deep: Node | undefined = chain(N);
  const f = () => deep!;
  const at = 0.75;
  const expected = chainByHand(N, at);
  afterAll(() => {
    deep = undefined;
  });

  it('evaluates and differentiates in both modes, bit for bit as a hand-written loop', () => {
    exactly(evaluate(f(), { x: at }), expected.value, 'evaluate');
    const forward = forwardMode(f(), { x: at }, { x: 1 });
    exactly(forward.value, expected.value, 'forward value');
    exactly(forward.derivative, expected.derivative, 'forward derivative');
    const reverse = reverseMode(f(), { x: at });
    exactly(reverse.value, expected.value, 'reverse value');
    exactly(reverse.gradient.x, expected.derivative, 'reverse derivative');
  });

  it('compiles for the interpreter: value, gradient and tangent bit for bit', () => {
    const p = compile(f(), [x], { backend: 'interpreter' });
    expect(p.stats.nodes).toBeGreaterThan(N);
    exactly(p.evaluate([at])[0], expected.value, 'value');
    exactly(p.gradient([at])[0], expected.derivative, 'gradient');
    exactly(p.jvp([at], [1])[0], expected.derivative, 'jvp');
  });

  it('compiles to JavaScript: value and gradient bit for bit', () => {
    const js = compile(f(), [x], { backend: 'js' });
    expect(js.backend).toBe('js');
    const { value, gradient } = js.valueAndGradient([at]);
    exactly(value, expected.value, 'value');
    exactly(gradient[0], expected.derivative, 'gradient');
  });

  it('builds its derivative graph (gradientNodes), which evaluates to the derivative', () => {
    const [d] = gradientNodes(f(), [x]);
    const value = evaluate(d, { x: at });
    expect(Math.abs(value - expected.derivative)).toBeLessThanOrEqual(1e-12 * expected.derivative);
  });

  it('prints via toExpression (a string 10^6 operations long)', () => {
    const text = toExpression(f());
    // ((x*1.0000009536743164 + 0.5)*1.0000009536743164 + 0.5)… : one parenthesis per product after the first
    expect(text.length).toBeGreaterThan(10 * N);
    expect(text.startsWith('(((')).toBe(true);
    expect(text.endsWith(' + 0.5)*1.0000009536743164 + 0.5')).toBe(true);
    let opens = 0;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 40) opens++;
    expect(opens).toBe(N / 2 - 1);
  });
});


describe(`${N.toLocaleString('en')} wide`, () => {
  it('a sum of 10^6 squares of 10^6 variables: value and all 10^6 partials in both modes and compiled', () => {
    const vs = Array.from({ length: N }, (_, i) => variable(`v${i}`));
    const f = sum(vs.map((v) => mul(v, v)));
    const point = Float64Array.from({ length: N }, (_, i) => (i % 1000) / 64 - 7);
    const at = new Map(vs.map((v, i) => [v.name!, point[i]]));
    let value = 0;
    for (let i = 0; i < N; i++) value += point[i] * point[i];

    exactly(evaluate(f, at), value, 'evaluate');
    const reverse = reverseMode(f, at);
    exactly(reverse.value, value, 'reverse value');
    let wrong = 0;
    for (let i = 0; i < N; i++) if (!Object.is(reverse.gradient[`v${i}`], 2 * point[i])) wrong++;
    expect(wrong, 'reverse partials that are not 2·vᵢ').toBe(0);
    const k = 123_457;
    const forward = forwardMode(f, at, { [`v${k}`]: 1 });
    exactly(forward.value, value, 'forward value');
    exactly(forward.derivative, 2 * point[k], 'forward derivative');

    const p = compile(f, vs, { backend: 'interpreter' });
    exactly(p.evaluate(point)[0], value, 'compiled value');
    const g = p.gradient(point);
    wrong = 0;
    for (let i = 0; i < N; i++) if (!Object.is(g[i], 2 * point[i])) wrong++;
    expect(wrong, 'compiled partials that are not 2·vᵢ').toBe(0);
  }, 180_000); // 10^6 variables: 93 s measured at load average 13, over the 60 s default

  it('a node with 10^6 consumers: f = Σ cᵢ·eˣ, both modes and compiled (interpreter at 10^6, JavaScript at 10^5)', () => {
    const coefficients = (n: number) => Array.from({ length: n }, (_, i) => (i % 7) - 2.5);
    const build = (n: number) => {
      const h = exp(x); // 10^6 consumers
      return sum(coefficients(n).map((c) => mul(h, c)));
    };
    const byHand = (n: number, at: number) => {
      const e = Math.exp(at);
      let value = 0;
      let derivative = 0;
      for (const c of coefficients(n)) {
        value += e * c;
        derivative += c;
      }
      return { value, derivative: derivative * e };
    };
    const at = 0.5;
    const f = build(N);
    const expected = byHand(N, at);
    exactly(evaluate(f, { x: at }), expected.value, 'evaluate');
    const reverse = reverseMode(f, { x: at });
    exactly(reverse.value, expected.value, 'reverse value');
    // the adjoint of eˣ adds up the 10^6 coefficients in some order: exact, since they are multiples of ½ summing far below 2^53
    exactly(reverse.gradient.x, expected.derivative, 'reverse derivative');
    const forward = forwardMode(f, { x: at }, { x: 1 });
    expect(Math.abs(forward.derivative - expected.derivative)).toBeLessThanOrEqual(1e-9 * Math.abs(expected.derivative));
    const p = compile(f, [x], { backend: 'interpreter' });
    exactly(p.evaluate([at])[0], expected.value, 'compiled value');
    exactly(p.gradient([at])[0], expected.derivative, 'compiled gradient');

    const small = build(N / 10);
    const js = compile(small, [x], { backend: 'js' });
    expect(js.backend).toBe('js');
    const smallExpected = byHand(N / 10, at);
    exactly(js.evaluate([at])[0], smallExpected.value, 'js value');
    exactly(js.gradient([at])[0], smallExpected.derivative, 'js gradient');
  });

  // Linear time, asserted by counting operations (test/helpers/gathers.ts): each of the 10^6 partials is taken
  // once, from one gather of the 2·10^6 operands. Gathering per partial, as before 1bbe141, copies 2·10^12
  // operands (hours); the counts catch it at once.
  it('a dot product of 10^6 terms: reverse mode and the interpreter gradient in linear time', () => {
    const coefficients = Array.from({ length: N }, (_, i) => (i % 9) + 1);
    const f = dot(Array<Node>(N).fill(x), coefficients);
    const at = 0.5;
    let total = 0;
    for (const c of coefficients) total += c;
    // every product is a half-integer and every partial sum stays far below 2^53: exact in any order
    const reverse = countGathers(() => reverseMode(f, { x: at }));
    exactly(reverse.result.value, at * total, 'reverse value');
    exactly(reverse.result.gradient.x, total, 'reverse derivative');
    expect(reverse.partials).toBe(N);
    expect(reverse.gathers).toBe(1);

    const p = compile(f, [x], { backend: 'interpreter' });
    const compiled = countGathers(() => p.gradient([at]));
    exactly(compiled.result[0], total, 'compiled gradient');
    expect(compiled.partials).toBe(N);
    expect(compiled.gathers).toBe(1);
  });

  it('prints a sum of 10^6 terms', () => {
    const text = toExpression(sum(Array.from({ length: N }, (_, i) => mul(x, (i % 9) + 1))));
    expect(text.startsWith('sum(x*1, x*2, ')).toBe(true);
    expect(text.length).toBe(N * ', x*1'.length - 2 + 'sum()'.length);
  });
});

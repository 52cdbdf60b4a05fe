/**
 * The peers' scalar op set (issue 14, item 2): each primitive at its special
 * points (0, ±1, ±∞, NaN, domain edges) by every route — evaluate, forward and
 * reverse mode, the derivative graph, compiled js and interpreter (bit for bit
 * each other) — then against centered differences, against mathjs's
 * `derivative` where mathjs knows the function, elementwise on arrays (both
 * backends bit for bit, equal to the scalar results), and through the parser.
 */
import { derivative, parse as mathParse } from 'mathjs';
import { describe, expect, it } from 'vitest';
import * as W from '../src/index.js';
import { compile, evaluate, gradientNodes, type Node, reverseMode, sum, variable } from '../src/index.js';
import { parse, toExpression } from '../src/parse/index.js';
import { symbolicPartial } from '../src/cli/symbolic.js';
import { routes, sameNumber } from './helpers/routes.js';

const x = variable('x');
const y = variable('y');
type Unary = (a: Node) => Node;
type Binary = (a: Node, b: Node | number) => Node;
const unary = (name: string) => (W as unknown as Record<string, Unary>)[name];
const binary = (name: string) => (W as unknown as Record<string, Binary>)[name];

/** [x, value, derivative] rows; NaN matches NaN, zeros match either sign unless the row is marked signed. */
const special: Record<string, [number, number, number, boolean?][]> = {
  tan: [[0, 0, 1], [-0, -0, 1, true], [Math.PI / 4, Math.tan(Math.PI / 4), 1 + Math.tan(Math.PI / 4) ** 2], [Infinity, NaN, NaN], [NaN, NaN, NaN]],
  asin: [[0, 0, 1], [1, Math.PI / 2, Infinity], [-1, -Math.PI / 2, Infinity], [1.5, NaN, NaN], [0.5, Math.PI / 6, 1 / Math.sqrt(0.75)], [NaN, NaN, NaN]],
  acos: [[0, Math.PI / 2, -1], [1, 0, -Infinity], [-1, Math.PI, -Infinity], [-1.5, NaN, NaN], [NaN, NaN, NaN]],
  atan: [[0, 0, 1], [1, Math.PI / 4, 0.5], [Infinity, Math.PI / 2, 0], [-Infinity, -Math.PI / 2, 0], [1e200, Math.PI / 2, 0], [NaN, NaN, NaN]],
  sinh: [[0, 0, 1], [-0, -0, 1, true], [710, Math.sinh(710), Math.cosh(710)], [Infinity, Infinity, Infinity], [-Infinity, -Infinity, Infinity], [NaN, NaN, NaN]],
  cosh: [[0, 1, 0], [1, Math.cosh(1), Math.sinh(1)], [Infinity, Infinity, Infinity], [-Infinity, Infinity, -Infinity], [NaN, NaN, NaN]],
  asinh: [[0, 0, 1], [1e300, Math.asinh(1e300), 1e-300], [Infinity, Infinity, 0], [-Infinity, -Infinity, 0], [NaN, NaN, NaN]],
  acosh: [[1, 0, Infinity], [2, Math.acosh(2), 1 / Math.sqrt(3)], [1e300, Math.acosh(1e300), 1e-300], [0.5, NaN, NaN], [Infinity, Infinity, 0], [NaN, NaN, NaN]],
  atanh: [[0, 0, 1], [1, Infinity, Infinity], [-1, -Infinity, Infinity], [0.5, Math.atanh(0.5), 1 / 0.75], [2, NaN, -1 / 3], [NaN, NaN, NaN]],
  expm1: [[0, 0, 1], [-0, -0, 1, true], [1e-20, 1e-20, 1], [-40, Math.expm1(-40), Math.exp(-40)], [Infinity, Infinity, Infinity], [-Infinity, -1, 0], [NaN, NaN, NaN]],
  exp2: [[0, 1, Math.LN2], [3, 8, 8 * Math.LN2], [-1, 0.5, 0.5 * Math.LN2], [Infinity, Infinity, Infinity], [-Infinity, 0, 0], [NaN, NaN, NaN]],
  log2: [[1, 0, 1 / Math.LN2], [2 ** 29, 29, 1 / (2 ** 29 * Math.LN2)], [0, -Infinity, Infinity], [-1, NaN, -1 / Math.LN2], [Infinity, Infinity, 0], [NaN, NaN, NaN]],
  log10: [[1, 0, 1 / Math.LN10], [1000, 3, 1 / (1000 * Math.LN10)], [0, -Infinity, Infinity], [-1, NaN, -1 / Math.LN10], [Infinity, Infinity, 0], [NaN, NaN, NaN]],
  sinc: [[0, 1, 0], [-0, 1, 0], [0.5, 2 / Math.PI, -4 / Math.PI], [1, Math.sin(Math.PI) / Math.PI, -1], [Infinity, NaN, NaN], [NaN, NaN, NaN]],
  deg2rad: [[0, 0, Math.PI / 180], [180, Math.PI, Math.PI / 180], [Infinity, Infinity, Math.PI / 180], [NaN, NaN, Math.PI / 180]],
  rad2deg: [[0, 0, 180 / Math.PI], [Math.PI, 180, 180 / Math.PI], [-Infinity, -Infinity, 180 / Math.PI], [NaN, NaN, 180 / Math.PI]],
  floor: [[0, 0, 0], [-0, -0, 0, true], [2.5, 2, 0], [-2.5, -3, 0], [3, 3, 0], [Infinity, Infinity, 0], [NaN, NaN, 0]],
  ceil: [[0, 0, 0], [-0.5, -0, 0, true], [2.5, 3, 0], [-2.5, -2, 0], [3, 3, 0], [-Infinity, -Infinity, 0], [NaN, NaN, 0]],
  round: [[0.5, 0, 0], [1.5, 2, 0], [2.5, 2, 0], [-0.5, -0, 0, true], [-1.5, -2, 0], [-2.5, -2, 0], [0.49999999999999994, 0, 0], [4503599627370495.5, 4503599627370496, 0], [2.6, 3, 0], [Infinity, Infinity, 0], [NaN, NaN, 0]],
  trunc: [[2.7, 2, 0], [-2.7, -2, 0], [-0.5, -0, 0, true], [Infinity, Infinity, 0], [NaN, NaN, 0]],
};

/** Every route gives `value` and `gradient`; the compiled backends agree bit for bit. */
function holds(f: Node, wrt: readonly Node[], at: Record<string, number>, value: number, gradient: readonly number[], signed = false): void {
  const all = routes(f, wrt, at);
  for (const [route, r] of Object.entries(all)) {
    const close = (a: number, b: number) => sameNumber(a, b, signed) || (Number.isFinite(b) && b !== 0 && Math.abs(a - b) <= 4 * Number.EPSILON * Math.abs(b));
    expect(close(r.value, value), `${route} value at ${JSON.stringify(at)}: got ${r.value}, expected ${value}`).toBe(true);
    if (route === 'evaluate') continue;
    r.gradient.forEach((g, i) => expect(sameNumber(g, gradient[i]) || close(g, gradient[i]), `${route} ∂${i} at ${JSON.stringify(at)}: got ${g}, expected ${gradient[i]}`).toBe(true));
  }
  all.js.gradient.forEach((g, i) => expect(sameNumber(g, all.interpreter.gradient[i], true), 'js and interpreter bit for bit').toBe(true));
  expect(Object.is(all.js.value, all.interpreter.value) || (Number.isNaN(all.js.value) && Number.isNaN(all.interpreter.value))).toBe(true);
}

describe('unary ops at their special points, by every route', () => {
  for (const [name, rows] of Object.entries(special)) {
    it(name, () => {
      for (const [at, value, d, signed] of rows) holds(unary(name)(x), [x], { x: at }, value, [d], signed);
    });
  }
});

describe('binary ops at their special points, by every route', () => {
  it('atan2: quadrants, the axes, ±∞, overflow-safe partials, NaN at the origin (as JAX)', () => {
    holds(W.atan2(x, y), [x, y], { x: 1, y: 1 }, Math.PI / 4, [0.5, -0.5]);
    holds(W.atan2(x, y), [x, y], { x: 0, y: -1 }, Math.PI, [-1, 0]);
    holds(W.atan2(x, y), [x, y], { x: -0, y: -1 }, -Math.PI, [-1, 0], true);
    holds(W.atan2(x, y), [x, y], { x: 1, y: 0 }, Math.PI / 2, [0, -1]);
    holds(W.atan2(x, y), [x, y], { x: 1e200, y: 1e200 }, Math.PI / 4, [0.5e-200, -0.5e-200]);
    holds(W.atan2(x, y), [x, y], { x: 0, y: 0 }, 0, [NaN, NaN]);
  });

  it('hypot: overflow-safe (no x² + y² at 1e200), 0 at the origin, +∞ with an infinite side even beside NaN', () => {
    holds(W.hypot(x, y), [x, y], { x: 3, y: 4 }, 5, [0.6, 0.8]);
    holds(W.hypot(x, y), [x, y], { x: 1e200, y: 1e200 }, Math.SQRT2 * 1e200, [Math.SQRT1_2, Math.SQRT1_2]);
    holds(W.hypot(x, y), [x, y], { x: 3e-200, y: 4e-200 }, 5e-200, [0.6, 0.8]);
    holds(W.hypot(x, y), [x, y], { x: 0, y: 0 }, 0, [0, 0]);
    holds(W.hypot(x, y), [x, y], { x: -2, y: 0 }, 2, [-1, 0]);
    holds(W.hypot(x, y), [x, y], { x: Infinity, y: NaN }, Infinity, [NaN, NaN]);
  });

  it('mod and remainder: the sign of the divisor, ∂/∂a = 1, ∂/∂b = −⌊a/b⌋ (JAX)', () => {
    for (const f of [W.mod, W.remainder]) {
      holds(f(x, y), [x, y], { x: 5.5, y: 2 }, 1.5, [1, -2]);
      holds(f(x, y), [x, y], { x: -5.5, y: 2 }, 0.5, [1, 3]);
      holds(f(x, y), [x, y], { x: 5.5, y: -2 }, -0.5, [1, 3]);
      holds(f(x, y), [x, y], { x: -5.5, y: -2 }, -1.5, [1, -2]);
      holds(f(x, y), [x, y], { x: 4, y: 2 }, 0, [1, -2]);
      holds(f(x, y), [x, y], { x: 0.7, y: 0.1 }, 0.7 % 0.1, [1, -6]);
      holds(f(x, y), [x, y], { x: 1, y: 0 }, NaN, [1, NaN]);
      holds(f(x, y), [x, y], { x: Infinity, y: 2 }, NaN, [1, NaN]);
    }
    // exact, where a − b·⌊a/b⌋ loses every digit
    expect(evaluate(W.mod(x, 3e-218), { x: 0.125 })).toBe(0.125 % 3e-218);
  });

  it('comparisons on scalars: 1 or 0, NaN compares false (≠ true), derivative 0, every route', () => {
    const cases: [(a: Node, b: Node) => Node, number, number, number][] = [
      [W.eq, 2, 2, 1], [W.eq, 2, 3, 0], [W.ne, 2, 3, 1], [W.ne, NaN, NaN, 1], [W.eq, NaN, NaN, 0],
      [W.lt, 1, 2, 1], [W.lt, 2, 2, 0], [W.le, 2, 2, 1], [W.gt, 3, 2, 1], [W.ge, 2, 2, 1], [W.ge, NaN, 2, 0],
      [W.lt, -Infinity, Infinity, 1], [W.eq, -0, 0, 1],
    ];
    for (const [f, a, b, value] of cases) holds(f(x, y), [x, y], { x: a, y: b }, value, [0, 0]);
  });

  it('where on scalars selects a branch, and the derivative follows it', () => {
    const f = W.where(W.lt(x, 0), W.neg(x), W.mul(x, y));
    holds(f, [x, y], { x: -3, y: 2 }, 3, [-1, 0]);
    holds(f, [x, y], { x: 3, y: 2 }, 6, [2, 3]);
  });
});

describe('higher derivatives through derivative graphs', () => {
  it('sinc at 0: value 1, then 0, −π²/3, 0, π⁴/5 (its series), against gradientNodes to order 4', () => {
    let g: Node = W.sinc(x);
    const expected = [1, 0, -(Math.PI ** 2) / 3, 0, Math.PI ** 4 / 5];
    for (let order = 0; order <= 4; order++) {
      expect(evaluate(g, { x: 0 })).toBeCloseTo(expected[order], 12);
      [g] = gradientNodes(g, [x]);
    }
  });

  it('second derivatives of each unary op equal the centered difference of the first', () => {
    const at: Record<string, number> = { asin: 0.3, acos: 0.3, atanh: 0.3, acosh: 1.7, log2: 1.3, log10: 1.3 };
    for (const name of ['tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'asinh', 'acosh', 'atanh', 'expm1', 'exp2', 'log2', 'log10', 'sinc']) {
      const p = at[name] ?? 0.7;
      const [d1] = gradientNodes(unary(name)(x), [x]);
      const [d2] = gradientNodes(d1, [x]);
      const h = 1e-5;
      const numeric = (evaluate(d1, { x: p + h }) - evaluate(d1, { x: p - h })) / (2 * h);
      expect(evaluate(d2, { x: p }), name).toBeCloseTo(numeric, 6);
    }
  });
});

describe('against centered differences and mathjs', () => {
  const points: Record<string, number[]> = {
    tan: [-1.2, 0.3, 1.1], asin: [-0.9, 0.2, 0.7], acos: [-0.9, 0.2, 0.7], atan: [-3, 0.4, 12], sinh: [-2, 0.1, 3], cosh: [-2, 0.1, 3],
    asinh: [-5, 0.3, 40], acosh: [1.1, 2, 30], atanh: [-0.9, 0.1, 0.6], expm1: [-3, 1e-3, 2], exp2: [-3, 0.5, 4], log2: [0.1, 3, 100],
    log10: [0.1, 3, 100], sinc: [-2.3, 0.01, 0.7, 5.2], deg2rad: [-30, 45], rad2deg: [-1, 2],
  };
  it('forward and reverse match centered differences (h = 1e-6, rtol 1e-6)', () => {
    for (const [name, ps] of Object.entries(points)) {
      const f = unary(name)(x);
      for (const p of ps) {
        const h = 1e-6 * Math.max(1, Math.abs(p));
        const numeric = (evaluate(f, { x: p + h }) - evaluate(f, { x: p - h })) / (2 * h);
        const r = reverseMode(f, { x: p }).gradient.x;
        expect(Math.abs(r - numeric), `${name} at ${p}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(numeric)));
        expect(W.forwardMode(f, { x: p }, { x: 1 }).derivative).toBe(r);
      }
    }
    for (const [a, b] of [[1.3, -0.4], [-2, 0.7], [0.3, 5]]) {
      for (const name of ['atan2', 'hypot', 'mod']) {
        const f = binary(name)(x, y);
        const g = reverseMode(f, { x: a, y: b }).gradient;
        const h = 1e-6;
        const dx = (evaluate(f, { x: a + h, y: b }) - evaluate(f, { x: a - h, y: b })) / (2 * h);
        const dy = (evaluate(f, { x: a, y: b + h }) - evaluate(f, { x: a, y: b - h })) / (2 * h);
        expect(g.x, `${name} ∂x at (${a}, ${b})`).toBeCloseTo(dx, 6);
        expect(g.y, `${name} ∂y at (${a}, ${b})`).toBeCloseTo(dy, 6);
      }
    }
  });

  it("reverse mode matches mathjs's derivative() where mathjs knows the function", () => {
    // mathjs's derivative knows these (not expm1, log2, sinc, atan2, hypot, mod, floor …)
    const known = ['tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'asinh', 'acosh', 'atanh', 'log10'];
    for (const name of known) {
      for (const p of points[name]) {
        const d = derivative(mathParse(`${name}(x)`), 'x').evaluate({ x: p }) as number;
        expect(reverseMode(unary(name)(x), { x: p }).gradient.x, `${name} at ${p}`).toBeCloseTo(d, 12 - Math.max(0, Math.round(Math.log10(Math.abs(d)))));
      }
    }
  });
});

describe('elementwise on arrays', () => {
  it('every op on an array node: both backends bit for bit, equal to the scalar op element by element', () => {
    const v = variable('v', [5]);
    const data = [0.1, -0.35, 0.5, 0.8, -0.05];
    const shifted: Record<string, (n: Node) => Node> = { acosh: (n) => W.add(n, 2), log2: (n) => W.add(n, 1), log10: (n) => W.add(n, 1) };
    const ops = [...Object.keys(special), 'atan2', 'hypot', 'mod', 'remainder', 'eq', 'ne', 'lt', 'le', 'gt', 'ge'];
    for (const name of ops) {
      const build = (n: Node) => (name in special ? unary(name)((shifted[name] ?? ((m: Node) => m))(n)) : binary(name)(n, 0.3));
      const f = sum(W.mul(build(v), W.constant([1, 2, 3, 4, 5])));
      const js = compile(f, [v], { backend: 'js' });
      const interp = compile(f, [v], { backend: 'interpreter' });
      const gj = js.gradient(data);
      const gi = interp.gradient(data);
      expect([...gj], name).toEqual([...gi]);
      expect(js.evaluate(data)[0]).toBe(interp.evaluate(data)[0]);
      data.forEach((d, i) => {
        const s = (i + 1) * reverseMode(build(x), { x: d }).gradient.x;
        expect(gj[i], `${name}[${i}]`).toBeCloseTo(s, 14);
      });
    }
  });
});

describe('parser: mathjs names and operators, and the round trip', () => {
  it('maps mathjs names (fix = trunc, x mod y, comparisons) and toExpression reads back to the same function', () => {
    const sources = [
      'tan(x) + asin(y/3) - acos(y/3)*atan(x)', 'atan2(x, y) + hypot(x, y)', 'sinh(x)*cosh(y) + asinh(x) + acosh(2 + y^2) + atanh(x/9)',
      'expm1(x) + log2(y) + log10(y)', 'floor(x) + ceil(y) + round(x*y) + fix(x)', 'x mod y + mod(y, 3)',
      'x == y', 'x != y', 'x < y', 'x <= y', 'x > y', 'x >= y', '(x < y) == (y != x)', 'where(x <= y, x, y)', '-(x > y) + 2*(x < 1)',
      'sinc(x) + exp2(x) + deg2rad(x) + rad2deg(y) + remainder(x, y)',
    ];
    for (const s of sources) {
      const { output, variables } = parse(s);
      const printed = toExpression(output);
      const back = parse(printed).output;
      expect(toExpression(back), s).toBe(printed);
      for (const at of [{ x: 1.5, y: 2.5 }, { x: -0.7, y: 0.3 }, { x: 2, y: 2 }]) {
        const bound = Object.fromEntries([...variables.keys()].map((k) => [k, at[k as 'x' | 'y']]));
        expect(Object.is(evaluate(back, bound), evaluate(output, bound)) || Number.isNaN(evaluate(output, bound)), `${s} at ${JSON.stringify(at)}`).toBe(true);
      }
    }
    expect(toExpression(parse('fix(x)').output)).toBe('trunc(x)');
    // the CLI's mathjs column evaluates what derivative() writes for them (sec, sinh, cosh …)
    for (const s of ['tan(x)', 'asin(x)', 'acos(x)', 'atan(x)', 'sinh(x)', 'cosh(x)', 'asinh(x)', 'acosh(x + 2)', 'atanh(x)', 'log10(x + 1)']) {
      const d = symbolicPartial(s, 'x', new Map([['x', 0.3]]));
      expect(d, s).toBeCloseTo(reverseMode(parse(s).output, { x: 0.3 }).gradient.x, 12);
    }
    expect(toExpression(parse('x mod 3').output)).toBe('mod(x, 3)');
    expect(evaluate(parse('x == 2').output, { x: 2 })).toBe(1);
  });
});

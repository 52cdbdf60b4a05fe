/**
 * The conventions of issue 14, item 3, each held on every route (evaluate,
 * forward mode, reverse mode, the derivative graph, compiled js and
 * interpreter) — they are decided once, in the ops' rules:
 * - `pow(0, y)`: ∂/∂y = 0 for y > 0 (and y = 0), NaN for y < 0 (ln of a zero base is taken as ln 1 = 0, as JAX and autograd);
 * - `max`/`min` ties split ½/½, at ±∞ too;
 * - `logSumExp` is exact at (−∞, −∞), (+∞, +∞) and an infinite maximum, value and gradient, n-ary and as an array reduction.
 */
import { describe, expect, it } from 'vitest';
import { constant, logSumExp, max, min, mul, pow, softmax, sum, variable, type Node } from '../src/index.js';
import { routes, sameNumber } from './helpers/routes.js';

const x = variable('x');
const y = variable('y');

/** Every route gives `value` and `gradient` (NaN matches NaN, zeros of either sign match). */
function holds(f: Node, wrt: readonly Node[], at: Readonly<Record<string, number | readonly number[]>>, value: number, gradient: readonly number[]): void {
  const all = routes(f, wrt, at);
  for (const [route, r] of Object.entries(all)) {
    expect(sameNumber(r.value, value), `${route} value: got ${r.value}, expected ${value}`).toBe(true);
    if (route === 'evaluate') continue;
    expect(r.gradient.length, `${route} gradient length`).toBe(gradient.length);
    r.gradient.forEach((g, i) => expect(sameNumber(g, gradient[i]), `${route} ∂${i}: got ${g}, expected ${gradient[i]}`).toBe(true));
  }
  // the compiled backends agree bit for bit
  expect(all.js.gradient.map((g) => Object.is(g, 0) ? 0 : g)).toEqual(all.interpreter.gradient.map((g) => Object.is(g, 0) ? 0 : g));
}

describe('pow(0, y): ∂/∂y takes ln 1 = 0 for a zero base (as JAX and autograd)', () => {
  it('∂/∂y = 0 for y > 0, where 0^y is constant 0 in y', () => {
    for (const b of [0.5, 1, 2, 3.7, 1e-300, 1e300]) holds(pow(0, y), [y], { y: b }, 0, [0]);
    holds(pow(-0, y), [y], { y: 2 }, 0, [0]);
  });

  it('with a variable base: ∂/∂x by the power rule, ∂/∂y = 0', () => {
    holds(pow(x, y), [x, y], { x: 0, y: 2 }, 0, [0, 0]);
    holds(pow(x, y), [x, y], { x: 0, y: 0.5 }, 0, [Infinity, 0]);
  });

  it('y = 0: ∂/∂y = 0 (1·ln 1); y < 0: NaN (0^y = +∞, +∞·0)', () => {
    holds(pow(0, y), [y], { y: 0 }, 1, [0]);
    holds(pow(0, y), [y], { y: -1 }, Infinity, [NaN]);
    holds(pow(x, y), [x, y], { x: 0, y: 0 }, 1, [NaN, 0]);
  });

  it('a non-zero base is untouched: ∂/∂y = x^y·ln x', () => {
    holds(pow(2, y), [y], { y: 3 }, 8, [8 * Math.LN2]);
    holds(pow(x, y), [x, y], { x: 1e-300, y: 0.5 }, 1e-150, [0.5 * 1e-300 ** -0.5, 1e-150 * Math.log(1e-300)]);
  });
});

describe('max and min: a tie splits ½/½, at ±∞ too', () => {
  it('max(x, y) and min(x, y) at (+∞, +∞) and (−∞, −∞)', () => {
    for (const v of [Infinity, -Infinity]) {
      holds(max(x, y), [x, y], { x: v, y: v }, v, [0.5, 0.5]);
      holds(min(x, y), [x, y], { x: v, y: v }, v, [0.5, 0.5]);
    }
  });

  it('max(x, x) at ±∞ has derivative 1', () => {
    for (const v of [Infinity, -Infinity]) {
      holds(max(x, x), [x], { x: v }, v, [1]);
      holds(min(x, x), [x], { x: v }, v, [1]);
    }
  });

  it('off a tie, and at NaN, as before: 1/0, and NaN', () => {
    holds(max(x, y), [x, y], { x: Infinity, y: 1 }, Infinity, [1, 0]);
    holds(min(x, y), [x, y], { x: -Infinity, y: 1 }, -Infinity, [1, 0]);
    holds(max(x, y), [x, y], { x: NaN, y: 1 }, NaN, [NaN, NaN]);
  });

  it('elementwise on arrays: ties at ±∞ split in every element', () => {
    const v = variable('v', [3]);
    const w = variable('w', [3]);
    holds(sum(max(v, w)), [v, w], { v: [Infinity, -Infinity, 2], w: [Infinity, -Infinity, 1] }, NaN, [0.5, 0.5, 1, 0.5, 0.5, 0]);
  });
});

describe('logSumExp is exact at ±∞', () => {
  it('n-ary: (−∞, −∞) is −∞ and (+∞, +∞) is +∞, gradient ½, ½', () => {
    const f = logSumExp([x, y]);
    holds(f, [x, y], { x: -Infinity, y: -Infinity }, -Infinity, [0.5, 0.5]);
    holds(f, [x, y], { x: Infinity, y: Infinity }, Infinity, [0.5, 0.5]);
  });

  it('n-ary: one infinite argument', () => {
    const f = logSumExp([x, y]);
    holds(f, [x, y], { x: Infinity, y: 1 }, Infinity, [1, 0]);
    holds(f, [x, y], { x: -Infinity, y: 1 }, 1, [0, 1]);
    // three tied infinities: the chain max(max(x, y), 2x) splits ¼, ¼, ½ (over an array's axis: ⅓ each, below)
    holds(logSumExp([x, y, mul(2, x)]), [x, y], { x: -Infinity, y: -Infinity }, -Infinity, [0.25 + 2 * 0.5, 0.25]);
  });

  it('n-ary, finite: the value bit for bit as before, the gradient the softmax', () => {
    const f = logSumExp([x, y]);
    holds(f, [x, y], { x: 1000, y: 1000 }, 1000 + Math.LN2, [0.5, 0.5]);
    const r = routes(f, [x, y], { x: 1, y: 0 });
    const p = 1 / (1 + Math.exp(-1));
    for (const route of Object.values(r)) {
      expect(route.value).toBe(1 + Math.log(1 + Math.exp(-1)));
      if (route.gradient.length > 0) {
        expect(route.gradient[0]).toBeCloseTo(p, 15);
        expect(route.gradient[1]).toBeCloseTo(1 - p, 15);
      }
    }
  });

  it('as an array reduction: every element −∞ or +∞, and per row along an axis', () => {
    const v = variable('v', [2]);
    holds(logSumExp(v), [v], { v: [-Infinity, -Infinity] }, -Infinity, [0.5, 0.5]);
    holds(logSumExp(v), [v], { v: [Infinity, Infinity] }, Infinity, [0.5, 0.5]);
    holds(logSumExp(v), [v], { v: [Infinity, 3] }, Infinity, [1, 0]);
    const u = variable('u', [3]);
    holds(logSumExp(u), [u], { u: [Infinity, Infinity, Infinity] }, Infinity, [1 / 3, 1 / 3, 1 / 3]);
    holds(logSumExp(u), [u], { u: [-Infinity, -Infinity, -Infinity] }, -Infinity, [1 / 3, 1 / 3, 1 / 3]);
    const m = variable('m', [3, 2]);
    // rows: (−∞, −∞) → −∞; (+∞, +∞) → +∞; (0, 0) → ln 2; summed with weights so each row's gradient shows
    const rows = logSumExp(m, { axis: 1 });
    const weighted = sum(mul(rows, constant([0, 0, 1])));
    holds(weighted, [m], { m: [-Infinity, -Infinity, Infinity, Infinity, 0, 0] }, NaN, [0, 0, 0, 0, 0.5, 0.5]);
    const first = sum(mul(rows, constant([1, 0, 0])));
    holds(first, [m], { m: [-Infinity, -Infinity, 5, 5, 0, 0] }, -Infinity, [0.5, 0.5, 0, 0, 0, 0]);
    const second = sum(mul(rows, constant([0, 1, 0])));
    holds(second, [m], { m: [1, 1, Infinity, Infinity, 0, 0] }, Infinity, [0, 0, 0.5, 0.5, 0, 0]);
  });
});

// Line searches (src/optim/line-search.ts) on quadratics f = ½xᵀAx − bᵀx, where
// everything is known in closed form: along d = −g (g = Ax − b) the exact step
// is α* = gᵀg / gᵀAg, and φ(α) = f(x − αg) = f(x) − α·gᵀg + ½α²·gᵀAg, so the
// Armijo condition φ(α) ≤ f(x) − c1·α·gᵀg holds exactly when α ≤ 2(1 − c1)·α*.
import { describe, expect, it } from 'vitest';
import { ArgumentError, compile, ShapeError, variable } from '../src/index.js';
import { armijo, bracketMinimum, exactLineSearch, goldenSection } from '../src/optim/line-search.js';
import type { Objective } from '../src/optim/objective.js';

/** The quadratic ½xᵀAx − bᵀx as an objective, and its closed-form exact step along −g. */
function quadratic(A: number[][], b: number[]) {
  const n = b.length;
  const Ax = (x: ArrayLike<number>) => A.map((row) => row.reduce((s, a, j) => s + a * x[j], 0));
  const objective: Objective = {
    value: (x) => {
      const y = Ax(x);
      let s = 0;
      for (let i = 0; i < n; i++) s += 0.5 * x[i] * y[i] - b[i] * x[i];
      return s;
    },
    gradient: (x, g) => {
      const y = Ax(x);
      for (let i = 0; i < n; i++) g[i] = y[i] - b[i];
      return g;
    },
  };
  const gradientAt = (x: ArrayLike<number>) => objective.gradient!(Float64Array.from(x), new Float64Array(n));
  const exactStep = (g: ArrayLike<number>) => {
    const Ag = Ax(g);
    let gg = 0;
    let gAg = 0;
    for (let i = 0; i < n; i++) {
      gg += g[i] * g[i];
      gAg += g[i] * Ag[i];
    }
    return gg / gAg;
  };
  return { objective, gradientAt, exactStep };
}

/** A seeded generator (mulberry32), for reproducible random quadratics. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random symmetric positive definite matrix MᵀM + I, and b, x. */
function randomQuadratic(n: number, rand: () => number) {
  const M = Array.from({ length: n }, () => Array.from({ length: n }, () => 2 * rand() - 1));
  const A = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => M.reduce((s, row) => s + row[i] * row[j], 0) + (i === j ? 1 : 0)),
  );
  const b = Array.from({ length: n }, () => 4 * rand() - 2);
  const x = Array.from({ length: n }, () => 10 * rand() - 5);
  return { A, b, x };
}

const ill = quadratic(
  [
    [21, 19],
    [19, 21],
  ],
  [1, 2],
); // eigenvalues 40 and 2

describe('Armijo backtracking', () => {
  it('accepts the first step of 1, ½, ¼, … that is ≤ 2(1 − c1)·α* on a quadratic', () => {
    const rand = random(1);
    for (let trial = 0; trial < 20; trial++) {
      const n = 1 + (trial % 5);
      const { A, b, x } = randomQuadratic(n, rand);
      const q = quadratic(A, b);
      const g = q.gradientAt(x);
      const d = g.map((v) => -v);
      const bound = 2 * (1 - 1e-4) * q.exactStep(g);
      let expected = 1;
      while (expected > bound) expected /= 2;
      const r = armijo(q.objective, x, d);
      expect(r.satisfied).toBe(true);
      expect(r.step).toBe(expected);
      expect(r.evaluations).toBe(1 + 1 + Math.log2(1 / expected)); // f(x), then one trial per step
      expect([...r.point]).toEqual(x.map((xi, i) => xi + expected * d[i]));
      expect(r.value).toBe(q.objective.value(r.point));
    }
  });

  it('honours initialStep, shrink and c1', () => {
    const x = [5, -3];
    const g = ill.gradientAt(x);
    const d = g.map((v) => -v);
    const alpha = ill.exactStep(g); // 0.0261…
    for (const [initialStep, shrink, c1] of [
      [1, 0.5, 1e-4],
      [0.3, 0.7, 0.1],
      [2, 0.1, 0.5],
      [0.01, 0.5, 1e-4],
    ]) {
      let expected = initialStep;
      while (expected > 2 * (1 - c1) * alpha) expected *= shrink;
      const r = armijo(ill.objective, x, d, { initialStep, shrink, c1 });
      expect(r.step).toBe(expected);
    }
  });

  it('uses a given value and slope instead of evaluating', () => {
    const x = [5, -3];
    const g = ill.gradientAt(x);
    const d = g.map((v) => -v);
    const value = ill.objective.value(Float64Array.from(x));
    const slope = -(g[0] * g[0] + g[1] * g[1]);
    let gradients = 0;
    const counted: Objective = { value: ill.objective.value, gradient: (x, out) => (gradients++, ill.objective.gradient!(x, out)) };
    const withBoth = armijo(counted, x, d, { value, slope });
    const alone = armijo(counted, x, d);
    expect(withBoth.step).toBe(alone.step);
    expect(withBoth.evaluations).toBe(alone.evaluations - 1);
    expect(gradients).toBe(1); // only the second call needed ∇f(x)
    expect(armijo(ill.objective.value, x, d, { gradient: g }).step).toBe(alone.step); // values only, gradient given
  });

  it('backs out of a region where f is NaN', () => {
    // f = x² for x > −0.5, NaN below: from 1 along −2, steps 1 (x = −1, NaN) and ½ (x = 0) — the second is taken
    const f: Objective = { value: (x) => (x[0] > -0.5 ? x[0] ** 2 : NaN), gradient: (x, g) => ((g[0] = 2 * x[0]), g) };
    const r = armijo(f, [1], [-2]);
    expect(r.step).toBe(0.5);
    expect(r.value).toBe(0);
  });

  it('reports failure when maxSteps runs out', () => {
    // a wrong gradient: d = +x is uphill, but the caller claims a negative slope
    const r = armijo((x: Float64Array) => x[0] ** 2, [1], [1], { slope: -2, maxSteps: 10 });
    expect(r.satisfied).toBe(false);
    expect(r.step).toBe(0);
    expect([...r.point]).toEqual([1]);
    expect(r.value).toBe(1);
    expect(r.evaluations).toBe(11);
  });

  it('rejects a direction that is not a descent direction, and bad options', () => {
    expect(() => armijo(ill.objective, [5, -3], ill.gradientAt([5, -3]))).toThrow(/not a descent direction/);
    expect(() => armijo((x: Float64Array) => x[0] ** 2, [1], [-1])).toThrow(/no gradient/);
    expect(() => armijo(ill.objective, [5, -3], [1])).toThrow(ShapeError);
    expect(() => armijo(ill.objective, [5, -3], [-1, 0], { shrink: 1 })).toThrow(ArgumentError);
    expect(() => armijo(ill.objective, [5, -3], [-1, 0], { c1: 0 })).toThrow(ArgumentError);
    expect(() => armijo(ill.objective, [5, -3], [-1, 0], { initialStep: -1 })).toThrow(ArgumentError);
    expect(() => armijo(ill.objective, [5, -3], [-1, 0], { value: NaN })).toThrow(/f\(x\) is the number NaN/);
  });

  it('accepts a graph', () => {
    const x = variable('x');
    const y = variable('y');
    const f = x.square().add(y.square().mul(10));
    const r = armijo(f, [1, 1], [-2, -20], { inputs: [x, y] });
    // α* = 404 / 8008 ≈ 0.0504, so the first step ≤ 2(1 − c1)α* ≈ 0.1009 is 1/16
    expect(r.step).toBe(1 / 16);
  });
});

describe('golden-section search', () => {
  it('finds the minimum of a parabola to tol, one evaluation per iteration', () => {
    for (const tol of [1e-3, 1e-6, 1e-8]) {
      const r = goldenSection((t) => (t - 2) ** 2 + 1, 0, 5, { tol });
      expect(Math.abs(r.x - 2)).toBeLessThanOrEqual(tol);
      expect(r.upper - r.lower).toBeLessThanOrEqual(tol);
      expect(r.lower).toBeLessThanOrEqual(r.x);
      expect(r.x).toBeLessThanOrEqual(r.upper);
      expect(r.evaluations).toBe(r.iterations + 2);
      // each iteration keeps 1/φ of the interval
      expect(r.iterations).toBe(Math.ceil(Math.log(tol / 5) / Math.log((Math.sqrt(5) - 1) / 2)));
    }
  });

  it('finds the exact step of a quadratic along −g', () => {
    const rand = random(2);
    for (let trial = 0; trial < 20; trial++) {
      const { A, b, x } = randomQuadratic(1 + (trial % 6), rand);
      const q = quadratic(A, b);
      const g = q.gradientAt(x);
      const alpha = q.exactStep(g);
      const phi = (t: number) => q.objective.value(Float64Array.from(x, (xi, i) => xi - t * g[i]));
      const r = goldenSection(phi, 0, 4 * alpha, { tol: 1e-9 * alpha });
      // values resolve the minimizer of φ only to ≈ √(ε·|φ| / φ″): far from the solution that is ≈ 1e-8 relative
      expect(Math.abs(r.x - alpha) / alpha).toBeLessThan(1e-6);
    }
  });

  it('treats NaN as +∞, swaps reversed ends, and finds a minimum at an end', () => {
    const r = goldenSection((t) => (t < 1 ? NaN : (t - 2) ** 2), 5, 0, { tol: 1e-10 });
    expect(r.x).toBeCloseTo(2, 9);
    const edge = goldenSection((t) => t, 0, 1, { tol: 1e-10 });
    expect(edge.x).toBeLessThan(1e-9);
  });

  it('rejects a bad interval or tol', () => {
    expect(() => goldenSection((t) => t, 1, 1)).toThrow(ArgumentError);
    expect(() => goldenSection((t) => t, 0, Infinity)).toThrow(ArgumentError);
    expect(() => goldenSection((t) => t, 0, 1, { tol: -1 })).toThrow(ArgumentError);
    expect(() => goldenSection(() => 'x' as unknown as number, 0, 1)).toThrow(/returned the string/);
  });
});

describe('bracketing', () => {
  it('steps out with growing steps until φ increases', () => {
    const b = bracketMinimum((t) => (t - 10) ** 2);
    expect(b.bracketed).toBe(true);
    expect(b.lower).toBeLessThan(10);
    expect(b.upper).toBeGreaterThan(10);
    expect(b.best).toBeGreaterThan(b.lower);
    expect(b.best).toBeLessThan(b.upper);
    expect(b.bestValue).toBe((b.best - 10) ** 2);
    // 0, 1, 1 + φ, 1 + φ + φ², …: points 0, 1, 2.618, 5.236, 9.472, 16.326 — 6 evaluations
    expect(b.evaluations).toBe(6);
  });

  it('returns [start, start + h] when the first step already overshoots', () => {
    const b = bracketMinimum((t) => (t - 0.1) ** 2, { initialStep: 1 });
    expect([b.lower, b.upper]).toEqual([0, 1]);
    expect(b.best).toBe(0);
    expect(b.evaluations).toBe(2);
    const nan = bracketMinimum((t) => (t > 0.5 ? NaN : -t), { initialStep: 1, value: 0 });
    expect([nan.lower, nan.upper, nan.evaluations]).toEqual([0, 1, 1]);
  });

  it('reports an unbounded ray', () => {
    const b = bracketMinimum((t) => -t, { maxSteps: 20 });
    expect(b.bracketed).toBe(false);
    expect(b.evaluations).toBe(1 + 20);
  });

  it('searches leftwards for a negative initial step', () => {
    const b = bracketMinimum((t) => (t + 10) ** 2, { initialStep: -1 });
    expect(b.lower).toBeLessThan(-10);
    expect(b.upper).toBeGreaterThan(-10);
  });
});

describe('exact line search', () => {
  it('takes the closed-form step gᵀg / gᵀAg, to rounding, when the objective has a gradient', () => {
    const rand = random(3);
    for (let trial = 0; trial < 30; trial++) {
      const { A, b, x } = randomQuadratic(1 + (trial % 8), rand);
      const q = quadratic(A, b);
      const g = q.gradientAt(x);
      const alpha = q.exactStep(g);
      const r = exactLineSearch(q.objective, x, g.map((v) => -v));
      expect(r.bracketed).toBe(true);
      expect(Math.abs(r.step - alpha) / alpha).toBeLessThan(1e-13);
      expect(r.gradientEvaluations).toBeGreaterThan(0);
    }
  });

  it('with values only (golden section), to 1e-8', () => {
    const rand = random(4);
    for (let trial = 0; trial < 30; trial++) {
      const { A, b, x } = randomQuadratic(1 + (trial % 8), rand);
      const q = quadratic(A, b);
      const g = q.gradientAt(x);
      const alpha = q.exactStep(g);
      const valuesOnly = exactLineSearch(q.objective.value, x, g.map((v) => -v));
      const noPolish = exactLineSearch(q.objective, x, g.map((v) => -v), { polish: false });
      // largest relative error over the 30 trials: 9.1e-9
      expect(Math.abs(valuesOnly.step - alpha) / alpha).toBeLessThan(1e-8);
      expect(noPolish.step).toBe(valuesOnly.step);
      expect(noPolish.gradientEvaluations).toBe(0);
    }
  });

  it('the documented example: f = x² + 10y² from (1, 1)', () => {
    const f: Objective = {
      value: (x) => x[0] ** 2 + 10 * x[1] ** 2,
      gradient: (x, g) => ((g[0] = 2 * x[0]), (g[1] = 20 * x[1]), g),
    };
    const r = exactLineSearch(f, [1, 1], [-2, -20]);
    expect(r.step).toBe(404 / 8008);
    expect([...r.point]).toEqual([1 - 2 * r.step, 1 - 20 * r.step]);
    expect(r.value).toBe(f.value(r.point));
  });

  it('through a compiled program', () => {
    const x = variable('x');
    const y = variable('y');
    const p = compile(x.square().add(y.square().mul(10)), [x, y]);
    expect(exactLineSearch(p, [1, 1], [-2, -20]).step).toBeCloseTo(404 / 8008, 15);
  });
});

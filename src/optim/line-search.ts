/**
 * Line searches: how far to go along a descent direction d from x. Armijo
 * backtracking accepts the first step of a shrinking sequence that decreases f
 * enough; the exact line search brackets a minimum of φ(t) = f(x + t·d) and
 * narrows it by golden-section search — the notes' "best step at each
 * iteration" ("good, but too expensive"). Both are used by
 * {@link gradientDescent}; see Nocedal & Wright, Numerical Optimization, §3.1.
 */
import { ArgumentError, describe, ShapeError } from '../errors.js';
import { checkBoolean, checkNumber, type NumberSpec, optionsOf } from '../arguments.js';
import {
  type Objective,
  type ObjectiveLike,
  type ObjectiveOptions,
  toObjective,
  toVector,
  valueAndGradientOf,
  valueOf,
} from './objective.js';

/** @internal A factor strictly between 0 and 1 (Armijo's shrink and c1). */
export const FRACTION: NumberSpec = { min: 0, max: 1, minOpen: true, maxOpen: true };
/** @internal A growth factor: finite and > 1. */
export const GROWTH: NumberSpec = { min: 1, minOpen: true };

/** Options of {@link armijo}. */
export interface ArmijoOptions extends ObjectiveOptions {
  /** The first step tried (default 1). */
  initialStep?: number;
  /** Factor in (0, 1) applied to the step after each rejection (default 0.5). */
  shrink?: number;
  /** Sufficient-decrease constant in (0, 1) (default 1e-4). */
  c1?: number;
  /** Most steps tried (default 50). */
  maxSteps?: number;
  /** f(x), when the caller already has it (saves an evaluation). */
  value?: number;
  /** ∇f(x)·d, when the caller already has it; otherwise it comes from `gradient` or the objective's gradient. */
  slope?: number;
  /** ∇f(x), when the caller already has it. */
  gradient?: ArrayLike<number>;
}

/** What {@link armijo} returns. */
export interface ArmijoResult {
  /** The accepted step α (0 when none was accepted). */
  step: number;
  /** f(x + α·d) (f(x) when no step was accepted). */
  value: number;
  /** x + α·d. */
  point: Float64Array;
  /** Evaluations of f (trial steps, plus f(x) when it was not given). */
  evaluations: number;
  /** Whether the sufficient-decrease condition holds at `step`: false when `maxSteps` ran out. */
  satisfied: boolean;
}

/**
 * Armijo backtracking: tries α = initialStep, α·shrink, α·shrink², … and
 * returns the first step with sufficient decrease,
 * f(x + α·d) ≤ f(x) + c1·α·∇f(x)·d.
 * A trial where f is NaN or ±∞ is rejected like any other (so the search
 * backs out of regions where f is undefined).
 *
 * @param f - the objective (a gradient is needed unless `slope` or `gradient` is given)
 * @param x - the current point
 * @param direction - a descent direction d (∇f(x)·d < 0), usually −∇f(x)
 * @throws ArgumentError if d is not a descent direction, f(x) is not finite, or an option is out of range
 * @example
 * ```ts
 * import { armijo } from 'wengert';
 * const f = { value: (x: Float64Array) => x[0] ** 2, gradient: (x: Float64Array, g: Float64Array) => ((g[0] = 2 * x[0]), g) };
 * const r = armijo(f, [1], [-2]); // tries 1 (f = 1: not enough decrease), then 0.5 (f = 0)
 * r.step;         // 0.5
 * r.point;        // Float64Array [0]
 * r.evaluations;  // 3 (f(x) and two trials)
 * ```
 */
export function armijo(f: ObjectiveLike, x: ArrayLike<number>, direction: ArrayLike<number>, options: ArmijoOptions = {}): ArmijoResult {
  const where = 'armijo';
  const o = optionsOf(where, options);
  const objective = toObjective(f, o, where);
  const x0 = toVector(x, where, 'x');
  const d = toVector(direction, where, 'direction');
  const n = x0.length;
  if (d.length !== n) throw new ShapeError(`${where}: direction has length ${d.length}, expected ${n} (the length of x)`);
  if (objective.dimension !== undefined && objective.dimension !== n) {
    throw new ShapeError(`${where}: x has length ${n}, but the objective takes ${objective.dimension} parameters`);
  }
  const initialStep = checkNumber(where, 'initialStep', o.initialStep ?? 1, { min: 0, minOpen: true });
  const shrink = checkNumber(where, 'shrink', o.shrink ?? 0.5, FRACTION);
  const c1 = checkNumber(where, 'c1', o.c1 ?? 1e-4, FRACTION);
  const maxSteps = checkNumber(where, 'maxSteps', o.maxSteps ?? 50, { integer: true, min: 1 });

  let evaluations = 0;
  let f0 = o.value;
  if (f0 === undefined) {
    f0 = valueOf(objective, x0, where);
    evaluations++;
  }
  if (typeof f0 !== 'number' || !Number.isFinite(f0)) {
    const given = o.value === undefined ? '' : ' (the option value)';
    throw new ArgumentError(`${where}: f(x) is ${describe(f0)}${given}; a line search starts from a finite value`);
  }
  const slope = slopeAt(objective, x0, d, o, where);
  return backtrack(objective, x0, d, f0, slope, initialStep, shrink, c1, maxSteps, evaluations, where);
}

/** @internal The backtracking loop of {@link armijo}, on checked arguments. */
export function backtrack(
  objective: Objective,
  x: Float64Array,
  d: Float64Array,
  f0: number,
  slope: number,
  initialStep: number,
  shrink: number,
  c1: number,
  maxSteps: number,
  evaluations: number,
  where: string,
): ArmijoResult {
  const n = x.length;
  const point = new Float64Array(n);
  let step = initialStep;
  for (let k = 0; k < maxSteps; k++) {
    for (let i = 0; i < n; i++) point[i] = x[i] + step * d[i];
    const v = valueOf(objective, point, where);
    evaluations++;
    if (v <= f0 + c1 * step * slope) return { step, value: v, point, evaluations, satisfied: true };
    step *= shrink;
  }
  point.set(x);
  return { step: 0, value: f0, point, evaluations, satisfied: false };
}

function slopeAt(objective: Objective, x: Float64Array, d: Float64Array, options: Partial<ArmijoOptions>, where: string): number {
  let slope = options.slope === undefined ? undefined : checkNumber(where, 'slope', options.slope, { max: 0, maxOpen: true });
  if (slope === undefined) {
    let g: ArrayLike<number>;
    if (options.gradient !== undefined) {
      g = toVector(options.gradient, where, 'gradient');
      if (g.length !== x.length) throw new ShapeError(`${where}: gradient has length ${g.length}, expected ${x.length}`);
    } else if (objective.gradient !== undefined) {
      g = objective.gradient(x, new Float64Array(x.length));
    } else {
      throw new ArgumentError(`${where}: the objective has no gradient; pass { slope } (∇f(x)·d) or { gradient }`);
    }
    slope = 0;
    for (let i = 0; i < x.length; i++) slope += g[i] * d[i];
  }
  if (typeof slope !== 'number' || !(slope < 0)) {
    throw new ArgumentError(`${where}: the direction is not a descent direction: ∇f(x)·d = ${describe(slope)}, expected < 0`);
  }
  return slope;
}

/** Options of {@link goldenSection}. */
export interface GoldenSectionOptions {
  /**
   * Stop when the interval is at most this wide. Default √ε·max(1, |a|, |b|)
   * ≈ 1.5e-8 relative: near a smooth minimum, φ differs from its minimum by
   * O(δ²), so narrower intervals are decided by rounding, not by φ.
   */
  tol?: number;
  /** Most iterations (one evaluation each; default 200). */
  maxIterations?: number;
}

/** What {@link goldenSection} returns. */
export interface GoldenSectionResult {
  /** The interior point with the lowest value evaluated. */
  x: number;
  value: number;
  /** The final interval, which contains x. */
  lower: number;
  upper: number;
  iterations: number;
  evaluations: number;
}

const INV_PHI = (Math.sqrt(5) - 1) / 2; // 1/φ ≈ 0.618
const INV_PHI2 = 1 - INV_PHI; // 1/φ² ≈ 0.382

/**
 * Golden-section search for a minimum of φ on [a, b]: each iteration keeps
 * the part of the interval that must hold the minimum of a unimodal φ and
 * reuses one interior point, so it costs one evaluation and shrinks the
 * interval by 1/φ ≈ 0.618. NaN counts as +∞.
 *
 * @throws ArgumentError if a or b is not finite, a = b, or tol < 0
 * @example
 * ```ts
 * import { goldenSection } from 'wengert';
 * const r = goldenSection((t) => (t - 2) ** 2 + 1, 0, 5);
 * r.x.toFixed(6);  // '2.000000'
 * r.value;         // 1
 * r.evaluations;   // 40
 * ```
 */
export function goldenSection(phi: (t: number) => number, a: number, b: number, options: GoldenSectionOptions = {}): GoldenSectionResult {
  const where = 'goldenSection';
  if (typeof phi !== 'function') throw new ArgumentError(`${where}: phi must be a function, got ${describe(phi)}`);
  checkNumber(where, 'a', a);
  checkNumber(where, 'b', b);
  if (a === b) throw new ArgumentError(`${where}: a and b are both ${a}: the interval [${a}, ${b}] is empty`);
  const o = optionsOf(where, options);
  let lo = Math.min(a, b);
  let hi = Math.max(a, b);
  const tol = checkNumber(where, 'tol', o.tol ?? Math.sqrt(Number.EPSILON) * Math.max(1, Math.abs(lo), Math.abs(hi)), { min: 0 });
  const maxIterations = checkNumber(where, 'maxIterations', o.maxIterations ?? 200, { integer: true, min: 0 });
  const at = (t: number): number => {
    const v = phi(t);
    if (typeof v !== 'number') throw new ArgumentError(`${where}: phi returned ${describe(v)} at ${t}, expected a number`);
    return v === v ? v : Infinity;
  };
  let c = lo + INV_PHI2 * (hi - lo);
  let d = lo + INV_PHI * (hi - lo);
  let fc = at(c);
  let fd = at(d);
  let evaluations = 2;
  let iterations = 0;
  while (hi - lo > tol && iterations < maxIterations) {
    iterations++;
    if (fc < fd) {
      hi = d;
      d = c;
      fd = fc;
      c = lo + INV_PHI2 * (hi - lo);
      if (!(c > lo && c < d)) break; // the interval cannot shrink further in floating point
      fc = at(c);
    } else {
      lo = c;
      c = d;
      fc = fd;
      d = lo + INV_PHI * (hi - lo);
      if (!(d > c && d < hi)) break;
      fd = at(d);
    }
    evaluations++;
  }
  return fc <= fd
    ? { x: c, value: fc, lower: lo, upper: hi, iterations, evaluations }
    : { x: d, value: fd, lower: lo, upper: hi, iterations, evaluations };
}

/** Options of {@link bracketMinimum}. */
export interface BracketOptions {
  /** Where to start (default 0). */
  start?: number;
  /** The first step, whose sign sets the direction of the search (default 1). */
  initialStep?: number;
  /** Factor > 1 by which steps grow (default φ ≈ 1.618). */
  grow?: number;
  /** Most evaluations after φ(start) (default 50). */
  maxSteps?: number;
  /** φ(start), when the caller already has it. */
  value?: number;
}

/** What {@link bracketMinimum} returns. */
export interface Bracket {
  /** The interval [lower, upper] (lower < upper), holding a local minimum of φ when `bracketed`. */
  lower: number;
  upper: number;
  /** The point with the lowest value seen, and that value. */
  best: number;
  bestValue: number;
  /** False when φ kept decreasing for `maxSteps` steps (it may be unbounded below along the ray). */
  bracketed: boolean;
  evaluations: number;
}

/**
 * Brackets a minimum of φ along a ray from `start`: steps out with growing
 * steps h, h·grow, h·grow², … while φ decreases; the first increase closes
 * the bracket [previous point, this point] around the lowest point. If the
 * very first step already fails to decrease φ, the bracket is [start,
 * start + h] (for a descent direction, φ has a minimum inside). NaN counts as +∞.
 *
 * @example
 * ```ts
 * import { bracketMinimum } from 'wengert';
 * const b = bracketMinimum((t) => (t - 10) ** 2, { initialStep: 1 });
 * [b.lower, b.upper];  // [5.236…, 16.326…]: holds 10 (steps 1, 1.618, 2.618, … from 0)
 * b.bracketed;         // true
 * ```
 */
export function bracketMinimum(phi: (t: number) => number, options: BracketOptions = {}): Bracket {
  const where = 'bracketMinimum';
  if (typeof phi !== 'function') throw new ArgumentError(`${where}: phi must be a function, got ${describe(phi)}`);
  const o = optionsOf(where, options);
  const start = checkNumber(where, 'start', o.start ?? 0);
  const h = checkNumber(where, 'initialStep', o.initialStep ?? 1);
  if (h === 0) throw new ArgumentError(`${where}: initialStep must be a finite non-zero number, got ${describe(h)}`);
  const grow = checkNumber(where, 'grow', o.grow ?? 1 / INV_PHI, GROWTH);
  const maxSteps = checkNumber(where, 'maxSteps', o.maxSteps ?? 50, { integer: true, min: 1 });
  const at = (t: number): number => {
    const v = phi(t);
    if (typeof v !== 'number') throw new ArgumentError(`${where}: phi returned ${describe(v)} at ${t}, expected a number`);
    return v === v ? v : Infinity;
  };
  let evaluations = 0;
  let fa: number;
  if (o.value !== undefined) {
    if (typeof o.value !== 'number') throw new ArgumentError(`${where}: value must be a number, got ${describe(o.value)}`);
    fa = o.value === o.value ? o.value : Infinity;
  } else {
    fa = at(start);
    evaluations++;
  }
  const ordered = (p: number, q: number, best: number, bestValue: number, bracketed: boolean): Bracket => ({
    lower: Math.min(p, q),
    upper: Math.max(p, q),
    best,
    bestValue,
    bracketed,
    evaluations,
  });
  let a = start;
  let b = start + h;
  let fb = at(b);
  evaluations++;
  if (!(fb < fa)) return ordered(start, b, start, fa, true);
  let step = h;
  for (let k = 1; ; k++) {
    step *= grow;
    const c = b + step;
    if (k >= maxSteps || !Number.isFinite(c)) return ordered(a, b, b, fb, false);
    const fc = at(c);
    evaluations++;
    if (!(fc < fb)) return ordered(a, c, b, fb, true);
    a = b;
    fa = fb;
    b = c;
    fb = fc;
  }
}

/** Options of {@link exactLineSearch}. */
export interface ExactLineSearchOptions extends ObjectiveOptions {
  /** The first step of the bracketing (default 1); gradient descent passes its previous step. */
  initialStep?: number;
  /** Growth of the bracketing steps (default φ). */
  grow?: number;
  /** Most bracketing evaluations (default 50). */
  maxSteps?: number;
  /** Width of the golden-section interval of step lengths (default √ε relative, see {@link GoldenSectionOptions}). */
  tol?: number;
  /**
   * When the objective has a gradient, refine the golden-section step by
   * secant steps on φ′(t) = ∇f(x + t·d)·d (default true). See {@link exactLineSearch}.
   */
  polish?: boolean;
  /** f(x), when the caller already has it. */
  value?: number;
}

/** What {@link exactLineSearch} returns. */
export interface ExactLineSearchResult {
  /** The step t minimizing f(x + t·d) (0 if no step decreases f). */
  step: number;
  value: number;
  /** x + t·d. */
  point: Float64Array;
  /** Evaluations of f (bracketing, golden section and polishing together). */
  evaluations: number;
  /** Evaluations of ∇f (polishing only). */
  gradientEvaluations: number;
  /** False when f kept decreasing along d for `maxSteps` bracketing steps: `step` is then the last, best, one. */
  bracketed: boolean;
}

/**
 * The exact line search: minimizes φ(t) = f(x + t·d) over t ≥ 0 — the notes'
 * "best step at each iteration". {@link bracketMinimum} finds an interval
 * holding a minimum, {@link goldenSection} narrows it from values of f.
 *
 * Values alone resolve the minimizer t* only to about √(ε·|f| / φ″(t*)),
 * because φ is flat there: near the solution of a quadratic that is a relative
 * error of 1e-2 in t. So when the objective has a gradient (and `polish` is
 * not false), secant steps on the derivative φ′(t) = ∇f(x + t·d)·d, which is
 * not flat, start from the golden-section point and are kept only while they
 * reduce |φ′| and stay inside the bracket. On a quadratic f = ½xᵀAx − bᵀx,
 * φ′ is linear, so the step is then gᵀg / gᵀAg along d = −g to rounding.
 *
 * @example
 * ```ts
 * import { exactLineSearch } from 'wengert';
 * // f = x² + 10y² from (1, 1) along −∇f = (−2, −20): the exact step is gᵀg / gᵀAg = 404 / 8008
 * const f = {
 *   value: (x: Float64Array) => x[0] ** 2 + 10 * x[1] ** 2,
 *   gradient: (x: Float64Array, g: Float64Array) => ((g[0] = 2 * x[0]), (g[1] = 20 * x[1]), g),
 * };
 * exactLineSearch(f, [1, 1], [-2, -20]).step;                          // 0.05044955044955045 (= 404 / 8008)
 * exactLineSearch(f.value, [1, 1], [-2, -20]).step.toPrecision(8);     // '0.050449552': values only, golden section
 * ```
 */
export function exactLineSearch(
  f: ObjectiveLike,
  x: ArrayLike<number>,
  direction: ArrayLike<number>,
  options: ExactLineSearchOptions = {},
): ExactLineSearchResult {
  const where = 'exactLineSearch';
  const o = optionsOf(where, options);
  const objective = toObjective(f, o, where);
  const x0 = toVector(x, where, 'x');
  const d = toVector(direction, where, 'direction');
  if (d.length !== x0.length) throw new ShapeError(`${where}: direction has length ${d.length}, expected ${x0.length} (the length of x)`);
  if (objective.dimension !== undefined && objective.dimension !== x0.length) {
    throw new ShapeError(`${where}: x has length ${x0.length}, but the objective takes ${objective.dimension} parameters`);
  }
  const initialStep = checkNumber(where, 'initialStep', o.initialStep ?? 1, { min: 0, minOpen: true });
  const checked = {
    grow: o.grow === undefined ? undefined : checkNumber(where, 'grow', o.grow, GROWTH),
    maxSteps: o.maxSteps === undefined ? undefined : checkNumber(where, 'maxSteps', o.maxSteps, { integer: true, min: 1 }),
    tol: o.tol === undefined ? undefined : checkNumber(where, 'tol', o.tol, { min: 0 }),
    value: o.value === undefined || typeof o.value === 'number' ? o.value : badValue(where, o.value),
    polish: checkBoolean(where, 'polish', o.polish, true),
  };
  return lineMinimize(objective, x0, d, initialStep, checked, where);
}

function badValue(where: string, value: unknown): never {
  throw new ArgumentError(`${where}: value must be a number, got ${describe(value)}`);
}

/** @internal {@link exactLineSearch} on checked arguments. */
export function lineMinimize(
  objective: Objective,
  x: Float64Array,
  d: Float64Array,
  initialStep: number,
  options: { grow?: number; maxSteps?: number; tol?: number; value?: number; polish?: boolean },
  where: string,
): ExactLineSearchResult {
  const n = x.length;
  const point = new Float64Array(n);
  const phi = (t: number): number => {
    for (let i = 0; i < n; i++) point[i] = x[i] + t * d[i];
    return valueOf(objective, point, where);
  };
  const bracketOptions: BracketOptions = { initialStep };
  if (options.grow !== undefined) bracketOptions.grow = options.grow;
  if (options.maxSteps !== undefined) bracketOptions.maxSteps = options.maxSteps;
  if (options.value !== undefined) bracketOptions.value = options.value;
  const bracket = bracketMinimum(phi, bracketOptions);
  let step = bracket.best;
  let value = bracket.bestValue;
  let evaluations = bracket.evaluations;
  let gradientEvaluations = 0;
  if (bracket.bracketed) {
    const golden = goldenSection(phi, bracket.lower, bracket.upper, options.tol !== undefined ? { tol: options.tol } : {});
    evaluations += golden.evaluations;
    if (golden.value <= value) {
      step = golden.x;
      value = golden.value;
      if (options.polish !== false && (objective.gradient !== undefined || objective.valueAndGradient !== undefined)) {
        // secant steps on φ′(t) = ∇f(x + t·d)·d, from the golden-section point and the end of the bracket
        // on the side where φ′ says the minimum is (far apart, so the first secant is well conditioned)
        const g = new Float64Array(n);
        const dphi = (t: number): { value: number; slope: number } => {
          for (let i = 0; i < n; i++) point[i] = x[i] + t * d[i];
          const v = valueAndGradientOf(objective, point, g, where);
          evaluations++;
          gradientEvaluations++;
          let slope = 0;
          for (let i = 0; i < n; i++) slope += g[i] * d[i];
          return { value: v, slope };
        };
        let t0 = step;
        let s0 = dphi(t0).slope;
        let t1 = s0 < 0 ? bracket.upper : bracket.lower;
        let s1 = dphi(t1).slope;
        let bestSlope = Math.abs(s0);
        for (let k = 0; k < 20 && bestSlope > 0 && s1 !== s0 && Number.isFinite(s0) && Number.isFinite(s1); k++) {
          const t2 = t1 - (s1 * (t1 - t0)) / (s1 - s0);
          if (!(t2 >= bracket.lower && t2 <= bracket.upper) || t2 === t1 || t2 === t0) break;
          const r = dphi(t2);
          if (!(Math.abs(r.slope) < bestSlope) || !Number.isFinite(r.value)) break;
          bestSlope = Math.abs(r.slope);
          step = t2;
          value = r.value;
          t0 = t1;
          s0 = s1;
          t1 = t2;
          s1 = r.slope;
        }
      }
    }
  }
  for (let i = 0; i < n; i++) point[i] = x[i] + step * d[i];
  return { step, value, point, evaluations, gradientEvaluations, bracketed: bracket.bracketed };
}

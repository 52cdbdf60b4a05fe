/**
 * Gradient descent, x ← x − α·∇f(x), with the three step-size policies of the
 * course notes: a constant step, a decreasing step (a schedule t ↦ αₜ), and
 * the best step at each iteration — exact (golden-section) line search, or
 * its cheap stand-in, Armijo backtracking.
 */
import { ArgumentError, describe } from '../errors.js';
import { backtrack, type ExactLineSearchOptions, FRACTION, GROWTH, lineMinimize } from './line-search.js';
import { checkBoolean, checkNumber, optionsOf } from '../arguments.js';
import {
  checkDimension,
  NonFiniteLossError,
  type Objective,
  type ObjectiveLike,
  type ObjectiveOptions,
  toObjective,
  toVector,
  valueAndGradientOf,
} from './objective.js';

/**
 * How gradient descent picks αₜ:
 * - a number: the constant step;
 * - a function t ↦ αₜ (t = 0, 1, 2, … the iteration, as optax schedules count):
 *   a decreasing step, e.g. `(t) => 0.5 / (1 + t)`;
 * - `'armijo'`: Armijo backtracking from `lineSearch.initialStep` (default 1) at every iteration;
 * - `'exact'`: the step minimizing f along −∇f (bracketing, then golden section),
 *   warm-started from the previous step.
 */
export type StepPolicy = number | ((t: number) => number) | 'armijo' | 'exact';

/**
 * When gradient descent stops (besides `maxIterations`), with ε = `tolerance`:
 * - `'step'`: ‖xₜ₊₁ − xₜ‖ ≤ ε, the notes' `while abs(temp_min - old_min) > precision` loop;
 * - `'gradient'`: ‖∇f(xₜ)‖ ≤ ε (checked before each step, so a start at a minimum takes no step);
 * - `'value'`: |f(xₜ₊₁) − f(xₜ)| ≤ ε.
 * Norms are Euclidean.
 */
export type StopRule = 'step' | 'gradient' | 'value';

/** Options of {@link gradientDescent}. */
export interface GradientDescentOptions extends ObjectiveOptions {
  /** The step-size policy (default `'armijo'`). */
  step?: StepPolicy;
  /** ε of the stopping rule (default 1e-6). */
  tolerance?: number;
  /** Default `'gradient'`. */
  stopWhen?: StopRule;
  /** Default 10 000. */
  maxIterations?: number;
  /**
   * Options of the line search (`step: 'armijo'` or `'exact'`): `initialStep`
   * (default 1), Armijo's `shrink` (0.5), `c1` (1e-4) and `maxSteps` (50); the
   * exact search's `grow`, `maxSteps`, `tol` and `polish` (see {@link exactLineSearch}).
   */
  lineSearch?: { initialStep?: number; shrink?: number; c1?: number; maxSteps?: number; grow?: number; tol?: number; polish?: boolean };
}

/**
 * Why {@link gradientDescent} stopped: `'converged'` (the stopping rule held,
 * or the gradient is exactly 0), `'maxIterations'`, or `'lineSearchFailed'`
 * (no step along −∇f decreased f enough — typically at the resolution of
 * floating point near a minimum; x is the last iterate).
 */
export type GradientDescentStatus = 'converged' | 'maxIterations' | 'lineSearchFailed';

/** The run, ready to plot: entry t of `values`, `points` and `gradientNorms` is at xₜ; `steps[t]` took xₜ to xₜ₊₁. */
export interface GradientDescentHistory {
  /** f(xₜ), t = 0 … iterations. */
  values: number[];
  /** Copies of xₜ, t = 0 … iterations. */
  points: Float64Array[];
  /** αₜ, t = 0 … iterations − 1. */
  steps: number[];
  /** ‖∇f(xₜ)‖, t = 0 … iterations. */
  gradientNorms: number[];
}

/** What {@link gradientDescent} returns. */
export interface GradientDescentResult {
  /** The last iterate. */
  x: Float64Array;
  /** f(x). */
  value: number;
  /** ∇f(x). */
  gradient: Float64Array;
  /** Steps taken. */
  iterations: number;
  status: GradientDescentStatus;
  /** Evaluations of f — one per iterate, plus the line search's trial points — and of ∇f (one per iterate, plus the exact search's polishing). */
  evaluations: { values: number; gradients: number };
  history: GradientDescentHistory;
}

/**
 * Minimizes f by gradient descent from x0: xₜ₊₁ = xₜ − αₜ·∇f(xₜ), with αₜ
 * from the {@link StepPolicy}, until the {@link StopRule} holds or
 * `maxIterations` steps are taken. A graph is compiled once, so each iterate
 * costs one forward and one reverse sweep.
 *
 * @param f - a graph (Node), a compiled Program, or `{ value, gradient }` (see {@link objective})
 * @param x0 - the starting point (not modified)
 * @throws NonFiniteLossError if f or ∇f becomes NaN or ±∞ at an iterate (the message names the step; the error carries the history)
 * @throws ArgumentError for an objective without a gradient, invalid options, or a schedule returning a step that is not a finite number > 0
 * @example
 * ```ts
 * import { gradientDescent, variable } from 'wengert';
 * const x = variable('x');
 * const f = x.square().sub(x.mul(6)).add(5);                      // x² − 6x + 5, the notes' cell [4]
 * const r = gradientDescent(f, [15], { step: 0.01, tolerance: 0.01, stopWhen: 'step' });
 * r.x[0].toFixed(2);                                              // '3.48'
 * r.iterations;                                                   // 159, as the notes' Python loop
 * gradientDescent(f, [15], { step: 'exact' }).x[0];               // 3, in 1 iteration
 * gradientDescent(f, [15], { step: (t) => 0.4 / (1 + t / 100) }).iterations; // 12 (to ‖∇f‖ ≤ 1e-6)
 * ```
 */
export function gradientDescent(f: ObjectiveLike, x0: ArrayLike<number>, options: GradientDescentOptions = {}): GradientDescentResult {
  const where = 'gradientDescent';
  const o = optionsOf(where, options);
  const objective: Objective = toObjective(f, o, where);
  let x: Float64Array = toVector(x0, where);
  const n = x.length;
  checkDimension(objective, x, where, o.inputs);
  if (objective.gradient === undefined && objective.valueAndGradient === undefined) {
    throw new ArgumentError(
      `${where}: the objective has no gradient; pass a graph, a compiled Program or { value, gradient } (or use nelderMead, which needs values only)`,
    );
  }
  const policy = o.step ?? 'armijo';
  if (!(typeof policy === 'number' || typeof policy === 'function' || policy === 'armijo' || policy === 'exact')) {
    throw new ArgumentError(`${where}: step must be a number, a schedule (t) => number, 'armijo' or 'exact', got ${describe(policy)}`);
  }
  if (typeof policy === 'number') checkNumber(where, 'step', policy, { min: 0, minOpen: true });
  const tolerance = checkNumber(where, 'tolerance', o.tolerance ?? 1e-6, { min: 0 });
  const stopWhen = o.stopWhen ?? 'gradient';
  if (stopWhen !== 'step' && stopWhen !== 'gradient' && stopWhen !== 'value') {
    throw new ArgumentError(`${where}: stopWhen must be 'step', 'gradient' or 'value', got ${describe(stopWhen)}`);
  }
  const maxIterations = checkNumber(where, 'maxIterations', o.maxIterations ?? 10_000, { integer: true, min: 0 });
  const ls = optionsOf(where, o.lineSearch, 'lineSearch');
  const initialStep = checkNumber(where, 'lineSearch.initialStep', ls.initialStep ?? 1, { min: 0, minOpen: true });
  const shrink = checkNumber(where, 'lineSearch.shrink', ls.shrink ?? 0.5, FRACTION);
  const c1 = checkNumber(where, 'lineSearch.c1', ls.c1 ?? 1e-4, FRACTION);
  const maxSteps = checkNumber(where, 'lineSearch.maxSteps', ls.maxSteps ?? 50, { integer: true, min: 1 });
  const exactOptions: ExactLineSearchOptions = { maxSteps };
  if (ls.grow !== undefined) exactOptions.grow = checkNumber(where, 'lineSearch.grow', ls.grow, GROWTH);
  if (ls.tol !== undefined) exactOptions.tol = checkNumber(where, 'lineSearch.tol', ls.tol, { min: 0 });
  if (ls.polish !== undefined) exactOptions.polish = checkBoolean(where, 'lineSearch.polish', ls.polish, true);

  let g: Float64Array = new Float64Array(n);
  let next: Float64Array = new Float64Array(n);
  let gNext: Float64Array = new Float64Array(n);
  const history: GradientDescentHistory = { values: [], points: [], steps: [], gradientNorms: [] };
  const evaluations = { values: 0, gradients: 0 };

  // f and ∇f at an iterate, recorded; non-finite values stop the run
  const visit = (point: Float64Array, grad: Float64Array, t: number): number => {
    const v = valueAndGradientOf(objective, point, grad, where);
    evaluations.values++;
    evaluations.gradients++;
    const norm = norm2(grad);
    history.values.push(v);
    history.points.push(Float64Array.from(point));
    history.gradientNorms.push(norm);
    if (!Number.isFinite(v)) throw new NonFiniteLossError(t, v, 'loss', history, where);
    if (!Number.isFinite(norm)) throw new NonFiniteLossError(t, v, 'gradient', history, where);
    return v;
  };

  let value = visit(x, g, 0);
  let gNorm = history.gradientNorms[0];
  let iterations = 0;
  let previousStep = initialStep;
  let status: GradientDescentStatus;
  const direction = new Float64Array(n);
  for (;;) {
    // at a stationary point a line search has nowhere to go; a fixed step takes a zero step, as the notes' loop would
    if ((stopWhen === 'gradient' && gNorm <= tolerance) || (gNorm === 0 && typeof policy === 'string')) {
      status = 'converged';
      break;
    }
    if (iterations >= maxIterations) {
      status = 'maxIterations';
      break;
    }
    const t = iterations;
    let alpha: number;
    if (typeof policy === 'number') alpha = policy;
    else if (typeof policy === 'function') {
      alpha = policy(t);
      if (typeof alpha !== 'number' || !(alpha > 0) || !Number.isFinite(alpha)) {
        throw new ArgumentError(`${where}: the step schedule returned ${describe(alpha)} at t = ${t}, expected a finite number > 0`);
      }
    } else {
      for (let i = 0; i < n; i++) direction[i] = -g[i];
      if (policy === 'armijo') {
        const r = backtrack(objective, x, direction, value, -gNorm * gNorm, initialStep, shrink, c1, maxSteps, 0, where);
        evaluations.values += r.evaluations;
        if (!r.satisfied) {
          status = 'lineSearchFailed';
          break;
        }
        alpha = r.step;
      } else {
        const r = lineMinimize(objective, x, direction, previousStep, { ...exactOptions, value }, where);
        evaluations.values += r.evaluations;
        evaluations.gradients += r.gradientEvaluations;
        if (!(r.step > 0) || !(r.value < value)) {
          status = 'lineSearchFailed';
          break;
        }
        alpha = r.step;
      }
    }
    // x − α·g, as the notes compute it: move = gradient * step_size; temp_min = old_min − move
    for (let i = 0; i < n; i++) {
      next[i] = x[i] - g[i] * alpha;
      direction[i] = next[i] - x[i];
    }
    const stepNorm = norm2(direction);
    iterations++;
    history.steps.push(alpha);
    previousStep = alpha;
    const previousValue = value;
    value = visit(next, gNext, iterations);
    gNorm = history.gradientNorms[iterations];
    [x, next] = [next, x];
    [g, gNext] = [gNext, g];
    if ((stopWhen === 'step' && stepNorm <= tolerance) || (stopWhen === 'value' && Math.abs(value - previousValue) <= tolerance)) {
      status = 'converged';
      break;
    }
  }
  return { x, value, gradient: g, iterations, status, evaluations, history };
}

/** The Euclidean norm, scaled so that squares cannot overflow (|v| exactly when n = 1); NaN if an entry is NaN. */
function norm2(v: Float64Array): number {
  let scale = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]);
    if (a > scale) scale = a;
    else if (a !== a) return NaN;
  }
  if (scale === 0 || scale === Infinity) return scale;
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    const r = v[i] / scale;
    s += r * r;
  }
  return scale * Math.sqrt(s);
}

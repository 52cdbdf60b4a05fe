/**
 * Nelder-Mead (the downhill simplex method): minimization from function values
 * alone, for objectives that are non-differentiable, noisy or expensive to
 * differentiate. The course notes' description — reflect the worst point
 * through the centroid of the others, expand (double) when that is the best
 * seen yet, contract (halve) when it is not better, shrink the whole simplex
 * towards the best point when nothing else helps — with the ordering and
 * tie-breaking rules of Lagarias, Reeds, Wright & Wright, "Convergence
 * properties of the Nelder-Mead simplex method in low dimensions" (SIAM J.
 * Optim. 9, 1998).
 */
import { ArgumentError, describe, ShapeError, WengertError } from '../errors.js';
import { checkBoolean, checkNumber, optionsOf } from '../arguments.js';
import { checkDimension, NonFiniteLossError, type ObjectiveLike, type ObjectiveOptions, toObjective, toVector } from './objective.js';

/** Options of {@link nelderMead}. */
export interface NelderMeadOptions extends ObjectiveOptions {
  /**
   * Stop when both the spread of the simplex's values (worst − best) and its
   * size (the largest |xᵢ − x_best| over every vertex and coordinate) are ≤ tol.
   * Absolute, in the units of f and of x. Default 1e-6.
   */
  tol?: number;
  /** Default 200·n (as scipy and MATLAB's fminsearch). */
  maxIterations?: number;
  /** Never exceeded: evaluations, including the n + 1 of the initial simplex. Default 200·n. */
  maxEvaluations?: number;
  /**
   * The initial simplex is x0 and the n points x0 + hᵢ·eᵢ. A number gives the
   * same absolute step hᵢ along every coordinate, an array one step per
   * coordinate. Default: 5% of x0ᵢ, or 0.00025 where x0ᵢ = 0 (the rule of
   * scipy and MATLAB's fminsearch).
   */
  initialStep?: number | ArrayLike<number>;
  /**
   * Use the dimension-dependent coefficients of Gao & Han, "Implementing the
   * Nelder-Mead simplex algorithm with adaptive parameters" (Comput. Optim.
   * Appl. 51, 2012): expansion 1 + 2/n, contraction ¾ − 1/(2n), shrink 1 − 1/n,
   * which keep the method making progress in higher dimensions. For n = 2 they
   * equal the standard ones; for n = 1 the standard ones are kept. Default false
   * (the standard method), but recommended from n ≈ 5 on: on Σ i·(xᵢ − 1)² in
   * 10-D from 0 with tol 1e-8, the standard coefficients shrink the simplex
   * away from the minimum (f ≈ 2.4 when it stops), the adaptive ones reach 1e-16.
   */
  adaptive?: boolean;
}

/**
 * Why {@link nelderMead} stopped:
 * - `'converged'`: the spread of values and the size of the simplex are both ≤ tol;
 * - `'maxIterations'` / `'maxEvaluations'`: a budget ran out first;
 * - `'degenerate'`: the simplex collapsed during the run — its vertices became
 *   affinely dependent (to about 1e-12), or a shrink could no longer move any
 *   vertex in floating point — so it can no longer search every direction and
 *   tol cannot be reached (typically: a tol below the floating-point resolution
 *   of x, or every point but one is NaN/∞). `x` is still the best point found.
 */
export type NelderMeadStatus = 'converged' | 'maxIterations' | 'maxEvaluations' | 'degenerate';

/** What {@link nelderMead} returns. */
export interface NelderMeadResult {
  /** The best vertex of the final simplex. */
  x: Float64Array;
  /** f(x) (+∞ if f was NaN or +∞ everywhere it was evaluated). */
  value: number;
  iterations: number;
  /** Calls of f, including the n + 1 of the initial simplex. */
  evaluations: number;
  status: NelderMeadStatus;
  /** The final simplex, best vertex first, with its values. */
  simplex: { points: Float64Array[]; values: Float64Array };
  /**
   * One entry for the initial simplex and one after each iteration (so
   * `iterations + 1` entries): the best value, a copy of the best point, and
   * the evaluations used so far — plot `values` against `evaluations` to
   * compare with other methods.
   */
  history: { values: number[]; points: Float64Array[]; evaluations: number[] };
}

/**
 * The initial simplex of {@link nelderMead} does not span ℝⁿ: a step is 0,
 * or too small to change its coordinate of x0 in floating point. (A simplex
 * that collapses later ends the run with status `'degenerate'` instead.)
 *
 * @example
 * ```ts
 * try { nelderMead((x) => x[0] ** 2 + x[1] ** 2, [1e20, 1], { initialStep: 1 }); }
 * catch (e) { if (e instanceof DegenerateSimplexError) console.log(e.coordinate); } // 0: 1e20 + 1 === 1e20
 * ```
 */
export class DegenerateSimplexError extends WengertError {
  override name = 'DegenerateSimplexError';
  constructor(
    /** The coordinate whose step does not move x0. */
    readonly coordinate: number,
    /** That step. */
    readonly step: number,
  ) {
    super(
      `nelderMead: the initial simplex is degenerate: the step ${String(step)} along coordinate ${coordinate} ` +
        'does not move x0 there; give initialStep a value for every coordinate large enough to change it',
    );
  }
}

/** Vertices whose direction from the best one is within this sine of the span of the others make the simplex flat. */
const FLATNESS = 1e-12;

/**
 * Minimizes f by the Nelder-Mead simplex method, with the standard
 * coefficients — reflection 1, expansion 2, contraction ½ (outside and
 * inside), shrink ½ — or Gao & Han's adaptive ones (`adaptive: true`).
 *
 * f receives a Float64Array that is only valid during the call. A NaN value is
 * treated as +∞, so f may return NaN outside its domain: the simplex then
 * contracts away from that region. A value of −∞ ends the run with a
 * NonFiniteLossError (f is unbounded below, or overflowed), as in every driver. The run stops as soon as the spread of
 * values and the size of the simplex are both ≤ `tol` (see
 * {@link NelderMeadStatus} for the other ways it ends; running out of budget
 * or collapsing is a status, not an error).
 *
 * @param f - a function of x, an {@link Objective}, a Program or a graph (only values are used)
 * @param x0 - the starting point (the first vertex of the simplex)
 * @throws DegenerateSimplexError if the initial simplex is degenerate (an `initialStep` of 0, …)
 * @throws NonFiniteLossError if f returns −∞: the message names the iteration and the best finite point, which `best` holds
 * @throws ArgumentError / ShapeError for invalid options, a non-finite x0, or f returning a non-number
 * @example
 * ```ts
 * import { nelderMead } from 'wengert';
 * const rosenbrock = (x: Float64Array) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2;
 * const r = nelderMead(rosenbrock, [-1.2, 1], { tol: 1e-8 });
 * r.status;                          // 'converged'
 * [...r.x].map((v) => v.toFixed(6)); // ['1.000000', '1.000000']
 * r.evaluations;                     // 219
 * ```
 */
export function nelderMead(f: ObjectiveLike, x0: ArrayLike<number>, options: NelderMeadOptions = {}): NelderMeadResult {
  const where = 'nelderMead';
  const o = optionsOf(where, options);
  const objective = toObjective(f, o, where);
  const start = toVector(x0, where);
  const n = start.length;
  checkDimension(objective, start, where, o.inputs);
  const tol = checkNumber(where, 'tol', o.tol ?? 1e-6, { min: 0 });
  const maxIterations = checkNumber(where, 'maxIterations', o.maxIterations ?? 200 * n, { integer: true, min: 0 });
  const maxEvaluations = checkNumber(where, 'maxEvaluations', o.maxEvaluations ?? 200 * n, { integer: true, min: n + 1 });
  const adaptive = checkBoolean(where, 'adaptive', o.adaptive, false);
  const steps = initialSteps(start, o.initialStep, where);

  const rho = 1;
  const chi = adaptive && n >= 2 ? 1 + 2 / n : 2;
  const gamma = adaptive && n >= 2 ? 0.75 - 1 / (2 * n) : 0.5;
  const sigma = adaptive && n >= 2 ? 1 - 1 / n : 0.5;

  let evaluations = 0;
  let iterations = 0;
  const value = objective.value.bind(objective);
  const history = { values: [] as number[], points: [] as Float64Array[], evaluations: [] as number[] };
  // the lowest finite value seen, for the error when f reaches −∞
  const best = { x: Float64Array.from(start), value: Infinity };
  const evaluate = (x: Float64Array): number => {
    evaluations++;
    const v = value(x);
    if (typeof v !== 'number') throw new ArgumentError(`${where}: f returned ${describe(v)}, expected a number`);
    if (v === -Infinity) {
      // unbounded below (or overflowing): no minimum to approach, as with the gradient methods' NonFiniteLossError
      throw new NonFiniteLossError(iterations, v, 'loss', history, where, best.value < Infinity ? best : undefined);
    }
    if (v < best.value) {
      best.x.set(x);
      best.value = v;
    }
    return v === v ? v : Infinity; // NaN counts as +∞
  };

  // the simplex, kept sorted by value: P[0] best … P[n] worst
  const P: Float64Array[] = [];
  const F = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) {
    const p = Float64Array.from(start);
    if (i > 0) {
      p[i - 1] += steps[i - 1];
      if (p[i - 1] === start[i - 1] || !Number.isFinite(p[i - 1])) throw new DegenerateSimplexError(i - 1, steps[i - 1]);
    }
    P.push(p);
  }
  for (let i = 0; i <= n; i++) F[i] = evaluate(P[i]);
  sortSimplex(P, F);

  const centroid = new Float64Array(n);
  let trial: Float64Array = new Float64Array(n); // reflected point
  let other: Float64Array = new Float64Array(n); // expanded or contracted point
  history.values.push(F[0]);
  history.points.push(Float64Array.from(P[0]));
  history.evaluations.push(evaluations);

  // replaces the worst vertex by `p` (a scratch buffer, which takes the old worst's place) and restores the order;
  // a new vertex goes after every vertex with the same value (Lagarias et al.'s rule)
  const accept = (p: Float64Array, v: number): Float64Array => {
    const old = P[n];
    insertSorted(P, F, n, p, v);
    return old;
  };

  let collapsed = false;
  let status: NelderMeadStatus;
  for (;;) {
    let size = 0;
    const best = P[0];
    for (let i = 1; i <= n; i++) {
      const p = P[i];
      for (let k = 0; k < n; k++) {
        const d = Math.abs(p[k] - best[k]);
        if (d > size) size = d;
      }
    }
    const spread = F[n] - F[0]; // NaN when both are ±∞: not converged
    if (spread <= tol && size <= tol) {
      status = 'converged';
      break;
    }
    if (collapsed) {
      status = 'degenerate';
      break;
    }
    if (iterations >= maxIterations) {
      status = 'maxIterations';
      break;
    }
    if (evaluations >= maxEvaluations) {
      status = 'maxEvaluations';
      break;
    }
    iterations++;

    // centroid of every vertex but the worst
    centroid.fill(0);
    for (let i = 0; i < n; i++) {
      const p = P[i];
      for (let k = 0; k < n; k++) centroid[k] += p[k];
    }
    for (let k = 0; k < n; k++) centroid[k] /= n;
    const worst = P[n];
    const fWorst = F[n];

    // x_r = c + ρ(c − x_worst)
    for (let k = 0; k < n; k++) trial[k] = centroid[k] + rho * (centroid[k] - worst[k]);
    const fr = evaluate(trial);
    const affordable = evaluations < maxEvaluations;
    let shrink = false;
    if (fr < F[0]) {
      if (affordable) {
        // expansion x_e = c + ρχ(c − x_worst)
        for (let k = 0; k < n; k++) other[k] = centroid[k] + rho * chi * (centroid[k] - worst[k]);
        const fe = evaluate(other);
        if (fe < fr) other = accept(other, fe);
        else trial = accept(trial, fr);
      } else trial = accept(trial, fr);
    } else if (fr < F[n - 1]) {
      trial = accept(trial, fr);
    } else if (!affordable) {
      if (fr < fWorst) trial = accept(trial, fr);
    } else if (fr < fWorst) {
      // outside contraction x_c = c + ργ(c − x_worst)
      for (let k = 0; k < n; k++) other[k] = centroid[k] + rho * gamma * (centroid[k] - worst[k]);
      const fc = evaluate(other);
      if (fc <= fr) other = accept(other, fc);
      else shrink = true;
    } else {
      // inside contraction x_cc = c − γ(c − x_worst)
      for (let k = 0; k < n; k++) other[k] = centroid[k] - gamma * (centroid[k] - worst[k]);
      const fcc = evaluate(other);
      if (fcc < fWorst) other = accept(other, fcc);
      else shrink = true;
    }

    if (shrink) {
      // x_i = x_best + σ(x_i − x_best); a vertex that does not move in floating point keeps its value
      let moved = false;
      for (let i = 1; i <= n && evaluations < maxEvaluations; i++) {
        const p = P[i];
        let changed = false;
        for (let k = 0; k < n; k++) {
          const q = best[k] + sigma * (p[k] - best[k]);
          if (q !== p[k]) changed = true;
          p[k] = q;
        }
        if (changed) {
          moved = true;
          F[i] = evaluate(p);
        }
      }
      sortSimplex(P, F);
      if (!moved) collapsed = true;
    }
    if (!collapsed && (shrink || iterations % n === 0) && flatness(P, centroid) < FLATNESS) collapsed = true;

    history.values.push(F[0]);
    history.points.push(Float64Array.from(P[0]));
    history.evaluations.push(evaluations);
  }

  return {
    x: Float64Array.from(P[0]),
    value: F[0],
    iterations,
    evaluations,
    status,
    simplex: { points: P.map((p) => Float64Array.from(p)), values: Float64Array.from(F) },
    history,
  };
}

function initialSteps(x0: Float64Array, step: unknown, where: string): Float64Array {
  const n = x0.length;
  const h = new Float64Array(n);
  if (step === undefined) {
    for (let i = 0; i < n; i++) h[i] = x0[i] !== 0 ? 0.05 * x0[i] : 0.00025;
  } else if (typeof step === 'number') {
    h.fill(checkNumber(where, 'initialStep', step));
  } else {
    const s = toVector(step, where, 'initialStep');
    if (s.length !== n) throw new ShapeError(`${where}: initialStep has length ${s.length}, expected ${n} (the length of x0)`);
    h.set(s);
  }
  return h;
}

/**
 * Puts vertex (p, v) into place among the sorted vertices 0 … at−1, shifting
 * the larger ones up by one (it lands after every vertex with the same value).
 */
function insertSorted(P: Float64Array[], F: Float64Array, at: number, p: Float64Array, v: number): void {
  let j = at;
  while (j > 0 && F[j - 1] > v) {
    P[j] = P[j - 1];
    F[j] = F[j - 1];
    j--;
  }
  P[j] = p;
  F[j] = v;
}

/** Sorts the vertices by value, stably (insertion sort: the simplex is nearly sorted). */
function sortSimplex(P: Float64Array[], F: Float64Array): void {
  for (let i = 1; i < F.length; i++) insertSorted(P, F, i, P[i], F[i]);
}

/**
 * @internal How far the simplex is from flat: the smallest, over its edges
 * xᵢ − x₀, of the sine of the angle between the edge and the span of the
 * edges before it (modified Gram-Schmidt) — 1 for a right-angled simplex,
 * 0 when the vertices are affinely dependent. `scratch` holds one edge.
 */
export function flatness(P: readonly Float64Array[], scratch: Float64Array): number {
  const n = P.length - 1;
  const Q: Float64Array[] = [];
  const x0 = P[0];
  let least = 1;
  for (let i = 1; i <= n; i++) {
    const v = i < n ? new Float64Array(n) : scratch;
    const p = P[i];
    let norm0 = 0;
    for (let k = 0; k < n; k++) {
      v[k] = p[k] - x0[k];
      norm0 += v[k] * v[k];
    }
    norm0 = Math.sqrt(norm0);
    if (norm0 === 0) return 0;
    for (const q of Q) {
      let d = 0;
      for (let k = 0; k < n; k++) d += q[k] * v[k];
      for (let k = 0; k < n; k++) v[k] -= d * q[k];
    }
    let norm = 0;
    for (let k = 0; k < n; k++) norm += v[k] * v[k];
    norm = Math.sqrt(norm);
    least = Math.min(least, norm / norm0);
    if (!(norm > 0)) return 0;
    for (let k = 0; k < n; k++) v[k] /= norm;
    Q.push(v);
  }
  return least;
}

/**
 * The routes `compareModes` times: each way to a full Jacobian as a number of
 * sweeps and one sweep (forward mode a column per tangent sweep, reverse mode
 * a row per adjoint sweep, centered differences a column per two
 * evaluations), or one whole call (the compiled Jacobian's many-direction
 * sweeps); and the measurement of a route — after a warm-up, whole Jacobians
 * when one takes at most `maxCall`, else sweep by sweep times the sweeps —
 * with the distance of what it computed from the reference Jacobian.
 */
import type { Backend } from '../engine/program-io.js';
import type { Mode } from './mode-choice.js';
import type { Program } from './program.js';
import { timeCalls } from './timing.js';

/** One way to the full Jacobian, measured. */
export interface ModeRow {
  /** What it does, e.g. `forward, 1 direction a sweep`. */
  route: string;
  mode: Mode | 'differences';
  backend: Backend;
  /** Sweeps per Jacobian (evaluation pairs, for differences). */
  sweeps: number;
  /** Milliseconds per full Jacobian: the median of the samples. */
  ms: number;
  /** `ms` over the fastest row's. */
  ratio: number;
  /** `ms` in evaluations of the function on the same backend. */
  evaluations: number;
  /** The cost model's operations for the route (see mode-choice.ts). */
  operations: number;
  /** The cost model's prediction, in evaluations: `operations` over one evaluation's. */
  predicted: number;
  /** Timed sweep by sweep and multiplied by `sweeps` (the full Jacobian would exceed `maxCall`). */
  extrapolated: boolean;
  /** Largest |J − reference| over the entries the route computed, relative to max(1, max |reference|). */
  error: number;
}

/** A way to the full Jacobian, before it is measured. */
export interface Route {
  readonly route: string;
  readonly mode: Mode | 'differences';
  readonly backend: Backend;
  readonly sweeps: number;
  readonly operations: number;
  /** Sweep k, writing its column(s) or row into J; or undefined when the route runs whole (`whole`). */
  readonly sweep?: (k: number, J: Float64Array[]) => void;
  readonly whole?: () => Float64Array[];
  /** Whether sweep k fills column k (forward, differences) or row k (reverse). */
  readonly columns: boolean;
}

/** n tangent sweeps of one direction each: column k from J·eₖ. */
export function forwardRoute(p: Program, backend: Backend, x: Float64Array, n: number, m: number, operations: number): Route {
  const direction = new Float64Array(n);
  const column = new Float64Array(m);
  return {
    route: 'forward, 1 direction a sweep',
    mode: 'forward',
    backend,
    sweeps: n,
    operations,
    columns: true,
    sweep: (k, J) => {
      direction[k] = 1;
      p.jvp(x, direction, column);
      direction[k] = 0;
      for (let r = 0; r < m; r++) J[r][k] = column[r];
    },
  };
}

/** m adjoint sweeps: row r from eᵣᵀ·J (for one scalar output, the program's gradient). */
export function reverseRoute(p: Program, backend: Backend, x: Float64Array, n: number, m: number, operations: number): Route {
  const cotangent = new Float64Array(m);
  const scalar = m === 1 && p.layout.outputs[0].shape.length === 0;
  return {
    route: m === 1 ? 'reverse, 1 sweep (gradient)' : 'reverse, 1 sweep an output',
    mode: 'reverse',
    backend,
    sweeps: m,
    operations,
    columns: false,
    sweep: scalar
      ? (_, J) => p.gradient(x, J[0])
      : (r, J) => {
          cotangent[r] = 1;
          p.vjp(x, cotangent, J[r]);
          cotangent[r] = 0;
        },
  };
}

/** Column k from (f(x + h·eₖ) − f(x − h·eₖ)) / 2h: two evaluations a column. */
export function differencesRoute(p: Program, backend: Backend, x: Float64Array, n: number, m: number, h: number, operations: number): Route {
  const xp = Float64Array.from(x);
  const up = new Float64Array(m);
  const down = new Float64Array(m);
  return {
    route: `centered differences (h = ${h < 1e-3 ? h.toExponential() : h})`,
    mode: 'differences',
    backend,
    sweeps: n,
    operations,
    columns: true,
    sweep: (k, J) => {
      xp[k] = x[k] + h;
      p.evaluate(xp, up);
      xp[k] = x[k] - h;
      p.evaluate(xp, down);
      xp[k] = x[k];
      for (let r = 0; r < m; r++) J[r][k] = (up[r] - down[r]) / (2 * h);
    },
  };
}

export interface Measure {
  readonly warmup: number;
  readonly budget: number;
  readonly maxCall: number;
  readonly evaluation: number;
  readonly F: number;
  readonly n: number;
  readonly m: number;
}

export function measure(route: Route, reference: readonly Float64Array[], s: Measure): ModeRow {
  const J = Array.from({ length: s.m }, () => new Float64Array(s.n));
  const touched = new Uint8Array(route.sweeps);
  let ms: number;
  let extrapolated = false;
  if (route.whole !== undefined) {
    let result: Float64Array[] = [];
    const t = performance.now();
    result = route.whole();
    const cold = performance.now() - t;
    ms = timeCalls(() => (result = route.whole!()), { warmup: s.warmup, budget: s.budget, minSamples: cold > s.budget ? 1 : 3 }).median;
    result.forEach((row, r) => J[r].set(row));
    touched.fill(1);
  } else {
    const sweep = route.sweep!;
    sweep(0, J); // the first call may generate and compile code: the estimate is from the second
    touched[0] = 1;
    const t = performance.now();
    sweep(0, J);
    const second = performance.now() - t;
    if (route.sweeps === 1 || second * route.sweeps <= s.maxCall) {
      const whole = () => {
        for (let k = 0; k < route.sweeps; k++) sweep(k, J);
      };
      ms = timeCalls(whole, { warmup: s.warmup, budget: s.budget }).median;
      touched.fill(1);
    } else {
      let k = 0;
      const one = () => {
        sweep(k, J);
        touched[k] = 1;
        k = k + 1 === route.sweeps ? 0 : k + 1;
      };
      ms = timeCalls(one, { warmup: s.warmup, budget: s.budget }).median * route.sweeps;
      extrapolated = true;
    }
  }
  return {
    route: route.route,
    mode: route.mode,
    backend: route.backend,
    sweeps: route.sweeps,
    ms,
    ratio: NaN,
    evaluations: ms / s.evaluation,
    operations: route.operations,
    predicted: route.operations / s.F,
    extrapolated,
    error: jacobianError(J, reference, touched, route.columns, route.whole !== undefined),
  };
}

/** The largest |J − reference| over the columns (or rows) the route computed, relative to max(1, max |reference|). */
function jacobianError(J: readonly Float64Array[], reference: readonly Float64Array[], touched: Uint8Array, columns: boolean, all: boolean): number {
  let scale = 1;
  for (const row of reference) for (const v of row) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  reference.forEach((row, r) => {
    for (let k = 0; k < row.length; k++) {
      if (!all && !touched[columns ? k : r]) continue;
      if (Object.is(J[r][k], row[k])) continue; // equal, NaN included (a function NaN at the point is NaN by every route)
      const d = Math.abs(J[r][k] - row[k]);
      worst = Math.max(worst, Number.isNaN(d) ? Infinity : d);
    }
  });
  return worst / scale;
}

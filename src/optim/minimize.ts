/**
 * `minimize(f, x0, { method })`: one entry point for deterministic objectives —
 * gradient descent with the notes' step policies, any of the optax-style
 * optimizers, or Nelder-Mead — returning a history that plots directly.
 */
import { ArgumentError, describe } from '../errors.js';
import { gradientDescent, type StepPolicy } from './gradient-descent.js';
import { nelderMead } from './nelder-mead.js';
import { checkNumber, optionsOf } from '../arguments.js';
import { checkDimension, NonFiniteLossError, type ObjectiveLike, type ObjectiveOptions, toObjective, toVector, valueAndGradientOf } from './objective.js';
import { adagrad, adam, adamw, momentum, nesterov, type Optimizer, rmsprop, sgd } from './optimizers.js';
import { METHODS, type Method, OPTIMIZER_METHODS } from './methods.js';
import type { Schedule } from './schedules.js';

export { METHODS, type Method, OPTIMIZER_METHODS } from './methods.js';

/** Options of {@link minimize}. */
export interface MinimizeOptions extends ObjectiveOptions {
  /** Default `'gd'` (or `'nelder-mead'` for a plain function without gradient). */
  method?: Method;
  /** Step size: for `'gd'` a number, schedule, `'armijo'` or `'exact'`; for the optimizers their learning rate. */
  learningRate?: number | Schedule | 'armijo' | 'exact';
  /** Iteration budget (default 10 000; Nelder-Mead: 200·n). */
  maxIterations?: number;
  /** Stop when ‖∇f‖ falls below this (gradient methods; default 1e-6), or Nelder-Mead's `tol`. */
  tolerance?: number;
  /** A ready optimizer, instead of `method` and `learningRate`. */
  optimizer?: Optimizer;
}

/** What {@link minimize} returns. */
export interface MinimizeResult {
  x: Float64Array;
  value: number;
  iterations: number;
  method: Method | 'optimizer';
  /** Why it stopped: converged, max-iterations, or the method's own status. */
  status: string;
  history: {
    /** f at each iterate (the start included). */
    values: number[];
    /** Each iterate (the start included). */
    points: Float64Array[];
    /** The step size used at each iteration (optimizers: the learning rate). */
    steps: number[];
  };
}

function makeOptimizer(method: (typeof OPTIMIZER_METHODS)[number], learningRate: number | Schedule | undefined): Optimizer {
  const lr = learningRate === undefined ? {} : { learningRate };
  switch (method) {
    case 'sgd': return sgd(lr);
    case 'momentum': return momentum({ momentum: 0.9, ...lr });
    case 'nesterov': return nesterov({ momentum: 0.9, ...lr });
    case 'rmsprop': return rmsprop(lr);
    case 'adagrad': return adagrad(lr);
    case 'adam': return adam(lr);
    case 'adamw': return adamw(lr);
  }
}

/**
 * Minimizes a deterministic objective: a graph (with `inputs`), a compiled
 * Program, an `{ value, gradient }` object, or a plain function (Nelder-Mead).
 * @example
 * ```ts
 * const x = variable('x');
 * const f = x.square().sub(x.mul(6)).add(5);               // x² − 6x + 5
 * minimize(f, [15], { method: 'gd', learningRate: 0.1 }).x; // Float64Array [3.0000000…]
 * minimize(f, [15], { method: 'adam', learningRate: 0.5 }).x[0].toFixed(4); // '3.0000'
 * minimize((v) => (v[0] - 1) ** 2 + (v[1] + 2) ** 2, [0, 0], { method: 'nelder-mead' }).x; // ≈ [1, -2]
 * ```
 */
export function minimize(f: ObjectiveLike, x0: ArrayLike<number>, options: MinimizeOptions = {}): MinimizeResult {
  const where = 'minimize';
  const o = optionsOf(where, options);
  const objective = toObjective(f, o, where);
  const start = toVector(x0, where);
  checkDimension(objective, start, where, o.inputs);
  if (o.optimizer !== undefined && (o.optimizer === null || typeof o.optimizer.init !== 'function' || typeof o.optimizer.update !== 'function')) {
    throw new ArgumentError(`${where}: optimizer must be a gradient transformation { init, update } (sgd(), adam(), …), got ${describe(o.optimizer)}`);
  }
  const method = o.method ?? (o.optimizer !== undefined ? undefined : objective.gradient === undefined ? 'nelder-mead' : 'gd');
  if (method !== undefined && !(METHODS as readonly string[]).includes(method)) {
    throw new ArgumentError(`${where}: method must be one of ${METHODS.join(', ')}, got ${describe(method)}`);
  }
  const maxIterations = checkNumber(where, 'maxIterations', o.maxIterations ?? 10_000, { integer: true, min: 0 });
  const tolerance = checkNumber(where, 'tolerance', o.tolerance ?? 1e-6, { min: 0 });
  const lr = o.learningRate;
  if (typeof lr === 'number') checkNumber(where, 'learningRate', lr, { min: 0, minOpen: method === 'gd' });
  else if (lr !== undefined && typeof lr !== 'function' && lr !== 'armijo' && lr !== 'exact') {
    throw new ArgumentError(`${where}: learningRate must be a number, a schedule (t) => number, 'armijo' or 'exact', got ${describe(lr)}`);
  }

  if (method === 'nelder-mead') {
    const r = nelderMead(objective, start, { tol: tolerance, maxIterations: o.maxIterations });
    return {
      x: r.x,
      value: r.value,
      iterations: r.iterations,
      method,
      status: r.status,
      history: { values: r.history.values, points: r.history.points, steps: [] },
    };
  }
  if (objective.gradient === undefined && objective.valueAndGradient === undefined) {
    throw new ArgumentError(`${where}: method '${method ?? 'optimizer'}' needs a gradient; pass a graph or a Program, or use method 'nelder-mead'`);
  }
  if (method === 'gd') {
    const step: StepPolicy = lr === undefined ? 'armijo' : lr;
    const r = gradientDescent(objective, start, { step, tolerance, maxIterations, stopWhen: 'gradient' });
    return { x: r.x, value: r.value, iterations: r.iterations, method, status: r.status, history: { values: r.history.values, points: r.history.points, steps: r.history.steps } };
  }
  if (lr === 'armijo' || lr === 'exact') {
    throw new ArgumentError(`${where}: line searches are for method 'gd'; the optimizers take a number or a schedule as learningRate`);
  }
  const optimizer = o.optimizer ?? makeOptimizer(method as (typeof OPTIMIZER_METHODS)[number], lr);
  const x = new Float64Array(start);
  const g = new Float64Array(x.length);
  const state = optimizer.init(x);
  const history: MinimizeResult['history'] = { values: [], points: [new Float64Array(x)], steps: [] };
  // f and ∇f at the iterate of step t, recorded; non-finite values stop the run, as in gradientDescent
  const visit = (t: number): number => {
    const v = valueAndGradientOf(objective, x, g, where);
    history.values.push(v);
    if (t > 0) history.points.push(new Float64Array(x));
    if (!Number.isFinite(v)) throw new NonFiniteLossError(t, v, 'loss', history, where);
    if (!g.every(Number.isFinite)) throw new NonFiniteLossError(t, v, 'gradient', history, where);
    return v;
  };
  let value = visit(0);
  let status = 'max-iterations';
  let t = 0;
  for (; t < maxIterations; t++) {
    let norm = 0;
    for (let k = 0; k < g.length; k++) norm += g[k] * g[k];
    if (Math.sqrt(norm) <= tolerance) {
      status = 'converged';
      break;
    }
    const updates = optimizer.update(g, state, x);
    for (let k = 0; k < x.length; k++) x[k] += updates[k];
    history.steps.push(typeof lr === 'function' ? lr(t) : typeof lr === 'number' ? lr : NaN);
    value = visit(t + 1);
  }
  return { x, value, iterations: t, method: method ?? 'optimizer', status, history };
}

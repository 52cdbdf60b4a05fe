/**
 * The small gradient transformations: scaling (by a constant or by the learning
 * rate, with the sign flip), weight decay, clipping by global norm, and the
 * momentum trace. The adaptive scalings (Adam, RMS, RSS) are in `moments.ts`.
 * Each works in place and allocates nothing per step.
 */
import { ArgumentError, describe, ShapeError } from '../errors.js';
import { asSchedule, type Schedule, writerOf } from './schedules.js';
import { checkBoolean, checkNumber, optionsOf } from '../arguments.js';
import { checkParams, checkState, checkUpdates, type GradientTransformation } from './gradient-transformation.js';

/** The state of transformations that keep nothing between steps. */
export type EmptyState = Readonly<Record<string, never>>;

const EMPTY: EmptyState = Object.freeze({});

function checkArray(updates: unknown, where: string): asserts updates is Float64Array {
  if (!(updates instanceof Float64Array)) throw new ArgumentError(`${where}: updates must be a Float64Array, got ${describe(updates)}`);
}

/**
 * Multiplies the updates by a constant: `u ← factor · u`.
 * @example
 * ```ts
 * import { scale } from 'wengert';
 * const t = scale(-0.5);
 * t.update(new Float64Array([2, 4]), t.init(new Float64Array(2))); // Float64Array [-1, -2]
 * ```
 */
export function scale(factor: number): GradientTransformation<EmptyState> {
  checkNumber('scale', 'factor', factor);
  return {
    init: () => EMPTY,
    update(u) {
      checkArray(u, 'scale');
      for (let i = 0; i < u.length; i++) u[i] *= factor;
      return u;
    },
  };
}

/** The state of {@link scaleByLearningRate} with a schedule: the number of steps taken. */
export interface ScheduleState {
  count: number;
}

/**
 * Multiplies the updates by the learning rate with the sign flipped, `u ← −γₜ · u`,
 * so that adding the updates to the parameters descends. The rate is a number or
 * a {@link Schedule} of the step count (0 for the first step). With
 * `flipSign: false` it scales by `+γₜ` (to ascend, or to scale by a schedule). The built-in
 * schedules are evaluated without allocating; a schedule of your own is called once a step.
 * @example
 * ```ts
 * import { scaleByLearningRate, exponentialDecay } from 'wengert';
 * const t = scaleByLearningRate(exponentialDecay(0.1, 0.5));
 * const s = t.init(new Float64Array(1));
 * t.update(new Float64Array([1]), s); // Float64Array [-0.1]
 * t.update(new Float64Array([1]), s); // Float64Array [-0.05]
 * ```
 */
export function scaleByLearningRate(
  learningRate: number | Schedule,
  options: { flipSign?: boolean } = {},
): GradientTransformation<ScheduleState> {
  const sign = checkBoolean('scaleByLearningRate', 'flipSign', optionsOf('scaleByLearningRate', options).flipSign, true) ? -1 : 1;
  if (typeof learningRate === 'number') {
    const m = sign * checkNumber('scaleByLearningRate', 'learningRate', learningRate);
    return {
      init: () => ({ count: 0 }),
      update(u, state) {
        checkArray(u, 'scaleByLearningRate');
        checkState(state, 'count', 'scaleByLearningRate');
        for (let i = 0; i < u.length; i++) u[i] *= m;
        state.count++;
        return u;
      },
    };
  }
  // the schedule writes its value into rate[0]: no boxed number per step (see ScheduleWriter)
  const write = writerOf(asSchedule(learningRate, 'scaleByLearningRate', 'learningRate'));
  const rate = new Float64Array(1);
  return {
    init: () => ({ count: 0 }),
    update(u, state) {
      checkArray(u, 'scaleByLearningRate');
      checkState(state, 'count', 'scaleByLearningRate');
      write(state.count, rate);
      const m = sign * rate[0];
      for (let i = 0; i < u.length; i++) u[i] *= m;
      state.count++;
      return u;
    },
  };
}

/**
 * Adds weight decay: `u ← u + λ · θ` with θ the current parameters. First in a
 * chain it is torch.optim's L2 penalty (`weight_decay` of SGD, Adam, RMSprop,
 * Adagrad: `g ← g + λθ`); after an adaptive scaling and before
 * {@link scaleByLearningRate} it is AdamW's decoupled decay `θ ← θ − γλθ`.
 * Needs `params` in `update`.
 * @example
 * ```ts
 * import { addDecayedWeights } from 'wengert';
 * const params = new Float64Array([10, -10]);
 * const t = addDecayedWeights(0.1);
 * t.update(new Float64Array([1, 1]), t.init(params), params); // Float64Array [2, 0]
 * ```
 */
export function addDecayedWeights(weightDecay: number): GradientTransformation<EmptyState> {
  checkNumber('addDecayedWeights', 'weightDecay', weightDecay);
  return {
    init: () => EMPTY,
    update(u, _state, params) {
      checkArray(u, 'addDecayedWeights');
      if (params === undefined) {
        throw new ArgumentError('addDecayedWeights: update needs the current parameters: call update(updates, state, params)');
      }
      checkParams(params, 'addDecayedWeights');
      if (params.length !== u.length) throw new ShapeError(`addDecayedWeights: params have length ${params.length}, updates ${u.length}`);
      for (let i = 0; i < u.length; i++) u[i] += weightDecay * params[i];
      return u;
    },
  };
}

/**
 * The Euclidean norm of the whole update vector, `√Σ uᵢ²`, computed with scaling
 * so that it neither overflows nor underflows (like BLAS `nrm2`).
 * @example
 * ```ts
 * import { globalNorm } from 'wengert';
 * globalNorm(new Float64Array([3, 4]));       // 5
 * globalNorm(new Float64Array([3e200, 4e200])); // ≈ 5e200 (the plain sum of squares would overflow)
 * ```
 */
export function globalNorm(updates: Float64Array): number {
  checkArray(updates, 'globalNorm');
  let big = 0;
  for (let i = 0; i < updates.length; i++) {
    const a = Math.abs(updates[i]);
    if (a > big || a !== a) big = a; // a NaN component makes the norm NaN
  }
  if (big === 0 || !Number.isFinite(big)) return big;
  let s = 0;
  for (let i = 0; i < updates.length; i++) {
    const r = updates[i] / big;
    s += r * r;
  }
  return big * Math.sqrt(s);
}

/**
 * Clips by global norm: when `‖u‖ > maxNorm`, scales the updates by `maxNorm / ‖u‖`
 * so that their norm becomes `maxNorm`; otherwise leaves them untouched (optax's
 * `clip_by_global_norm`; torch's `clip_grad_norm_` does the same up to its 1e-6 guard).
 * A NaN norm leaves the updates as they are, so the NaN reaches the caller.
 * @example
 * ```ts
 * import { clipByGlobalNorm } from 'wengert';
 * const t = clipByGlobalNorm(1);
 * t.update(new Float64Array([3, 4]), t.init(new Float64Array(2)));     // ≈ Float64Array [0.6, 0.8]
 * t.update(new Float64Array([0.3, 0.4]), t.init(new Float64Array(2))); // untouched: [0.3, 0.4]
 * ```
 */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation<EmptyState> {
  checkNumber('clipByGlobalNorm', 'maxNorm', maxNorm, { min: 0 });
  return {
    init: () => EMPTY,
    update(u) {
      const norm = globalNorm(u);
      if (norm > maxNorm) {
        const c = maxNorm / norm;
        for (let i = 0; i < u.length; i++) u[i] *= c;
      }
      return u;
    },
  };
}

/** Options of {@link trace}, named as in torch.optim.SGD. */
export interface TraceOptions {
  /** μ, the momentum factor (default 0.9). */
  decay?: number;
  /** τ, the dampening of the gradient added to the buffer after the first step (default 0). */
  dampening?: number;
  /** Nesterov momentum: `u ← g + μ·b` instead of `u ← b` (default false). */
  nesterov?: boolean;
}

/** The state of {@link trace}: the momentum buffer b and the number of steps taken. */
export interface TraceState {
  count: number;
  readonly trace: Float64Array;
}

/**
 * The momentum trace of torch.optim.SGD: the buffer is `b₁ = g₁` on the first step
 * and `bₜ = μ·bₜ₋₁ + (1 − τ)·gₜ` after; the update is `bₜ`, or `gₜ + μ·bₜ` with Nesterov.
 * (With τ = 0 this is optax's `trace`.)
 * @example
 * ```ts
 * import { trace } from 'wengert';
 * const t = trace({ decay: 0.5 });
 * const s = t.init(new Float64Array(1));
 * t.update(new Float64Array([1]), s); // Float64Array [1]
 * t.update(new Float64Array([1]), s); // Float64Array [1.5]
 * ```
 */
export function trace(options: TraceOptions = {}): GradientTransformation<TraceState> {
  const where = 'trace';
  const o = optionsOf(where, options);
  const mu = checkNumber(where, 'decay', o.decay ?? 0.9, { min: 0 });
  const dampening = checkNumber(where, 'dampening', o.dampening ?? 0);
  const nesterov = checkBoolean(where, 'nesterov', o.nesterov, false);
  const keep = 1 - dampening;
  return {
    init(params) {
      checkParams(params, 'trace.init');
      return { count: 0, trace: new Float64Array(params.length) };
    },
    update(u, state) {
      checkState(state, 'trace', where);
      const b = state.trace;
      checkUpdates(u, b.length, where);
      const first = state.count === 0;
      for (let i = 0; i < u.length; i++) {
        const g = u[i];
        const bi = first ? g : mu * b[i] + keep * g;
        b[i] = bi;
        u[i] = nesterov ? g + mu * bi : bi;
      }
      state.count++;
      return u;
    },
  };
}

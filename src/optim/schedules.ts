/**
 * Learning-rate schedules: functions of the step count. The step is the number
 * of updates already made, so a schedule's value at 0 is the rate of the first
 * step (as with optax's schedules and torch.optim's `lr_scheduler`s, which start
 * at the initial rate). Inside an optimizer, the built-in schedules are evaluated
 * without allocating (see `ScheduleWriter`).
 */
import { ArgumentError, describe } from '../errors.js';
import { checkBoolean, checkNumber, optionsOf } from '../arguments.js';

/** A learning rate (or any scalar) as a function of the step count 0, 1, 2, … */
export type Schedule = (step: number) => number;

/**
 * @internal Writes a schedule's value at `step` into `out[0]`. The built-in schedules carry one, and
 * `scaleByLearningRate` calls it instead of the schedule: a double returned from a call
 * V8 does not inline (a call site that has seen many schedules) is boxed on the heap, a double
 * stored into a Float64Array is not. So built-in schedules cost no allocation per step.
 */
export type ScheduleWriter = (step: number, out: Float64Array) => void;

const WRITER = Symbol('wengert.scheduleWriter');

/**
 * @internal a schedule from its writer: callable as usual (checking that the
 * step is a step count, which the optimizers' writer path need not), and
 * recognized by {@link writerOf}. `where` names the schedule in messages.
 */
export function fromWriter(write: ScheduleWriter, where: string): Schedule {
  const out = new Float64Array(1);
  const schedule = (step: number) => {
    checkNumber(where, 'step', step, { integer: true, min: 0 });
    write(step, out);
    return out[0];
  };
  Object.defineProperty(schedule, WRITER, { value: write });
  return schedule;
}

/** @internal the writer of a schedule: its own for built-ins, a wrapper that calls it for any other function. */
export function writerOf(schedule: Schedule): ScheduleWriter {
  const own = (schedule as { [WRITER]?: ScheduleWriter })[WRITER];
  if (own !== undefined) return own;
  return (step, out) => {
    out[0] = schedule(step);
  };
}

/**
 * The same value at every step.
 * @example
 * ```ts
 * import { constantSchedule } from 'wengert';
 * constantSchedule(0.1)(1000); // 0.1
 * ```
 */
export function constantSchedule(value: number): Schedule {
  checkNumber('constantSchedule', 'value', value);
  return fromWriter((_step, out) => {
    out[0] = value;
  }, 'constantSchedule');
}

/**
 * Step decay (torch's `StepLR`): the rate is multiplied by `gamma` every `stepSize` steps,
 * `initial · gamma^⌊step / stepSize⌋`.
 * @example
 * ```ts
 * import { stepDecay } from 'wengert';
 * const s = stepDecay(1, 10, 0.5);
 * [s(0), s(9), s(10), s(25)]; // [1, 1, 0.5, 0.25]
 * ```
 */
export function stepDecay(initial: number, stepSize: number, gamma = 0.1): Schedule {
  checkNumber('stepDecay', 'initial', initial);
  checkNumber('stepDecay', 'stepSize', stepSize, { integer: true, min: 1 });
  checkNumber('stepDecay', 'gamma', gamma, { min: 0 });
  return fromWriter((step, out) => {
    out[0] = initial * gamma ** Math.floor(step / stepSize);
  }, 'stepDecay');
}

/**
 * Piecewise constant: `values[0]` before `boundaries[0]`, `values[k]` from
 * `boundaries[k − 1]` on (torch's `MultiStepLR` is the case `values[k] = initial · gammaᵏ`).
 * @example
 * ```ts
 * import { piecewiseConstant } from 'wengert';
 * const s = piecewiseConstant([100, 200], [0.1, 0.01, 0.001]);
 * [s(0), s(99), s(100), s(250)]; // [0.1, 0.1, 0.01, 0.001]
 * ```
 */
export function piecewiseConstant(boundaries: readonly number[], values: readonly number[]): Schedule {
  const where = 'piecewiseConstant';
  if (!Array.isArray(boundaries)) throw new ArgumentError(`${where}: boundaries must be an array of steps, got ${describe(boundaries)}`);
  if (!Array.isArray(values) || values.length !== boundaries.length + 1) {
    throw new ArgumentError(`${where}: values must be an array of ${boundaries.length + 1} numbers (one more than the boundaries), got ${describe(values)}`);
  }
  boundaries.forEach((b, k) => {
    checkNumber(where, `boundaries[${k}]`, b, { min: k === 0 ? 0 : boundaries[k - 1] });
  });
  values.forEach((v, k) => checkNumber(where, `values[${k}]`, v));
  const bs = Float64Array.from(boundaries);
  const vs = Float64Array.from(values);
  return fromWriter((step, out) => {
    let k = 0;
    while (k < bs.length && step >= bs[k]) k++;
    out[0] = vs[k];
  }, 'piecewiseConstant');
}

/** Options of {@link exponentialDecay} and {@link inverseTimeDecay}. */
export interface DecayOptions {
  /** Steps per unit of decay (default 1): the exponent or the denominator uses `step / decaySteps`. */
  decaySteps?: number;
  /** Decay in whole units: `⌊step / decaySteps⌋` instead of `step / decaySteps` (default false). */
  staircase?: boolean;
}

function decayOptions(where: string, options: DecayOptions): { decaySteps: number; staircase: boolean } {
  const o = optionsOf(where, options);
  const decaySteps = checkNumber(where, 'decaySteps', o.decaySteps ?? 1, { min: 0, minOpen: true });
  return { decaySteps, staircase: checkBoolean(where, 'staircase', o.staircase, false) };
}

/**
 * Exponential decay: `initial · decayRate^(step / decaySteps)` (torch's `ExponentialLR`
 * with `gamma = decayRate` is the default `decaySteps = 1`).
 * @example
 * ```ts
 * import { exponentialDecay } from 'wengert';
 * const s = exponentialDecay(0.1, 0.5);
 * [s(0), s(1), s(3)]; // [0.1, 0.05, 0.0125]
 * exponentialDecay(1, 0.5, { decaySteps: 10 })(5); // 0.7071067811865476
 * ```
 */
export function exponentialDecay(initial: number, decayRate: number, options: DecayOptions = {}): Schedule {
  checkNumber('exponentialDecay', 'initial', initial);
  checkNumber('exponentialDecay', 'decayRate', decayRate, { min: 0 });
  const { decaySteps, staircase } = decayOptions('exponentialDecay', options);
  return fromWriter((step, out) => {
    const p = staircase ? Math.floor(step / decaySteps) : step / decaySteps;
    out[0] = initial * decayRate ** p;
  }, 'exponentialDecay');
}

/**
 * Inverse-time decay (the 1/t rule): `initial / (1 + decayRate · step / decaySteps)`.
 * Adagrad's `lrDecay` is this schedule.
 * @example
 * ```ts
 * import { inverseTimeDecay } from 'wengert';
 * const s = inverseTimeDecay(1, 1);
 * [s(0), s(1), s(3)]; // [1, 0.5, 0.25]
 * ```
 */
export function inverseTimeDecay(initial: number, decayRate: number, options: DecayOptions = {}): Schedule {
  checkNumber('inverseTimeDecay', 'initial', initial);
  checkNumber('inverseTimeDecay', 'decayRate', decayRate, { min: 0 });
  const { decaySteps, staircase } = decayOptions('inverseTimeDecay', options);
  return fromWriter((step, out) => {
    const p = staircase ? Math.floor(step / decaySteps) : step / decaySteps;
    out[0] = initial / (1 + decayRate * p);
  }, 'inverseTimeDecay');
}

/**
 * Cosine decay (torch's `CosineAnnealingLR` over one half period, optax's `cosine_decay_schedule`):
 * from `initial` at step 0 to `minValue` at `decaySteps`, then constant:
 * `minValue + (initial − minValue) · (1 + cos(π · min(step, decaySteps) / decaySteps)) / 2`.
 * @example
 * ```ts
 * import { cosineDecay } from 'wengert';
 * const s = cosineDecay(1, 100);
 * [s(0), s(50), s(100), s(1000)]; // [1, 0.5, 0, 0]
 * cosineDecay(1, 100, { minValue: 0.1 })(100); // 0.1
 * ```
 */
export function cosineDecay(initial: number, decaySteps: number, options: { minValue?: number } = {}): Schedule {
  checkNumber('cosineDecay', 'initial', initial);
  checkNumber('cosineDecay', 'decaySteps', decaySteps, { min: 0, minOpen: true });
  const minValue = checkNumber('cosineDecay', 'minValue', optionsOf('cosineDecay', options).minValue ?? 0);
  const range = initial - minValue;
  return fromWriter((step, out) => {
    out[0] = minValue + (range * (1 + Math.cos((Math.PI * Math.min(step, decaySteps)) / decaySteps))) / 2;
  }, 'cosineDecay');
}

/**
 * Linear warm-up, then another schedule: the rate rises linearly from `from`
 * (default 0) at step 0 towards `then(0)`, reached at step `warmupSteps`; from
 * there on it is `then(step − warmupSteps)` (the following schedule starts at its
 * own step 0, as optax's `join_schedules` does).
 * @example
 * ```ts
 * import { linearWarmup, cosineDecay } from 'wengert';
 * const s = linearWarmup(10, cosineDecay(1, 100));
 * [s(0), s(5), s(10), s(60)]; // [0, 0.5, 1, 0.5]
 * linearWarmup(4, 0.1, { from: 0.02 })(2); // 0.06
 * ```
 */
export function linearWarmup(warmupSteps: number, then: Schedule | number, options: { from?: number } = {}): Schedule {
  checkNumber('linearWarmup', 'warmupSteps', warmupSteps, { integer: true, min: 0 });
  const after = asSchedule(then, 'linearWarmup', 'then');
  const from = checkNumber('linearWarmup', 'from', optionsOf('linearWarmup', options).from ?? 0);
  const peak = after(0);
  const writeAfter = writerOf(after);
  return fromWriter((step, out) => {
    if (step < warmupSteps) out[0] = from + ((peak - from) * step) / warmupSteps;
    else writeAfter(step - warmupSteps, out);
  }, 'linearWarmup');
}

/** @internal a number becomes a constant schedule; a function is kept; anything else is an error. */
export function asSchedule(value: Schedule | number, where: string, name: string): Schedule {
  if (typeof value === 'function') return value;
  const v = checkNumber(where, name, value);
  return constantSchedule(v);
}

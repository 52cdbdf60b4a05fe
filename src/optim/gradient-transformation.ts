/**
 * Gradient transformations, the building block of the optimizer layer (after optax):
 * a pair `init(params) → state` and `update(updates, state, params) → updates`.
 *
 * Unlike optax's pure functions, ours work in place so that a training step
 * allocates nothing: `update` overwrites the `updates` array it is given (or a
 * buffer owned by its state) and returns it, and it advances the `state` it is
 * given (moment arrays and step counters) instead of returning a new one.
 */
import { ArgumentError, describe, ShapeError } from '../errors.js';

/**
 * A gradient transformation: `init` allocates the state once (moment arrays the
 * size of the parameters, a step counter), `update` turns candidate updates
 * (usually the gradient) into new updates in place and advances the state.
 *
 * Contract of `update`:
 * - it overwrites `updates` (or writes into a buffer its state owns) and returns
 *   the array holding the result — chain the returned array, not the argument;
 * - it mutates `state` in place; the state belongs to one run of one optimizer;
 * - `params` (the current parameters, before the step) is required only by
 *   transforms that read them, such as {@link addDecayedWeights}.
 *
 * @example
 * ```ts
 * import { type GradientTransformation, chain, scaleByLearningRate, applyUpdates } from 'wengert';
 * // a hand-written transform: keep the sign of each gradient component
 * const sign: GradientTransformation<null> = {
 *   init: () => null,
 *   update: (u) => { for (let i = 0; i < u.length; i++) u[i] = Math.sign(u[i]); return u; },
 * };
 * const opt = chain(sign, scaleByLearningRate(0.5));
 * const params = new Float64Array([1, -2]);
 * const state = opt.init(params);
 * const g = new Float64Array([3, -0.1]);
 * applyUpdates(params, opt.update(g, state, params)); // params: Float64Array [0.5, -1.5]
 * ```
 */
export interface GradientTransformation<S = unknown> {
  /** The initial state for parameters shaped like `params` (they are read, not kept). */
  init(params: Float64Array): S;
  /** Transforms `updates` in place (or into a state-owned buffer) and returns the result; advances `state`. */
  update(updates: Float64Array, state: S, params?: Float64Array): Float64Array;
}

/** The state type of a transformation. */
export type StateOf<T> = T extends GradientTransformation<infer S> ? S : never;

/** The state of a {@link chain}: one entry per transformation, in order. */
export type ChainState<T extends readonly GradientTransformation<any>[]> = { -readonly [K in keyof T]: StateOf<T[K]> };

/**
 * Composes transformations: `update` runs each in turn on the output of the
 * previous one; the state is the array of their states. As in optax, Adam is
 * `chain(scaleByAdam(), scaleByLearningRate(lr))`.
 *
 * @example
 * ```ts
 * import { chain, clipByGlobalNorm, scaleByAdam, scaleByLearningRate, applyUpdates } from 'wengert';
 * const opt = chain(clipByGlobalNorm(1), scaleByAdam(), scaleByLearningRate(0.1));
 * const params = new Float64Array([0, 2]);
 * const state = opt.init(params);
 * const g = new Float64Array([-6, 2]);          // ∇f at params, from a Program or by hand
 * applyUpdates(params, opt.update(g, state, params));
 * params;                                        // ≈ Float64Array [0.1, 1.9]: Adam's first step is ±lr
 * ```
 */
export function chain<const T extends readonly GradientTransformation<any>[]>(...transforms: T): GradientTransformation<ChainState<T>> {
  transforms.forEach((t, i) => {
    if (t == null || typeof t.init !== 'function' || typeof t.update !== 'function') {
      throw new ArgumentError(`chain: argument ${i} is not a gradient transformation (an object with init and update), got ${describe(t)}`);
    }
  });
  const list = transforms.slice();
  const n = list.length;
  return {
    init(params: Float64Array) {
      checkParams(params, 'chain.init');
      return list.map((t) => t.init(params)) as ChainState<T>;
    },
    update(updates: Float64Array, state: ChainState<T>, params?: Float64Array): Float64Array {
      if (!Array.isArray(state) || state.length !== n) {
        throw new ArgumentError(`chain.update: the state must be the array of ${n} states that init returned, got ${describe(state)}`);
      }
      let u = updates;
      for (let i = 0; i < n; i++) u = list[i].update(u, state[i], params);
      return u;
    },
  };
}

/** @internal throws unless `params` is a Float64Array. */
export function checkParams(params: unknown, where: string): asserts params is Float64Array {
  if (!(params instanceof Float64Array)) throw new ArgumentError(`${where}: params must be a Float64Array, got ${describe(params)}`);
}

/** @internal throws unless `updates` is a Float64Array of the length the state was made for. */
export function checkUpdates(updates: unknown, length: number, where: string): asserts updates is Float64Array {
  if (!(updates instanceof Float64Array)) throw new ArgumentError(`${where}: updates must be a Float64Array, got ${describe(updates)}`);
  if (updates.length !== length) {
    throw new ShapeError(`${where}: updates have length ${updates.length}, but the state was initialized for ${length} parameters`);
  }
}

/**
 * @internal throws unless `state` is what this transformation's `init`
 * returned: an object holding `key` (a Float64Array, or the step count).
 */
export function checkState(state: unknown, key: string, where: string): void {
  const held = state !== null && typeof state === 'object' ? (state as Record<string, unknown>)[key] : undefined;
  if (!(held instanceof Float64Array) && typeof held !== 'number') {
    throw new ArgumentError(`${where}: state must be the state init returned, got ${describe(state)}`);
  }
}

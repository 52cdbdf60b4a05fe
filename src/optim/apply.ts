/**
 * Applying updates to parameters (optax's `apply_updates`), in place.
 */
import { ArgumentError, describe, ShapeError } from '../errors.js';

/**
 * Adds the updates to the parameters in place, `θ ← θ + u`, and returns `params`.
 * The updates of the optimizers already carry the minus sign of descent.
 * @example
 * ```ts
 * import { sgd, applyUpdates } from 'wengert';
 * const opt = sgd({ learningRate: 0.1 });
 * const params = new Float64Array([0, 2]);
 * const state = opt.init(params);
 * const g = new Float64Array([2 * (params[0] - 3), params[1]]); // ∇[(x − 3)² + ½y²]
 * applyUpdates(params, opt.update(g, state, params));          // Float64Array [0.6000000000000001, 1.8]
 * ```
 */
export function applyUpdates(params: Float64Array, updates: Float64Array): Float64Array {
  if (!(params instanceof Float64Array)) throw new ArgumentError(`applyUpdates: params must be a Float64Array, got ${describe(params)}`);
  if (!(updates instanceof Float64Array)) throw new ArgumentError(`applyUpdates: updates must be a Float64Array, got ${describe(updates)}`);
  if (params.length !== updates.length) throw new ShapeError(`applyUpdates: params have length ${params.length}, updates ${updates.length}`);
  for (let i = 0; i < params.length; i++) params[i] += updates[i];
  return params;
}

/**
 * The adaptive scalings: each keeps running moments of the gradient in arrays
 * allocated once by `init`, and divides the update by a root of the second
 * moment. Denominators are `√v + ε` (ε outside the root), as torch.optim
 * computes them; optax's `scale_by_rms` and `scale_by_rss` put ε inside.
 */
import { checkBoolean, checkNumber, optionsOf } from '../arguments.js';
import { checkParams, checkState, checkUpdates, type GradientTransformation } from './gradient-transformation.js';

/** Options of {@link scaleByAdam}. */
export interface ScaleByAdamOptions {
  /** β₁, decay of the first moment (default 0.9). */
  b1?: number;
  /** β₂, decay of the second moment (default 0.999). */
  b2?: number;
  /** ε, added to the denominator (default 1e-8). */
  eps?: number;
  /** AMSGrad: divide by the running maximum of the second moment (default false). */
  amsgrad?: boolean;
}

/** The state of {@link scaleByAdam}: step count, first moment m, second moment v, and max v (empty unless AMSGrad). */
export interface ScaleByAdamState {
  count: number;
  readonly mu: Float64Array;
  readonly nu: Float64Array;
  readonly nuMax: Float64Array;
}

/**
 * Scales by Adam's bias-corrected moments, `u ← m̂ₜ / (√v̂ₜ + ε)` where
 * `mₜ = β₁mₜ₋₁ + (1 − β₁)gₜ`, `vₜ = β₂vₜ₋₁ + (1 − β₂)gₜ²`, `m̂ₜ = mₜ/(1 − β₁ᵗ)`, `v̂ₜ = vₜ/(1 − β₂ᵗ)`.
 * With AMSGrad the denominator uses `v̂ₜᵐᵃˣ = max(v₁ … vₜ)/(1 − β₂ᵗ)`: the running maximum of the raw
 * second moment, bias-corrected with the current step, which is what torch.optim.Adam computes (and,
 * since pytorch/pytorch#142351, what its documentation says).
 * All-zero gradients give zero updates (never 0/0) as long as ε > 0.
 * @example
 * ```ts
 * import { scaleByAdam } from 'wengert';
 * const t = scaleByAdam();
 * const s = t.init(new Float64Array(2));
 * t.update(new Float64Array([-6, 2]), s); // ≈ Float64Array [-1, 1]: the first step has magnitude 1
 * ```
 */
export function scaleByAdam(options: ScaleByAdamOptions = {}): GradientTransformation<ScaleByAdamState> {
  const where = 'scaleByAdam';
  const o = optionsOf(where, options);
  const b1 = checkNumber(where, 'b1', o.b1 ?? 0.9, { min: 0, max: 1, maxOpen: true });
  const b2 = checkNumber(where, 'b2', o.b2 ?? 0.999, { min: 0, max: 1, maxOpen: true });
  const eps = checkNumber(where, 'eps', o.eps ?? 1e-8, { min: 0 });
  const amsgrad = checkBoolean(where, 'amsgrad', o.amsgrad, false);
  return {
    init(params) {
      checkParams(params, 'scaleByAdam.init');
      const n = params.length;
      return { count: 0, mu: new Float64Array(n), nu: new Float64Array(n), nuMax: new Float64Array(amsgrad ? n : 0) };
    },
    update(u, state) {
      checkState(state, 'nuMax', where);
      const { mu, nu, nuMax } = state;
      checkUpdates(u, mu.length, where);
      const t = ++state.count;
      const c1 = 1 - b1 ** t;
      const c2 = Math.sqrt(1 - b2 ** t);
      for (let i = 0; i < u.length; i++) {
        const g = u[i];
        const m = b1 * mu[i] + (1 - b1) * g;
        let v = b2 * nu[i] + (1 - b2) * g * g;
        mu[i] = m;
        nu[i] = v;
        if (amsgrad) {
          if (nuMax[i] > v) v = nuMax[i];
          else nuMax[i] = v;
        }
        u[i] = m / c1 / (Math.sqrt(v) / c2 + eps);
      }
      return u;
    },
  };
}

/** Options of {@link scaleByRms}, named as in torch.optim.RMSprop. */
export interface ScaleByRmsOptions {
  /** α, decay of the square average (default 0.99). */
  alpha?: number;
  /** ε, added to the denominator (default 1e-8). */
  eps?: number;
  /** Centered RMSprop: subtract the squared mean gradient from the square average (default false). */
  centered?: boolean;
}

/** The state of {@link scaleByRms}: the square average v and, when centered, the gradient average (else empty). */
export interface ScaleByRmsState {
  readonly nu: Float64Array;
  readonly mu: Float64Array;
}

/**
 * RMSprop's scaling: `vₜ = αvₜ₋₁ + (1 − α)gₜ²`, `u ← gₜ / (√ṽₜ + ε)` with `ṽₜ = vₜ`, or when centered
 * `ṽₜ = vₜ − (ḡₜ)²` with `ḡₜ = αḡₜ₋₁ + (1 − α)gₜ`. In the centered case ṽ is clamped at 0: it is
 * non-negative in exact arithmetic, but rounding can make it −1 ulp for a constant gradient, where
 * the square root would be NaN.
 * @example
 * ```ts
 * import { scaleByRms } from 'wengert';
 * const t = scaleByRms({ alpha: 0.75 });
 * t.update(new Float64Array([4]), t.init(new Float64Array(1))); // ≈ Float64Array [2]: 4 / √(0.25·16)
 * ```
 */
export function scaleByRms(options: ScaleByRmsOptions = {}): GradientTransformation<ScaleByRmsState> {
  const where = 'scaleByRms';
  const o = optionsOf(where, options);
  const alpha = checkNumber(where, 'alpha', o.alpha ?? 0.99, { min: 0, max: 1 });
  const eps = checkNumber(where, 'eps', o.eps ?? 1e-8, { min: 0 });
  const centered = checkBoolean(where, 'centered', o.centered, false);
  return {
    init(params) {
      checkParams(params, 'scaleByRms.init');
      const n = params.length;
      return { nu: new Float64Array(n), mu: new Float64Array(centered ? n : 0) };
    },
    update(u, state) {
      checkState(state, 'mu', where);
      const { nu, mu } = state;
      checkUpdates(u, nu.length, where);
      for (let i = 0; i < u.length; i++) {
        const g = u[i];
        let v = alpha * nu[i] + (1 - alpha) * g * g;
        nu[i] = v;
        if (centered) {
          const m = alpha * mu[i] + (1 - alpha) * g;
          mu[i] = m;
          v -= m * m;
          if (v < 0) v = 0;
        }
        u[i] = g / (Math.sqrt(v) + eps);
      }
      return u;
    },
  };
}

/** Options of {@link scaleByRss}, named as in torch.optim.Adagrad. */
export interface ScaleByRssOptions {
  /** The accumulator's starting value (default 0). */
  initialAccumulatorValue?: number;
  /** ε, added to the denominator (default 1e-10). */
  eps?: number;
}

/** The state of {@link scaleByRss}: the running sum of squared gradients. */
export interface ScaleByRssState {
  readonly sum: Float64Array;
}

/**
 * Adagrad's scaling by the root of the sum of squares: `sₜ = sₜ₋₁ + gₜ²`, `u ← gₜ / (√sₜ + ε)`, with
 * `s₀ = initialAccumulatorValue`.
 * @example
 * ```ts
 * import { scaleByRss } from 'wengert';
 * const t = scaleByRss();
 * const s = t.init(new Float64Array(1));
 * t.update(new Float64Array([3]), s); // ≈ Float64Array [1]
 * t.update(new Float64Array([4]), s); // ≈ Float64Array [0.8]: 4 / √(9 + 16)
 * ```
 */
export function scaleByRss(options: ScaleByRssOptions = {}): GradientTransformation<ScaleByRssState> {
  const where = 'scaleByRss';
  const o = optionsOf(where, options);
  const initial = checkNumber(where, 'initialAccumulatorValue', o.initialAccumulatorValue ?? 0, { min: 0 });
  const eps = checkNumber(where, 'eps', o.eps ?? 1e-10, { min: 0 });
  return {
    init(params) {
      checkParams(params, 'scaleByRss.init');
      return { sum: new Float64Array(params.length).fill(initial) };
    },
    update(u, state) {
      checkState(state, 'sum', where);
      const sum = state.sum;
      checkUpdates(u, sum.length, where);
      for (let i = 0; i < u.length; i++) {
        const g = u[i];
        const s = sum[i] + g * g;
        sum[i] = s;
        u[i] = g / (Math.sqrt(s) + eps);
      }
      return u;
    },
  };
}

/**
 * The familiar optimizers, each a {@link chain} of small transformations (as in
 * optax's `alias.py`). Defaults, option names and update equations follow the
 * algorithms documented for `torch.optim` (SGD, RMSprop, Adagrad, Adam, AdamW):
 * for the same options and gradients they produce the same iterates, up to
 * rounding. Notation: θ parameters, g gradient, γ learning rate (γₜ when it is a
 * schedule of the step count), λ weight decay, t = 1, 2, … the step.
 *
 * Use: `init` once, then per step compute the gradient into a buffer, `update`
 * it in place, and {@link applyUpdates}. Nothing is allocated per step.
 */
import { ArgumentError } from '../errors.js';
import { scaleByAdam, scaleByRms, scaleByRss } from './moments.js';
import { fromWriter, inverseTimeDecay, type Schedule, writerOf } from './schedules.js';
import { checkBoolean, checkNumber, optionsOf } from '../arguments.js';
import { chain, type GradientTransformation } from './gradient-transformation.js';
import { addDecayedWeights, scaleByLearningRate, trace } from './basic-transformations.js';

/** An optimizer: a chained transformation whose state is the array of its parts' states. */
export type Optimizer = GradientTransformation<unknown[]>;

/** A learning rate: a number, or a {@link Schedule} of the step count (0 for the first step). */
export type LearningRate = number | Schedule;

function rate(where: string, learningRate: unknown, fallback?: number): LearningRate {
  if (learningRate === undefined && fallback !== undefined) return fallback;
  if (typeof learningRate === 'function') return learningRate as Schedule;
  if (learningRate === undefined) throw new ArgumentError(`${where}: learningRate is required (a number or a schedule)`);
  return checkNumber(where, 'learningRate', learningRate, { min: 0 });
}

function build(parts: (GradientTransformation<any> | false)[]): Optimizer {
  return chain(...parts.filter((p): p is GradientTransformation<any> => p !== false)) as unknown as Optimizer;
}

/** Options of {@link sgd}, as torch.optim.SGD's. */
export interface SgdOptions {
  /** γ (default 1e-3, as torch ≥ 2.2). */
  learningRate?: LearningRate;
  /** μ, the momentum factor (default 0: plain gradient descent). */
  momentum?: number;
  /** τ, dampening of the momentum (default 0). */
  dampening?: number;
  /** Nesterov momentum (default false; needs momentum > 0 and dampening 0). */
  nesterov?: boolean;
  /** λ, L2 penalty added to the gradient (default 0). */
  weightDecay?: number;
}

/**
 * Stochastic gradient descent, optionally with momentum, following torch.optim.SGD:
 * ```
 * g ← ∇f(θₜ₋₁) + λθₜ₋₁
 * if μ ≠ 0:  bₜ ← g if t = 1, else μbₜ₋₁ + (1 − τ)g
 *            g ← g + μbₜ if nesterov, else bₜ
 * θₜ ← θₜ₋₁ − γg
 * ```
 * As a chain: `addDecayedWeights(λ)`, `trace({ decay: μ, dampening: τ, nesterov })`, `scaleByLearningRate(γ)`
 * (the first two only when λ, μ ≠ 0).
 * @example
 * ```ts
 * import { sgd, applyUpdates } from 'wengert';
 * const opt = sgd({ learningRate: 0.1 });
 * const params = new Float64Array([0, 2]);
 * const state = opt.init(params);
 * for (let t = 0; t < 300; t++) {
 *   const g = new Float64Array([2 * (params[0] - 3), params[1]]); // ∇[(x − 3)² + ½y²]; reuse a buffer in hot loops
 *   applyUpdates(params, opt.update(g, state, params));
 * }
 * params; // ≈ Float64Array [3, 0]
 * ```
 */
export function sgd(options: SgdOptions = {}): Optimizer {
  return momentumSgd('sgd', options, 0, undefined);
}

/** `forceNesterov`: the momentum and nesterov aliases fix the variant; sgd reads it from the options. */
function momentumSgd(where: string, options: SgdOptions, defaultMomentum: number, forceNesterov: boolean | undefined): Optimizer {
  const o = optionsOf(where, options);
  const learningRate = rate(where, o.learningRate, 1e-3);
  const mu = checkNumber(where, 'momentum', o.momentum ?? defaultMomentum, { min: 0 });
  const dampening = checkNumber(where, 'dampening', o.dampening ?? 0);
  const nesterov = forceNesterov ?? checkBoolean(where, 'nesterov', o.nesterov, false);
  const weightDecay = checkNumber(where, 'weightDecay', o.weightDecay ?? 0, { min: 0 });
  if (nesterov && (mu <= 0 || dampening !== 0)) {
    throw new ArgumentError(`${where}: Nesterov momentum needs momentum > 0 and dampening 0, got momentum ${mu} and dampening ${dampening}`);
  }
  return build([
    weightDecay !== 0 && addDecayedWeights(weightDecay),
    mu !== 0 && trace({ decay: mu, dampening, nesterov }),
    scaleByLearningRate(learningRate),
  ]);
}

/**
 * SGD with (heavy-ball) momentum: {@link sgd} with `momentum` defaulting to 0.9 (the value of
 * torch's documented example `SGD(params, lr=0.1, momentum=0.9)`). Update (torch.optim.SGD):
 * `b₁ = g₁`, `bₜ = μbₜ₋₁ + (1 − τ)gₜ`, `θₜ = θₜ₋₁ − γbₜ`, with g including the L2 term λθ.
 * @example
 * ```ts
 * import { momentum, applyUpdates } from 'wengert';
 * const opt = momentum({ learningRate: 0.1 }); // μ = 0.9
 * const params = new Float64Array([0, 2]);
 * const state = opt.init(params);
 * const g = new Float64Array([-6, 2]);
 * applyUpdates(params, opt.update(g, state, params)); // Float64Array [0.6…, 1.8]: the first step is plain SGD
 * ```
 */
export function momentum(options: Omit<SgdOptions, 'nesterov'> = {}): Optimizer {
  return momentumSgd('momentum', options, 0.9, false);
}

/**
 * SGD with Nesterov momentum: {@link sgd} with `nesterov: true` and `momentum` defaulting to 0.9.
 * Update (torch.optim.SGD): `b₁ = g₁`, `bₜ = μbₜ₋₁ + gₜ`, `θₜ = θₜ₋₁ − γ(gₜ + μbₜ)`.
 * @example
 * ```ts
 * import { nesterov, applyUpdates } from 'wengert';
 * const opt = nesterov({ learningRate: 0.1 });
 * const params = new Float64Array([0, 2]);
 * const state = opt.init(params);
 * applyUpdates(params, opt.update(new Float64Array([-6, 2]), state, params)); // ≈ [1.14, 1.62]: −0.1·(1 + 0.9)·g
 * ```
 */
export function nesterov(options: Omit<SgdOptions, 'nesterov' | 'dampening'> = {}): Optimizer {
  return momentumSgd('nesterov', options, 0.9, true);
}

/** Options of {@link rmsprop}, as torch.optim.RMSprop's. */
export interface RmspropOptions {
  /** γ (default 0.01). */
  learningRate?: LearningRate;
  /** α, smoothing constant of the square average (default 0.99). */
  alpha?: number;
  /** ε (default 1e-8). */
  eps?: number;
  /** λ, L2 penalty added to the gradient (default 0). */
  weightDecay?: number;
  /** μ, momentum (default 0). */
  momentum?: number;
  /** Normalize by an estimate of the gradient's variance instead of its second moment (default false). */
  centered?: boolean;
}

/**
 * RMSprop, following torch.optim.RMSprop:
 * ```
 * g ← ∇f(θₜ₋₁) + λθₜ₋₁
 * vₜ ← αvₜ₋₁ + (1 − α)g²;   ṽ ← vₜ
 * if centered:  ḡₜ ← αḡₜ₋₁ + (1 − α)g;   ṽ ← ṽ − ḡₜ²
 * if μ > 0:  bₜ ← μbₜ₋₁ + g/(√ṽ + ε);   θₜ ← θₜ₋₁ − γbₜ
 * else:      θₜ ← θₜ₋₁ − γg/(√ṽ + ε)
 * ```
 * As a chain: `addDecayedWeights(λ)`, `scaleByRms({ alpha, eps, centered })`, `trace({ decay: μ })`,
 * `scaleByLearningRate(γ)`.
 * @example
 * ```ts
 * import { rmsprop, applyUpdates } from 'wengert';
 * const opt = rmsprop(); // γ = 0.01, α = 0.99
 * const params = new Float64Array([0, 2]);
 * const state = opt.init(params);
 * applyUpdates(params, opt.update(new Float64Array([-6, 2]), state, params)); // ≈ [0.1, 1.9]: γ/√(1 − α) = 0.1
 * ```
 */
export function rmsprop(options: RmspropOptions = {}): Optimizer {
  const where = 'rmsprop';
  const o = optionsOf(where, options);
  const learningRate = rate(where, o.learningRate, 0.01);
  const alpha = checkNumber(where, 'alpha', o.alpha ?? 0.99, { min: 0, max: 1 });
  const eps = checkNumber(where, 'eps', o.eps ?? 1e-8, { min: 0 });
  const weightDecay = checkNumber(where, 'weightDecay', o.weightDecay ?? 0, { min: 0 });
  const mu = checkNumber(where, 'momentum', o.momentum ?? 0, { min: 0 });
  const centered = checkBoolean(where, 'centered', o.centered, false);
  return build([
    weightDecay !== 0 && addDecayedWeights(weightDecay),
    scaleByRms({ alpha, eps, centered }),
    mu !== 0 && trace({ decay: mu }),
    scaleByLearningRate(learningRate),
  ]);
}

/** Options of {@link adagrad}, as torch.optim.Adagrad's. */
export interface AdagradOptions {
  /** γ (default 0.01). */
  learningRate?: LearningRate;
  /** η, learning-rate decay: the step size is γ/(1 + (t − 1)η) (default 0). */
  lrDecay?: number;
  /** λ, L2 penalty added to the gradient (default 0). */
  weightDecay?: number;
  /** τ, the accumulator's starting value (default 0). */
  initialAccumulatorValue?: number;
  /** ε (default 1e-10). */
  eps?: number;
}

/**
 * Adagrad, following torch.optim.Adagrad:
 * ```
 * g ← ∇f(θₜ₋₁) + λθₜ₋₁
 * γ̃ ← γ / (1 + (t − 1)η)
 * sₜ ← sₜ₋₁ + g²   (s₀ = τ)
 * θₜ ← θₜ₋₁ − γ̃ g/(√sₜ + ε)
 * ```
 * As a chain: `addDecayedWeights(λ)`, `scaleByRss({ initialAccumulatorValue: τ, eps })`,
 * `scaleByLearningRate(inverseTimeDecay(γ, η))` (a schedule γ is divided by the same 1 + (t − 1)η).
 * @example
 * ```ts
 * import { adagrad, applyUpdates } from 'wengert';
 * const opt = adagrad({ learningRate: 0.5 });
 * const params = new Float64Array([0, 2]);
 * const state = opt.init(params);
 * applyUpdates(params, opt.update(new Float64Array([-6, 2]), state, params)); // ≈ [0.5, 1.5]: the first step is ±γ
 * ```
 */
export function adagrad(options: AdagradOptions = {}): Optimizer {
  const where = 'adagrad';
  const o = optionsOf(where, options);
  const learningRate = rate(where, o.learningRate, 0.01);
  const lrDecay = checkNumber(where, 'lrDecay', o.lrDecay ?? 0, { min: 0 });
  const weightDecay = checkNumber(where, 'weightDecay', o.weightDecay ?? 0, { min: 0 });
  const initialAccumulatorValue = checkNumber(where, 'initialAccumulatorValue', o.initialAccumulatorValue ?? 0, { min: 0 });
  const eps = checkNumber(where, 'eps', o.eps ?? 1e-10, { min: 0 });
  let decayed: LearningRate = learningRate;
  if (lrDecay !== 0) {
    if (typeof learningRate === 'number') decayed = inverseTimeDecay(learningRate, lrDecay);
    else {
      const base = writerOf(learningRate);
      decayed = fromWriter((step, out) => {
        base(step, out);
        out[0] /= 1 + step * lrDecay;
      }, where);
    }
  }
  return build([
    weightDecay !== 0 && addDecayedWeights(weightDecay),
    scaleByRss({ initialAccumulatorValue, eps }),
    scaleByLearningRate(decayed),
  ]);
}

/** Options of {@link adam} and {@link adamw}, as torch.optim.Adam's (betas as b1, b2). */
export interface AdamOptions {
  /** γ (default 1e-3). */
  learningRate?: LearningRate;
  /** β₁ (default 0.9). */
  b1?: number;
  /** β₂ (default 0.999). */
  b2?: number;
  /** ε (default 1e-8). */
  eps?: number;
  /** λ: for adam an L2 penalty added to the gradient (default 0); for adamw decoupled decay (default 0.01). */
  weightDecay?: number;
  /** AMSGrad variant (default false). */
  amsgrad?: boolean;
}

function adamOptions(where: string, options: AdamOptions, defaultWeightDecay: number) {
  const o = optionsOf(where, options);
  return {
    learningRate: rate(where, o.learningRate, 1e-3),
    b1: checkNumber(where, 'b1', o.b1 ?? 0.9, { min: 0, max: 1, maxOpen: true }),
    b2: checkNumber(where, 'b2', o.b2 ?? 0.999, { min: 0, max: 1, maxOpen: true }),
    eps: checkNumber(where, 'eps', o.eps ?? 1e-8, { min: 0 }),
    weightDecay: checkNumber(where, 'weightDecay', o.weightDecay ?? defaultWeightDecay, { min: 0 }),
    amsgrad: checkBoolean(where, 'amsgrad', o.amsgrad, false),
  };
}

/**
 * Adam, following torch.optim.Adam:
 * ```
 * g ← ∇f(θₜ₋₁) + λθₜ₋₁
 * mₜ ← β₁mₜ₋₁ + (1 − β₁)g;   vₜ ← β₂vₜ₋₁ + (1 − β₂)g²
 * m̂ₜ ← mₜ/(1 − β₁ᵗ);         v̂ₜ ← vₜ/(1 − β₂ᵗ)   (AMSGrad: max(v₁ … vₜ)/(1 − β₂ᵗ))
 * θₜ ← θₜ₋₁ − γ m̂ₜ/(√v̂ₜ + ε)
 * ```
 * As a chain: `addDecayedWeights(λ)`, `scaleByAdam({ b1, b2, eps, amsgrad })`, `scaleByLearningRate(γ)`.
 * @example
 * ```ts
 * import { adam, applyUpdates } from 'wengert';
 * const opt = adam({ learningRate: 0.1 });
 * const params = new Float64Array([0, 2]);
 * const state = opt.init(params);
 * applyUpdates(params, opt.update(new Float64Array([-6, 2]), state, params)); // ≈ [0.1, 1.9]: the first step is ±γ
 * ```
 */
export function adam(options: AdamOptions = {}): Optimizer {
  const { learningRate, b1, b2, eps, weightDecay, amsgrad } = adamOptions('adam', options, 0);
  return build([
    weightDecay !== 0 && addDecayedWeights(weightDecay),
    scaleByAdam({ b1, b2, eps, amsgrad }),
    scaleByLearningRate(learningRate),
  ]);
}

/**
 * AdamW (Adam with decoupled weight decay), following torch.optim.AdamW: the parameters are
 * decayed before the Adam step, and the decay stays out of the moments:
 * ```
 * g ← ∇f(θₜ₋₁)
 * θₜ ← θₜ₋₁ − γλθₜ₋₁
 * mₜ, vₜ, m̂ₜ, v̂ₜ as in Adam (from g alone)
 * θₜ ← θₜ − γ m̂ₜ/(√v̂ₜ + ε)
 * ```
 * As a chain: `scaleByAdam({ b1, b2, eps, amsgrad })`, `addDecayedWeights(λ)`, `scaleByLearningRate(γ)`,
 * i.e. `θₜ = θₜ₋₁ − γ(m̂ₜ/(√v̂ₜ + ε) + λθₜ₋₁)`: the same step. λ defaults to 0.01.
 * @example
 * ```ts
 * import { adamw, applyUpdates } from 'wengert';
 * const opt = adamw({ learningRate: 0.1, weightDecay: 0.1 });
 * const params = new Float64Array([0, 2]);
 * const state = opt.init(params);
 * applyUpdates(params, opt.update(new Float64Array([-6, 2]), state, params)); // ≈ [0.1, 1.88]: 2 − 0.1·0.1·2 − 0.1
 * ```
 */
export function adamw(options: AdamOptions = {}): Optimizer {
  const { learningRate, b1, b2, eps, weightDecay, amsgrad } = adamOptions('adamw', options, 0.01);
  return build([
    scaleByAdam({ b1, b2, eps, amsgrad }),
    weightDecay !== 0 && addDecayedWeights(weightDecay),
    scaleByLearningRate(learningRate),
  ]);
}

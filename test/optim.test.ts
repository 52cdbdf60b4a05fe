import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArgumentError, ShapeError } from '../src/errors.js';
import { add, compile, mul, square, sub, variable } from '../src/index.js';
import { applyUpdates } from '../src/optim/apply.js';
import { scaleByAdam, scaleByRms, scaleByRss } from '../src/optim/moments.js';
import { adagrad, adam, adamw, momentum, nesterov, type Optimizer, rmsprop, sgd } from '../src/optim/optimizers.js';
import {
  constantSchedule,
  cosineDecay,
  exponentialDecay,
  inverseTimeDecay,
  linearWarmup,
  piecewiseConstant,
  type Schedule,
  stepDecay,
} from '../src/optim/schedules.js';
import { leastYoungBytes, youngBytes } from './helpers/heap.js';
import { chain, type GradientTransformation } from '../src/optim/gradient-transformation.js';
import { addDecayedWeights, clipByGlobalNorm, globalNorm, scale, scaleByLearningRate, trace } from '../src/optim/basic-transformations.js';

const optimizers: Record<string, (options: any) => Optimizer> = { sgd, momentum, nesterov, rmsprop, adagrad, adam, adamw };

/** Runs `steps` steps of `opt` from `start` with the gradient `grad`, returning the final parameters. */
function run(opt: GradientTransformation<any>, start: ArrayLike<number>, grad: (x: Float64Array, g: Float64Array) => void, steps: number) {
  const x = Float64Array.from(start);
  const g = new Float64Array(x.length);
  const state = opt.init(x);
  for (let t = 0; t < steps; t++) {
    grad(x, g);
    applyUpdates(x, opt.update(g, state, x));
  }
  return x;
}

// f(x, y) = (x − 3)² + ½y², ∇f = (2(x − 3), y), written by hand
const bowl = (x: Float64Array, g: Float64Array) => {
  g[0] = 2 * (x[0] - 3);
  g[1] = x[1];
};

describe('the first five steps equal torch.optim’s documented algorithms', () => {
  // Expected iterates: test/fixtures/derive-torch-steps.py, a plain-Python transcription of the
  // torch.optim docs' pseudo-code (no torch, no wengert), run once and committed as JSON.
  const fixture = JSON.parse(readFileSync(new URL('./fixtures/torch-optim-steps.json', import.meta.url), 'utf8')) as {
    start: [number, number];
    cases: { name: string; optimizer: string; options: Record<string, unknown>; steps: [number, number][] }[];
  };

  it('covers every optimizer, at its defaults and with a learning rate that moves', () => {
    for (const name of Object.keys(optimizers)) {
      const cases = fixture.cases.filter((c) => c.optimizer === name);
      expect(cases.length, name).toBeGreaterThan(0);
    }
    for (const name of ['sgd', 'nesterov', 'rmsprop', 'adagrad', 'adam', 'adamw']) {
      expect(fixture.cases.some((c) => c.optimizer === name && c.options.learningRate === undefined), name).toBe(true);
      expect(fixture.cases.some((c) => c.optimizer === name && c.options.learningRate !== undefined), name).toBe(true);
    }
  });

  for (const c of fixture.cases) {
    it(c.name, () => {
      const opt = optimizers[c.optimizer](c.options);
      const x = Float64Array.from(fixture.start);
      const g = new Float64Array(2);
      const state = opt.init(x);
      for (let t = 0; t < 5; t++) {
        bowl(x, g);
        const u = opt.update(g, state, x);
        expect(u).toBe(g); // in place
        applyUpdates(x, u);
        // the README's promise, 2.2e-16 (ε, half an ulp at 2–4); the largest difference over every case is ε itself
        for (let i = 0; i < 2; i++) expect(Math.abs(x[i] - c.steps[t][i]), `step ${t + 1}, coordinate ${i}`).toBeLessThanOrEqual(Number.EPSILON);
      }
    });
  }

  it('hand-derived closed forms agree: SGD is geometric, Adam’s and Adagrad’s first steps are ±γ', () => {
    // SGD with γ = 0.1: x − 3 shrinks by 1 − 2γ = 0.8 per step, y by 0.9
    const x = run(sgd({ learningRate: 0.1 }), [0, 2], bowl, 5);
    expect(x[0]).toBeCloseTo(3 - 3 * 0.8 ** 5, 15);
    expect(x[1]).toBeCloseTo(2 * 0.9 ** 5, 15);
    // after one step m̂ = g and v̂ = g² (Adam), s = g² (Adagrad): the step is γ·g/(|g| + ε)
    for (const [opt, eps] of [[adam({ learningRate: 0.1 }), 1e-8], [adagrad({ learningRate: 0.1 }), 1e-10]] as const) {
      const x1 = run(opt, [0, 2], bowl, 1);
      expect(x1[0]).toBeCloseTo((0.1 * 6) / (6 + eps), 15);
      expect(x1[1]).toBeCloseTo(2 - (0.1 * 2) / (2 + eps), 15);
    }
  });

  it('AMSGrad keeps the largest second moment: it differs from Adam once the moment falls', () => {
    const fixtureCase = (name: string) => fixture.cases.find((c) => c.name === name)!.steps;
    const plain = fixtureCase('adam, lr 0.1, b2 0.5');
    const ams = fixtureCase('adam, lr 0.1, b2 0.5, amsgrad');
    expect(ams[0]).toEqual(plain[0]);
    expect(Math.abs(ams[4][0] - plain[4][0])).toBeGreaterThan(1e-3);
  });
});

describe('every optimizer reaches the minimum (as optax’s alias tests)', () => {
  // Max-norm distance to the minimizer after the budget; `measured` is the first step from which the
  // iterate stays within the tolerance, as measured on Node 20 (checked to 5%, so that a change of a
  // last bit in Math.pow or Math.cos elsewhere does not fail the test, while a changed algorithm does).
  const tolerance = 1e-6;

  function converge(opt: Optimizer, start: number[], target: number[], grad: (x: Float64Array, g: Float64Array) => void, budget: number) {
    const x = Float64Array.from(start);
    const g = new Float64Array(x.length);
    const state = opt.init(x);
    let within = -1;
    let err = Infinity;
    for (let t = 1; t <= budget; t++) {
      grad(x, g);
      applyUpdates(x, opt.update(g, state, x));
      err = 0;
      for (let i = 0; i < x.length; i++) err = Math.max(err, Math.abs(x[i] - target[i]));
      if (err <= tolerance) {
        if (within < 0) within = t;
      } else within = -1;
    }
    return { err, within, x };
  }

  // optax's parabola: Σ (θ − θ*)² from (−1, 10, 1) to θ* = (1, −1, 1)
  const target = [1, -1, 1];
  const parabola = (x: Float64Array, g: Float64Array) => {
    for (let i = 0; i < 3; i++) g[i] = 2 * (x[i] - target[i]);
  };
  const onParabola: [string, () => Optimizer, number, number][] = [
    // name, optimizer, budget, measured steps to 1e-6
    ['sgd γ 0.1', () => sgd({ learningRate: 0.1 }), 500, 73],
    ['sgd default γ 1e-3', () => sgd(), 12_000, 8099],
    ['momentum γ 0.1', () => momentum({ learningRate: 0.1 }), 1000, 308],
    ['nesterov γ 0.1', () => nesterov({ learningRate: 0.1 }), 500, 97],
    ['rmsprop γ 0.1', () => rmsprop({ learningRate: 0.1 }), 1000, 278],
    ['rmsprop default γ 0.01', () => rmsprop(), 3000, 1617],
    ['adagrad γ 1', () => adagrad({ learningRate: 1 }), 2000, 588],
    ['adam γ 0.1', () => adam({ learningRate: 0.1 }), 1500, 484],
    // decoupled decay (default λ = 0.01) leaves a limit cycle of size ~γ; a decaying γ closes it
    ['adamw γ 0.1·0.9995ᵗ', () => adamw({ learningRate: exponentialDecay(0.1, 0.9995) }), 30_000, 20_040],
  ];
  for (const [name, make, budget, measured] of onParabola) {
    it(`parabola: ${name} within ${tolerance} in ${budget} steps (measured: ${measured})`, () => {
      const { err, within } = converge(make(), [-1, 10, 1], target, parabola, budget);
      expect(err).toBeLessThanOrEqual(tolerance);
      expect(within).toBeGreaterThan(0);
      expect(Math.abs(within - measured), `steps to ${tolerance}: ${within}`).toBeLessThanOrEqual(0.05 * measured);
    });
  }

  // 2-D Rosenbrock from the classic start (−1.2, 1); the gradient comes from a compiled Program
  const x = variable('x');
  const y = variable('y');
  const program = compile(add(square(sub(1, x)), mul(100, square(sub(y, square(x))))), [x, y]);
  const rosenbrock = (p: Float64Array, g: Float64Array) => {
    program.gradient(p, g);
  };
  const onRosenbrock: [string, () => Optimizer, number, number][] = [
    ['sgd γ 1e-3', () => sgd({ learningRate: 1e-3 }), 50_000, 34_096],
    ['momentum γ 1e-3', () => momentum({ learningRate: 1e-3 }), 6000, 3214],
    ['nesterov γ 1e-3', () => nesterov({ learningRate: 1e-3 }), 6000, 3261],
    // at a constant rate RMSprop and Adam circle in the valley; a decaying schedule settles them
    ['rmsprop γ 1e-3·0.9997ᵗ', () => rmsprop({ learningRate: exponentialDecay(1e-3, 0.9997) }), 30_000, 20_698],
    ['adagrad γ 0.5', () => adagrad({ learningRate: 0.5 }), 30_000, 17_581],
    ['adam γ 0.05·0.9995ᵗ', () => adam({ learningRate: exponentialDecay(0.05, 0.9995) }), 10_000, 4993],
    ['adamw γ 0.02·0.9995ᵗ', () => adamw({ learningRate: exponentialDecay(0.02, 0.9995) }), 40_000, 25_986],
  ];
  for (const [name, make, budget, measured] of onRosenbrock) {
    it(`Rosenbrock: ${name} reaches (1, 1) within ${tolerance} in ${budget} steps (measured: ${measured})`, () => {
      const { err, within } = converge(make(), [-1.2, 1], [1, 1], rosenbrock, budget);
      expect(err).toBeLessThanOrEqual(tolerance);
      expect(within).toBeGreaterThan(0);
      expect(Math.abs(within - measured), `steps to ${tolerance}: ${within}`).toBeLessThanOrEqual(0.05 * measured);
    });
  }
});

describe('schedules against their closed forms', () => {
  const at = (s: Schedule, steps: number[]) => steps.map((t) => s(t));
  const close = (got: number[], want: number[]) => got.forEach((v, i) => expect(v, `#${i}`).toBeCloseTo(want[i], 15));

  it('constant', () => {
    expect(at(constantSchedule(0.3), [0, 1, 1e6])).toEqual([0.3, 0.3, 0.3]);
  });

  it('step decay: γ₀·gamma^⌊t/stepSize⌋', () => {
    close(at(stepDecay(0.1, 30), [0, 29, 30, 59, 60, 95]), [0.1, 0.1, 0.01, 0.01, 0.001, 0.0001]);
    close(at(stepDecay(2, 3, 0.5), [0, 2, 3, 7]), [2, 2, 1, 0.5]);
  });

  it('piecewise constant', () => {
    const s = piecewiseConstant([10, 20], [1, 0.5, 0.25]);
    expect(at(s, [0, 9, 10, 19, 20, 1000])).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25]);
    expect(at(piecewiseConstant([], [7]), [0, 5])).toEqual([7, 7]);
  });

  it('exponential: γ₀·r^(t/k), staircase ⌊t/k⌋', () => {
    close(at(exponentialDecay(0.1, 0.9), [0, 1, 2, 10]), [0.1, 0.09, 0.081, 0.1 * 0.9 ** 10]);
    close(at(exponentialDecay(1, 0.5, { decaySteps: 4 }), [0, 2, 4, 6]), [1, Math.SQRT1_2, 0.5, 0.5 * Math.SQRT1_2]);
    close(at(exponentialDecay(1, 0.5, { decaySteps: 4, staircase: true }), [0, 3, 4, 7, 8]), [1, 1, 0.5, 0.5, 0.25]);
  });

  it('inverse time: γ₀/(1 + r·t/k)', () => {
    close(at(inverseTimeDecay(1, 0.5), [0, 1, 2, 8]), [1, 1 / 1.5, 0.5, 0.2]);
    close(at(inverseTimeDecay(3, 1, { decaySteps: 10, staircase: true }), [0, 9, 10, 25]), [3, 3, 1.5, 1]);
  });

  it('cosine: m + (γ₀ − m)(1 + cos(πt/T))/2, then m', () => {
    const s = cosineDecay(1, 100);
    close(at(s, [0, 25, 50, 75, 100, 500]), [1, (1 + Math.SQRT1_2) / 2, 0.5, (1 - Math.SQRT1_2) / 2, 0, 0]);
    close(at(cosineDecay(0.5, 10, { minValue: 0.1 }), [0, 5, 10, 11]), [0.5, 0.3, 0.1, 0.1]);
  });

  it('linear warm-up, then the following schedule from its own step 0', () => {
    const s = linearWarmup(10, exponentialDecay(0.1, 0.5));
    close(at(s, [0, 1, 5, 9, 10, 11, 12]), [0, 0.01, 0.05, 0.09, 0.1, 0.05, 0.025]);
    close(at(linearWarmup(4, 1, { from: 0.2 }), [0, 1, 2, 4, 100]), [0.2, 0.4, 0.6, 1, 1]);
    close(at(linearWarmup(0, 0.3), [0, 5]), [0.3, 0.3]);
  });

  it('a schedule as learning rate is evaluated at the step count, 0 for the first step', () => {
    const seen: number[] = [];
    const lr: Schedule = (t) => {
      seen.push(t);
      return 0.1;
    };
    run(adam({ learningRate: lr }), [0, 2], bowl, 3);
    expect(seen).toEqual([0, 1, 2]);
    // and a constant schedule gives exactly the numeric rate
    const a = run(rmsprop({ learningRate: 0.05, momentum: 0.5 }), [0, 2], bowl, 20);
    const b = run(rmsprop({ learningRate: constantSchedule(0.05), momentum: 0.5 }), [0, 2], bowl, 20);
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('bad schedule arguments are typed errors that name them', () => {
    expect(() => stepDecay(0.1, 0)).toThrow(/stepDecay: stepSize/);
    expect(() => piecewiseConstant([10, 5], [1, 2, 3])).toThrow(ArgumentError);
    expect(() => piecewiseConstant([10], [1])).toThrow(/values must be an array of 2/);
    expect(() => cosineDecay(1, 0)).toThrow(/decaySteps/);
    expect(() => exponentialDecay(1, Number.NaN)).toThrow(/decayRate/);
    expect(() => linearWarmup(-1, 0.1)).toThrow(/warmupSteps/);
  });
});

describe('zero gradients', () => {
  it('adam, adamw, rmsprop (plain, centered, with momentum), adagrad: no NaN after 1000 all-zero gradients', () => {
    const makers: [string, () => Optimizer][] = [
      ['adam', () => adam()],
      ['adam amsgrad', () => adam({ amsgrad: true })],
      ['adamw', () => adamw()],
      ['rmsprop', () => rmsprop()],
      ['rmsprop centered + momentum', () => rmsprop({ centered: true, momentum: 0.9 })],
      ['adagrad', () => adagrad()],
    ];
    for (const [name, make] of makers) {
      const opt = make();
      const x = new Float64Array([1.5, -2, 0]);
      const g = new Float64Array(3);
      const state = opt.init(x);
      for (let t = 0; t < 1000; t++) {
        g.fill(0);
        applyUpdates(x, opt.update(g, state, x));
        for (let i = 0; i < 3; i++) expect(Number.isFinite(g[i]), `${name} step ${t}`).toBe(true);
      }
      expect(Array.from(x).every(Number.isFinite), name).toBe(true);
      if (name !== 'adamw') expect(Array.from(x), name).toEqual([1.5, -2, 0]); // nothing moves
    }
  });

  it('centered RMSprop with a constant gradient: the variance estimate is clamped at 0, never √(−ulp)', () => {
    const t = scaleByRms({ centered: true });
    const state = t.init(new Float64Array(1));
    const u = new Float64Array(1);
    for (let k = 0; k < 20_000; k++) {
      u[0] = 0.3;
      t.update(u, state);
      expect(Number.isNaN(u[0]), `step ${k}`).toBe(false);
    }
  });
});

describe('clipping by global norm', () => {
  it('above the maximum the norm becomes the maximum, the direction is kept', () => {
    const t = clipByGlobalNorm(2);
    const u = new Float64Array([3, -4, 12]); // norm 13
    const s = t.init(u);
    expect(t.update(u, s)).toBe(u);
    expect(globalNorm(u)).toBeCloseTo(2, 15);
    expect(Array.from(u)).toEqual([3, -4, 12].map((v) => (v * 2) / 13));
  });

  it('at or below the maximum the updates are untouched, bit for bit', () => {
    const t = clipByGlobalNorm(13);
    for (const v of [[3, -4, 12], [0.1, 1e-300, -2], [0, 0, 0]]) {
      const u = Float64Array.from(v);
      t.update(u, t.init(u));
      expect(Array.from(u)).toEqual(v);
    }
  });

  it('the norm neither overflows nor underflows', () => {
    expect(globalNorm(new Float64Array([3e200, 4e200]))).toBeCloseTo(5e200, -186);
    expect(globalNorm(new Float64Array([3e-200, 4e-200])) / 5e-200).toBeCloseTo(1, 15);
    const u = new Float64Array([3e200, -4e200]);
    clipByGlobalNorm(1).update(u, {});
    expect(Array.from(u)).toEqual([0.6, -0.8].map((v) => expect.closeTo(v, 15)));
  });

  it('works inside a chain, before the optimizer', () => {
    const opt = chain(clipByGlobalNorm(1), scaleByLearningRate(0.5));
    const p = new Float64Array([0, 0]);
    const g = new Float64Array([30, 40]);
    applyUpdates(p, opt.update(g, opt.init(p), p));
    expect(Array.from(p)).toEqual([-0.3, -0.4].map((v) => expect.closeTo(v, 15)));
  });
});

describe('transforms and chains', () => {
  it('the optimizers are the documented chains, bit for bit', () => {
    const pairs: [Optimizer, GradientTransformation<any>][] = [
      [adam({ learningRate: 0.1 }), chain(scaleByAdam(), scaleByLearningRate(0.1))],
      [adamw({ learningRate: 0.1, weightDecay: 0.1 }), chain(scaleByAdam(), addDecayedWeights(0.1), scaleByLearningRate(0.1))],
      [sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 }), chain(addDecayedWeights(0.01), trace({ decay: 0.9, nesterov: true }), scaleByLearningRate(0.1))],
      [rmsprop({ learningRate: 0.1 }), chain(scaleByRms(), scaleByLearningRate(0.1))],
      [adagrad({ learningRate: 0.1, lrDecay: 0.5 }), chain(scaleByRss(), scaleByLearningRate(inverseTimeDecay(0.1, 0.5)))],
    ];
    for (const [a, b] of pairs) expect(Array.from(run(a, [0, 2], bowl, 30))).toEqual(Array.from(run(b, [0, 2], bowl, 30)));
  });

  it('AdamW decays the parameters before the step, as torch does: θ ← θ − γλθ, then Adam', () => {
    // with a zero gradient Adam's part is 0, so one step is exactly θ(1 − γλ) up to rounding
    const opt = adamw({ learningRate: 0.1, weightDecay: 0.5 });
    const p = new Float64Array([2, -4]);
    applyUpdates(p, opt.update(new Float64Array(2), opt.init(p), p));
    expect(p[0]).toBeCloseTo(2 * 0.95, 15);
    expect(p[1]).toBeCloseTo(-4 * 0.95, 15);
  });

  it('trace follows torch.optim.SGD: b₁ = g₁, then μb + (1 − τ)g; Nesterov returns g + μb', () => {
    const t = trace({ decay: 0.5, dampening: 0.5 });
    const s = t.init(new Float64Array(1));
    const seq = [2, 2, 2].map((g) => t.update(new Float64Array([g]), s)[0]);
    expect(seq).toEqual([2, 0.5 * 2 + 0.5 * 2, 0.5 * 2 + 0.5 * 2]);
    const n = trace({ decay: 0.5, nesterov: true });
    const sn = n.init(new Float64Array(1));
    expect([1, 1].map((g) => n.update(new Float64Array([g]), sn)[0])).toEqual([1 + 0.5 * 1, 1 + 0.5 * 1.5]);
  });

  it('scale, and the sign of scaleByLearningRate', () => {
    const u = new Float64Array([1, -2]);
    scale(3).update(u, {});
    expect(Array.from(u)).toEqual([3, -6]);
    scaleByLearningRate(0.5).update(u, { count: 0 });
    expect(Array.from(u)).toEqual([-1.5, 3]);
    scaleByLearningRate(2, { flipSign: false }).update(u, { count: 0 });
    expect(Array.from(u)).toEqual([-3, 6]);
  });

  it('a transform may return its own buffer: chain passes that on', () => {
    const copy: GradientTransformation<Float64Array> = {
      init: (p) => new Float64Array(p.length),
      update: (u, out) => {
        for (let i = 0; i < u.length; i++) out[i] = 2 * u[i];
        return out;
      },
    };
    const opt = chain(copy, scale(3));
    const s = opt.init(new Float64Array(2));
    const g = new Float64Array([1, 2]);
    const r = opt.update(g, s);
    expect(r).toBe(s[0]);
    expect(Array.from(r)).toEqual([6, 12]);
    expect(Array.from(g)).toEqual([1, 2]);
  });

  it('an empty chain is the identity', () => {
    const g = new Float64Array([1, 2]);
    const opt = chain();
    expect(opt.update(g, opt.init(g))).toBe(g);
  });
});

describe('errors', () => {
  it('bad options are ArgumentErrors that name the optimizer and the option', () => {
    expect(() => adam({ learningRate: -1 })).toThrow(/adam: learningRate must be a finite number ≥ 0, got the number -1/);
    expect(() => adam({ b1: 1 })).toThrow(/adam: b1 must be a number in \[0, 1\)/);
    expect(() => adamw({ eps: Number.NaN })).toThrow(ArgumentError);
    expect(() => rmsprop({ alpha: 2 })).toThrow(/rmsprop: alpha/);
    expect(() => adagrad({ lrDecay: -0.1 })).toThrow(/adagrad: lrDecay/);
    expect(() => sgd({ momentum: -0.5 })).toThrow(/sgd: momentum/);
    expect(() => sgd({ nesterov: true })).toThrow(/Nesterov momentum needs momentum > 0 and dampening 0/);
    expect(() => sgd({ learningRate: '0.1' as unknown as number })).toThrow(/the string "0.1"/);
    expect(() => sgd(null as unknown as object)).toThrow(/sgd: options must be an object/);
    expect(() => clipByGlobalNorm(-1)).toThrow(/clipByGlobalNorm: maxNorm/);
    expect(() => chain(adam(), {} as GradientTransformation)).toThrow(/chain: argument 1 is not a gradient transformation/);
  });

  it('a gradient of the wrong length is a ShapeError; a missing parameter array is named', () => {
    const opt = adam();
    const state = opt.init(new Float64Array(3));
    expect(() => opt.update(new Float64Array(2), state)).toThrow(ShapeError);
    expect(() => opt.update(new Float64Array(2), state)).toThrow(/scaleByAdam: updates have length 2, but the state was initialized for 3/);
    const w = adamw();
    expect(() => w.update(new Float64Array(3), w.init(new Float64Array(3)))).toThrow(/addDecayedWeights: update needs the current parameters/);
    expect(() => opt.init([1, 2, 3] as unknown as Float64Array)).toThrow(/params must be a Float64Array, got an array of length 3/);
    expect(() => applyUpdates(new Float64Array(2), new Float64Array(3))).toThrow(ShapeError);
    expect(() => opt.update(new Float64Array(3), [] as unknown as unknown[])).toThrow(/chain.update: the state must be the array of 2 states/);
  });
});

describe('steady state', () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  // 2-D Rosenbrock's gradient by hand, so that only the optimizer layer is measured
  const rosenbrock = (p: Float64Array, g: Float64Array) => {
    const a = p[0];
    const r = p[1] - a * a;
    g[0] = -2 * (1 - a) - 400 * a * r;
    g[1] = 200 * r;
  };

  const cases: [string, () => GradientTransformation<any>][] = [
    ...Object.entries(optimizers).map(([name, make]): [string, () => GradientTransformation<any>] => [name, () => make({ learningRate: 1e-4 })]),
    ['adam with a warm-up + cosine schedule', () => adam({ learningRate: linearWarmup(100, cosineDecay(1e-3, 1e6)) })],
    ['adagrad with a schedule and lrDecay', () => adagrad({ learningRate: exponentialDecay(0.01, 0.99999), lrDecay: 1e-3 })],
    ['every transform and schedule in one chain', () =>
      chain(
        clipByGlobalNorm(10),
        addDecayedWeights(1e-4),
        trace({ decay: 0.5, dampening: 0.1 }),
        trace({ decay: 0.5, nesterov: true }),
        scaleByAdam({ amsgrad: true }),
        scaleByRms({ centered: true }),
        scaleByRss({ initialAccumulatorValue: 1 }),
        scale(0.5),
        scaleByLearningRate(linearWarmup(100, cosineDecay(1e-4, 1e6))),
        scaleByLearningRate(stepDecay(1, 1000, 0.999)),
        scaleByLearningRate(piecewiseConstant([10, 20], [1, 1, 1]), { flipSign: false }),
        scaleByLearningRate(inverseTimeDecay(1, 1e-6), { flipSign: false }),
        scaleByLearningRate(exponentialDecay(1, 0.999999, { staircase: true, decaySteps: 10 }), { flipSign: false }),
        scaleByLearningRate(constantSchedule(1), { flipSign: false }),
      )],
  ];

  for (const [name, make] of cases) {
    it(`${name}: 10^4 steps (gradient, update, apply) allocate nothing once optimized (young generation after gc())`, () => {
      const opt = make();
      const p = new Float64Array([-1.2, 1]);
      const g = new Float64Array(2);
      const state = opt.init(p);
      const step = () => {
        rosenbrock(p, g);
        applyUpdates(p, opt.update(g, state, p));
      };
      for (let i = 0; i < 50_000; i++) step(); // until V8 has optimized the loop
      // the measurement sees allocation: a step that allocates its gradient (32 bytes and a header) shows
      expect(youngBytes(() => { const fresh = new Float64Array(2); rosenbrock(p, fresh); }, 1e4)).toBeGreaterThan(100_000);
      // a single 16-byte allocation per step would be 160 kB in every measurement
      expect(leastYoungBytes(step, 1e4)).toBeLessThan(16_000);
      expect(Array.from(p).every(Number.isFinite)).toBe(true);
    });
  }

  it('with a compiled Program for the gradient, the heap stays flat over 10^5 steps', () => {
    // Program.gradient returns the value from its kernel as a number; when V8 does not inline that
    // call the number is boxed, so this measures what is retained (gc on both sides), not allocation.
    const x = variable('x');
    const y = variable('y');
    const program = compile(add(square(sub(1, x)), mul(100, square(sub(y, square(x))))), [x, y]);
    const opt = adam({ learningRate: 1e-3 });
    const p = new Float64Array([-1.2, 1]);
    const g = new Float64Array(2);
    const state = opt.init(p);
    const step = () => {
      program.gradient(p, g);
      applyUpdates(p, opt.update(g, state, p));
    };
    for (let i = 0; i < 50_000; i++) step();
    gc!();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 1e5; i++) step();
    gc!();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(200_000);
  });
});

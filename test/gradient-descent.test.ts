// Gradient descent (src/optim/gradient-descent.ts): the notes' cell [4] bit
// for bit, the three step-size policies of the notes compared, exact line
// search steps against their closed form, stopping rules and non-finite losses.
import { describe, expect, it } from 'vitest';
import { ArgumentError, compile, variable, WengertError } from '../src/index.js';
import { gradientDescent } from '../src/optim/gradient-descent.js';
import { NonFiniteLossError, type Objective } from '../src/optim/objective.js';
import { inverseTimeDecay } from '../src/optim/schedules.js';

/** f(x) = x² − 6x + 5 and f′(x) = 2x − 6, written as the notes write them. */
const parabola: Objective = {
  value: (x) => x[0] ** 2 - 6 * x[0] + 5,
  gradient: (x, g) => {
    g[0] = 2 * x[0] - 6;
    return g;
  },
};

/**
 * A direct transcription of the notes' cell [4]:
 *   old_min = 0; temp_min = 15; step_size = 0.01; precision = 0.01
 *   while abs(temp_min - old_min) > precision:
 *       old_min = temp_min; gradient = f_derivative(old_min); move = gradient * step_size
 *       temp_min = old_min - move; mins.append(temp_min)
 */
function notesCell4(start = 15, stepSize = 0.01, precision = 0.01) {
  let oldMin = 0;
  let tempMin = start;
  const mins: number[] = [];
  while (Math.abs(tempMin - oldMin) > precision) {
    oldMin = tempMin;
    const gradient = 2 * oldMin - 6;
    const move = gradient * stepSize;
    tempMin = oldMin - move;
    mins.push(tempMin);
  }
  return { tempMin, mins };
}

describe("the notes' cell [4]: x² − 6x + 5 from 15, step 0.01, precision 0.01", () => {
  const notes = notesCell4();

  it('the transcription prints what the notes print', () => {
    expect(`El mínimo local ocurre en ${notes.tempMin.toFixed(2)}.`).toBe('El mínimo local ocurre en 3.48.');
    expect(notes.mins).toHaveLength(159);
    expect(notes.tempMin).toBe(3.4832003955785793); // python3 computes the same double
  });

  it('gradientDescent with a constant step and stopWhen "step" takes the same steps, bit for bit', () => {
    const r = gradientDescent(parabola, [15], { step: 0.01, tolerance: 0.01, stopWhen: 'step' });
    expect(r.x[0].toFixed(2)).toBe('3.48');
    expect(r.iterations).toBe(notes.mins.length);
    expect(r.x[0]).toBe(notes.tempMin);
    expect(r.history.points.slice(1).map((p) => p[0])).toEqual(notes.mins);
    expect(r.history.steps).toEqual(new Array(159).fill(0.01));
    expect(r.status).toBe('converged');
    // the notes start with old_min = 0, so their first test compares 15 with 0; ours always takes a first step.
    // The two agree whenever |x0| > precision, as here.
  });

  it('the same from a graph of x² − 6x + 5', () => {
    const x = variable('x');
    const f = x.square().sub(x.mul(6)).add(5);
    const r = gradientDescent(f, [15], { step: 0.01, tolerance: 0.01, stopWhen: 'step' });
    expect(r.x[0].toFixed(2)).toBe('3.48');
    expect(r.iterations).toBe(159);
    expect(r.x[0]).toBe(notes.tempMin);
  });

  it('the history is ready to plot', () => {
    const r = gradientDescent(parabola, [15], { step: 0.01, tolerance: 0.01, stopWhen: 'step' });
    const h = r.history;
    expect(h.values).toHaveLength(160);
    expect(h.points).toHaveLength(160);
    expect(h.gradientNorms).toHaveLength(160);
    expect(h.steps).toHaveLength(159);
    expect(h.values[0]).toBe(140);
    expect(h.gradientNorms[0]).toBe(24);
    h.points.forEach((p, t) => {
      expect(h.values[t]).toBe(parabola.value(p));
      expect(h.gradientNorms[t]).toBe(Math.abs(2 * p[0] - 6));
    });
    expect(r.value).toBe(h.values[159]);
    expect(r.gradient[0]).toBe(2 * r.x[0] - 6);
    expect(r.evaluations).toEqual({ values: 160, gradients: 160 });
  });
});

/** ½xᵀAx − bᵀx with A = [[21, 19], [19, 21]] (eigenvalues 40 and 2, condition number 20) and b = (1, 2). */
const A = [
  [21, 19],
  [19, 21],
];
const b = [1, 2];
const illConditioned: Objective = {
  value: (x) => 0.5 * (A[0][0] * x[0] * x[0] + 2 * A[0][1] * x[0] * x[1] + A[1][1] * x[1] * x[1]) - b[0] * x[0] - b[1] * x[1],
  gradient: (x, g) => {
    g[0] = A[0][0] * x[0] + A[0][1] * x[1] - b[0];
    g[1] = A[1][0] * x[0] + A[1][1] * x[1] - b[1];
    return g;
  },
};
const det = A[0][0] * A[1][1] - A[0][1] * A[1][0];
const solution = [(A[1][1] * b[0] - A[0][1] * b[1]) / det, (A[0][0] * b[1] - A[1][0] * b[0]) / det]; // A⁻¹b
const exactStep = (g: ArrayLike<number>) => {
  const Ag = [A[0][0] * g[0] + A[0][1] * g[1], A[1][0] * g[0] + A[1][1] * g[1]];
  return (g[0] * g[0] + g[1] * g[1]) / (g[0] * Ag[0] + g[1] * Ag[1]);
};

describe("the notes' three step-size policies", () => {
  // The same decreasing schedule on both problems: inverse time, αₜ = 0.045 / (1 + t/100), starting just below
  // 2/L = 0.05 (L = 40, the largest curvature of the 2-D quadratic), where a constant step would diverge on it.
  // It beats the notes' constant 0.01 because it can start larger; a well-chosen constant step would do as well.
  const decreasing = (t: number) => 0.045 / (1 + t / 100);
  const policies = { constant: 0.01, decreasing, armijo: 'armijo', exact: 'exact' } as const;

  it('on x² − 6x + 5 from 15, to the same accuracy (|f′| ≤ 0.01), the others take fewer iterations', () => {
    const runs = Object.fromEntries(
      Object.entries(policies).map(([name, step]) => [name, gradientDescent(parabola, [15], { step, tolerance: 0.01 })]),
    );
    for (const r of Object.values(runs)) {
      expect(r.status).toBe('converged');
      expect(Math.abs(r.x[0] - 3)).toBeLessThanOrEqual(0.005);
    }
    // measured: constant 386, decreasing 131, Armijo 1 (α = ½ lands on 3), exact 1
    expect(runs.constant.iterations).toBe(386);
    expect(runs.decreasing.iterations).toBeLessThan(runs.constant.iterations);
    expect(runs.armijo.iterations).toBeLessThan(runs.decreasing.iterations);
    expect(runs.exact.iterations).toBeLessThanOrEqual(runs.armijo.iterations);
  });

  it('with the notes’ own stopping rule (|Δx| ≤ 0.01) each ends nearer to 3 than the constant step’s 3.48', () => {
    const constant = gradientDescent(parabola, [15], { step: 0.01, tolerance: 0.01, stopWhen: 'step' });
    for (const step of [decreasing, 'armijo', 'exact'] as const) {
      const r = gradientDescent(parabola, [15], { step, tolerance: 0.01, stopWhen: 'step' });
      expect(r.iterations).toBeLessThan(constant.iterations);
      expect(Math.abs(r.x[0] - 3)).toBeLessThan(Math.abs(constant.x[0] - 3));
    }
  });

  it('on an ill-conditioned 2-D quadratic, to ‖∇f‖ ≤ 1e-6, the others take fewer iterations', () => {
    const runs = Object.fromEntries(
      Object.entries(policies).map(([name, step]) => [name, gradientDescent(illConditioned, [5, -3], { step, tolerance: 1e-6 })]),
    );
    for (const r of Object.values(runs)) {
      expect(r.status).toBe('converged');
      expect(Math.hypot(r.x[0] - solution[0], r.x[1] - solution[1])).toBeLessThan(1e-6);
    }
    // measured: constant 807, decreasing 487, Armijo 127, exact 43 iterations — but the exact search spends
    // about 46 evaluations of f per iteration (1963 in all, 242 gradients) against Armijo's 6 (793): the notes'
    // "la última política es buena, pero demasiado cara"
    expect(runs.constant.iterations).toBe(807);
    expect(runs.decreasing.iterations).toBeLessThan(runs.constant.iterations);
    expect(runs.armijo.iterations).toBeLessThan(runs.decreasing.iterations);
    expect(runs.exact.iterations).toBeLessThan(runs.armijo.iterations);
    expect(runs.exact.evaluations.values).toBeGreaterThan(runs.armijo.evaluations.values);
  });

  it('a schedule of src/optim/schedules.ts is a decreasing policy: inverseTimeDecay is the one above', () => {
    const fromSchedules = gradientDescent(illConditioned, [5, -3], { step: inverseTimeDecay(0.045, 1, { decaySteps: 100 }), tolerance: 1e-6 });
    const byHand = gradientDescent(illConditioned, [5, -3], { step: decreasing, tolerance: 1e-6 });
    expect(fromSchedules.history.steps).toEqual(byHand.history.steps);
    expect(fromSchedules.iterations).toBe(487);
  });

  it('the schedule is called with t = 0, 1, 2, …', () => {
    const calls: number[] = [];
    const r = gradientDescent(parabola, [15], { step: (t) => (calls.push(t), 0.1), maxIterations: 5 });
    expect(calls).toEqual([0, 1, 2, 3, 4]);
    expect(r.history.steps).toEqual([0.1, 0.1, 0.1, 0.1, 0.1]);
    expect(r.status).toBe('maxIterations');
  });
});

describe('exact line search on a quadratic', () => {
  it('takes the closed-form steps gᵀg / gᵀAg', () => {
    const r = gradientDescent(illConditioned, [5, -3], { step: 'exact', tolerance: 1e-6 });
    expect(r.iterations).toBe(43);
    r.history.steps.forEach((step, t) => {
      const g = illConditioned.gradient!(r.history.points[t], new Float64Array(2));
      const gNorm = Math.hypot(g[0], g[1]);
      // g = Ax − b is itself computed with an absolute error ≈ ε·‖A‖‖x‖ ≈ 1e-14, so near the solution the
      // closed form is only known to ≈ 1e-14 / ‖g‖ relative: the bound allows for that, and is 1e-13 far from it
      expect(Math.abs(step - exactStep(g)) / exactStep(g)).toBeLessThan(1e-13 * Math.max(1, 1 / gNorm));
    });
    // the first steps, with ‖g‖ ≥ 1: equal to the last bit or two
    for (let t = 0; t < 8; t++) {
      const g = illConditioned.gradient!(r.history.points[t], new Float64Array(2));
      expect(r.history.steps[t]).toBeCloseTo(exactStep(g), 15);
    }
  });

  it('follows the closed-form trajectory', () => {
    const r = gradientDescent(illConditioned, [5, -3], { step: 'exact', tolerance: 1e-6 });
    let x = [5, -3];
    for (let t = 0; t <= r.iterations; t++) {
      expect(Math.abs(r.history.points[t][0] - x[0])).toBeLessThan(1e-12);
      expect(Math.abs(r.history.points[t][1] - x[1])).toBeLessThan(1e-12);
      const g = illConditioned.gradient!(Float64Array.from(x), new Float64Array(2));
      const alpha = exactStep(g);
      x = [x[0] - alpha * g[0], x[1] - alpha * g[1]];
    }
  });

  it('successive steps along −g are orthogonal, as exact line search makes them', () => {
    const r = gradientDescent(illConditioned, [5, -3], { step: 'exact', tolerance: 1e-6 });
    for (let t = 0; t + 1 < 10; t++) {
      const g0 = illConditioned.gradient!(r.history.points[t], new Float64Array(2));
      const g1 = illConditioned.gradient!(r.history.points[t + 1], new Float64Array(2));
      expect(Math.abs(g0[0] * g1[0] + g0[1] * g1[1]) / (Math.hypot(g0[0], g0[1]) * Math.hypot(g1[0], g1[1]))).toBeLessThan(1e-12);
    }
  });

  it('on a 1-D parabola, one step lands on the minimum', () => {
    const r = gradientDescent(parabola, [15], { step: 'exact' });
    expect(r.iterations).toBe(1);
    expect(r.history.steps[0]).toBe(0.5); // 1 / f″
    expect(r.x[0]).toBe(3);
  });

  it('with values only (polish: false) the steps are right to 1e-7 while ‖g‖ is large', () => {
    const r = gradientDescent(illConditioned, [5, -3], { step: 'exact', tolerance: 1e-6, lineSearch: { polish: false } });
    expect(r.status).toBe('converged');
    for (let t = 0; t < 8; t++) {
      const g = illConditioned.gradient!(r.history.points[t], new Float64Array(2));
      // largest relative error over the 8 steps: 6.3e-8 (golden section alone: about √ε ≈ 1.5e-8 of the bracket)
      expect(Math.abs(r.history.steps[t] - exactStep(g)) / exactStep(g)).toBeLessThan(1e-7);
    }
  });
});

describe('stopping rules', () => {
  it('"gradient" checks before each step: a start at the minimum takes none', () => {
    const r = gradientDescent(parabola, [3], { step: 0.1, stopWhen: 'gradient' });
    expect(r.iterations).toBe(0);
    expect(r.status).toBe('converged');
    const s = gradientDescent(parabola, [15], { step: 0.1, stopWhen: 'gradient', tolerance: 1e-3 });
    expect(s.history.gradientNorms.at(-1)).toBeLessThanOrEqual(1e-3);
    expect(s.history.gradientNorms.at(-2)).toBeGreaterThan(1e-3);
  });

  it('"value" stops when |f(xₜ₊₁) − f(xₜ)| ≤ tolerance', () => {
    const r = gradientDescent(parabola, [15], { step: 0.1, stopWhen: 'value', tolerance: 1e-6 });
    const v = r.history.values;
    expect(Math.abs(v.at(-1)! - v.at(-2)!)).toBeLessThanOrEqual(1e-6);
    for (let t = 1; t + 1 < v.length; t++) expect(Math.abs(v[t] - v[t - 1])).toBeGreaterThan(1e-6);
  });

  it('"step" stops when ‖xₜ₊₁ − xₜ‖ ≤ tolerance (Euclidean)', () => {
    const r = gradientDescent(illConditioned, [5, -3], { step: 0.01, stopWhen: 'step', tolerance: 1e-4 });
    const p = r.history.points;
    const dist = (t: number) => Math.hypot(p[t + 1][0] - p[t][0], p[t + 1][1] - p[t][1]);
    expect(dist(p.length - 2)).toBeLessThanOrEqual(1e-4);
    expect(dist(p.length - 3)).toBeGreaterThan(1e-4);
  });

  it('maxIterations', () => {
    const r = gradientDescent(parabola, [15], { step: 0.01, maxIterations: 7 });
    expect(r.iterations).toBe(7);
    expect(r.status).toBe('maxIterations');
  });

  it('a line search that cannot decrease f (here: a wrong gradient) ends with "lineSearchFailed"', () => {
    const wrong: Objective = { value: parabola.value, gradient: (x, g) => ((g[0] = 6 - 2 * x[0]), g) };
    const r = gradientDescent(wrong, [15], { step: 'armijo' });
    expect(r.status).toBe('lineSearchFailed');
    expect(r.iterations).toBe(0);
    expect([...r.x]).toEqual([15]);
    expect(gradientDescent(wrong, [15], { step: 'exact' }).status).toBe('lineSearchFailed');
  });
});

describe('a loss that becomes non-finite stops the run, naming the step', () => {
  it('a constant step too large for x² − 6x + 5 diverges until x² overflows', () => {
    // the transcribed loop with step 1.1: |1 − 2·1.1| = 1.2 > 1, so x − 3 grows ×1.2 per step
    let x = 15;
    let t = 0;
    while (Number.isFinite(x ** 2 - 6 * x + 5)) {
      x = x - (2 * x - 6) * 1.1;
      t++;
    }
    const e = (() => {
      try {
        gradientDescent(parabola, [15], { step: 1.1, maxIterations: 100_000 });
      } catch (err) {
        return err;
      }
    })() as NonFiniteLossError;
    expect(e).toBeInstanceOf(NonFiniteLossError);
    expect(e).toBeInstanceOf(WengertError);
    expect(e.step).toBe(t);
    expect(e.value).toBe(Infinity);
    expect(e.quantity).toBe('loss');
    expect(e.message).toContain(`at step ${t}`);
    expect((e.history as { values: number[] }).values).toHaveLength(t + 1);
  });

  it('at the starting point, and for a gradient', () => {
    const sqrt: Objective = { value: (x) => Math.sqrt(x[0]), gradient: (x, g) => ((g[0] = 0.5 / Math.sqrt(x[0])), g) };
    expect(() => gradientDescent(sqrt, [-1], { step: 0.1 })).toThrow(/loss became NaN at step 0 \(the starting point\)/);
    expect(() => gradientDescent(sqrt, [0], { step: 0.1 })).toThrow(/gradient became non-finite at step 0/);
    // the decreasing schedule's first step is too large for L = 40: the run diverges and says where
    expect(() => gradientDescent(illConditioned, [5, -3], { step: (t) => 0.4 / (1 + t / 100) })).toThrow(NonFiniteLossError);
  });
});

describe('objectives and arguments', () => {
  it('a graph, a compiled program and plain functions agree', () => {
    const x = variable('x');
    const y = variable('y');
    const f = x.mul(x).mul(10.5).add(x.mul(y).mul(19)).add(y.mul(y).mul(10.5)).sub(x).sub(y.mul(2)); // ½xᵀAx − bᵀx
    const options = { step: 'armijo', tolerance: 1e-8 } as const;
    const fromGraph = gradientDescent(f, [5, -3], { ...options, inputs: [x, y] });
    const fromProgram = gradientDescent(compile(f, [x, y]), [5, -3], options);
    const fromFunctions = gradientDescent(illConditioned, [5, -3], options);
    for (const r of [fromGraph, fromProgram]) {
      expect(r.iterations).toBe(fromFunctions.iterations);
      expect(r.x[0]).toBeCloseTo(solution[0], 8);
      expect(r.x[1]).toBeCloseTo(solution[1], 8);
    }
  });

  it('x0 is not modified', () => {
    const x0 = new Float64Array([15]);
    gradientDescent(parabola, x0, { step: 0.1 });
    expect([...x0]).toEqual([15]);
  });

  it('rejects what it cannot use, with typed errors', () => {
    expect(() => gradientDescent((x: Float64Array) => x[0] ** 2, [1])).toThrow(/no gradient/);
    expect(() => gradientDescent(parabola, [1], { step: 0 })).toThrow(ArgumentError);
    expect(() => gradientDescent(parabola, [1], { step: 'newton' as 'exact' })).toThrow(ArgumentError);
    expect(() => gradientDescent(parabola, [1], { step: () => -1 })).toThrow(/schedule returned the number -1 at t = 0/);
    expect(() => gradientDescent(parabola, [1], { stopWhen: 'never' as 'step' })).toThrow(ArgumentError);
    expect(() => gradientDescent(parabola, [1], { tolerance: -1 })).toThrow(ArgumentError);
    expect(() => gradientDescent(parabola, [Infinity])).toThrow(ArgumentError);
    const x = variable('x');
    const y = variable('y');
    expect(() => gradientDescent(x.mul(y), [1, 1])).toThrow(/pass \{ inputs/);
    expect(() => gradientDescent(compile(x.mul(y), [x, y]), [1])).toThrow(/x0 has length 1/);
  });
});

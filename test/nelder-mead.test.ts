// Nelder-Mead (src/optim/nelder-mead.ts): Rosenbrock against the `fmin`
// package, the coefficients checked step by step by hand, NaN regions,
// degenerate simplices, budgets and history.
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, compile, ShapeError, variable, WengertError } from '../src/index.js';
import { DegenerateSimplexError, flatness, nelderMead } from '../src/optim/nelder-mead.js';

const rosenbrock = (x: ArrayLike<number>) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2;
/** Distance to the minimum (1, 1) in the max norm. */
const error = (x: ArrayLike<number>) => Math.max(Math.abs(x[0] - 1), Math.abs(x[1] - 1));

type FminResult = { x: number[]; fx: number };
let fminNelderMead: (f: (x: number[]) => number, x0: number[], parameters: Record<string, unknown>) => FminResult;

beforeAll(async () => {
  // fmin 0.0.4's package.json points "jsnext:main" at sources with extension-less imports that Node cannot load;
  // its UMD build ("main") runs on import and sets globalThis.fmin. The specifier is a variable so that tsc
  // does not look for type declarations fmin does not ship.
  const specifier = 'fmin';
  await import(specifier);
  fminNelderMead = (globalThis as unknown as { fmin: { nelderMead: typeof fminNelderMead } }).fmin.nelderMead;
});

/** Runs fmin's nelderMead on Rosenbrock, counting evaluations and noting when its best point first came within 1e-6 of (1, 1). */
function runFmin(tol: number) {
  let evaluations = 0;
  let best = Infinity;
  let firstWithin = -1;
  const r = fminNelderMead(
    (x) => {
      evaluations++;
      const v = rosenbrock(x);
      if (v < best) {
        best = v;
        if (firstWithin < 0 && error(x) <= 1e-6) firstWithin = evaluations;
      }
      return v;
    },
    [-1.2, 1],
    { minErrorDelta: tol, maxIterations: 100_000 },
  );
  return { evaluations, error: error(r.x), firstWithin };
}

function runOurs(tol: number) {
  let best = Infinity;
  let firstWithin = -1;
  let evaluations = 0;
  const r = nelderMead(
    (x) => {
      evaluations++;
      const v = rosenbrock(x);
      if (v < best) {
        best = v;
        if (firstWithin < 0 && error(x) <= 1e-6) firstWithin = evaluations;
      }
      return v;
    },
    [-1.2, 1],
    { tol, maxIterations: 100_000, maxEvaluations: 100_000 },
  );
  expect(r.evaluations).toBe(evaluations);
  return { ...r, error: error(r.x), firstWithin };
}

describe('Rosenbrock from (−1.2, 1), against the fmin package', () => {
  // How fmin 0.0.4's tolerances map to ours (node_modules/fmin/src/nelderMead.js):
  // - it stops when |f(best) − f(worst)| < minErrorDelta AND max_k |best_k − second_k| < minTolerance, where
  //   minTolerance is read from parameters.minErrorDelta (an upstream bug: its own minTolerance option is
  //   ignored), so `minErrorDelta: tol` sets both thresholds to tol;
  // - its size test compares the best vertex with the second-best only; ours (like scipy's) takes the largest
  //   |xᵢ − x_best| over every vertex, so at the same tol fmin may stop earlier with a larger simplex;
  // - the rest is the same method: initial simplex x0 plus 5% of each coordinate, reflection 1, expansion 2,
  //   contraction ½ (outside and inside), shrink ½, and maxIterations (default 200·n) set out of the way here.
  // Measured (node 20): at tol 1e-6 fmin stops after 174 evaluations with its best point 5.1e-6 from (1, 1) —
  // it has not reached (1, 1) to 1e-6 — while ours stops after 189 evaluations 2.5e-7 away. Over tolerances
  // 1e-6·2^(−k/16) (16 a factor of 2; 64 or 256 a factor of 2 give the same, and so do 705 tolerances from 1.6e-5
  // to 7.8e-9), the fewest evaluations after which fmin ends within 1e-6 of (1, 1) are 191 (at minErrorDelta
  // ≈ 2.3e-7); the coarser grid 1e-6/2^k finds 200. Both methods first evaluate a point within 1e-6 of (1, 1) at
  // evaluation 183. So the fair comparison is at equal accuracy, which is what we assert.
  it('reaches (1, 1) to 1e-6 at tol 1e-6', () => {
    const ours = runOurs(1e-6);
    expect(ours.status).toBe('converged');
    expect(ours.error).toBeLessThanOrEqual(1e-6);
    expect(ours.value).toBeLessThan(1e-12);
    expect(ours.evaluations).toBe(189);
  });

  it('in no more evaluations than fmin needs to end as close to (1, 1)', () => {
    const ours = runOurs(1e-6);
    const atSameTol = runFmin(1e-6);
    expect(atSameTol.evaluations).toBe(174); // stops earlier at the same nominal tol …
    expect(atSameTol.error).toBeGreaterThan(1e-6); // … but short of (1, 1) to 1e-6
    // the fewest evaluations fmin needs to end within 1e-6 of (1, 1), over tolerances 1e-6·2^(−k/16), k = 0 … 64
    let fewest = Infinity;
    for (let k = 0; k <= 64; k++) {
      const theirs = runFmin(1e-6 * 2 ** (-k / 16));
      if (theirs.error <= 1e-6) fewest = Math.min(fewest, theirs.evaluations);
    }
    expect(fewest).toBe(191);
    expect(ours.evaluations).toBeLessThanOrEqual(fewest);
  });

  it('and its best point comes within 1e-6 of (1, 1) no later than fmin’s', () => {
    // independent of both stopping rules: the evaluation at which the best point so far first lies within 1e-6
    const ours = runOurs(1e-10);
    const theirs = runFmin(1e-10);
    expect(ours.firstWithin).toBeGreaterThan(0);
    expect(theirs.firstWithin).toBeGreaterThan(0);
    expect(ours.firstWithin).toBeLessThanOrEqual(theirs.firstWithin);
    expect(ours.firstWithin).toBe(183);
  });

  it('fmin’s shrink step throws (an undeclared loop variable), ours shrinks', () => {
    // every point but x0 has the value 1 + x₀²: contraction cannot beat the worst vertex, so both must shrink
    const f = (x: ArrayLike<number>) => (x[0] === 1 && x[1] === 1 ? 0 : 1 + x[0] ** 2);
    expect(() => fminNelderMead((x) => f(x), [1, 1], {})).toThrow(ReferenceError);
    expect(nelderMead(f, [1, 1]).value).toBe(0);
  });
});

describe('the standard coefficients, one iteration at a time', () => {
  it('reflection 1 then expansion 2', () => {
    // simplex (0,0) (1,0) (0,1) with values 0 1 2: the centroid of the best two is (½, 0); reflecting (0,1)
    // gives (1,−1) with −1 < 0 (a new best), so expand to c + 2(c − w) = (1.5, −2), value −2.5 < −1: kept
    const r = nelderMead((x) => x[0] + 2 * x[1], [0, 0], { initialStep: 1, maxIterations: 1 });
    expect([...r.x]).toEqual([1.5, -2]);
    expect(r.value).toBe(-2.5);
    expect(r.evaluations).toBe(5);
    expect(r.status).toBe('maxIterations');
  });

  it('inside contraction ½', () => {
    // (1,1) .08, (2,1) .68, (1,2) .68: the tie keeps the initial order, so (1,2) is worst; the reflection (2,0)
    // is worse still (2.08), so contract inside: c − ½(c − w) = (1.25, 1.5), value .0925 < .68
    const f = (x: ArrayLike<number>) => (x[0] - 1.2) ** 2 + (x[1] - 1.2) ** 2;
    const r = nelderMead(f, [1, 1], { initialStep: 1, maxIterations: 1 });
    expect(r.simplex.points.map((p) => [...p])).toEqual([
      [1, 1],
      [1.25, 1.5],
      [2, 1],
    ]);
    expect(r.evaluations).toBe(5);
  });

  it('outside contraction ½', () => {
    // f = |x − 0.9| + |y|: (0,0) .9, (1,0) .1, (0,1) 1.9 → worst (0,1); centroid (½, 0); reflection (1,−1)
    // has 1.1: between the second-worst (.9) and the worst, so contract outside: c + ½(c − w) = (.75, −.5), .65
    const f = (x: ArrayLike<number>) => Math.abs(x[0] - 0.9) + Math.abs(x[1]);
    const r = nelderMead(f, [0, 0], { initialStep: 1, maxIterations: 1 });
    expect(r.simplex.points.map((p) => [...p])).toEqual([
      [1, 0],
      [0.75, -0.5],
      [0, 0],
    ]);
    expect(r.evaluations).toBe(5);
  });

  it('shrink ½ towards the best vertex', () => {
    // only (0,0) is finite: reflection and contraction return NaN (= +∞), so shrink (1,0)→(½,0), (0,1)→(0,½)
    const f = (x: ArrayLike<number>) => (x[0] === 0 && x[1] === 0 ? 0 : NaN);
    const r = nelderMead(f, [0, 0], { initialStep: 1, maxIterations: 1 });
    expect(r.simplex.points.map((p) => [...p])).toEqual([
      [0, 0],
      [0.5, 0],
      [0, 0.5],
    ]);
    expect(r.evaluations).toBe(3 + 2 + 2);
  });
});

describe('NaN values count as +∞', () => {
  it('expansions that overshoot into a region where f is NaN', () => {
    let nans = 0;
    const f = (x: Float64Array) => {
      if (x[0] > 1.5) {
        nans++;
        return NaN;
      }
      return (x[0] - 1) ** 2 + 4 * (x[1] - 1) ** 2;
    };
    const r = nelderMead(f, [-5, 0], { initialStep: 1, tol: 1e-10, maxEvaluations: 10_000 });
    expect(nans).toBeGreaterThan(0);
    expect(r.status).toBe('converged');
    expect(error(r.x)).toBeLessThan(1e-8);
  });

  it('f = x − log x + (y − 2)², NaN for x < 0, from inside and from outside its domain', () => {
    for (const x0 of [[5, 0], [-0.5, 0]]) {
      let nans = 0;
      const f = (x: Float64Array) => {
        const v = x[0] - Math.log(x[0]) + (x[1] - 2) ** 2;
        if (Number.isNaN(v)) nans++;
        return v;
      };
      const r = nelderMead(f, x0, { initialStep: 1, tol: 1e-10, maxEvaluations: 10_000 });
      expect(nans).toBeGreaterThan(0);
      expect(r.status).toBe('converged');
      expect(r.value).toBeCloseTo(1, 12);
      expect(Math.abs(r.x[0] - 1)).toBeLessThan(1e-6);
      expect(Math.abs(r.x[1] - 2)).toBeLessThan(1e-6);
    }
  });
});

describe('degenerate simplices', () => {
  it('an initial step of 0 is a DegenerateSimplexError naming the coordinate', () => {
    const e = (() => {
      try {
        nelderMead(rosenbrock, [-1.2, 1], { initialStep: 0 });
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(DegenerateSimplexError);
    expect(e).toBeInstanceOf(WengertError);
    expect((e as DegenerateSimplexError).coordinate).toBe(0);
    expect((e as Error).message).toMatch(/coordinate 0/);
    expect(() => nelderMead(rosenbrock, [-1.2, 1], { initialStep: [0.1, 0] })).toThrow(/coordinate 1/);
  });

  it('a step too small to move its coordinate in floating point, also', () => {
    expect(() => nelderMead(rosenbrock, [1e20, 1], { initialStep: 1 })).toThrow(DegenerateSimplexError);
  });

  it('a simplex that collapses during the run ends with status "degenerate" and the best point found', () => {
    // tol 0 cannot be met: the simplex shrinks to the spacing of doubles around (1, 1) and stops moving
    const r = nelderMead(rosenbrock, [-1.2, 1], { tol: 0, maxIterations: 100_000, maxEvaluations: 100_000 });
    expect(r.status).toBe('degenerate');
    expect(r.iterations).toBeLessThan(1000);
    expect(error(r.x)).toBeLessThan(1e-15);

    // only x0 has a finite value: shrinking pulls every vertex onto it
    const lonely = nelderMead((x) => (x[0] === 0.3 && x[1] === 0.7 ? 1 : NaN), [0.3, 0.7]);
    expect(lonely.status).toBe('degenerate');
    expect([...lonely.x]).toEqual([0.3, 0.7]);
    expect(lonely.value).toBe(1);

    // NaN everywhere: the value is +∞, and the run still ends
    const nowhere = nelderMead(() => NaN, [0.3, 0.7]);
    expect(nowhere.status).toBe('degenerate');
    expect(nowhere.value).toBe(Infinity);
  });

  it('a simplex pressed flat against the edge of f’s domain is detected', () => {
    // √y has an infinite slope at y = 0: the simplex shrinks onto the line x = 0.827…, short of the minimum
    // near x = 0.70; its three vertices become collinear, which the status reports instead of "converged"
    const f = (x: Float64Array) => Math.sqrt(x[0]) + Math.sqrt(x[1]) + (x[0] - 1) ** 2;
    const r = nelderMead(f, [2, 2], { tol: 1e-8, maxEvaluations: 10_000 });
    expect(r.status).toBe('degenerate');
    expect(flatness(r.simplex.points, new Float64Array(2))).toBeLessThan(1e-12);
  });

  it('flatness: 1 for a right-angled simplex, 0 (to rounding) for collinear vertices', () => {
    expect(flatness([new Float64Array([0, 0]), new Float64Array([1, 0]), new Float64Array([0, 1])], new Float64Array(2))).toBe(1);
    expect(flatness([new Float64Array([0, 0]), new Float64Array([1, 1]), new Float64Array([2, 2])], new Float64Array(2))).toBeLessThan(1e-12);
  });
});

describe('adaptive coefficients (Gao & Han) in higher dimensions', () => {
  const quadratic = (x: Float64Array) => {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += (i + 1) * (x[i] - 1) ** 2;
    return s;
  };

  it('equal the standard ones for n = 2', () => {
    const a = nelderMead(rosenbrock, [-1.2, 1], { adaptive: true });
    const b = nelderMead(rosenbrock, [-1.2, 1]);
    expect(a.evaluations).toBe(b.evaluations);
    expect([...a.x]).toEqual([...b.x]);
  });

  it('reach the minimum of a 10-D quadratic where the standard ones stall', () => {
    const x0 = new Array(10).fill(0);
    const options = { tol: 1e-8, maxEvaluations: 1e6, maxIterations: 1e6 };
    const standard = nelderMead(quadratic, x0, options);
    const adaptive = nelderMead(quadratic, x0, { ...options, adaptive: true });
    expect(standard.value).toBeGreaterThan(1); // measured 2.40: the simplex shrank away from the minimum
    expect(adaptive.status).toBe('converged');
    expect(adaptive.value).toBeLessThan(1e-14);
  });
});

describe('budgets, history and inputs', () => {
  it('maxEvaluations is never exceeded', () => {
    for (const maxEvaluations of [3, 4, 5, 50, 51, 52]) {
      let calls = 0;
      const r = nelderMead(
        (x) => {
          calls++;
          return rosenbrock(x);
        },
        [-1.2, 1],
        { maxEvaluations },
      );
      expect(calls).toBeLessThanOrEqual(maxEvaluations);
      expect(r.evaluations).toBe(calls);
      expect(r.status).toBe('maxEvaluations');
    }
    expect(() => nelderMead(rosenbrock, [-1.2, 1], { maxEvaluations: 2 })).toThrow(ArgumentError);
  });

  it('maxIterations', () => {
    const r = nelderMead(rosenbrock, [-1.2, 1], { maxIterations: 10 });
    expect(r.iterations).toBe(10);
    expect(r.status).toBe('maxIterations');
  });

  it('the history has the best value and point of the initial simplex and after each iteration', () => {
    const r = nelderMead(rosenbrock, [-1.2, 1]);
    const h = r.history;
    expect(h.values).toHaveLength(r.iterations + 1);
    expect(h.points).toHaveLength(r.iterations + 1);
    expect(h.evaluations).toHaveLength(r.iterations + 1);
    expect(h.values[0]).toBe(rosenbrock([-1.2, 1.05])); // 20.05: the best initial vertex is x0 + 5% of x0[1]·e₁
    expect(h.evaluations[0]).toBe(3);
    expect(h.evaluations.at(-1)).toBe(r.evaluations);
    for (let t = 1; t <= r.iterations; t++) {
      expect(h.values[t]).toBeLessThanOrEqual(h.values[t - 1]);
      expect(h.values[t]).toBe(rosenbrock(h.points[t]));
      expect(h.points[t]).not.toBe(h.points[t - 1]);
    }
    expect(h.values.at(-1)).toBe(r.value);
    expect([...h.points.at(-1)!]).toEqual([...r.x]);
  });

  it('the default initial simplex steps 5% of each coordinate, or 0.00025 from 0', () => {
    const r = nelderMead(rosenbrock, [-1.2, 0], { maxIterations: 0 });
    const points = r.simplex.points.map((p) => [...p]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(points).toEqual([
      [-1.2 + 0.05 * -1.2, 0],
      [-1.2, 0],
      [-1.2, 0.00025],
    ]);
  });

  it('accepts a graph or a compiled program', () => {
    const x = variable('x');
    const y = variable('y');
    const f = x.sub(1).square().mul(100).add(y.add(2).square()); // 100(x − 1)² + (y + 2)²
    const fromGraph = nelderMead(f, [0, 0], { inputs: [x, y], tol: 1e-10 });
    const fromProgram = nelderMead(compile(f, [x, y]), [0, 0], { tol: 1e-10 });
    for (const r of [fromGraph, fromProgram]) {
      expect(r.status).toBe('converged');
      expect(r.x[0]).toBeCloseTo(1, 8);
      expect(r.x[1]).toBeCloseTo(-2, 8);
    }
    expect(fromGraph.evaluations).toBe(fromProgram.evaluations);
    expect(() => nelderMead(compile(f, [x, y]), [0, 0, 0])).toThrow(ShapeError);
  });

  it('rejects bad input with typed errors', () => {
    expect(() => nelderMead(rosenbrock, [NaN, 1])).toThrow(ArgumentError);
    expect(() => nelderMead(rosenbrock, [])).toThrow(ArgumentError);
    expect(() => nelderMead(rosenbrock, [1, 1], { tol: -1 })).toThrow(ArgumentError);
    expect(() => nelderMead(rosenbrock, [1, 1], { initialStep: [1] })).toThrow(ShapeError);
    expect(() => nelderMead(rosenbrock, [1, 1], { maxIterations: 1.5 })).toThrow(ArgumentError);
    expect(() => nelderMead(() => 'one' as unknown as number, [1, 1])).toThrow(/returned the string "one"/);
    expect(() => nelderMead(42 as unknown as () => number, [1, 1])).toThrow(ArgumentError);
  });
});

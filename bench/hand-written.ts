/**
 * The hand-written baseline of every case, by case name: what each suite times
 * in its own process, and what bench/fresh.ts times alone in a fresh process.
 * Both build the call here, so the two measurements time the same code.
 * Nothing here imports wengert.
 */
import type { CaseMeta } from './harness.js';
import {
  ARRAY_MLPS,
  ARRAY_SIZES,
  CURVE_AT,
  curveCoefficients,
  curveJacobian,
  MLPS,
  type MlpSpec,
  batchData,
  handWrittenMlp,
  handWrittenMlpBatched,
  initialParameters,
  MATMUL_SIZES,
  matmulBlocked,
  matrices,
  parameterCount,
  point,
  rosenbrockGradient,
  rosenbrockValue,
  sgdUpdate,
  SIGMOID_AT,
  sigmoidValue,
  sigmoidValueAndGradient,
  SIZES,
  sumSquaresGradient,
} from './problems.js';

/** Case names, shared by the suites, the peers' processes and the report. */
export const CASES = {
  sigmoidValueAndGradient: 'sigmoid neuron: value and gradient',
  sigmoidValue: 'sigmoid neuron: value',
  sumSquaresGradient: (n: number) => `sum of squares, n = ${n}: gradient`,
  rosenbrockValue: (n: number) => `Rosenbrock, n = ${n}: value`,
  rosenbrockGradient: (n: number) => `Rosenbrock, n = ${n}: gradient`,
  curveJacobian: (m: number) => `curve ℝ → ℝᵐ, m = ${m}: Jacobian`,
  mlpStep: (spec: MlpSpec) => `MLP ${spec.name}: one SGD step`,
  rosenbrockSlices: (n: number) => `Rosenbrock with slices, n = ${n}: value and gradient`,
  arrayMlpStep: (spec: MlpSpec) => `MLP ${spec.name} on arrays: one SGD step`,
  matmul: (n: number) => `matmul C = A·B, ${n} × ${n}`,
} as const;

/** The arrays suite's hand-written MLP step. */
export const ARRAY_MLP_HAND_WRITTEN = 'whole batch: forward and backward by blocked matrix products over Float64Arrays';

export interface HandWritten {
  suite: 'sigmoid' | 'gradients' | 'mlp' | 'arrays';
  /** The row's metadata, less the implementation. */
  meta: Omit<CaseMeta, 'implementation'>;
  /** Builds the problem's data and returns the call to time. */
  make: () => () => unknown;
}

function entries(): [string, HandWritten][] {
  const out: [string, HandWritten][] = [];
  const at = SIGMOID_AT;
  out.push([
    CASES.sigmoidValueAndGradient,
    {
      suite: 'sigmoid',
      meta: { group: 'sigmoid', case: CASES.sigmoidValueAndGradient },
      make: () => {
        const g = new Float64Array(3);
        return () => sigmoidValueAndGradient(at, g);
      },
    },
  ]);
  out.push([CASES.sigmoidValue, { suite: 'sigmoid', meta: { group: 'sigmoid', case: CASES.sigmoidValue }, make: () => () => sigmoidValue(at) }]);
  for (const n of SIZES) {
    const gradient = (group: string, name: string, f: (x: Float64Array, g: Float64Array) => number): [string, HandWritten] => [
      name,
      {
        suite: 'gradients',
        meta: { group, case: name, n, series: 'hand-written' },
        make: () => {
          const x = point(n);
          const g = new Float64Array(n);
          return () => f(x, g);
        },
      },
    ];
    out.push(gradient('sum of squares', CASES.sumSquaresGradient(n), sumSquaresGradient));
    out.push([
      CASES.rosenbrockValue(n),
      {
        suite: 'gradients',
        meta: { group: 'rosenbrock', case: CASES.rosenbrockValue(n), n },
        make: () => {
          const x = point(n);
          return () => rosenbrockValue(x);
        },
      },
    ]);
    out.push(gradient('rosenbrock', CASES.rosenbrockGradient(n), rosenbrockGradient));
  }
  for (const m of SIZES) {
    out.push([
      CASES.curveJacobian(m),
      {
        suite: 'gradients',
        meta: { group: 'curve', case: CASES.curveJacobian(m), n: m, series: 'hand-written' },
        make: () => {
          const cs = curveCoefficients(m);
          const J = new Float64Array(m);
          return () => curveJacobian(CURVE_AT, cs, J);
        },
      },
    ]);
  }
  const mlpStep = (spec: MlpSpec, suite: 'mlp' | 'arrays', name: string): [string, HandWritten] => [
    name,
    {
      suite,
      meta: { group: spec.name, case: name, variant: suite === 'mlp' ? 'forward and backward over Float64Arrays' : ARRAY_MLP_HAND_WRITTEN },
      make: () => {
        const { features, targets } = batchData(spec);
        const params = initialParameters(spec);
        const g = new Float64Array(parameterCount(spec));
        // the arrays suite's baseline works on the whole batch at once, as the array programs do (2–3× faster than sample by sample)
        const step = suite === 'mlp' ? handWrittenMlp(spec) : handWrittenMlpBatched(spec);
        // one SGD step, as every implementation of the case does: the gradient, then the update
        return () => {
          step(params, features, targets, g);
          sgdUpdate(params, g, spec.learningRate);
        };
      },
    },
  ];
  for (const spec of MLPS) out.push(mlpStep(spec, 'mlp', CASES.mlpStep(spec)));
  for (const n of ARRAY_SIZES) {
    const name = CASES.rosenbrockSlices(n);
    out.push([
      name,
      {
        suite: 'arrays',
        meta: { group: 'rosenbrock (slices)', case: name, n, variant: 'one loop over Float64Arrays: value and gradient' },
        make: () => {
          const x = point(n);
          const g = new Float64Array(n);
          return () => rosenbrockGradient(x, g);
        },
      },
    ]);
  }
  for (const spec of ARRAY_MLPS) out.push(mlpStep(spec, 'arrays', CASES.arrayMlpStep(spec)));
  for (const n of MATMUL_SIZES) {
    const name = CASES.matmul(n);
    out.push([
      name,
      {
        suite: 'arrays',
        meta: { group: 'matmul', case: name, n, variant: 'blocked i-k-j, 2 rows × 4 of B at a time' },
        make: () => {
          const { a, b } = matrices(n);
          const c = new Float64Array(n * n);
          return () => {
            matmulBlocked(a, b, c, n, n, n);
            return c;
          };
        },
      },
    ]);
  }
  return out;
}

/** Every case with a hand-written baseline, by case name. */
export const HAND_WRITTEN: ReadonlyMap<string, HandWritten> = new Map(entries());

/** The hand-written baseline of a case (throws for a case without one: a programming error). */
export function handWritten(caseName: string): HandWritten {
  const h = HAND_WRITTEN.get(caseName);
  if (h === undefined) throw new Error(`no hand-written baseline for the case '${caseName}'`);
  return h;
}

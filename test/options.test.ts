/**
 * Every numeric option of every driver, optimizer, transform, schedule, line
 * search and Nelder-Mead (issue 9, finding 8), tried with NaN, ±∞, −1, 0, 1.5
 * and a string: the values outside the option's range are refused with an
 * ArgumentError naming the function and the option (all through one helper,
 * src/arguments.ts), and the values inside it are not refused.
 */
import { describe, expect, it } from 'vitest';
import {
  adagrad,
  adam,
  adamw,
  addDecayedWeights,
  ArgumentError,
  armijo,
  bracketMinimum,
  clipByGlobalNorm,
  compile,
  constantSchedule,
  cosineDecay,
  exactLineSearch,
  exponentialDecay,
  fit,
  goldenSection,
  gradientDescent,
  inverseTimeDecay,
  linearWarmup,
  minimize,
  momentum,
  mul,
  nelderMead,
  nesterov,
  piecewiseConstant,
  rmsprop,
  scale,
  scaleByAdam,
  scaleByLearningRate,
  scaleByRms,
  scaleByRss,
  sgd,
  square,
  stepDecay,
  sub,
  trace,
  variable,
} from '../src/index.js';

/** The hostile values, by label. */
const VALUES: readonly (readonly [string, unknown])[] = [
  ['NaN', NaN],
  ['+Infinity', Infinity],
  ['-Infinity', -Infinity],
  ['-1', -1],
  ['0', 0],
  ['1.5', 1.5],
  ["the string '3'", '3'],
];

/** What an option accepts, as the labels of VALUES it must not refuse. */
const FINITE = ['-1', '0', '1.5'];
const NON_NEGATIVE = ['0', '1.5'];
const POSITIVE = ['1.5'];
const FRACTION_0_1 = ['0']; // [0, 1) or [0, 1]
const COUNT_FROM_0 = ['0'];
const NONE: string[] = []; // whole numbers ≥ 1, and (0, 1) factors
const GROWTH = ['1.5']; // > 1

const x = variable('x');
const quadratic = square(sub(x, 3));
const bowl = {
  value: (v: Float64Array) => (v[0] - 1) ** 2,
  gradient: (v: Float64Array, g: Float64Array) => ((g[0] = 2 * (v[0] - 1)), g),
};
const [w, u, t] = [variable('w'), variable('u'), variable('t')];
const program = compile(square(sub(mul(w, u), t)), [w, u, t]);
const problem = () => ({ program, params: new Float64Array([0.5]), samples: [1, 2, 2, 4] });

interface OptionRow {
  /** The function, as messages name it. */
  readonly where: string;
  /** The option, as messages name it. */
  readonly option: string;
  readonly accepts: readonly string[];
  readonly call: (v: unknown) => unknown;
}

const optimizerRows = (where: string, make: (o: any) => unknown, options: Record<string, readonly string[]>): OptionRow[] =>
  Object.entries(options).map(([option, accepts]) => ({ where, option, accepts, call: (v) => make({ [option]: v }) }));

const ROWS: OptionRow[] = [
  // drivers
  { where: 'minimize', option: 'maxIterations', accepts: COUNT_FROM_0, call: (v) => minimize(quadratic, [1], { maxIterations: v as number }) },
  { where: 'minimize', option: 'tolerance', accepts: NON_NEGATIVE, call: (v) => minimize(quadratic, [1], { tolerance: v as number }) },
  { where: 'minimize', option: 'learningRate', accepts: POSITIVE, call: (v) => minimize(quadratic, [1], { learningRate: v as number, maxIterations: 5 }) },
  { where: 'minimize', option: 'maxIterations', accepts: COUNT_FROM_0, call: (v) => minimize(quadratic, [1], { method: 'adam', maxIterations: v as number }) },
  { where: 'minimize', option: 'tolerance', accepts: NON_NEGATIVE, call: (v) => minimize(quadratic, [1], { method: 'adam', tolerance: v as number, maxIterations: 5 }) },
  { where: 'minimize', option: 'maxIterations', accepts: COUNT_FROM_0, call: (v) => minimize((p: Float64Array) => p[0] ** 2, [1], { method: 'nelder-mead', maxIterations: v as number }) },
  { where: 'minimize', option: 'tolerance', accepts: NON_NEGATIVE, call: (v) => minimize((p: Float64Array) => p[0] ** 2, [1], { method: 'nelder-mead', tolerance: v as number }) },
  { where: 'gradientDescent', option: 'step', accepts: POSITIVE, call: (v) => gradientDescent(quadratic, [1], { step: v as number, maxIterations: 5 }) },
  { where: 'gradientDescent', option: 'tolerance', accepts: NON_NEGATIVE, call: (v) => gradientDescent(quadratic, [1], { tolerance: v as number }) },
  { where: 'gradientDescent', option: 'maxIterations', accepts: COUNT_FROM_0, call: (v) => gradientDescent(quadratic, [1], { maxIterations: v as number }) },
  ...(
    [
      ['initialStep', POSITIVE],
      ['shrink', NONE],
      ['c1', NONE],
      ['maxSteps', NONE],
      ['grow', GROWTH],
      ['tol', NON_NEGATIVE],
    ] as const
  ).map(([option, accepts]): OptionRow => ({
    where: 'gradientDescent',
    option: `lineSearch.${option}`,
    accepts,
    call: (v) => gradientDescent(quadratic, [1], { step: option === 'grow' || option === 'tol' ? 'exact' : 'armijo', lineSearch: { [option]: v } }),
  })),
  ...(
    [
      ['epochs', NONE],
      ['batchSize', NONE],
      ['patience', NONE],
      ['tolerance', NON_NEGATIVE],
      ['stepDecayOnPlateau', NONE],
      ['seed', ['-1', '0']],
    ] as const
  ).map(([option, accepts]): OptionRow => ({ where: 'fit', option, accepts, call: (v) => fit(problem(), { epochs: 2, batchSize: 1, [option]: v }) })),
  // Nelder-Mead
  ...(
    [
      ['tol', NON_NEGATIVE],
      ['maxIterations', COUNT_FROM_0],
      ['maxEvaluations', NONE],
      ['initialStep', FINITE],
    ] as const
  ).map(([option, accepts]): OptionRow => ({ where: 'nelderMead', option, accepts, call: (v) => nelderMead((p) => (p[0] - 1) ** 2, [0], { [option]: v }) })),
  // line searches
  ...(
    [
      ['initialStep', POSITIVE],
      ['shrink', NONE],
      ['c1', NONE],
      ['maxSteps', NONE],
    ] as const
  ).map(([option, accepts]): OptionRow => ({ where: 'armijo', option, accepts, call: (v) => armijo(bowl, [3], [-4], { [option]: v }) })),
  ...(
    [
      ['initialStep', POSITIVE],
      ['grow', GROWTH],
      ['maxSteps', NONE],
      ['tol', NON_NEGATIVE],
    ] as const
  ).map(([option, accepts]): OptionRow => ({ where: 'exactLineSearch', option, accepts, call: (v) => exactLineSearch(bowl, [3], [-4], { [option]: v }) })),
  { where: 'goldenSection', option: 'tol', accepts: NON_NEGATIVE, call: (v) => goldenSection((s) => (s - 2) ** 2, 0, 5, { tol: v as number }) },
  { where: 'goldenSection', option: 'maxIterations', accepts: COUNT_FROM_0, call: (v) => goldenSection((s) => (s - 2) ** 2, 0, 5, { maxIterations: v as number }) },
  { where: 'goldenSection', option: 'a', accepts: FINITE, call: (v) => goldenSection((s) => (s - 2) ** 2, v as number, 5) },
  ...(
    [
      ['start', FINITE],
      ['initialStep', ['-1', '1.5']],
      ['grow', GROWTH],
      ['maxSteps', NONE],
    ] as const
  ).map(([option, accepts]): OptionRow => ({ where: 'bracketMinimum', option, accepts, call: (v) => bracketMinimum((s) => (s - 10) ** 2, { [option]: v }) })),
  // optimizers
  ...optimizerRows('sgd', sgd, { learningRate: NON_NEGATIVE, momentum: NON_NEGATIVE, dampening: FINITE, weightDecay: NON_NEGATIVE }),
  ...optimizerRows('momentum', momentum, { learningRate: NON_NEGATIVE, momentum: NON_NEGATIVE, dampening: FINITE, weightDecay: NON_NEGATIVE }),
  ...optimizerRows('nesterov', nesterov, { learningRate: NON_NEGATIVE, momentum: POSITIVE, weightDecay: NON_NEGATIVE }),
  ...optimizerRows('rmsprop', rmsprop, { learningRate: NON_NEGATIVE, alpha: FRACTION_0_1, eps: NON_NEGATIVE, weightDecay: NON_NEGATIVE, momentum: NON_NEGATIVE }),
  ...optimizerRows('adagrad', adagrad, { learningRate: NON_NEGATIVE, lrDecay: NON_NEGATIVE, weightDecay: NON_NEGATIVE, initialAccumulatorValue: NON_NEGATIVE, eps: NON_NEGATIVE }),
  ...optimizerRows('adam', adam, { learningRate: NON_NEGATIVE, b1: FRACTION_0_1, b2: FRACTION_0_1, eps: NON_NEGATIVE, weightDecay: NON_NEGATIVE }),
  ...optimizerRows('adamw', adamw, { learningRate: NON_NEGATIVE, b1: FRACTION_0_1, b2: FRACTION_0_1, eps: NON_NEGATIVE, weightDecay: NON_NEGATIVE }),
  // transforms
  { where: 'scale', option: 'factor', accepts: FINITE, call: (v) => scale(v as number) },
  { where: 'scaleByLearningRate', option: 'learningRate', accepts: FINITE, call: (v) => scaleByLearningRate(v as number) },
  { where: 'addDecayedWeights', option: 'weightDecay', accepts: FINITE, call: (v) => addDecayedWeights(v as number) },
  { where: 'clipByGlobalNorm', option: 'maxNorm', accepts: NON_NEGATIVE, call: (v) => clipByGlobalNorm(v as number) },
  ...optimizerRows('trace', trace, { decay: NON_NEGATIVE, dampening: FINITE }),
  ...optimizerRows('scaleByAdam', scaleByAdam, { b1: FRACTION_0_1, b2: FRACTION_0_1, eps: NON_NEGATIVE }),
  ...optimizerRows('scaleByRms', scaleByRms, { alpha: FRACTION_0_1, eps: NON_NEGATIVE }),
  ...optimizerRows('scaleByRss', scaleByRss, { initialAccumulatorValue: NON_NEGATIVE, eps: NON_NEGATIVE }),
  // schedules
  { where: 'constantSchedule', option: 'value', accepts: FINITE, call: (v) => constantSchedule(v as number) },
  { where: 'stepDecay', option: 'initial', accepts: FINITE, call: (v) => stepDecay(v as number, 10) },
  { where: 'stepDecay', option: 'stepSize', accepts: NONE, call: (v) => stepDecay(1, v as number) },
  { where: 'stepDecay', option: 'gamma', accepts: NON_NEGATIVE, call: (v) => stepDecay(1, 10, v as number) },
  { where: 'piecewiseConstant', option: 'boundaries[0]', accepts: NON_NEGATIVE, call: (v) => piecewiseConstant([v as number], [1, 2]) },
  { where: 'piecewiseConstant', option: 'values[1]', accepts: FINITE, call: (v) => piecewiseConstant([10], [1, v as number]) },
  ...(['exponentialDecay', 'inverseTimeDecay'] as const).flatMap((where): OptionRow[] => {
    const make = where === 'exponentialDecay' ? exponentialDecay : inverseTimeDecay;
    return [
      { where, option: 'initial', accepts: FINITE, call: (v) => make(v as number, 0.5) },
      { where, option: 'decayRate', accepts: NON_NEGATIVE, call: (v) => make(1, v as number) },
      { where, option: 'decaySteps', accepts: POSITIVE, call: (v) => make(1, 0.5, { decaySteps: v as number }) },
    ];
  }),
  { where: 'cosineDecay', option: 'initial', accepts: FINITE, call: (v) => cosineDecay(v as number, 100) },
  { where: 'cosineDecay', option: 'decaySteps', accepts: POSITIVE, call: (v) => cosineDecay(1, v as number) },
  { where: 'cosineDecay', option: 'minValue', accepts: FINITE, call: (v) => cosineDecay(1, 100, { minValue: v as number }) },
  { where: 'linearWarmup', option: 'warmupSteps', accepts: COUNT_FROM_0, call: (v) => linearWarmup(v as number, 0.1) },
  { where: 'linearWarmup', option: 'from', accepts: FINITE, call: (v) => linearWarmup(10, 0.1, { from: v as number }) },
  { where: 'linearWarmup', option: 'then', accepts: FINITE, call: (v) => linearWarmup(10, v as number) },
  // a schedule's step: a step count
  ...(
    [
      ['constantSchedule', constantSchedule(0.1)],
      ['stepDecay', stepDecay(1, 10)],
      ['exponentialDecay', exponentialDecay(1, 0.5)],
      ['cosineDecay', cosineDecay(1, 100)],
    ] as const
  ).map(([where, s]): OptionRow => ({ where, option: 'step', accepts: COUNT_FROM_0, call: (v) => s(v as number) })),
];

/** An option named in a message: as a word, or after a dot (`lineSearch.c1`). */
const names = (message: string, where: string, option: string) =>
  message.startsWith(`${where}: `) && new RegExp(`(^|[^\\w.])${option.replace(/[.[\]]/g, '\\$&')}($|[^\\w])`).test(message);

describe('numeric options: NaN, ±∞, −1, 0, 1.5 and a string on every one', () => {
  it('covers every driver, optimizer, transform, schedule and line search', () => {
    const covered = new Set(ROWS.map((r) => r.where));
    for (const where of [
      'minimize', 'gradientDescent', 'fit', 'nelderMead', 'armijo', 'exactLineSearch', 'goldenSection', 'bracketMinimum',
      'sgd', 'momentum', 'nesterov', 'rmsprop', 'adagrad', 'adam', 'adamw',
      'scale', 'scaleByLearningRate', 'addDecayedWeights', 'clipByGlobalNorm', 'trace', 'scaleByAdam', 'scaleByRms', 'scaleByRss',
      'constantSchedule', 'stepDecay', 'piecewiseConstant', 'exponentialDecay', 'inverseTimeDecay', 'cosineDecay', 'linearWarmup',
    ]) {
      expect(covered.has(where), where).toBe(true);
    }
  });

  for (const row of ROWS) {
    it(`${row.where}: ${row.option}`, () => {
      for (const [label, value] of VALUES) {
        let error: unknown;
        try {
          row.call(value);
        } catch (e) {
          error = e;
        }
        const refusedByName = error instanceof ArgumentError && names(error.message, row.where, row.option);
        if (row.accepts.includes(label)) {
          expect(refusedByName, `${label} is in range: ${String(error)}`).toBe(false);
        } else {
          expect(error, `${label} must be refused`).toBeInstanceOf(ArgumentError);
          expect(refusedByName, `${label}: the message must name ${row.where} and ${row.option}: ${(error as Error).message}`).toBe(true);
        }
      }
    });
  }
});

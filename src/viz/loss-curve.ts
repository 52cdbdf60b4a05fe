/**
 * The loss per step (or epoch) of one training run, or of several overlaid with
 * a legend — the notes' "Evolución del Costo en el Gradiente Descendente".
 */
import { optionsOf } from '../arguments.js';
import { ArgumentError, describe } from '../errors.js';
import { round6 } from './check.js';
import { LOG_LABEL_EXPR, logTicks } from './ticks.js';
import { frame, PALETTE, type PlotOptions, type VegaLiteSpec } from './theme.js';

/** Anything with a loss per step: the history objects of an optimizer or of `fit`. */
export interface LossHistory {
  /** The loss after each step (or epoch), in order. */
  readonly loss: ArrayLike<number>;
  /** The step (or epoch) of each loss; 0, 1, 2, … when absent. */
  readonly step?: ArrayLike<number>;
}

/** One named run of a loss-curve plot. */
export interface LossRun extends LossHistory {
  /** The run's name in the legend. */
  readonly name: string;
}

/**
 * What {@link lossCurve} plots: the losses of one run (an array, or a history
 * with a `loss` array), several named runs as an array, or a record from run
 * name to losses or history.
 */
export type LossCurveInput =
  | ArrayLike<number>
  | LossHistory
  | readonly LossRun[]
  | Readonly<Record<string, ArrayLike<number> | LossHistory>>;

/** Options of {@link lossCurve}. */
export interface LossCurveOptions extends PlotOptions {
  /** A logarithmic loss axis (default false); losses ≤ 0 are left out then. */
  logScale?: boolean;
  /** Title of the x axis (default 'Step'). */
  xTitle?: string;
  /** Title of the y axis (default 'Loss'). */
  yTitle?: string;
  /** Draw a point at every step as well as the line (default: when no run has more than 60 steps). */
  points?: boolean;
}

const WHERE = 'lossCurve';

function isNumbers(value: unknown): value is ArrayLike<number> {
  if (typeof value !== 'object' || value === null || typeof (value as ArrayLike<unknown>).length !== 'number') return false;
  const a = value as ArrayLike<unknown>;
  for (let i = 0; i < a.length; i++) if (typeof a[i] !== 'number') return false;
  return true;
}

function asHistory(where: string, value: unknown): LossHistory {
  if (isNumbers(value)) return { loss: value };
  if (typeof value === 'object' && value !== null && isNumbers((value as LossHistory).loss)) {
    const { loss, step } = value as LossHistory;
    if (step !== undefined && (!isNumbers(step) || step.length !== loss.length)) {
      throw new ArgumentError(`${WHERE}: ${where}.step must be numbers, one per loss (${loss.length}), got ${describe(step)}`);
    }
    return { loss, step };
  }
  throw new ArgumentError(`${WHERE}: ${where} must be an array of losses or an object with a 'loss' array, got ${describe(value)}`);
}

/** The named runs of any accepted input; a single run is named '' (and gets no legend). */
function runsOf(input: unknown): Array<{ name: string; history: LossHistory }> {
  if (isNumbers(input)) return [{ name: '', history: { loss: input } }];
  if (Array.isArray(input)) {
    return input.map((run: unknown, k) => {
      const name = (run as LossRun | null)?.name;
      if (typeof name !== 'string') throw new ArgumentError(`${WHERE}: runs[${k}] needs a string 'name', got ${describe(name)}`);
      return { name, history: asHistory(`runs[${k}]`, run) };
    });
  }
  if (typeof input === 'object' && input !== null) {
    if ('loss' in input && isNumbers((input as LossHistory).loss)) return [{ name: '', history: asHistory('history', input) }];
    return Object.entries(input).map(([name, value]) => ({ name, history: asHistory(`runs.${name}`, value) }));
  }
  throw new ArgumentError(`${WHERE}: expected losses, a history with 'loss', or named runs, got ${describe(input)}`);
}

/**
 * A line plot of the loss against the step, one line per run, overlaid with a
 * legend when there are several. Non-finite losses (a diverged run) are left
 * out, and so are losses ≤ 0 on a log scale.
 *
 * @throws ArgumentError if the input has no loss array, a run has no name, or no loss is left to plot
 * @example
 * ```ts
 * const spec = lossCurve(
 *   [{ name: 'gd', loss: [4, 2, 1, 0.5] }, { name: 'adam', loss: [4, 1, 0.2, 0.05] }],
 *   { logScale: true, title: 'Training loss' },
 * );
 * const svg = await renderSvg(spec); // '<svg …'
 * ```
 */
export function lossCurve(input: LossCurveInput, options: LossCurveOptions = {}): VegaLiteSpec {
  options = optionsOf(WHERE, options);
  const runs = runsOf(input);
  if (runs.length === 0) throw new ArgumentError(`${WHERE}: no run to plot`);
  const names = runs.map((r) => r.name);
  if (new Set(names).size !== names.length) throw new ArgumentError(`${WHERE}: run names must differ, got ${names.join(', ')}`);
  const log = options.logScale ?? false;

  const values: Array<{ run: string; step: number; loss: number }> = [];
  let longest = 0;
  for (const { name, history } of runs) {
    const { loss, step } = history;
    longest = Math.max(longest, loss.length);
    for (let i = 0; i < loss.length; i++) {
      const y = loss[i];
      const x = step ? step[i] : i;
      if (!Number.isFinite(y) || !Number.isFinite(x) || (log && y <= 0)) continue;
      values.push({ run: name, step: x, loss: round6(y) });
    }
  }
  if (values.length === 0) {
    throw new ArgumentError(`${WHERE}: no finite${log ? ', positive' : ''} loss to plot`);
  }

  const several = runs.length > 1;
  const points = options.points ?? longest <= 60;
  return {
    ...frame(options, { title: 'Loss per step' }),
    data: { values },
    mark: {
      type: 'line',
      strokeWidth: 2,
      // one run has no color scale: the line and its points take the notes' blue
      ...(points ? { point: { filled: true, size: 28, ...(several ? {} : { color: PALETTE[0] }) } } : {}),
      ...(several ? {} : { color: PALETTE[0] }),
    },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: options.xTitle ?? 'Step', axis: { tickMinStep: 1 }, scale: { nice: false, padding: 8 } },
      y: {
        field: 'loss',
        type: 'quantitative',
        title: options.yTitle ?? 'Loss',
        scale: log ? { type: 'log', nice: false, padding: 8 } : { zero: false },
        ...(log ? { axis: { values: logTicks(values.map((v) => v.loss)), labelExpr: LOG_LABEL_EXPR } } : {}),
      },
      order: { field: 'step', type: 'quantitative' },
      ...(several
        ? { color: { field: 'run', type: 'nominal', title: 'Run', scale: { domain: names }, legend: { symbolType: 'stroke', symbolStrokeWidth: 2.5 } } }
        : { detail: { field: 'run', type: 'nominal' } }),
    },
  };
}

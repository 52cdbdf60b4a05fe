/**
 * Forward against reverse mode: the time to get a full gradient as the number
 * of inputs n grows, on log-log axes, where forward mode's n sweeps show as a
 * steeper slope than reverse mode's one.
 */
import { optionsOf } from '../arguments.js';
import { ArgumentError, describe } from '../errors.js';
import { round6 } from './check.js';
import { LOG_LABEL_EXPR, logTicks } from './ticks.js';
import { frame, PALETTE, type PlotOptions, type VegaLiteSpec } from './theme.js';

/** One timing: `ms` milliseconds for a gradient with `n` inputs in the given mode. */
export interface TimingRow {
  readonly n: number;
  /** 'forward' or 'reverse' — or any other name (e.g. 'compiled'), each drawn as its own line. */
  readonly mode: 'forward' | 'reverse' | (string & {});
  readonly ms: number;
}

/** Options of {@link timingPlot}. */
export interface TimingPlotOptions extends PlotOptions {
  /** Title of the x axis (default 'n (inputs)'). */
  xTitle?: string;
  /** Title of the y axis (default 'time (ms)'). */
  yTitle?: string;
}

const WHERE = 'timingPlot';

/**
 * Time against n for each mode on log-log axes: a line through the median of
 * the repeats at each n, and every repeat as a faint dot. Rows with n ≤ 0 or
 * ms ≤ 0 (below the timer's resolution) can't be placed on a log axis and are
 * left out.
 *
 * @throws ArgumentError if rows is not an array of { n, mode, ms } or none is positive
 * @example
 * ```ts
 * const rows = [10, 100, 1000].flatMap((n) => [
 *   { n, mode: 'forward' as const, ms: n * n * 1e-4 },
 *   { n, mode: 'reverse' as const, ms: n * 2e-3 },
 * ]);
 * const svg = await renderSvg(timingPlot(rows));
 * ```
 */
export function timingPlot(rows: readonly TimingRow[], options: TimingPlotOptions = {}): VegaLiteSpec {
  options = optionsOf(WHERE, options);
  if (!Array.isArray(rows)) throw new ArgumentError(`${WHERE}: rows must be an array of { n, mode, ms }, got ${describe(rows)}`);
  rows.forEach((r: unknown, k) => {
    const { n, mode, ms } = (r ?? {}) as Partial<TimingRow>;
    if (typeof n !== 'number' || typeof ms !== 'number' || typeof mode !== 'string') {
      throw new ArgumentError(`${WHERE}: rows[${k}] must be { n: number, mode: string, ms: number }, got ${describe(r)}`);
    }
  });
  const values = rows
    .filter((r) => r.n > 0 && r.ms > 0 && Number.isFinite(r.n) && Number.isFinite(r.ms))
    .map((r) => ({ n: r.n, mode: r.mode, ms: round6(r.ms) }));
  if (values.length === 0) throw new ArgumentError(`${WHERE}: no row with n > 0 and ms > 0 to plot`);

  // forward first, reverse second, then any other mode in order of appearance
  const modes = [...new Set(['forward', 'reverse', ...values.map((v) => v.mode)])].filter((m) => values.some((v) => v.mode === m));
  const color = {
    field: 'mode',
    type: 'nominal' as const,
    title: 'Mode',
    // on both layers alike, so vega-lite merges them into one legend
    legend: { orient: 'top-left' as const, fillColor: 'white', padding: 6, symbolOpacity: 1, symbolStrokeWidth: 2 },
    scale: { domain: modes, range: modes.map((_, k) => PALETTE[k % PALETTE.length]) },
  };
  const x = {
    field: 'n',
    type: 'quantitative' as const,
    title: options.xTitle ?? 'n (inputs)',
    scale: { type: 'log' as const, nice: false, padding: 10 },
    axis: { values: logTicks(values.map((v) => v.n)), format: '~s' },
  };
  const y = {
    field: 'ms',
    type: 'quantitative' as const,
    title: options.yTitle ?? 'time (ms)',
    scale: { type: 'log' as const, nice: false, padding: 10 },
    axis: { values: logTicks(values.map((v) => v.ms)), labelExpr: LOG_LABEL_EXPR },
  };
  const repeats = values.length > new Set(values.map((v) => `${v.mode}\u0000${v.n}`)).size;
  return {
    ...frame(options, { title: 'Forward vs reverse mode' }),
    data: { values },
    layer: [
      ...(repeats
        ? [{ mark: { type: 'point' as const, filled: true, size: 16, opacity: 0.35 }, encoding: { x, y, color } }]
        : []),
      {
        mark: { type: 'line', strokeWidth: 2, point: { filled: true, size: 40 } },
        encoding: {
          x,
          y: { ...y, aggregate: 'median' },
          color,
        },
      },
    ],
  };
}

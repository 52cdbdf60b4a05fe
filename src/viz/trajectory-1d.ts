/**
 * A function of one variable with the path of a descent on it, as the notes
 * draw f(x) = x² − 6x + 5: the function as a red line, the iterates as blue
 * points joined by segments, 'Start' at the first and 'End (N steps)' at the last.
 */
import { optionsOf } from '../arguments.js';
import { ArgumentError, describe } from '../errors.js';
import { checkDomain, checkFunction, checkCount, extent, linspace, pad, round6 } from './check.js';
import { frame, NOTES_BACKGROUND, type PlotOptions, type VegaLiteSpec } from './theme.js';

/** Options of {@link trajectory1d}. */
export interface Trajectory1dOptions extends PlotOptions {
  /** The x range of the plot (default: the iterates' range, widened by a half on each side); iterates outside are clipped. */
  domain?: readonly [number, number];
  /** The y range of the plot (default: the function's range over `domain`, with room for the labels). */
  yDomain?: readonly [number, number];
  /** How many points of f draw its curve (default 200). */
  samples?: number;
  /** Title of the x axis (default 'x'). */
  xTitle?: string;
  /** Title of the y axis (default 'f(x)'). */
  yTitle?: string;
  /** The function's name in the legend (default 'f(x)'). */
  curveName?: string;
  /** The path's name in the legend (default 'Gradient descent'). */
  pathName?: string;
}

const WHERE = 'trajectory1d';
const CURVE_COLOR = '#d62728';
const PATH_COLOR = '#1f77b4';

/** The iterates as numbers, from numbers or from 1-element arrays. */
function iterates(points: unknown): number[] {
  const bad = () => new ArgumentError(`${WHERE}: points must be numbers or 1-element arrays, got ${describe(points)}`);
  if (typeof points !== 'object' || points === null || typeof (points as ArrayLike<unknown>).length !== 'number') throw bad();
  // entry by entry, so that an array-like claiming a huge length fails at its first missing entry
  const a = points as ArrayLike<unknown>;
  const xs: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const p = a[i];
    if (typeof p === 'number') xs.push(p);
    else if (typeof p === 'object' && p !== null && (p as ArrayLike<unknown>).length === 1 && typeof (p as ArrayLike<unknown>)[0] === 'number') {
      xs.push((p as ArrayLike<number>)[0]);
    } else throw bad();
  }
  return xs;
}

/**
 * The curve of `f` over the domain and the descent's iterates on it: each
 * iterate x at height f(x), joined in order, the first labelled 'Start' and the
 * last 'End (N steps)' with N = `points.length − 1` (the steps taken).
 *
 * @param f the function that was minimized
 * @param points the iterates, the starting point first: numbers, or 1-element arrays (as an optimizer's `history.points` of Float64Arrays)
 * @throws ArgumentError if f is not a function, there are no finite iterates, or a domain is not [low, high]
 * @example
 * ```ts
 * const f = (x: number) => x * x - 6 * x + 5;
 * const xs = [15];
 * for (let k = 0; k < 20; k++) xs.push(xs[k] - 0.1 * (2 * xs[k] - 6));
 * const spec = trajectory1d(f, xs, { domain: [-10, 20], title: 'f(x) = x² − 6x + 5' });
 * const svg = await renderSvg(spec); // shows 'Start' and 'End (20 steps)'
 * ```
 */
export function trajectory1d(
  f: (x: number) => number,
  points: ArrayLike<number> | ReadonlyArray<ArrayLike<number>>,
  options: Trajectory1dOptions = {},
): VegaLiteSpec {
  options = optionsOf(WHERE, options);
  checkFunction(WHERE, 'f', f);
  const xs = iterates(points);
  const samples = checkCount(WHERE, 'samples', options.samples ?? 200, 2, 100_000);
  const reach = extent(xs);
  if (!reach) throw new ArgumentError(`${WHERE}: no finite iterate to plot`);
  const domain = options.domain ? checkDomain(WHERE, 'domain', options.domain) : pad(reach, 0.5);

  const curve: Array<{ x: number; y: number }> = [];
  for (const x of linspace(domain[0], domain[1], samples)) {
    const y = Number(f(x));
    if (Number.isFinite(y)) curve.push({ x: round6(x), y: round6(y) });
  }
  const path: Array<{ step: number; x: number; y: number }> = [];
  xs.forEach((x, step) => {
    const y = Number(f(x));
    if (Number.isFinite(x) && Number.isFinite(y)) path.push({ step, x: round6(x), y: round6(y) });
  });
  if (path.length === 0) throw new ArgumentError(`${WHERE}: f is not finite at any iterate`);

  const visible = [...curve, ...path.filter((p) => p.x >= domain[0] && p.x <= domain[1])].map((p) => p.y);
  const yDomain = options.yDomain ? checkDomain(WHERE, 'yDomain', options.yDomain) : pad(extent(visible) ?? [0, 1], 0.12);

  // 'Start' above the first iterate, 'End' below the last: apart even when the two coincide
  const first = path[0];
  const last = path[path.length - 1];
  const steps = xs.length - 1;
  const alignAt = (x: number): 'left' | 'center' | 'right' => {
    const t = (x - domain[0]) / (domain[1] - domain[0]);
    return t < 0.08 ? 'left' : t > 0.92 ? 'right' : 'center';
  };
  const labels = [{ x: first.x, y: first.y, text: 'Start', dy: -14, align: alignAt(first.x) }];
  if (steps > 0) labels.push({ x: last.x, y: last.y, text: `End (${steps} step${steps === 1 ? '' : 's'})`, dy: 20, align: alignAt(last.x) });

  const curveName = options.curveName ?? 'f(x)';
  const pathName = options.pathName ?? 'Gradient descent';
  const color = {
    datum: pathName,
    type: 'nominal' as const,
    scale: { domain: [curveName, pathName], range: [CURVE_COLOR, PATH_COLOR] },
    legend: { title: null, orient: 'top' as const, offset: 6, symbolType: 'stroke', symbolStrokeWidth: 2.5, symbolSize: 300 },
  };
  const x = {
    field: 'x',
    type: 'quantitative' as const,
    title: options.xTitle ?? 'x',
    scale: { domain, nice: false, zero: false },
  };
  const y = {
    field: 'y',
    type: 'quantitative' as const,
    title: options.yTitle ?? 'f(x)',
    scale: { domain: yDomain, nice: false, zero: false },
  };
  return {
    ...frame(options, { title: 'Gradient descent' }),
    layer: [
      {
        data: { values: curve },
        mark: { type: 'line', strokeWidth: 2, clip: true },
        encoding: { x, y, order: { field: 'x', type: 'quantitative' }, color: { ...color, datum: curveName } },
      },
      {
        data: { values: path },
        mark: { type: 'line', strokeWidth: 1.5, clip: true, point: { filled: true, size: 40 } },
        encoding: { x, y, order: { field: 'step', type: 'quantitative' }, color },
      },
      // each label twice: a thick outline in the background's color first, as a halo over the lines
      ...labels.flatMap(({ x: lx, y: ly, text, dy, align }) =>
        [{ color: NOTES_BACKGROUND, stroke: NOTES_BACKGROUND, strokeWidth: 4 }, { color: PATH_COLOR }].map((paint) => ({
          data: { values: [{ x: lx, y: ly, text }] },
          mark: { type: 'text' as const, fontSize: 13, fontWeight: 'bold' as const, dy, align, ...paint },
          encoding: { x, y, text: { field: 'text', type: 'nominal' as const } },
        })),
      ),
    ],
  };
}

/**
 * A function of two variables as filled contour bands with contour lines, and
 * the paths of several optimizers over it, each in its own color with a legend.
 * The contour lines are computed here (marching squares) and drawn as Vega-Lite
 * lines, so the spec stays Vega-Lite.
 */
import { ArgumentError, describe } from '../errors.js';
import { checkCount, checkDomain, checkFunction, round6 } from './check.js';
import { BANDS, lighten, ramp } from './colors.js';
import { contourLines, logLevels, niceLevels } from './contours.js';
import { rasterRuns, sampleGrid } from './grid.js';
import { frame, planeAxes, type Layer, type PlotOptions, type VegaLiteSpec } from './theme.js';

/** The path of one optimizer over a 2-D function: its iterates, the starting point first. */
export interface OptimizerPath {
  /** The optimizer's name in the legend. */
  readonly name: string;
  /** The iterates (x, y) in order: `[x, y]` pairs, or 2-element Float64Arrays as optimizers record them. */
  readonly points: ReadonlyArray<ArrayLike<number>>;
}

/** Options of {@link contour2d}. */
export interface Contour2dOptions extends PlotOptions {
  /** The x range of the plot; paths leaving it are clipped. */
  xDomain: readonly [number, number];
  /** The y range of the plot. */
  yDomain: readonly [number, number];
  /** How many contour levels (default 12), or the levels themselves. */
  levels?: number | readonly number[];
  /** Levels spaced geometrically above the minimum rather than evenly (default false): for valleys like Rosenbrock's. */
  logLevels?: boolean;
  /** Grid points per axis at which f is sampled (default 100). */
  resolution?: number;
  /** Fill the bands between levels with color (default true); false draws the lines alone. */
  fill?: boolean;
  /** A point to mark with a star, such as the known minimum. */
  minimum?: readonly [number, number];
  /** Title of the x axis (default 'x'). */
  xTitle?: string;
  /** Title of the y axis (default 'y'). */
  yTitle?: string;
  /** Title of the bands' legend (default 'f(x, y)'). */
  valueTitle?: string;
}

const WHERE = 'contour2d';
/** Path colors that stand out on the blue-to-yellow bands. */
const PATH_COLORS = ['#d62728', '#111111', '#ff7f0e', '#9467bd', '#e377c2', '#8c564b', '#ffffff', '#17becf'];
/** A five-pointed star, as a Vega symbol path (unit size). */
const STAR = 'M0,-1L0.225,-0.309L0.951,-0.309L0.363,0.118L0.588,0.809L0,0.382L-0.588,0.809L-0.363,0.118L-0.951,-0.309L-0.225,-0.309Z';

function checkPaths(paths: unknown): OptimizerPath[] {
  if (!Array.isArray(paths)) throw new ArgumentError(`${WHERE}: trajectories must be an array of { name, points }, got ${describe(paths)}`);
  const names = new Set<string>();
  return paths.map((p: unknown, k) => {
    const { name, points } = (p ?? {}) as Partial<OptimizerPath>;
    if (typeof name !== 'string') throw new ArgumentError(`${WHERE}: trajectories[${k}].name must be a string, got ${describe(name)}`);
    if (names.has(name)) throw new ArgumentError(`${WHERE}: two trajectories are named '${name}'`);
    names.add(name);
    const pair = (q: unknown) =>
      (Array.isArray(q) || q instanceof Float64Array || q instanceof Float32Array) && q.length === 2 && typeof q[0] === 'number' && typeof q[1] === 'number';
    if (!Array.isArray(points) || !points.every(pair)) {
      throw new ArgumentError(`${WHERE}: trajectories[${k}].points must be an array of [x, y] pairs`);
    }
    return { name, points };
  });
}

/**
 * Filled contours of `f` over the domain (bands between levels, darkest at the
 * bottom), the contour lines, and the trajectories of any number of
 * optimizers, each as connected points with a ring at its start.
 *
 * @param f the function that was minimized; non-finite values leave holes
 * @param options the domain (required), levels and look
 * @param trajectories the optimizers' paths, drawn in order with a legend
 * @throws ArgumentError if a domain is not [low, high], f is not a function, f is constant or nowhere finite, or a path is malformed
 * @example
 * ```ts
 * const rosenbrock = (x: number, y: number) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
 * const spec = contour2d(rosenbrock, { xDomain: [-2, 2], yDomain: [-1, 3], logLevels: true, minimum: [1, 1] }, [
 *   { name: 'gd', points: [[-1.5, 2], [-1.2, 1.5], [-0.9, 0.8]] },
 * ]);
 * const svg = await renderSvg(spec);
 * ```
 */
export function contour2d(
  f: (x: number, y: number) => number,
  options: Contour2dOptions,
  trajectories: readonly OptimizerPath[] = [],
): VegaLiteSpec {
  checkFunction(WHERE, 'f', f);
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new ArgumentError(`${WHERE}: options must give xDomain and yDomain, got ${describe(options)}`);
  const xDomain = checkDomain(WHERE, 'xDomain', options.xDomain);
  const yDomain = checkDomain(WHERE, 'yDomain', options.yDomain);
  const resolution = checkCount(WHERE, 'resolution', options.resolution ?? 100, 4, 1000);
  const paths = checkPaths(trajectories);

  const grid = sampleGrid(f, xDomain, yDomain, resolution, resolution);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of grid.values) if (!Number.isNaN(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (!(lo < hi)) throw new ArgumentError(`${WHERE}: f is ${lo === hi ? 'constant' : 'nowhere finite'} over the domain: nothing to contour`);

  let levels: number[];
  if (Array.isArray(options.levels)) {
    levels = [...(options.levels as number[])].filter((l) => Number.isFinite(l) && l > lo && l < hi).sort((a, b) => a - b);
  } else {
    const count = checkCount(WHERE, 'levels', options.levels ?? 12, 1, 100);
    levels = options.logLevels ? logLevels(lo, hi, count) : niceLevels(lo, hi, count);
  }
  if (levels.length === 0) throw new ArgumentError(`${WHERE}: no level lies between f's extremes ${lo} and ${hi} on the domain`);

  const lines: Array<{ line: number; k: number; x: number; y: number }> = [];
  let id = 0;
  for (const level of levels) {
    for (const polyline of contourLines(grid, level)) {
      polyline.forEach(([x, y], k) => lines.push({ line: id, k, x: round6(x), y: round6(y) }));
      id++;
    }
  }

  const path: Array<{ name: string; step: number; x: number; y: number }> = [];
  for (const { name, points } of paths) {
    points.forEach((q, step) => {
      const x = q[0];
      const y = q[1];
      if (Number.isFinite(x) && Number.isFinite(y)) path.push({ name, step, x: round6(x), y: round6(y) });
    });
  }
  const starts = paths.flatMap(({ name }) => path.filter((p) => p.name === name).slice(0, 1));
  const ends = paths.flatMap(({ name }) => path.filter((p) => p.name === name).slice(-1));

  const { x, y } = planeAxes(xDomain, yDomain, { x: options.xTitle ?? 'x', y: options.yTitle ?? 'y' }, options.width ?? 480);
  const names = paths.map((p) => p.name);
  const pathColor = {
    field: 'name',
    type: 'nominal' as const,
    title: 'Optimizer',
    legend: { symbolType: 'stroke', symbolStrokeWidth: 3, symbolSize: 220 },
    scale: { domain: names, range: names.map((_, k) => PATH_COLORS[k % PATH_COLORS.length]) },
  };

  const layer: Layer[] = [];
  if (options.fill ?? true) {
    const bandOf = (v: number): number | undefined => {
      if (Number.isNaN(v)) return undefined;
      let k = 0;
      while (k < levels.length && v >= levels[k]) k++;
      return k;
    };
    const runs = rasterRuns((px, py) => bandOf(Number(f(px, py))), xDomain, yDomain, resolution, resolution);
    const fmt = (v: number) => String(Number(v.toPrecision(3)));
    const bandLabel = (band: number) =>
      band === 0 ? `< ${fmt(levels[0])}` : band === levels.length ? `≥ ${fmt(levels[band - 1])}` : `${fmt(levels[band - 1])} – ${fmt(levels[band])}`;
    const labels = Array.from({ length: levels.length + 1 }, (_, band) => bandLabel(band)).reverse(); // highest first, as a color bar
    const colors = ramp(BANDS, levels.length + 1).map((c) => lighten(c, 0.3)).reverse();
    const band = { field: 'band', type: 'ordinal' as const, scale: { domain: labels, range: colors } };
    const title = options.valueTitle ?? 'f(x, y)';
    const legend = { symbolType: 'square', symbolSize: 120, symbolStrokeWidth: 0 };
    layer.push({
      data: { values: runs.map((r) => ({ x: r.x0, x2: r.x1, y: r.y0, y2: r.y1, band: bandLabel(r.key) })) },
      // a hairline of the fill's own color hides the antialiasing seams between rows
      mark: { type: 'rect', strokeWidth: 0.6, clip: true, aria: false },
      encoding: {
        x: { ...x, field: 'x' },
        x2: { field: 'x2' },
        y: { ...y, field: 'y' },
        y2: { field: 'y2' },
        // the same legend on both channels, so that vega-lite merges them into one
        color: { ...band, title, legend },
        stroke: { ...band, title, legend },
      },
    });
  }
  layer.push({
    data: { values: lines },
    mark: { type: 'line', color: '#1b1b2f', strokeWidth: 0.8, opacity: options.fill === false ? 0.8 : 0.4, clip: true, aria: false },
    encoding: { x, y, detail: { field: 'line', type: 'nominal' }, order: { field: 'k', type: 'quantitative' } },
  });
  // the minimum under the paths, so that a path ending on it still shows its end
  if (options.minimum) {
    const [mx, my] = options.minimum;
    layer.push({
      data: { values: [{ x: mx, y: my }] },
      mark: { type: 'point', shape: STAR, size: 260, filled: true, color: '#ffd92f', stroke: '#1b1b2f', strokeWidth: 1.2, opacity: 1, clip: true },
      encoding: { x, y },
    });
  }
  if (paths.length > 0) {
    // every iterate as a dot while the paths are short; past that the dots would hide the line
    const dots = Math.max(0, ...paths.map((p) => p.points.length)) <= 80;
    layer.push(
      {
        data: { values: path },
        mark: {
          type: 'line',
          strokeWidth: 2,
          clip: true,
          aria: false,
          ...(dots ? { point: { filled: true, size: 20, stroke: '#1b1b2f', strokeWidth: 0.4 } } : {}),
        },
        encoding: { x, y, color: pathColor, order: { field: 'step', type: 'quantitative' } },
      },
      {
        data: { values: starts },
        mark: { type: 'point', filled: false, size: 150, strokeWidth: 2.5, clip: true },
        encoding: { x, y, color: { ...pathColor, legend: null } },
      },
      {
        data: { values: ends },
        mark: { type: 'point', filled: true, size: 70, stroke: '#1b1b2f', strokeWidth: 1, opacity: 1, clip: true },
        encoding: { x, y, color: { ...pathColor, legend: null } },
      },
    );
  }
  return {
    ...frame(options, { title: 'Optimizer paths', width: 480, height: 400 }),
    layer,
    resolve: { scale: { color: 'independent', stroke: 'independent' } },
  };
}

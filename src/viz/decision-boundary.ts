/**
 * What a trained classifier says over a region of the plane, and the data it
 * was trained on: the regions of each predicted class (or the bands of a
 * predicted probability) as a raster, the boundary between them as a line, and
 * the labelled points on top, colored by class.
 */
import { optionsOf } from '../arguments.js';
import { ArgumentError, describe } from '../errors.js';
import { checkCount, checkDomain, checkFunction, extent, pad, round6 } from './check.js';
import { lighten, ramp } from './colors.js';
import { contourLines, type Crossing } from './contours.js';
import { rasterRuns, sampleGrid } from './grid.js';
import { frame, planeAxes, PALETTE, type Layer, type PlotOptions, type VegaLiteSpec } from './theme.js';

/** A labelled sample of a 2-D data set. */
export interface LabeledPoint {
  readonly x: number;
  readonly y: number;
  /** The sample's class: a class index or name. */
  readonly label: number | string;
}

/** Options of {@link decisionBoundary}. */
export interface DecisionBoundaryOptions extends PlotOptions {
  /** The x range (default: the points' range, widened by a tenth on each side). */
  xDomain?: readonly [number, number];
  /** The y range (default: the points' range, widened by a tenth on each side). */
  yDomain?: readonly [number, number];
  /** Grid cells per axis at which the classifier is evaluated (default 100). */
  resolution?: number;
  /**
   * What `predict` returns: a class ('class'), or the probability of the class
   * `1` ('probability', drawn in bands with the 0.5 line as the boundary). By
   * default: 'class' if every prediction over the grid is an integer, else
   * 'probability' if every one is in [0, 1].
   */
  kind?: 'class' | 'probability';
  /** Names for class indices, shown in the legend (`classNames[k]` for class k). */
  classNames?: readonly string[];
  /** Title of the x axis (default 'x₁'). */
  xTitle?: string;
  /** Title of the y axis (default 'x₂'). */
  yTitle?: string;
}

const WHERE = 'decisionBoundary';

function checkPoints(points: unknown): LabeledPoint[] {
  if (!Array.isArray(points)) throw new ArgumentError(`${WHERE}: points must be an array of { x, y, label }, got ${describe(points)}`);
  points.forEach((p: unknown, k) => {
    const { x, y, label } = (p ?? {}) as Partial<LabeledPoint>;
    if (typeof x !== 'number' || typeof y !== 'number' || (typeof label !== 'number' && typeof label !== 'string')) {
      throw new ArgumentError(`${WHERE}: points[${k}] must be { x: number, y: number, label: number | string }, got ${describe(p)}`);
    }
  });
  return points as LabeledPoint[];
}

/**
 * The classifier's decision regions over the domain with the data on top. With
 * class predictions each region takes its class's color, lightened, and the
 * points the full color; with probabilities the regions go from blue (class 0)
 * through white to orange (class 1) in ten bands, and the 0.5 line is drawn.
 *
 * @param predict the trained model: a class index (or name) for a point, or the probability of class 1
 * @param points the labelled data, drawn on top
 * @throws ArgumentError if predict is not a function, a point is malformed, there is no domain, or the predictions are neither classes nor probabilities
 * @example
 * ```ts
 * const points = [
 *   { x: 0, y: 0, label: 0 }, { x: 1, y: 1, label: 0 },
 *   { x: 0, y: 1, label: 1 }, { x: 1, y: 0, label: 1 },
 * ];
 * const xor = (x: number, y: number) => ((x > 0.5) !== (y > 0.5) ? 1 : 0);
 * const svg = await renderSvg(decisionBoundary(xor, points, { title: 'XOR' }));
 * ```
 */
export function decisionBoundary(
  predict: (x: number, y: number) => number | string,
  points: readonly LabeledPoint[],
  options: DecisionBoundaryOptions = {},
): VegaLiteSpec {
  options = optionsOf(WHERE, options);
  checkFunction(WHERE, 'predict', predict);
  const data = checkPoints(points);
  const resolution = checkCount(WHERE, 'resolution', options.resolution ?? 100, 4, 1000);
  const defaultDomain = (axis: 'x' | 'y') => {
    const e = extent(data.map((p) => p[axis]));
    if (!e) throw new ArgumentError(`${WHERE}: give ${axis}Domain, or points to take it from`);
    return pad(e, 0.1);
  };
  const xDomain = options.xDomain ? checkDomain(WHERE, 'xDomain', options.xDomain) : defaultDomain('x');
  const yDomain = options.yDomain ? checkDomain(WHERE, 'yDomain', options.yDomain) : defaultDomain('y');

  // the predictions at the cell centers: the raster, the boundary lines and the kind all come from them
  const dx = (xDomain[1] - xDomain[0]) / resolution;
  const dy = (yDomain[1] - yDomain[0]) / resolution;
  const centers: readonly [number, number] = [xDomain[0] + dx / 2, xDomain[1] - dx / 2];
  const middles: readonly [number, number] = [yDomain[0] + dy / 2, yDomain[1] - dy / 2];
  const raw: Array<number | string> = [];
  for (let j = 0; j < resolution; j++) {
    for (let i = 0; i < resolution; i++) raw.push(predict(centers[0] + i * dx, middles[0] + j * dy));
  }
  const at = (px: number, py: number): number | string => {
    const i = Math.min(resolution - 1, Math.max(0, Math.round((px - centers[0]) / dx)));
    const j = Math.min(resolution - 1, Math.max(0, Math.round((py - middles[0]) / dy)));
    return raw[j * resolution + i];
  };
  const numeric = raw.every((v) => typeof v === 'number');
  let kind = options.kind;
  if (kind === undefined) {
    if (!numeric || raw.every((v) => Number.isInteger(v) || Number.isNaN(v))) kind = 'class';
    else if (raw.every((v) => (v as number) >= 0 && (v as number) <= 1 || Number.isNaN(v))) kind = 'probability';
    else {
      const bad = raw.find((v) => !Number.isInteger(v) && !((v as number) >= 0 && (v as number) <= 1));
      throw new ArgumentError(`${WHERE}: predict returned ${String(bad)}: return a class index or a probability in [0, 1], or set kind`);
    }
  }
  if (kind === 'probability' && !numeric) throw new ArgumentError(`${WHERE}: kind 'probability' needs numbers from predict`);

  const name = (c: number | string): string =>
    typeof c === 'number' && options.classNames && options.classNames[c] !== undefined ? options.classNames[c] : String(c);
  const classes = [...new Set([...data.map((p) => p.label), ...(kind === 'class' ? raw.filter((v) => v === v) : [])])]
    .sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))))
    .map(name);
  const uniqueClasses = [...new Set(classes)];
  const classColor = (k: number) => PALETTE[k % PALETTE.length];

  const { x, y } = planeAxes(xDomain, yDomain, { x: options.xTitle ?? 'x₁', y: options.yTitle ?? 'x₂' }, options.width ?? 440);
  const layer: Layer[] = [];
  const grid = { xs: [] as number[], ys: [] as number[], values: new Float64Array(resolution * resolution) };
  for (let i = 0; i < resolution; i++) grid.xs.push(centers[0] + i * dx);
  for (let j = 0; j < resolution; j++) grid.ys.push(middles[0] + j * dy);
  const boundaries: Array<{ line: number; k: number; x: number; y: number }> = [];
  const addLines = (level: number, crossing?: Crossing) => {
    for (const polyline of contourLines(grid, level, crossing)) {
      const id = boundaries.length ? boundaries[boundaries.length - 1].line + 1 : 0;
      polyline.forEach(([px, py], k) => boundaries.push({ line: id, k, x: round6(px), y: round6(py) }));
    }
  };

  if (kind === 'class') {
    const runs = rasterRuns((px, py) => {
      const c = at(px, py);
      return c === c ? name(c) : undefined;
    }, xDomain, yDomain, resolution, resolution);
    const regionColors = uniqueClasses.map((_, k) => lighten(classColor(k), 0.6));
    const region = { field: 'region', type: 'nominal' as const, scale: { domain: uniqueClasses, range: regionColors }, legend: null };
    layer.push({
      data: { values: runs.map((r) => ({ x: r.x0, x2: r.x1, y: r.y0, y2: r.y1, region: r.key })) },
      mark: { type: 'rect', strokeWidth: 0.6, clip: true, aria: false },
      encoding: { x, x2: { field: 'x2' }, y, y2: { field: 'y2' }, color: region, stroke: region },
    });
    // the boundary of each class's region, where its indicator crosses ½ (the last class's is drawn by the others)
    for (const c of uniqueClasses.slice(0, -1)) {
      raw.forEach((v, k) => (grid.values[k] = v === v ? (name(v) === c ? 1 : 0) : NaN));
      // the grid only says which cells differ: bisect the edge between them for where the class changes
      const inside = (px: number, py: number) => name(predict(px, py)) === c;
      addLines(0.5, (a, b) => {
        const side = inside(a[0], a[1]);
        let lo = 0;
        let hi = 1;
        for (let n = 0; n < 10; n++) {
          const mid = (lo + hi) / 2;
          if (inside(a[0] + mid * (b[0] - a[0]), a[1] + mid * (b[1] - a[1])) === side) lo = mid;
          else hi = mid;
        }
        return (lo + hi) / 2;
      });
    }
  } else {
    const thresholds = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
    const colors = ramp([lighten(PALETTE[0], 0.5), '#f7f7f7', lighten(PALETTE[1], 0.5)], 10);
    const labels = thresholds.map((t) => `${(t - 0.1).toFixed(1)} – ${t.toFixed(1)}`).concat('0.9 – 1.0').reverse();
    const runs = rasterRuns((px, py) => {
      const p = at(px, py) as number;
      return Number.isNaN(p) ? undefined : Math.max(0, Math.min(9, Math.floor(p * 10)));
    }, xDomain, yDomain, resolution, resolution);
    const band = { field: 'p', type: 'ordinal' as const, scale: { domain: labels, range: [...colors].reverse() } };
    const legend = { symbolType: 'square', symbolStrokeWidth: 0 };
    layer.push({
      data: { values: runs.map((r) => ({ x: r.x0, x2: r.x1, y: r.y0, y2: r.y1, p: labels[9 - r.key] })) },
      mark: { type: 'rect', strokeWidth: 0.6, clip: true, aria: false },
      encoding: {
        x, x2: { field: 'x2' }, y, y2: { field: 'y2' },
        color: { ...band, title: `P(${options.classNames?.[1] ?? 'class 1'})`, legend },
        stroke: { ...band, title: `P(${options.classNames?.[1] ?? 'class 1'})`, legend },
      },
    });
    raw.forEach((v, k) => (grid.values[k] = v as number));
    addLines(0.5);
  }

  layer.push({
    data: { values: boundaries },
    mark: { type: 'line', color: '#444', strokeWidth: 1.3, clip: true, aria: false },
    encoding: { x, y, detail: { field: 'line', type: 'nominal' }, order: { field: 'k', type: 'quantitative' } },
  });
  layer.push({
    data: { values: data.map((p) => ({ x: round6(p.x), y: round6(p.y), label: name(p.label) })) },
    mark: { type: 'point', filled: true, size: data.length > 500 ? 18 : data.length > 50 ? 42 : 80, stroke: 'white', strokeWidth: 0.8, opacity: 1, clip: true },
    encoding: {
      x,
      y,
      color: {
        field: 'label',
        type: 'nominal',
        title: 'Class',
        scale: { domain: uniqueClasses, range: uniqueClasses.map((_, k) => classColor(k)) },
        legend: { symbolStrokeWidth: 0 },
      },
    },
  });
  return {
    ...frame(options, { title: 'Decision boundary', width: 440, height: 400 }),
    layer,
    resolve: { scale: { color: 'independent', stroke: 'independent' } },
  };
}

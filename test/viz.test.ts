/**
 * The plots of src/viz: each builder gives plain JSON that vega-lite compiles
 * without a warning, renders headlessly to an SVG showing the expected marks and
 * labels, the same SVG every time; the contour lines against closed forms; the
 * input checks; PNG through resvg where it is installed. Files go to the OS's
 * temporary folder only.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from 'vega-lite';
import { logger, Warn } from 'vega';
import { ArgumentError, MissingPackageError } from '../src/errors.js';
import { contour2d, type OptimizerPath } from '../src/viz/contour-2d.js';
import { contourLines, logLevels, niceLevels } from '../src/viz/contours.js';
import { decisionBoundary, type LabeledPoint } from '../src/viz/decision-boundary.js';
import { sampleGrid, rasterRuns } from '../src/viz/grid.js';
import { lossCurve } from '../src/viz/loss-curve.js';
import { renderSvg } from '../src/viz/render.js';
import { pngAvailable, renderPng, svgToPng } from '../src/viz/render-png.js';
import type { VegaLiteSpec } from '../src/viz/theme.js';
import { logTicks } from '../src/viz/ticks.js';
import { timingPlot, type TimingRow } from '../src/viz/timing-plot.js';
import { trajectory1d } from '../src/viz/trajectory-1d.js';
import { writePlot } from '../src/node/write-plot.js';

/** The width in a PNG's IHDR chunk (a big-endian integer at byte 16). */
function pngWidth(png: Uint8Array): number {
  return new DataView(png.buffer, png.byteOffset, png.byteLength).getUint32(16);
}

/** Compiles with vega-lite, collecting its warnings. */
function compileWarnings(spec: VegaLiteSpec): string[] {
  const warnings: string[] = [];
  const log = logger(Warn, 'warn', (_m, _l, args) => warnings.push(args.map(String).join(' ')));
  const vega = compile(spec, { logger: log }).spec;
  expect(vega.marks?.length ?? 0).toBeGreaterThan(0);
  return warnings;
}

/** The checks every builder's output must pass; returns the SVG. */
async function checked(spec: VegaLiteSpec): Promise<string> {
  expect(JSON.parse(JSON.stringify(spec))).toStrictEqual(spec); // plain JSON: no functions, undefined, NaN
  expect(compileWarnings(spec)).toEqual([]);
  const svg = await renderSvg(spec);
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).toContain('</svg>');
  expect(await renderSvg(spec)).toBe(svg); // deterministic
  expect(JSON.parse(JSON.stringify(spec))).toStrictEqual(spec); // and the spec left as it was
  return svg;
}

/** Whether the SVG has a text element reading `s`. */
const text = (svg: string, s: string) => svg.includes(`>${s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}<`);
const parabola = (x: number) => x * x - 6 * x + 5;

/** The notes' descent: x ← x − lr·f′(x) from 15. */
function descent(start: number, lr: number, steps: number): number[] {
  const xs = [start];
  for (let k = 0; k < steps; k++) xs.push(xs[k] - lr * (2 * xs[k] - 6));
  return xs;
}

describe('lossCurve', () => {
  it('plots one run from an array or a history, without a legend', async () => {
    const loss = descent(15, 0.1, 30).map(parabola);
    const svg = await checked(lossCurve(loss, { title: 'Evolución del Costo', xTitle: 'Iteraciones', yTitle: 'Costo' }));
    for (const s of ['Evolución del Costo', 'Iteraciones', 'Costo']) expect(text(svg, s)).toBe(true);
    expect(svg).toContain('role-mark');
    expect(svg).not.toContain('role-legend');
    expect(lossCurve({ loss })).toEqual(lossCurve(loss));
  });

  it('overlays named runs with a legend, from an array of runs or a record', async () => {
    const runs = [
      { name: 'gd', loss: [10, 5, 2.5, 1.25] },
      { name: 'adam', loss: [10, 3, 0.5, 0.01] },
    ];
    const svg = await checked(lossCurve(runs, { logScale: true }));
    expect(svg).toContain('role-legend');
    expect(text(svg, 'gd') && text(svg, 'adam')).toBe(true);
    expect(lossCurve({ gd: runs[0].loss, adam: { loss: runs[1].loss } }, { logScale: true })).toEqual(lossCurve(runs, { logScale: true }));
  });

  it('leaves out non-finite losses, and losses ≤ 0 on a log scale', () => {
    const values = (spec: VegaLiteSpec) => (spec as { data: { values: Array<{ step: number }> } }).data.values.map((v) => v.step);
    expect(values(lossCurve([3, NaN, 2, Infinity, 1]))).toEqual([0, 2, 4]);
    expect(values(lossCurve([3, 0, 2, -1], { logScale: true }))).toEqual([0, 2]);
    expect(values(lossCurve({ loss: [1, 2], step: [10, 20] }))).toEqual([10, 20]);
  });

  it('rejects what it cannot plot', () => {
    expect(() => lossCurve([NaN])).toThrow(ArgumentError);
    expect(() => lossCurve([[1]] as never)).toThrow(/runs\[0\] needs a string 'name'/);
    expect(() => lossCurve([{ name: 'a', loss: [1] }, { name: 'a', loss: [2] }])).toThrow(/must differ/);
    expect(() => lossCurve({ loss: [1, 2], step: [1] })).toThrow(/one per loss/);
    expect(() => lossCurve('loss' as never)).toThrow(ArgumentError);
  });
});

describe('trajectory1d', () => {
  it("draws the notes' f(x) = x² − 6x + 5 with the descent from 15, 'Start' and 'End (20 steps)'", async () => {
    const spec = trajectory1d(parabola, descent(15, 0.1, 20), { domain: [-10, 20], title: 'f(x) = x² − 6x + 5' });
    const svg = await checked(spec);
    for (const s of ['f(x) = x² − 6x + 5', 'Start', 'End (20 steps)', 'f(x)', 'Gradient descent', 'x']) expect(text(svg, s)).toBe(true);
    // the curve, the path and its 21 points
    expect(svg.match(/aria-roledescription="line mark"/g)?.length).toBe(2);
    expect(svg.match(/aria-roledescription="point"/g)?.length).toBe(21);
  });

  it('takes its domain from the iterates when none is given, and says "1 step" for one', async () => {
    const svg = await checked(trajectory1d(parabola, [4, 3.8]));
    expect(text(svg, 'End (1 step)')).toBe(true);
    const single = await checked(trajectory1d(parabola, [4]));
    expect(text(single, 'Start')).toBe(true);
    expect(single).not.toContain('End (');
  });

  it("takes an optimizer's history of 1-element Float64Arrays as well as numbers", () => {
    const xs = descent(15, 0.1, 5);
    expect(trajectory1d(parabola, xs.map((x) => Float64Array.of(x)))).toEqual(trajectory1d(parabola, Float64Array.from(xs)));
    expect(trajectory1d(parabola, Float64Array.from(xs))).toEqual(trajectory1d(parabola, xs));
  });

  it('rejects a bad function, domain or path', () => {
    expect(() => trajectory1d(5 as never, [1])).toThrow(/f must be a function/);
    expect(() => trajectory1d(parabola, [[1, 2]])).toThrow(/1-element arrays/);
    expect(() => trajectory1d(parabola, [])).toThrow(/no finite iterate/);
    expect(() => trajectory1d(parabola, [1], { domain: [2, 1] })).toThrow(/low < high/);
    expect(() => trajectory1d(() => NaN, [1])).toThrow(/not finite at any iterate/);
  });
});

describe('contour2d', () => {
  const rosenbrock = (x: number, y: number) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
  const paths: OptimizerPath[] = [
    { name: 'Gradient descent', points: [[-1.5, 2], [-1.2, 1.6], [-1, 1.1], [-0.8, 0.7]] },
    { name: 'Adam', points: [[-1.5, 2], [-1.4, 1.9], [-1.3, 1.8]] },
  ];

  it('draws filled log-spaced contours of Rosenbrock with two paths and both legends', async () => {
    const spec = contour2d(rosenbrock, { xDomain: [-2, 2], yDomain: [-1, 3], logLevels: true, minimum: [1, 1], resolution: 40, title: 'Rosenbrock' }, paths);
    const svg = await checked(spec);
    for (const s of ['Rosenbrock', 'Optimizer', 'Gradient descent', 'Adam', 'f(x, y)', '≥ 2000', '< 0.5']) expect(text(svg, s)).toBe(true);
    expect(svg).toContain('mark-rect');
  });

  it('takes Float64Array points, as optimizers record them', () => {
    const f = (x: number, y: number) => x * x + y * y;
    const pairs: Array<[number, number]> = [[1, 1], [0.5, 0.4], [0.2, 0.1]];
    const options = { xDomain: [-2, 2] as const, yDomain: [-2, 2] as const, resolution: 10 };
    expect(contour2d(f, options, [{ name: 'gd', points: pairs.map((p) => Float64Array.from(p)) }])).toEqual(contour2d(f, options, [{ name: 'gd', points: pairs }]));
  });

  it('draws lines alone with fill: false, and takes explicit levels', async () => {
    const bowl = (x: number, y: number) => x * x + y * y;
    const spec = contour2d(bowl, { xDomain: [-2, 2], yDomain: [-2, 2], levels: [1, 2, 3], fill: false, resolution: 30 });
    const svg = await checked(spec);
    expect(svg).not.toContain('mark-rect role-mark');
    expect(svg.match(/class="mark-line role-mark/g)?.length).toBe(3); // one line per ring
    const lines = (spec as { layer: Array<{ data: { values: Array<{ line: number }> } }> }).layer[0].data.values;
    expect(new Set(lines.map((p) => p.line)).size).toBe(3); // one closed ring per level
  });

  it('rejects a bad domain, a constant function, or a malformed path', () => {
    const f = (x: number, y: number) => x + y;
    expect(() => contour2d(f, { xDomain: [0, 0], yDomain: [0, 1] })).toThrow(/xDomain/);
    expect(() => contour2d(() => 1, { xDomain: [0, 1], yDomain: [0, 1] })).toThrow(/constant/);
    expect(() => contour2d(f, { xDomain: [0, 1], yDomain: [0, 1] }, [{ name: 'a', points: [[1, 2, 3]] }] as never)).toThrow(/pairs/);
    expect(() => contour2d(f, { xDomain: [0, 1], yDomain: [0, 1] }, [{ name: 'a', points: [] }, { name: 'a', points: [] }])).toThrow(/two trajectories/);
    expect(() => contour2d(f, { xDomain: [0, 1], yDomain: [0, 1], levels: [5] })).toThrow(/no level/);
  });
});

describe('contour lines and levels', () => {
  it('finds the unit circle of x² + y² as one closed line', () => {
    const grid = sampleGrid((x, y) => x * x + y * y, [-2, 2], [-2, 2], 81, 81);
    const lines = contourLines(grid, 1);
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line[0]).toEqual(line[line.length - 1]);
    for (const [x, y] of line) expect(Math.hypot(x, y)).toBeCloseTo(1, 2);
  });

  it('ends open lines at the domain edge and at NaN holes', () => {
    const grid = sampleGrid((x, y) => (x > 0.5 && x < 0.7 ? NaN : x + y), [0, 1], [0, 1], 21, 21);
    const lines = contourLines(grid, 1);
    expect(lines.length).toBe(2); // the diagonal x + y = 1, cut by the hole
    for (const line of lines) for (const [x, y] of line) expect(x + y).toBeCloseTo(1, 10);
  });

  it('separates the two lines of a saddle cell by its center', () => {
    // corners (0,0) and (1,1) above ½, (1,0) and (0,1) below
    const sorted = (lines: Array<Array<[number, number]>>) =>
      lines.map((l) => l.map(([x, y]) => [Number(x.toFixed(3)), Number(y.toFixed(3))]).sort()).sort();
    // center 0.6 above: the high corners join through it, the low corners are cut off
    const high = contourLines({ xs: [0, 1], ys: [0, 1], values: Float64Array.from([1, 0, 0, 1.4]) }, 0.5);
    expect(sorted(high)).toEqual(sorted([[[0.5, 0], [1, 0.357]], [[0, 0.5], [0.357, 1]]]));
    // center 0.45 below: the high corners are cut off
    const low = contourLines({ xs: [0, 1], ys: [0, 1], values: Float64Array.from([1, 0, 0, 0.8]) }, 0.5);
    expect(sorted(low)).toEqual(sorted([[[0, 0.5], [0.5, 0]], [[1, 0.625], [0.625, 1]]]));
  });

  it('chooses round levels, evenly or geometrically spaced', () => {
    expect(niceLevels(0, 10, 5)).toEqual([2, 4, 6, 8]);
    expect(niceLevels(-1, 1, 4)).toEqual([-0.5, 0, 0.5]);
    expect(logLevels(0, 1000, 12)).toEqual([0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500]);
    expect(logTicks([0.3, 70])).toEqual([0.5, 1, 2, 5, 10, 20, 50]);
  });

  it('merges equal neighbours of a row into one run', () => {
    const runs = rasterRuns((x) => (x < 0.5 ? 'a' : 'b'), [0, 1], [0, 1], 10, 3);
    expect(runs).toHaveLength(6);
    expect(runs[0]).toEqual({ x0: 0, x1: 0.5, y0: 0, y1: 0.333333, key: 'a' });
  });
});

describe('decisionBoundary', () => {
  const blobs: LabeledPoint[] = [];
  const centers = [[0, 0], [3, 0], [1.5, 2.5]];
  for (let k = 0; k < 30; k++) {
    const c = centers[k % 3];
    blobs.push({ x: c[0] + Math.sin(k * 1.7), y: c[1] + Math.cos(k * 2.3), label: k % 3 });
  }
  const nearest = (x: number, y: number) => {
    const d = centers.map(([cx, cy]) => (cx - x) ** 2 + (cy - y) ** 2);
    return d.indexOf(Math.min(...d));
  };

  it('colors the regions of a 3-class classifier and its points, with class names', async () => {
    const spec = decisionBoundary(nearest, blobs, { resolution: 40, classNames: ['setosa', 'versicolor', 'virginica'], title: 'Nearest centroid' });
    const svg = await checked(spec);
    for (const s of ['Nearest centroid', 'Class', 'setosa', 'versicolor', 'virginica']) expect(text(svg, s)).toBe(true);
    expect(svg.match(/aria-roledescription="point"/g)?.length).toBe(30);
  });

  it('draws probabilities in bands with the 0.5 line', async () => {
    const points: LabeledPoint[] = [{ x: -1, y: 0, label: 0 }, { x: 1, y: 0, label: 1 }, { x: 0, y: 1, label: 1 }];
    const logistic = (x: number, y: number) => 1 / (1 + Math.exp(-3 * (x + 0.5 * y)));
    const spec = decisionBoundary(logistic, points, { resolution: 30 });
    const svg = await checked(spec);
    for (const s of ['P(class 1)', '0.9 – 1.0', '0.0 – 0.1']) expect(text(svg, s)).toBe(true);
    const layers = (spec as { layer: Array<{ data: { values: Array<{ x: number; y: number }> } }> }).layer;
    for (const { x, y } of layers[1].data.values) expect(x + 0.5 * y).toBeCloseTo(0, 1); // on the line p = ½
  });

  it('bisects class boundaries to where the class changes', () => {
    const spec = decisionBoundary((x) => (x > 0.123 ? 1 : 0), [{ x: 0, y: 0, label: 0 }, { x: 1, y: 1, label: 1 }], { resolution: 20 });
    const boundary = (spec as { layer: Array<{ data: { values: Array<{ x: number }> } }> }).layer[1].data.values;
    expect(boundary.length).toBeGreaterThan(0);
    for (const { x } of boundary) expect(x).toBeCloseTo(0.123, 3);
  });

  it('rejects predictions that are neither classes nor probabilities, and bad points', () => {
    const points = [{ x: 0, y: 0, label: 0 }, { x: 1, y: 1, label: 1 }];
    expect(() => decisionBoundary((x) => 3 * x - 0.5, points)).toThrow(/class index or a probability/);
    expect(() => decisionBoundary(() => 0, [{ x: 0, label: 0 }] as never)).toThrow(/points\[0\]/);
    expect(() => decisionBoundary(() => 0, [])).toThrow(/give xDomain/);
  });
});

describe('timingPlot', () => {
  it('draws forward and reverse mode on log-log axes, medians through repeats', async () => {
    const rows: TimingRow[] = [];
    for (const n of [1, 10, 100, 1000]) {
      for (let r = 0; r < 3; r++) {
        rows.push({ n, mode: 'forward', ms: 1e-3 * n * n * (1 + r / 10) }, { n, mode: 'reverse', ms: 0.01 * n * (1 + r / 10) });
      }
    }
    rows.push({ n: 5, mode: 'reverse', ms: 0 }); // below the timer's resolution: left out
    const svg = await checked(timingPlot(rows));
    for (const s of ['Forward vs reverse mode', 'forward', 'reverse', 'n (inputs)', 'time (ms)', 'Mode', '1k']) expect(text(svg, s)).toBe(true);
    const spec = timingPlot(rows) as { data: { values: TimingRow[] } };
    expect(spec.data.values).toHaveLength(24);
  });

  it('rejects rows that are not { n, mode, ms }', () => {
    expect(() => timingPlot([{ n: 1, ms: 1 }] as never)).toThrow(/rows\[0\]/);
    expect(() => timingPlot([{ n: 0, mode: 'forward', ms: 1 }])).toThrow(/no row/);
  });
});

const png = await pngAvailable();

describe('rendering', () => {
  const dir = mkdtemp(join(tmpdir(), 'wengert-viz-'));
  afterAll(async () => rm(await dir, { recursive: true, force: true }));

  it('prefixes internal ids on request', async () => {
    const spec = trajectory1d(parabola, [15, 12, 9.6]);
    const svg = await renderSvg(spec, { idPrefix: 'plotA-' });
    expect(svg).toContain('id="plotA-clip');
    expect(svg).toContain('url(#plotA-clip');
    expect(svg).not.toMatch(/id="clip\d/);
  });

  it('writes SVG and JSON files, and PNG where resvg is installed', async () => {
    const spec = lossCurve({ loss: [4, 2, 1] });
    const svgPath = await writePlot(spec, join(await dir, 'sub', 'loss.svg'));
    expect(await readFile(svgPath, 'utf8')).toBe(await renderSvg(spec));
    const jsonPath = await writePlot(spec, join(await dir, 'loss.vl.json'));
    expect(JSON.parse(await readFile(jsonPath, 'utf8'))).toEqual(spec);
    await expect(writePlot(spec, join(await dir, 'loss.pdf'))).rejects.toThrow(ArgumentError);
    if (png) {
      const pngPath = await writePlot(spec, join(await dir, 'loss.png'), { scale: 1 });
      const bytes = await readFile(pngPath);
      expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      // the IHDR width: the SVG's width at scale 1, doubled at scale 2
      const width = Number(/width="(\d+)"/.exec(await renderSvg(spec))![1]);
      expect(bytes.readUInt32BE(16)).toBe(width);
      expect(pngWidth(await svgToPng(await renderSvg(spec)))).toBe(2 * width);
    } else {
      await expect(renderPng(spec)).rejects.toThrow(MissingPackageError);
    }
  });

  it.runIf(png)('rasterizes a path whose last iterate is far off the plot (resvg would abort on it)', async () => {
    const points: Array<[number, number]> = Array.from({ length: 30 }, (_, k) => [0.5 * 0.9 ** k, 1.2 * (-1.3) ** k]);
    const spec = contour2d((x, y) => x * x + y * y, { xDomain: [-2, 2], yDomain: [-2, 2], resolution: 20 }, [{ name: 'diverging', points }]);
    const bytes = await renderPng(spec, { scale: 1 });
    expect(pngWidth(bytes)).toBeGreaterThan(400);
  });

  it('keeps the spec builders free of Node APIs (only render-png.ts and src/node use them)', () => {
    const browserSafe = [
      'theme.ts', 'check.ts', 'colors.ts', 'ticks.ts', 'grid.ts', 'contours.ts', 'render.ts',
      'loss-curve.ts', 'trajectory-1d.ts', 'contour-2d.ts', 'decision-boundary.ts', 'timing-plot.ts',
    ];
    const folder = join(import.meta.dirname, '..', 'src', 'viz');
    for (const file of browserSafe) {
      const source = readFileSync(join(folder, file), 'utf8');
      expect(source, file).not.toMatch(/from 'node:|import\('node:|\bprocess\.|\bBuffer\b|render-png|write-plot/);
    }
  });
});

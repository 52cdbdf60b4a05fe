/**
 * A function of two variables sampled on a regular grid, and the grid's cells
 * merged into horizontal runs of equal class: the raster under contour and
 * decision-boundary plots, with far fewer rectangles than cells.
 */
import { linspace, round6 } from './check.js';

/** f sampled at every (xs[i], ys[j]): `values[j * xs.length + i]`; non-finite results kept as NaN. */
export interface Grid {
  readonly xs: readonly number[];
  readonly ys: readonly number[];
  readonly values: Float64Array;
}

/** Samples `f` at the nodes of an `nx` × `ny` grid spanning the domains, edges included. */
export function sampleGrid(
  f: (x: number, y: number) => number,
  xDomain: readonly [number, number],
  yDomain: readonly [number, number],
  nx: number,
  ny: number,
): Grid {
  const xs = linspace(xDomain[0], xDomain[1], nx);
  const ys = linspace(yDomain[0], yDomain[1], ny);
  const values = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const v = Number(f(xs[i], ys[j]));
      values[j * nx + i] = Number.isFinite(v) ? v : NaN;
    }
  }
  return { xs, ys, values };
}

/** One rectangle of a raster: the cells [x0, x1] × [y0, y1] that share `key`. */
export interface RasterRun<K> {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  key: K;
}

/**
 * Covers the domain with `nx` × `ny` cells, classifies each by `classify` at its
 * center, and merges neighbours of a row with the same key into one run. Cells
 * whose key is `undefined` are left empty.
 */
export function rasterRuns<K extends string | number>(
  classify: (x: number, y: number) => K | undefined,
  xDomain: readonly [number, number],
  yDomain: readonly [number, number],
  nx: number,
  ny: number,
): RasterRun<K>[] {
  const dx = (xDomain[1] - xDomain[0]) / nx;
  const dy = (yDomain[1] - yDomain[0]) / ny;
  const edgeX = (i: number) => (i === nx ? xDomain[1] : round6(xDomain[0] + i * dx));
  const edgeY = (j: number) => (j === ny ? yDomain[1] : round6(yDomain[0] + j * dy));
  const runs: RasterRun<K>[] = [];
  for (let j = 0; j < ny; j++) {
    const yc = yDomain[0] + (j + 0.5) * dy;
    let start = 0;
    let current = classify(xDomain[0] + 0.5 * dx, yc);
    for (let i = 1; i <= nx; i++) {
      const key = i < nx ? classify(xDomain[0] + (i + 0.5) * dx, yc) : undefined;
      if (i < nx && key === current) continue;
      if (current !== undefined) runs.push({ x0: edgeX(start), x1: edgeX(i), y0: edgeY(j), y1: edgeY(j + 1), key: current });
      start = i;
      current = key;
    }
  }
  return runs;
}

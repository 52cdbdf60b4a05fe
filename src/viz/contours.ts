/**
 * Contour lines by marching squares on a sampled {@link Grid}, chained into
 * polylines, and the choice of contour levels (evenly spaced or logarithmic,
 * both at round numbers).
 */
import type { Grid } from './grid.js';

/** A contour line: points in order; closed when the last equals the first. */
export type Polyline = Array<[number, number]>;

/**
 * Where along a grid edge from `a` to `b` the line crosses, as a fraction in
 * [0, 1] from `a`; `a` and `b` are on either side of the level.
 */
export type Crossing = (a: readonly [number, number], b: readonly [number, number]) => number;

/**
 * The lines where the sampled function crosses `level`. Each crossing lies on a
 * grid edge, found by linear interpolation (or by `crossing` when given: for a
 * function known beyond the grid, such as a classifier to bisect); cells with a
 * NaN corner are skipped; saddle cells are resolved by the value at the cell's center.
 */
export function contourLines(grid: Grid, level: number, crossing?: Crossing): Polyline[] {
  const { xs, ys, values } = grid;
  const nx = xs.length;
  const ny = ys.length;
  const horizontal = (nx - 1) * ny; // edges along x come first, then edges along y
  const hEdge = (i: number, j: number) => j * (nx - 1) + i;
  const vEdge = (i: number, j: number) => horizontal + j * nx + i;
  const v = (i: number, j: number) => values[j * nx + i];

  const points = new Map<number, [number, number]>();
  const at = new Map<number, number[]>(); // edge → segments ending on it
  const segments: Array<[number, number]> = [];

  const point = (edge: number): void => {
    if (points.has(edge)) return;
    let i: number, j: number, a: number, b: number;
    if (edge < horizontal) {
      j = Math.floor(edge / (nx - 1));
      i = edge - j * (nx - 1);
      a = v(i, j);
      b = v(i + 1, j);
      const t = crossing ? crossing([xs[i], ys[j]], [xs[i + 1], ys[j]]) : (level - a) / (b - a);
      points.set(edge, [xs[i] + t * (xs[i + 1] - xs[i]), ys[j]]);
    } else {
      const e = edge - horizontal;
      j = Math.floor(e / nx);
      i = e - j * nx;
      a = v(i, j);
      b = v(i, j + 1);
      const t = crossing ? crossing([xs[i], ys[j]], [xs[i], ys[j + 1]]) : (level - a) / (b - a);
      points.set(edge, [xs[i], ys[j] + t * (ys[j + 1] - ys[j])]);
    }
  };
  const segment = (e0: number, e1: number): void => {
    point(e0);
    point(e1);
    const s = segments.length;
    segments.push([e0, e1]);
    for (const e of [e0, e1]) {
      const list = at.get(e);
      if (list) list.push(s);
      else at.set(e, [s]);
    }
  };

  for (let j = 0; j < ny - 1; j++) {
    for (let i = 0; i < nx - 1; i++) {
      const v00 = v(i, j), v10 = v(i + 1, j), v11 = v(i + 1, j + 1), v01 = v(i, j + 1);
      if (Number.isNaN(v00) || Number.isNaN(v10) || Number.isNaN(v11) || Number.isNaN(v01)) continue;
      const code = (v00 > level ? 1 : 0) | (v10 > level ? 2 : 0) | (v11 > level ? 4 : 0) | (v01 > level ? 8 : 0);
      if (code === 0 || code === 15) continue;
      const bottom = hEdge(i, j), top = hEdge(i, j + 1), left = vEdge(i, j), right = vEdge(i + 1, j);
      if (code === 5 || code === 10) {
        const centerAbove = (v00 + v10 + v11 + v01) / 4 > level;
        // corners 00 and 11 above (5): joined through the center when it is above too
        if ((code === 5) === centerAbove) {
          segment(bottom, right); // around corner 10
          segment(top, left); // around corner 01
        } else {
          segment(left, bottom); // around corner 00
          segment(right, top); // around corner 11
        }
        continue;
      }
      const crossed: number[] = [];
      if ((code & 1) !== (code & 2) >> 1) crossed.push(bottom);
      if ((code & 2) >> 1 !== (code & 4) >> 2) crossed.push(right);
      if ((code & 4) >> 2 !== (code & 8) >> 3) crossed.push(top);
      if ((code & 8) >> 3 !== (code & 1)) crossed.push(left);
      segment(crossed[0], crossed[1]);
    }
  }

  // chain the segments through their shared edges: open lines first (from an end), then loops
  const used = new Uint8Array(segments.length);
  const lines: Polyline[] = [];
  const walk = (startEdge: number, first: number): void => {
    const line: Polyline = [points.get(startEdge)!];
    let edge = startEdge;
    let s = first;
    while (s >= 0 && !used[s]) {
      used[s] = 1;
      const [e0, e1] = segments[s];
      edge = e0 === edge ? e1 : e0;
      line.push(points.get(edge)!);
      s = (at.get(edge) ?? []).find((t) => !used[t]) ?? -1;
    }
    if (line.length > 1) lines.push(line);
  };
  for (const [edge, list] of at) if (list.length === 1 && !used[list[0]]) walk(edge, list[0]);
  for (let s = 0; s < segments.length; s++) if (!used[s]) walk(segments[s][0], s);
  return lines;
}

/** Round numbers 1, 2, 5 × 10ᵏ spaced about `(hi − lo) / count` apart, inside (lo, hi). */
export function niceLevels(lo: number, hi: number, count: number): number[] {
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw * 0.999) ?? 10 * power;
  const out: number[] = [];
  for (let k = Math.floor(lo / step) + 1; k * step < hi; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}

/**
 * About `count` levels at round offsets from `base`, spread geometrically from
 * 10⁻⁴ of the range up to the range: for functions with a deep, narrow valley
 * (Rosenbrock), where evenly spaced levels leave the valley blank.
 */
export function logLevels(lo: number, hi: number, count: number): number[] {
  const span = hi - lo;
  // functions ≥ 0 with a minimum near 0 get levels at round values; others at round offsets from the minimum
  const base = lo >= 0 && lo < span * 1e-3 ? 0 : lo;
  const top = hi - base;
  const bottom = top * 1e-4;
  const decades = Math.log10(top / bottom);
  const perDecade = count / decades;
  const mantissas = perDecade >= 2.5 ? [1, 2, 5] : perDecade >= 1.5 ? [1, 3] : [1];
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(bottom)); e <= Math.ceil(Math.log10(top)); e++) {
    for (const m of mantissas) {
      const d = Number((m * 10 ** e).toPrecision(12));
      if (d >= bottom && d < top) out.push(Number((base + d).toPrecision(12)));
    }
  }
  return out.filter((level) => level > lo && level < hi);
}

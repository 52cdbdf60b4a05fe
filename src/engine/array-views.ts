/**
 * Views as index arithmetic. A loop over an output's positions i (R axes)
 * reaches each element it reads through a chain of views — slices, broadcasts,
 * transposes, reshapes, pads — that is never copied: the element's index in
 * the array under the views is an affine function of i (j = c + A·i, one row
 * per axis), and its offset in the array's contiguous buffer is a linear form
 * c + Σₖ aₖ·iₖ. A slice scales and shifts rows, a broadcast zeroes them, a
 * transpose permutes them, a reshape regroups them (or, where axes merge, keeps
 * only the row-major flat index, which a contiguous buffer can still use), and
 * a pad adds the condition under which the element exists.
 */
import { type Shape, sizeOf, stridesOf } from '../graph/shape.js';

/** c + Σₖ a[k]·iₖ over a loop's index i. */
export interface Form {
  readonly c: number;
  readonly a: readonly number[];
}

/** True where lo ≤ form < hi. */
export interface Cond {
  readonly form: Form;
  readonly lo: number;
  readonly hi: number;
}

/**
 * Where a loop's index lands in an array: one affine form per axis, or (after a
 * reshape that merges axes) only the row-major flat index.
 */
export type IndexMap = { readonly kind: 'affine'; readonly R: number; readonly rows: readonly Form[] } | { readonly kind: 'flat'; readonly R: number; readonly form: Form };

function zeroForm(R: number): Form {
  return { c: 0, a: new Array<number>(R).fill(0) };
}

/** Σ wₘ·formₘ + c. */
function combine(forms: readonly Form[], weights: readonly number[], R: number, c = 0): Form {
  const a = new Array<number>(R).fill(0);
  let cc = c;
  forms.forEach((f, m) => {
    const w = weights[m];
    if (w === 0) return;
    cc += w * f.c;
    for (let k = 0; k < R; k++) a[k] += w * f.a[k];
  });
  return { c: cc, a };
}

/** The loop over the positions of an array of rank R: row m is iₘ. */
export function identityMap(R: number): IndexMap {
  return { kind: 'affine', R, rows: Array.from({ length: R }, (_, m) => ({ c: 0, a: Array.from({ length: R }, (_, k) => (k === m ? 1 : 0)) })) };
}

/** The loop's rank. */
export function loopRank(map: IndexMap): number {
  return map.R;
}

/** The offset, in a contiguous row-major buffer of `shape`, of the element the map reaches. */
export function offsetForm(map: IndexMap, shape: Shape, R: number): Form {
  if (map.kind === 'flat') return map.form;
  return combine(map.rows, stridesOf(shape), R);
}

/** The map into x, given the map into y = broadcastTo(x, to) (x has shape `from`). */
export function throughBroadcast(map: IndexMap, from: Shape, to: Shape): IndexMap | undefined {
  if (map.kind === 'flat') return sizeOf(from) === sizeOf(to) ? map : undefined;
  const lead = to.length - from.length;
  const R = loopRank(map);
  return { kind: 'affine', R, rows: from.map((d, m) => (d === 1 && to[m + lead] !== 1 ? zeroForm(R) : map.rows[m + lead])) };
}

/** The map into x, given the map into y = transpose(x, perm) (y's axis k is x's axis perm[k]). */
export function throughTranspose(map: IndexMap, perm: readonly number[]): IndexMap | undefined {
  if (map.kind === 'flat') return undefined;
  const rows = new Array<Form>(perm.length);
  perm.forEach((p, k) => (rows[p] = map.rows[k]));
  return { kind: 'affine', R: map.R, rows };
}

/** The map into x, given the map into y = x[start : : step] per axis. */
export function throughSlice(map: IndexMap, start: readonly number[], step: readonly number[]): IndexMap | undefined {
  if (map.kind === 'flat') return undefined;
  const R = loopRank(map);
  return { kind: 'affine', R, rows: map.rows.map((f, m) => combine([f], [step[m]], R, start[m])) };
}

/**
 * The map into x, given the map into y = reshape(x) (x has shape `from`, y
 * `to`). Axes that split (or keep their extent) stay affine; where several of
 * x's axes merge into one of y's the map keeps only the flat index.
 */
export function throughReshape(map: IndexMap, from: Shape, to: Shape): IndexMap {
  if (map.kind === 'flat') return map;
  const R = loopRank(map);
  const flat: IndexMap = { kind: 'flat', R, form: combine(map.rows, stridesOf(to), R) };
  if (sizeOf(to) === 0) return flat;
  const rows: Form[] = from.map(() => zeroForm(R));
  const T = to.map((d, k) => [k, d]).filter(([, d]) => d !== 1);
  const F = from.map((d, k) => [k, d]).filter(([, d]) => d !== 1);
  let t = 0;
  let f = 0;
  while (t < T.length || f < F.length) {
    const ts = [T[t++]];
    const fs = [F[f++]];
    if (ts[0] === undefined || fs[0] === undefined) return flat;
    let pt = ts[0][1];
    let pf = fs[0][1];
    while (pt !== pf) {
      if (pt < pf) {
        if (t >= T.length) return flat;
        ts.push(T[t]);
        pt *= T[t++][1];
      } else {
        if (f >= F.length) return flat;
        fs.push(F[f]);
        pf *= F[f++][1];
      }
    }
    if (fs.length === 1) {
      // x's axis is the row-major index over the group of y's axes
      const weights: number[] = [];
      let w = 1;
      for (let q = ts.length - 1; q >= 0; q--) {
        weights[q] = w;
        w *= ts[q][1];
      }
      rows[fs[0][0]] = combine(ts.map(([k]) => map.rows[k]), weights, R);
    } else if (ts.length === 1 && map.rows[ts[0][0]].a.every((v) => v === 0)) {
      // a fixed index into merged axes: its digits
      let c = map.rows[ts[0][0]].c;
      for (let q = fs.length - 1; q >= 0; q--) {
        rows[fs[q][0]] = { c: c % fs[q][1], a: new Array<number>(R).fill(0) };
        c = Math.floor(c / fs[q][1]);
      }
    } else return flat;
  }
  return { kind: 'affine', R, rows };
}

/**
 * The map into x and the conditions under which the element exists, given the
 * map into y = pad(x) (x has shape `from`, y `to`; no interior padding). Undefined when the map
 * keeps only a flat index or the pad is interior.
 */
export function throughPad(map: IndexMap, low: readonly number[], interior: readonly number[], from: Shape, to: Shape): { map: IndexMap; conds: Cond[] } | undefined {
  if (map.kind === 'flat' || interior.some((v) => v !== 0)) return undefined;
  const R = loopRank(map);
  const conds: Cond[] = [];
  const rows = map.rows.map((f, m) => {
    if (low[m] !== 0 || to[m] !== from[m]) conds.push({ form: f, lo: low[m], hi: low[m] + from[m] });
    return combine([f], [1], R, -low[m]);
  });
  return { map: { kind: 'affine', R, rows }, conds };
}

/** For each part of y = concat(parts, axis): the map into it, and the range of y's axis it covers. */
export function throughConcat(map: IndexMap, axis: number, shapes: readonly Shape[]): { map: IndexMap; cond: Cond }[] | undefined {
  if (map.kind === 'flat') return undefined;
  const R = loopRank(map);
  let at = 0;
  return shapes.map((s) => {
    const lo = at;
    at += s[axis];
    const rows = map.rows.map((f, m) => (m === axis ? combine([f], [1], R, -lo) : f));
    return { map: { kind: 'affine', R, rows }, cond: { form: map.rows[axis], lo, hi: at } };
  });
}

/**
 * A loop nest over `shape` with its linear forms, simplified: axes of extent 1
 * dropped, and neighbouring axes merged wherever every form steps through them
 * as through one axis (a contiguous walk becomes a single loop). An empty loop
 * becomes one axis of extent 0.
 */
export function collapse(shape: Shape, forms: readonly Form[]): { shape: number[]; forms: Form[] } {
  if (shape.some((d) => d === 0)) return { shape: [0], forms: forms.map((f) => ({ c: f.c, a: [0] })) };
  const extents: number[] = [];
  const coefficients: number[][] = forms.map(() => []);
  shape.forEach((e, k) => {
    if (e === 1) return;
    const last = extents.length - 1;
    if (last >= 0 && forms.every((f, q) => coefficients[q][last] === f.a[k] * e)) {
      extents[last] *= e;
      forms.forEach((f, q) => (coefficients[q][last] = f.a[k]));
      return;
    }
    extents.push(e);
    forms.forEach((f, q) => coefficients[q].push(f.a[k]));
  });
  return { shape: extents, forms: forms.map((f, q) => ({ c: f.c, a: coefficients[q] })) };
}

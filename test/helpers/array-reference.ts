/**
 * Independent references for the array ops, shared by the array suites.
 *
 * Each structural op is described here by an *index map* computed with plain
 * multi-index arithmetic (never the library's strided kernels): for every
 * output position, the flat input position(s) it reads. The same map then gives
 * 1. numeric reference values (plain loops over Float64Arrays), and
 * 2. the scalar reference: the same computation built from scalar nodes, one
 *    variable per element, with the scalar engine's `sum`, `dot` and binary ops.
 * Reductions list their terms in row-major order and fold them first term first
 * (as the scalar n-ary `sum` does), so where the library documents that order
 * the reference reproduces it bit for bit.
 */
import {
  constant,
  dot,
  max as maxOp,
  type Node,
  sum as sumOp,
  type Value,
  variable,
} from '../../src/index.js';

// ---------------------------------------------------------------------------
// Deterministic random numbers

/** mulberry32: a small seeded generator of uniform numbers in [0, 1). */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * A uniform number in [0, 1) with all 53 bits random. (One 32-bit draw is not
 * enough: sums of a few numbers with 32 significant bits are exact, which would
 * hide every difference in summation order.)
 */
export function uniform53(rand: () => number): number {
  const high = Math.floor(rand() * 2 ** 27);
  const low = Math.floor(rand() * 2 ** 26);
  return (high * 2 ** 26 + low) / 2 ** 53;
}

/** `n` uniform numbers in [lo, hi), with full 53-bit mantissas. */
export function randomData(rand: () => number, n: number, lo = -1, hi = 1): Float64Array {
  return Float64Array.from({ length: n }, () => lo + (hi - lo) * uniform53(rand));
}

// ---------------------------------------------------------------------------
// Shapes and multi-indices

export type Shape = readonly number[];

export function size(shape: Shape): number {
  return shape.reduce((p, d) => p * d, 1);
}

/** The multi-index of flat row-major position `flat` in `shape`. */
export function unravel(flat: number, shape: Shape): number[] {
  const index = new Array<number>(shape.length);
  for (let k = shape.length - 1; k >= 0; k--) {
    index[k] = flat % shape[k];
    flat = Math.floor(flat / shape[k]);
  }
  return index;
}

/** The flat row-major position of a multi-index in `shape`. */
export function ravel(index: readonly number[], shape: Shape): number {
  let flat = 0;
  for (let k = 0; k < shape.length; k++) flat = flat * shape[k] + index[k];
  return flat;
}

/** NumPy's broadcast shape, or undefined when the shapes do not broadcast. */
export function broadcastShape(...shapes: Shape[]): number[] | undefined {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    for (let k = 0; k < s.length; k++) {
      const o = rank - s.length + k;
      if (s[k] === out[o] || s[k] === 1) continue;
      if (out[o] !== 1) return undefined;
      out[o] = s[k];
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Index maps: for each output position, the input position it reads

/** Reading `from` broadcast to `to`: output position → input position. */
export function broadcastMap(from: Shape, to: Shape): number[] {
  const lead = to.length - from.length;
  return Array.from({ length: size(to) }, (_, e) => {
    const index = unravel(e, to).slice(lead).map((i, k) => (from[k] === 1 ? 0 : i));
    return ravel(index, from);
  });
}

/** Axis k of the output is axis perm[k] of the input. */
export function transposeMap(shape: Shape, perm: readonly number[]): { shape: number[]; map: number[] } {
  const out = perm.map((p) => shape[p]);
  const map = Array.from({ length: size(out) }, (_, e) => {
    const o = unravel(e, out);
    const index = new Array<number>(shape.length);
    perm.forEach((p, k) => (index[p] = o[k]));
    return ravel(index, shape);
  });
  return { shape: out, map };
}

/** The positions `start:stop:step` of an axis of extent n, as Python's range of a slice computes them. */
export function pythonRange(n: number, start: number | null | undefined, stop: number | null | undefined, step = 1): number[] {
  const norm = (v: number | null | undefined, fallback: number) => {
    if (v === null || v === undefined) return fallback;
    const w = v < 0 ? v + n : v;
    return Math.min(Math.max(w, 0), n);
  };
  const out: number[] = [];
  for (let i = norm(start, 0); i < norm(stop, n); i += step) out.push(i);
  return out;
}

/** A slice, one `[start, stop, step]` (or null) per leading axis, with Python semantics. */
export function sliceMap(
  shape: Shape,
  spec: readonly (readonly [(number | null)?, (number | null)?, number?] | null)[],
): { shape: number[]; map: number[] } {
  const ranges = shape.map((n, k) => {
    const r = spec[k];
    return r === null || r === undefined ? pythonRange(n, null, null) : pythonRange(n, r[0], r[1], r[2]);
  });
  const out = ranges.map((r) => r.length);
  const map = Array.from({ length: size(out) }, (_, e) => ravel(unravel(e, out).map((i, k) => ranges[k][i]), shape));
  return { shape: out, map };
}

/** A pad by `[before, after]` per axis: output position → input position, or −1 for the pad value. */
export function padMap(shape: Shape, widths: readonly (readonly [number, number])[]): { shape: number[]; map: number[] } {
  const w = shape.map((_, k) => widths[k] ?? [0, 0]);
  const out = shape.map((d, k) => d + w[k][0] + w[k][1]);
  const map = Array.from({ length: size(out) }, (_, e) => {
    const index = unravel(e, out).map((i, k) => i - w[k][0]);
    return index.every((i, k) => i >= 0 && i < shape[k]) ? ravel(index, shape) : -1;
  });
  return { shape: out, map };
}

/** Arrays laid end to end along `axis`: output position → [which input, its position]. */
export function concatMap(shapes: readonly Shape[], axis: number): { shape: number[]; map: [number, number][] } {
  const out = shapes[0].map((d, k) => (k === axis ? shapes.reduce((s, sh) => s + sh[axis], 0) : d));
  const map = Array.from({ length: size(out) }, (_, e): [number, number] => {
    const index = unravel(e, out);
    let at = index[axis];
    let which = 0;
    while (at >= shapes[which][axis]) at -= shapes[which++][axis];
    index[axis] = at;
    return [which, ravel(index, shapes[which])];
  });
  return { shape: out, map };
}

/** A gather along `axis` at `indices` (a flat list; its shape replaces the axis). */
export function takeMap(shape: Shape, indices: readonly number[], indexShape: Shape, axis: number): { shape: number[]; map: number[] } {
  const out = [...shape.slice(0, axis), ...indexShape, ...shape.slice(axis + 1)];
  const r = indexShape.length;
  const map = Array.from({ length: size(out) }, (_, e) => {
    const o = unravel(e, out);
    const j = ravel(o.slice(axis, axis + r), indexShape);
    return ravel([...o.slice(0, axis), indices[j], ...o.slice(axis + r)], shape);
  });
  return { shape: out, map };
}

/** A scatter-add of updates of shape `shape` along `axis` into extent `n`: output position → the update positions that add into it, in row-major order. */
export function scatterMap(shape: Shape, indices: readonly number[], indexShape: Shape, axis: number, n: number): { shape: number[]; terms: number[][] } {
  const r = indexShape.length;
  const out = [...shape.slice(0, axis), n, ...shape.slice(axis + r)];
  const terms = Array.from({ length: size(out) }, () => [] as number[]);
  for (let e = 0; e < size(shape); e++) {
    const u = unravel(e, shape);
    const j = ravel(u.slice(axis, axis + r), indexShape);
    terms[ravel([...u.slice(0, axis), indices[j], ...u.slice(axis + r)], out)].push(e);
  }
  return { shape: out, terms };
}

/** A reduction over `axes` (sorted, non-negative): output position → the reduced positions, in row-major order. */
export function reduceMap(shape: Shape, axes: readonly number[], keepdims: boolean): { shape: number[]; terms: number[][] } {
  const kept = shape.map((d, k) => (axes.includes(k) ? 1 : d));
  const out = keepdims ? kept : shape.filter((_, k) => !axes.includes(k));
  const terms = Array.from({ length: size(kept) }, () => [] as number[]);
  for (let e = 0; e < size(shape); e++) {
    const index = unravel(e, shape).map((i, k) => (axes.includes(k) ? 0 : i));
    terms[ravel(index, kept)].push(e);
  }
  return { shape: out, terms };
}

/**
 * NumPy's matmul on shapes (a vector on the left is a row, on the right a
 * column): the output shape and, per output position, the row of A and the
 * column of B it contracts (flat positions, in contraction order).
 */
export function matmulMap(as: Shape, bs: Shape): { shape: number[]; rows: number[][]; columns: number[][] } | undefined {
  const A = as.length === 1 ? [1, as[0]] : as;
  const B = bs.length === 1 ? [bs[0], 1] : bs;
  const [m, k] = A.slice(-2);
  const [k2, n] = B.slice(-2);
  if (k !== k2) return undefined;
  const batch = broadcastShape(A.slice(0, -2), B.slice(0, -2));
  if (batch === undefined) return undefined;
  const full = [...batch, m, n];
  const aMap = broadcastMap(A.slice(0, -2), batch);
  const bMap = broadcastMap(B.slice(0, -2), batch);
  const rows: number[][] = [];
  const columns: number[][] = [];
  for (let e = 0; e < size(full); e++) {
    const index = unravel(e, full);
    const t = ravel(index.slice(0, -2), batch);
    const [i, j] = index.slice(-2);
    rows.push(Array.from({ length: k }, (_, p) => aMap[t] * m * k + i * k + p));
    columns.push(Array.from({ length: k }, (_, p) => bMap[t] * k * n + p * n + j));
  }
  const shape = [...batch];
  if (as.length > 1) shape.push(m);
  if (bs.length > 1) shape.push(n);
  return { shape, rows, columns };
}

// ---------------------------------------------------------------------------
// Numeric references

/** Values through an index map (−1 reads `fill`). */
export function gatherValues(x: ArrayLike<number>, map: readonly number[], fill = 0): Float64Array {
  return Float64Array.from(map, (i) => (i < 0 ? fill : x[i]));
}

/** Folds each list of terms first term first (an empty list gives `empty`). */
export function foldValues(x: ArrayLike<number>, terms: readonly (readonly number[])[], combine: (a: number, b: number) => number, empty: number): Float64Array {
  return Float64Array.from(terms, (t) => {
    if (t.length === 0) return empty;
    let acc = x[t[0]];
    for (let q = 1; q < t.length; q++) acc = combine(acc, x[t[q]]);
    return acc;
  });
}

/** Σ of products row·column per output, p = 0 … k−1, first term first (an empty contraction is 0). */
export function matmulValues(a: ArrayLike<number>, b: ArrayLike<number>, rows: readonly (readonly number[])[], columns: readonly (readonly number[])[]): Float64Array {
  return Float64Array.from(rows, (row, e) => {
    if (row.length === 0) return 0;
    let s = a[row[0]] * b[columns[e][0]];
    for (let p = 1; p < row.length; p++) s += a[row[p]] * b[columns[e][p]];
    return s;
  });
}

/** f applied elementwise to operands broadcast to their common shape. */
export function elementwiseValues(f: (...x: number[]) => number, operands: readonly { data: ArrayLike<number>; shape: Shape }[]): { data: Float64Array; shape: number[] } {
  const shape = broadcastShape(...operands.map((o) => o.shape));
  if (shape === undefined) throw new Error('elementwiseValues: the shapes do not broadcast');
  const maps = operands.map((o) => broadcastMap(o.shape, shape));
  const data = Float64Array.from({ length: size(shape) }, (_, e) => f(...operands.map((o, i) => o.data[maps[i][e]])));
  return { data, shape };
}

// ---------------------------------------------------------------------------
// The scalar reference: one scalar node per element

/** An array of scalar nodes, row-major, with its shape. */
export interface ScalarArray {
  readonly nodes: readonly Node[];
  readonly shape: Shape;
}

/** Scalar variables `name[0]`, `name[1]`, … standing for the elements of an array variable. */
export function scalarVariables(name: string, shape: Shape): ScalarArray {
  return { nodes: Array.from({ length: size(shape) }, (_, e) => variable(`${name}[${e}]`)), shape };
}

/** Bindings of the scalar variables of `name` to the elements of `data`. */
export function scalarBindings(name: string, data: ArrayLike<number>, into: Record<string, number> = {}): Record<string, number> {
  for (let e = 0; e < data.length; e++) into[`${name}[${e}]`] = data[e];
  return into;
}

/**
 * The scalar gradient of the variables of `name`, gathered back into one array.
 * An element the scalar graph does not use is not one of its variables: its
 * partial is 0.
 */
export function scalarGradient(name: string, n: number, gradient: Readonly<Record<string, Value>>): Float64Array {
  return Float64Array.from({ length: n }, (_, e) => (gradient[`${name}[${e}]`] as number | undefined) ?? 0);
}

export function gatherNodes(x: ScalarArray, map: readonly number[], shape: Shape, fill = 0): ScalarArray {
  return { nodes: map.map((i) => (i < 0 ? constant(fill) : x.nodes[i])), shape };
}

/** Σ of each list of terms with the scalar n-ary `sum` (left to right); an empty list is the constant 0. */
export function sumNodes(x: ScalarArray, terms: readonly (readonly number[])[], shape: Shape): ScalarArray {
  return { nodes: terms.map((t) => (t.length === 0 ? constant(0) : sumOp(t.map((i) => x.nodes[i])))), shape };
}

/** The maximum of each list of terms, as a chain of binary scalar `max` (left to right). */
export function maxNodes(x: ScalarArray, terms: readonly (readonly number[])[], shape: Shape): ScalarArray {
  return {
    nodes: terms.map((t) => t.slice(1).reduce<Node>((m, i) => maxOp(m, x.nodes[i]), x.nodes[t[0]])),
    shape,
  };
}

/** Each output as the scalar `dot` of a row of A and a column of B. */
export function matmulNodes(a: ScalarArray, b: ScalarArray, rows: readonly (readonly number[])[], columns: readonly (readonly number[])[], shape: Shape): ScalarArray {
  return {
    nodes: rows.map((row, e) => (row.length === 0 ? constant(0) : dot(row.map((i) => a.nodes[i]), columns[e].map((j) => b.nodes[j])))),
    shape,
  };
}

/** f applied to scalar nodes elementwise, operands broadcast. */
export function elementwiseNodes(f: (...x: Node[]) => Node, operands: readonly ScalarArray[]): ScalarArray {
  const shape = broadcastShape(...operands.map((o) => o.shape));
  if (shape === undefined) throw new Error('elementwiseNodes: the shapes do not broadcast');
  const maps = operands.map((o) => broadcastMap(o.shape, shape));
  return { nodes: Array.from({ length: size(shape) }, (_, e) => f(...operands.map((o, i) => o.nodes[maps[i][e]]))), shape };
}

// ---------------------------------------------------------------------------
// Comparing values

/** A result's elements: a number is one element. */
export function dataOf(v: Value | undefined): Float64Array {
  if (v === undefined) throw new Error('dataOf: no value');
  return typeof v === 'number' ? Float64Array.of(v) : v.data;
}

/** Σ aᵢ·bᵢ. */
export function inner(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`inner: lengths ${a.length} and ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Σ |aᵢ·bᵢ|: the scale of the rounding error of an inner product. */
export function innerScale(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] * b[i]);
  return s;
}

/**
 * The first position where two arrays differ as `Object.is` sees it (−0 ≠ 0,
 * NaN = NaN), or −1. With `zeroSign: false`, −0 and 0 count as the same bits.
 */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>, options: { zeroSign?: boolean } = {}): number {
  if (a.length !== b.length) return 0;
  const zeroSign = options.zeroSign ?? true;
  for (let i = 0; i < a.length; i++) {
    if (Object.is(a[i], b[i]) || (!zeroSign && a[i] === 0 && b[i] === 0)) continue;
    return i;
  }
  return -1;
}

const show = (v: number) => (Object.is(v, -0) ? '-0' : String(v));

/** A readable message for two arrays that should be identical ('identical' when they are). */
export function describeDifference(a: ArrayLike<number>, b: ArrayLike<number>, options: { zeroSign?: boolean } = {}): string {
  const i = firstDifference(a, b, options);
  if (i < 0) return 'identical';
  if (a.length !== b.length) return `lengths ${a.length} and ${b.length}`;
  return `element ${i}: ${show(a[i])} vs ${show(b[i])}`;
}

/** The largest |aᵢ − bᵢ| relative to max(1, |bᵢ|). */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return a.length === b.length ? worst : Infinity;
}

/**
 * Random array programs for property-based tests (test/arrays-property.test.ts),
 * in the manner of test/helpers/random-graph.ts:
 * 1. fast-check draws the shapes of three variables x, y, z (rank 0–3, extents
 *    0–3, 0 rarely), a *raw* tree of ops over them (any op over any sub-trees,
 *    with a free integer `k` per op), a point, a direction and cotangents;
 * 2. a builder walks the raw tree bottom-up and makes it legal: `k` picks the
 *    op's parameters (axes, permutations, slices, pads, indices, target shapes)
 *    among those the operands' shapes allow, operands whose shapes do not fit
 *    are adapted (a gather of their elements reshaped to a shape that
 *    broadcasts, or a reduction broadcast back), and interval bounds keep
 *    every op in its domain and every element's magnitude below 8, as the
 *    scalar generator does. Arrays stay small (at most 48 elements).
 * The builder records the kinks (arguments of abs, relu, max, min, where's
 * comparison, and the top-two gap of every max reduction) so that finite
 * differences can skip points next to one.
 *
 * Runs and seed follow the scalar suites: WENGERT_PROPERTY_SEED, and
 * WENGERT_PROPERTY_RUNS if set (else {@link DEFAULT_ARRAY_RUNS}).
 */
import fc from 'fast-check';
import {
  abs,
  add,
  broadcastTo,
  concat,
  constant,
  cos,
  div,
  equal,
  exp,
  greater,
  greaterEqual,
  less,
  lessEqual,
  log,
  logSumExp,
  matmul,
  max,
  mean,
  min,
  mul,
  neg,
  type Node,
  pad,
  pow,
  reciprocal,
  relu,
  reshape,
  scatterAdd,
  sigmoid,
  sin,
  slice,
  softmax,
  softplus,
  sqrt,
  square,
  stack,
  sub,
  sum,
  take,
  tanh,
  transpose,
  variable,
  where,
  compile,
  tape,
  type Backend,
} from '../../src/index.js';
import type { Slot } from '../../src/ad/array-engine.js';
import { propertySeed, realArbitrary } from './random-graph.js';

// ---------------------------------------------------------------------------
// Runs

/** Programs per property in CI when WENGERT_PROPERTY_RUNS is not set. */
export const DEFAULT_ARRAY_RUNS = 2500;

function runsFromEnvironment(): number {
  const raw = typeof process === 'undefined' ? undefined : process.env.WENGERT_PROPERTY_RUNS;
  if (raw === undefined || raw === '') return DEFAULT_ARRAY_RUNS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`WENGERT_PROPERTY_RUNS must be an integer ≥ 1, got ${JSON.stringify(raw)}`);
  return n;
}

/** Programs per property run. */
export const arrayPropertyRuns = runsFromEnvironment();

/** fast-check parameters: the shared seed, {@link arrayPropertyRuns} runs. */
export function arrayPropertyParameters<T>(extra: fc.Parameters<T> = {}): fc.Parameters<T> {
  return { seed: propertySeed, numRuns: arrayPropertyRuns, ...extra };
}

// ---------------------------------------------------------------------------
// Ops

export const ARRAY_VARIABLES = ['x', 'y', 'z'] as const;

export const UNARY = ['neg', 'exp', 'tanh', 'sin', 'cos', 'square', 'sigmoid', 'softplus', 'log', 'sqrt', 'reciprocal', 'abs', 'relu'] as const;
export const BINARY = ['add', 'sub', 'mul', 'div', 'max', 'min', 'pow', 'where'] as const;
export const STRUCTURAL = ['broadcastTo', 'reshape', 'transpose', 'slice', 'pad', 'concat', 'stack', 'take', 'scatterAdd', 'matmul'] as const;
export const REDUCTIONS = ['sum', 'mean', 'maxReduce', 'logSumExp', 'softmax'] as const;
export type ArrayOp = (typeof UNARY)[number] | (typeof BINARY)[number] | (typeof STRUCTURAL)[number] | (typeof REDUCTIONS)[number];
export const ARRAY_OPS: readonly ArrayOp[] = [...UNARY, ...BINARY, ...STRUCTURAL, ...REDUCTIONS];
const ARITY: Partial<Record<ArrayOp, number>> = { add: 2, sub: 2, mul: 2, div: 2, max: 2, min: 2, pow: 2, where: 4, concat: 2, stack: 2, matmul: 2 };

export type RawTree =
  | { readonly t: 'var'; readonly i: number; readonly fresh: boolean }
  | { readonly t: 'const'; readonly c: number }
  | { readonly t: 'op'; readonly op: ArrayOp; readonly k: number; readonly args: readonly RawTree[] };

// ---------------------------------------------------------------------------
// Bounds

/** Variables take values in [−2, 2]; bounds are computed for a slightly wider box (finite-difference steps). */
export const POINT_RANGE = 2;
const BOX = POINT_RANGE + 0.01;
/** Every element's magnitude stays below this. */
export const MAGNITUDE = 8;
/** No array has more elements than this. */
export const MAX_ELEMENTS = 48;
const POSITIVE = 0.2;

/** A built value: its node, a sound bound on its elements, and its text for failure reports. */
export interface Built {
  readonly node: Node;
  readonly lo: number;
  readonly hi: number;
  readonly text: string;
}

const widen = (lo: number, hi: number): [number, number] => [lo - 1e-9 * (1 + Math.abs(lo)), hi + 1e-9 * (1 + Math.abs(hi))];
const magnitude = (e: Built) => Math.max(Math.abs(e.lo), Math.abs(e.hi));
const sizeOf = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);
const showShape = (shape: readonly number[]) => `[${shape.join(',')}]`;
const sigmoidOf = (v: number) => 1 / (1 + Math.exp(-v));
const softplusOf = (v: number) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));

/** NumPy's broadcast shape, or undefined. */
function broadcastable(a: readonly number[], b: readonly number[]): number[] | undefined {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let k = 0; k < rank; k++) {
    const p = a[a.length - rank + k] ?? 1;
    const q = b[b.length - rank + k] ?? 1;
    if (p !== q && p !== 1 && q !== 1) return undefined;
    out.push(p === 1 ? q : p);
  }
  return out;
}

/** A kink: where the program is not differentiable, for the difference check to keep away from. */
export type Kink =
  /** an elementwise argument whose sign change is a kink (abs, relu: x; max, min, where: a − b) */
  | { readonly kind: 'zero'; readonly node: Node }
  /** a max reduction: ties between the largest two elements of a group are kinks */
  | { readonly kind: 'gap'; readonly node: Node; readonly axes: readonly number[] };

/** A legal program: its outputs, its variables (name, shape), its kinks, and its text. */
export interface Program {
  readonly outputs: Node[];
  readonly texts: string[];
  readonly shapes: Readonly<Record<string, readonly number[]>>;
  readonly kinks: Kink[];
  /** Every op the builder used (wrappers included). */
  readonly ops: Set<ArrayOp>;
}

/** Builds legal programs from raw trees; `k` is consumed digit by digit by `choose`. */
class Builder {
  readonly kinks: Kink[] = [];
  readonly ops = new Set<ArrayOp>();
  private readonly vars = new Map<string, Node>();
  private choose: (n: number) => number = () => 0;

  constructor(private readonly shapes: readonly (readonly number[])[]) {}

  build(r: RawTree): Built {
    if (r.t === 'var') {
      const name = ARRAY_VARIABLES[r.i];
      const shape = this.shapes[r.i];
      let v = r.fresh ? undefined : this.vars.get(name);
      if (v === undefined) {
        v = variable(name, shape);
        if (!r.fresh) this.vars.set(name, v);
      }
      return { node: v, lo: -BOX, hi: BOX, text: r.fresh ? `${name}'` : name };
    }
    if (r.t === 'const') return this.constant(r.c);
    const args = r.args.map((a) => this.build(a));
    let k = r.k;
    this.choose = (n: number): number => {
      const c = k % n;
      k = Math.floor(k / n);
      return c;
    };
    return this.bounded(this.op(r.op, args));
  }

  private constant(c: number): Built {
    return { node: constant(c), lo: c, hi: c, text: String(c) };
  }

  private made(op: ArrayOp, node: Node, lo: number, hi: number, text: string): Built {
    this.ops.add(op);
    const [l, h] = widen(lo, hi);
    return { node, lo: l, hi: h, text };
  }

  // ---- elementwise

  private unary(op: (typeof UNARY)[number], a: Built): Built {
    const mono = (f: (v: number) => number): [number, number] => [f(a.lo), f(a.hi)];
    const t = `${op}(${a.text})`;
    switch (op) {
      case 'neg':
        return this.made(op, neg(a.node), -a.hi, -a.lo, t);
      case 'exp': {
        const s = this.scaled(a, 2);
        return this.made(op, exp(s.node), Math.exp(s.lo), Math.exp(s.hi), `exp(${s.text})`);
      }
      case 'tanh':
        return this.made(op, tanh(a.node), ...mono(Math.tanh), t);
      case 'sin':
        return this.made(op, sin(a.node), -1, 1, t);
      case 'cos':
        return this.made(op, cos(a.node), -1, 1, t);
      case 'sigmoid':
        return this.made(op, sigmoid(a.node), ...mono(sigmoidOf), t);
      case 'softplus':
        return this.made(op, softplus(a.node), ...mono(softplusOf), t);
      case 'square': {
        const lo = a.lo >= 0 ? a.lo : a.hi <= 0 ? -a.hi : 0;
        const hi = Math.max(-a.lo, a.hi);
        return this.made(op, square(a.node), lo * lo, hi * hi, t);
      }
      case 'abs': {
        this.kinks.push({ kind: 'zero', node: a.node });
        return this.made(op, abs(a.node), a.lo >= 0 ? a.lo : a.hi <= 0 ? -a.hi : 0, Math.max(-a.lo, a.hi), t);
      }
      case 'relu':
        this.kinks.push({ kind: 'zero', node: a.node });
        return this.made(op, relu(a.node), Math.max(a.lo, 0), Math.max(a.hi, 0), t);
      case 'log': {
        const p = this.positive(a);
        return this.made(op, log(p.node), Math.log(p.lo), Math.log(p.hi), `log(${p.text})`);
      }
      case 'sqrt': {
        const p = this.positive(a);
        return this.made(op, sqrt(p.node), Math.sqrt(p.lo), Math.sqrt(p.hi), `sqrt(${p.text})`);
      }
      case 'reciprocal': {
        const p = this.awayFromZero(a);
        return this.made(op, reciprocal(p.node), 1 / p.hi, 1 / p.lo, `reciprocal(${p.text})`);
      }
    }
  }

  private binary(op: (typeof BINARY)[number], a: Built, bRaw: Built, extra: Built[]): Built {
    const b = this.fit(bRaw, a.node.shape);
    const t = `${op}(${a.text}, ${b.text})`;
    switch (op) {
      case 'add':
        return this.made(op, add(a.node, b.node), a.lo + b.lo, a.hi + b.hi, t);
      case 'sub':
        return this.made(op, sub(a.node, b.node), a.lo - b.hi, a.hi - b.lo, t);
      case 'mul': {
        const c = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi];
        return this.made(op, mul(a.node, b.node), Math.min(...c), Math.max(...c), t);
      }
      case 'div': {
        const q = this.awayFromZero(b);
        const c = [a.lo / q.lo, a.lo / q.hi, a.hi / q.lo, a.hi / q.hi];
        return this.made(op, div(a.node, q.node), Math.min(...c), Math.max(...c), `div(${a.text}, ${q.text})`);
      }
      case 'max':
        this.kinks.push({ kind: 'zero', node: sub(a.node, b.node) });
        return this.made(op, max(a.node, b.node), Math.max(a.lo, b.lo), Math.max(a.hi, b.hi), t);
      case 'min':
        this.kinks.push({ kind: 'zero', node: sub(a.node, b.node) });
        return this.made(op, min(a.node, b.node), Math.min(a.lo, b.lo), Math.min(a.hi, b.hi), t);
      case 'pow': {
        const base = this.positive(a);
        if (this.choose(2) === 0) {
          const n = [2, 3, -1, 0.5, 1.5, -0.5][this.choose(6)];
          const c = [base.lo ** n, base.hi ** n];
          return this.made(op, pow(base.node, n), Math.min(...c), Math.max(...c), `pow(${base.text}, ${n})`);
        }
        const e = this.scaled(b, 2);
        const c = [base.lo ** e.lo, base.lo ** e.hi, base.hi ** e.lo, base.hi ** e.hi];
        return this.made(op, pow(base.node, e.node), Math.min(...c), Math.max(...c), `pow(${base.text}, ${e.text})`);
      }
      case 'where': {
        // where(cmp(a, b), p, q): the comparison of a and b picks between two more operands
        const shape = broadcastable(a.node.shape, b.node.shape)!;
        const p = this.fit(extra[0], shape);
        const q = this.fit(extra[1], broadcastable(shape, p.node.shape)!);
        const compare = [less, lessEqual, greater, greaterEqual, equal][this.choose(5)];
        this.kinks.push({ kind: 'zero', node: sub(a.node, b.node) });
        const node = where(compare(a.node, b.node), p.node, q.node);
        return this.made(op, node, Math.min(p.lo, q.lo), Math.max(p.hi, q.hi), `where(${compare.name}(${a.text}, ${b.text}), ${p.text}, ${q.text})`);
      }
    }
  }

  // ---- fitting operands

  /**
   * b, or b adapted to a shape that broadcasts with `target`: a gather of its
   * elements reshaped (exercising take and reshape), or its sum broadcast to
   * some of target's axes.
   */
  private fit(b: Built, target: readonly number[]): Built {
    const mode = this.choose(4);
    if (mode !== 0 && broadcastable(b.node.shape, target) !== undefined && sizeOf(broadcastable(b.node.shape, target)!) <= MAX_ELEMENTS) return b;
    // a shape that broadcasts with target: target itself, with some axes set to 1, or only its trailing axes
    const lead = this.choose(Math.max(1, target.length));
    const shape = target.slice(lead).map((d) => (this.choose(3) === 0 ? 1 : d));
    return this.reshaped(b, shape);
  }

  /** An array of exactly `shape` made from b's elements: gathered (with repeats), or b's sum broadcast. */
  private reshaped(b: Built, shape: readonly number[]): Built {
    const n = sizeOf(shape);
    if (b.node.size > 0 && this.choose(3) !== 0) {
      const flat = b.node.shape.length === 1 ? b.node : reshape(b.node, [b.node.size]);
      const indices = Array.from({ length: n }, () => this.choose(b.node.size));
      const gathered = take(flat, indices);
      this.ops.add('take');
      this.ops.add('reshape');
      const node = shape.length === 1 ? gathered : reshape(gathered, shape);
      return { node, lo: b.lo, hi: b.hi, text: `reshape(take(${b.text}, [${indices.join(',')}]), ${showShape(shape)})` };
    }
    const s = b.node.size;
    const total = b.node.shape.length === 0 ? b.node : sum(b.node);
    const lo = s === 0 ? 0 : s * b.lo;
    const hi = s === 0 ? 0 : s * b.hi;
    const squashed = this.bounded({ node: total, lo: Math.min(lo, hi), hi: Math.max(lo, hi), text: `sum(${b.text})` });
    if (shape.length === 0) return squashed;
    this.ops.add('broadcastTo');
    return { node: broadcastTo(squashed.node, shape), lo: squashed.lo, hi: squashed.hi, text: `broadcastTo(${squashed.text}, ${showShape(shape)})` };
  }

  // ---- structural

  private atLeastVector(a: Built): Built {
    if (a.node.shape.length > 0) return a;
    return { node: reshape(a.node, [1]), lo: a.lo, hi: a.hi, text: `reshape(${a.text}, [1])` };
  }

  private axes(rank: number): { axes: number[]; given: number | number[] | undefined } {
    const mode = this.choose(3);
    if (mode === 0 || rank === 0) return { axes: Array.from({ length: rank }, (_, k) => k), given: undefined };
    const axes = Array.from({ length: rank }, (_, k) => k).filter(() => this.choose(2) === 0);
    if (axes.length === 0) axes.push(this.choose(rank));
    // sometimes as negative axes, sometimes as a single number
    const given = axes.map((k) => (this.choose(2) === 0 ? k - rank : k));
    return { axes, given: given.length === 1 && this.choose(2) === 0 ? given[0] : given };
  }

  private structural(op: (typeof STRUCTURAL)[number], a0: Built, other: Built): Built {
    const shape = a0.node.shape;
    switch (op) {
      case 'broadcastTo': {
        // expand size-1 axes and maybe add a leading one
        const target = shape.map((d) => (d === 1 ? 1 + this.choose(3) : d));
        if (this.choose(2) === 0) target.unshift(1 + this.choose(3));
        if (sizeOf(target) > MAX_ELEMENTS) return a0;
        return this.made(op, broadcastTo(a0.node, target), a0.lo, a0.hi, `broadcastTo(${a0.text}, ${showShape(target)})`);
      }
      case 'reshape': {
        const n = sizeOf(shape);
        const target: number[] = [];
        let rest = n;
        const rank = 1 + this.choose(3);
        for (let k = 0; k < rank - 1 && rest > 1; k++) {
          const divisors = Array.from({ length: rest }, (_, d) => d + 1).filter((d) => rest % d === 0);
          const d = divisors[this.choose(divisors.length)];
          target.push(d);
          rest /= d;
        }
        target.push(rest);
        if (n === 0) target.splice(0, target.length, 0, ...(this.choose(2) === 0 ? [2] : []));
        if (n === 1 && this.choose(2) === 0) target.length = 0;
        // one extent as −1 sometimes
        const spec: number[] = target.slice();
        if (n > 0 && spec.length > 0 && this.choose(3) === 0) spec[this.choose(spec.length)] = -1;
        return this.made(op, reshape(a0.node, spec), a0.lo, a0.hi, `reshape(${a0.text}, ${showShape(spec)})`);
      }
      case 'transpose': {
        const a = this.atLeastVector(a0);
        const rank = a.node.shape.length;
        const pool = Array.from({ length: rank }, (_, k) => k);
        const perm: number[] = [];
        while (pool.length > 0) perm.push(pool.splice(this.choose(pool.length), 1)[0]);
        const usePerm = this.choose(3) !== 0;
        return this.made(op, transpose(a.node, usePerm ? perm : undefined), a.lo, a.hi, `transpose(${a.text}${usePerm ? `, ${showShape(perm)}` : ''})`);
      }
      case 'slice': {
        const a = this.atLeastVector(a0);
        const spec = a.node.shape.map((d) => {
          if (this.choose(3) === 0) return null;
          const pick = () => (this.choose(3) === 0 ? null : this.choose(2 * d + 3) - d - 1);
          return [pick(), pick(), 1 + this.choose(3)] as [number | null, number | null, number];
        });
        return this.made(op, slice(a.node, spec), a.lo, a.hi, `slice(${a.text}, ${JSON.stringify(spec)})`);
      }
      case 'pad': {
        const a = this.atLeastVector(a0);
        const widths = a.node.shape.map(() => [this.choose(3), this.choose(2)] as [number, number]);
        if (sizeOf(a.node.shape.map((d, k) => d + widths[k][0] + widths[k][1])) > MAX_ELEMENTS) return a;
        const value = [0, 1, -0.5][this.choose(3)];
        return this.made(op, pad(a.node, widths, value), Math.min(a.lo, value), Math.max(a.hi, value), `pad(${a.text}, ${JSON.stringify(widths)}, ${value})`);
      }
      case 'concat': {
        const a = this.atLeastVector(a0);
        const s = a.node.shape;
        const axis = this.choose(s.length);
        const part = s.map((d, k) => (k === axis ? 1 + this.choose(2) : d));
        if (sizeOf(s) + sizeOf(part) > MAX_ELEMENTS) return a;
        const b = this.reshaped(other, part);
        const given = this.choose(2) === 0 ? axis : axis - s.length;
        const parts = this.choose(2) === 0 ? [a.node, b.node] : [b.node, a.node];
        return this.made(op, concat(parts, given), Math.min(a.lo, b.lo), Math.max(a.hi, b.hi), `concat([${a.text}, ${b.text}], ${given})`);
      }
      case 'stack': {
        if (2 * sizeOf(shape) > MAX_ELEMENTS) return a0;
        const b = this.reshaped(other, shape);
        const axis = this.choose(shape.length + 1);
        return this.made(op, stack([a0.node, b.node], axis), Math.min(a0.lo, b.lo), Math.max(a0.hi, b.hi), `stack([${a0.text}, ${b.text}], ${axis})`);
      }
      case 'take': {
        const a = this.atLeastVector(a0);
        const s = a.node.shape;
        const axis = this.choose(s.length);
        if (s[axis] === 0) return a;
        const count = 1 + this.choose(4);
        if ((sizeOf(s) / s[axis]) * count > MAX_ELEMENTS) return a;
        const indices = Array.from({ length: count }, () => this.choose(s[axis]));
        return this.made(op, take(a.node, indices, axis), a.lo, a.hi, `take(${a.text}, [${indices.join(',')}], ${axis})`);
      }
      case 'scatterAdd': {
        const a = this.atLeastVector(a0);
        const s = a.node.shape;
        const axis = this.choose(s.length);
        const size = 1 + this.choose(3);
        if ((sizeOf(s) / Math.max(1, s[axis])) * size > MAX_ELEMENTS) return a;
        const indices = Array.from({ length: s[axis] }, () => this.choose(size));
        // an output element adds up to s[axis] updates (or none: 0)
        const m = s[axis];
        const lo = Math.min(0, m * a.lo);
        const hi = Math.max(0, m * a.hi);
        return this.made(op, scatterAdd(a.node, indices, axis, size), lo, hi, `scatterAdd(${a.text}, [${indices.join(',')}], ${axis}, ${size})`);
      }
      case 'matmul':
        return this.matmul(a0, other);
    }
  }

  /** a·b with b adapted: a matrix, a vector, or a batch whose leading axes broadcast with a's. */
  private matmul(a0: Built, other: Built): Built {
    const a = this.atLeastVector(a0);
    const s = a.node.shape;
    const K = s[s.length - 1];
    const n = 1 + this.choose(3);
    let target: number[];
    const mode = this.choose(4);
    if (mode === 0 && s.length >= 2) target = [K];
    else if (mode === 1 && s.length >= 2) {
      // a batch for b: a's batch axes, some set to 1
      target = [...s.slice(0, -2).map((d) => (this.choose(2) === 0 ? 1 : d)), K, n];
    } else if (mode === 2) target = [1 + this.choose(2), K, n];
    else target = [K, n];
    const batchA = s.length >= 2 ? s.slice(0, -2) : [];
    const batch = broadcastable(batchA, target.length >= 3 ? target.slice(0, -2) : []);
    const m = s.length >= 2 ? s[s.length - 2] : 1;
    if (batch === undefined || sizeOf(target) > MAX_ELEMENTS || sizeOf(batch) * m * n > MAX_ELEMENTS) target = [K, n];
    const b = this.reshaped(other, target);
    const products = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi];
    const lo = K === 0 ? 0 : K * Math.min(...products);
    const hi = K === 0 ? 0 : K * Math.max(...products);
    // a vector on the left is a row (vector × matrix), a vector on the right a column (matrix × vector)
    return this.made('matmul', matmul(a.node, b.node), Math.min(lo, 0), Math.max(hi, 0), `matmul(${a.text}, ${b.text})`);
  }

  // ---- reductions

  private reduction(op: (typeof REDUCTIONS)[number], a0: Built): Built {
    const a = op === 'softmax' ? this.atLeastVector(a0) : a0;
    const s = a.node.shape;
    const keepdims = this.choose(2) === 0;
    if (op === 'softmax') {
      const axis = this.choose(s.length);
      if (s[axis] === 0) return a;
      const given = this.choose(2) === 0 ? axis : axis - s.length;
      return this.made(op, softmax(a.node, given), 0, 1, `softmax(${a.text}, ${given})`);
    }
    const { axes, given } = this.axes(s.length);
    const count = sizeOf(axes.map((k) => s[k]));
    const options = { axis: given, keepdims };
    const text = `${op}(${a.text}, ${JSON.stringify(options)})`;
    // mean, max and logSumExp need an element to reduce: over an empty group, sum instead
    if (op === 'sum' || count === 0) {
      const node = sum(a.node, options);
      return this.made('sum', node, count === 0 ? 0 : count * a.lo, count === 0 ? 0 : count * a.hi, text.replace(/^\w+/, 'sum'));
    }
    switch (op) {
      case 'mean':
        return this.made(op, mean(a.node, options), a.lo, a.hi, text);
      case 'maxReduce':
        this.kinks.push({ kind: 'gap', node: a.node, axes });
        return this.made(op, max(a.node, options), a.lo, a.hi, text);
      case 'logSumExp':
        return this.made(op, logSumExp(a.node, options), a.lo, a.hi + Math.log(count), text);
    }
  }

  private op(op: ArrayOp, args: Built[]): Built {
    const [a, b] = args;
    if ((UNARY as readonly string[]).includes(op)) return this.unary(op as (typeof UNARY)[number], a);
    if ((BINARY as readonly string[]).includes(op)) return this.binary(op as (typeof BINARY)[number], a, b, args.slice(2));
    if ((STRUCTURAL as readonly string[]).includes(op)) return this.structural(op as (typeof STRUCTURAL)[number], a, b ?? a);
    return this.reduction(op as (typeof REDUCTIONS)[number], a);
  }

  // ---- domains and magnitudes

  /** e, or e·c with |e·c| ≤ bound. */
  private scaled(e: Built, bound: number): Built {
    const m = magnitude(e);
    if (m <= bound) return e;
    const c = bound / m;
    return this.made('mul', mul(e.node, c), c * e.lo, c * e.hi, `mul(${e.text}, ${c})`);
  }

  /** Keeps every element's magnitude below {@link MAGNITUDE}. */
  private bounded(e: Built): Built {
    if (magnitude(e) <= MAGNITUDE) return e;
    const s = this.scaled(e, 2);
    switch (this.choose(3)) {
      case 0:
        return s;
      case 1:
        return this.made('tanh', tanh(s.node), Math.tanh(s.lo), Math.tanh(s.hi), `tanh(${s.text})`);
      default:
        return this.made('sin', sin(e.node), -1, 1, `sin(${e.text})`);
    }
  }

  /** A version of e that is ≥ 0.2 everywhere. */
  private positive(e: Built): Built {
    if (e.lo >= POSITIVE && this.choose(2) === 0) return e;
    switch (this.choose(4)) {
      case 0: {
        const s = this.scaled(e, 2);
        const hi = Math.max(s.lo * s.lo, s.hi * s.hi);
        return this.made('square', add(0.5, square(s.node)), 0.5, 0.5 + hi, `add(0.5, square(${s.text}))`);
      }
      case 1: {
        const s = this.scaled(e, 1.5);
        return this.made('exp', exp(s.node), Math.exp(s.lo), Math.exp(s.hi), `exp(${s.text})`);
      }
      case 2:
        return this.made('sigmoid', add(0.5, sigmoid(e.node)), 0.5 + sigmoidOf(e.lo), 0.5 + sigmoidOf(e.hi), `add(0.5, sigmoid(${e.text}))`);
      default:
        return this.made('cos', add(1.5, cos(e.node)), 0.5, 2.5, `add(1.5, cos(${e.text}))`);
    }
  }

  /** A version of e with every |element| ≥ 0.2, of one sign. */
  private awayFromZero(e: Built): Built {
    if (e.hi <= -POSITIVE && this.choose(2) === 0) return e;
    const p = this.positive(e);
    if (this.choose(2) === 0) return p;
    return this.made('neg', neg(p.node), -p.hi, -p.lo, `neg(${p.text})`);
  }
}

/** Builds the program of raw roots over variables of the given shapes. */
export function buildProgram(roots: readonly RawTree[], shapes: readonly (readonly number[])[]): Program {
  const builder = new Builder(shapes);
  const built = roots.map((r) => builder.build(r));
  return {
    outputs: built.map((b) => b.node),
    texts: built.map((b) => b.text),
    shapes: Object.fromEntries(ARRAY_VARIABLES.map((n, i) => [n, shapes[i]])),
    kinks: builder.kinks,
    ops: builder.ops,
  };
}

// ---------------------------------------------------------------------------
// Arbitraries

/** A shape: rank 0–3, extents 1–3, now and then 0. */
export function shapeArbitrary(): fc.Arbitrary<number[]> {
  const extent = fc.oneof({ weight: 30, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 1, arbitrary: fc.constant(0) });
  return fc.array(extent, { minLength: 0, maxLength: 3 });
}

const CONSTANTS = [0, 1, -1, 0.5, 2, -2, 3];

function rawArbitrary(maxDepth: number): fc.Arbitrary<RawTree> {
  const k = fc.nat({ max: 2 ** 30 });
  const leaf: fc.Arbitrary<RawTree> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ t: fc.constant('var' as const), i: fc.nat({ max: 2 }), fresh: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('const' as const), c: realArbitrary(2, CONSTANTS) }) },
  );
  const depth = { maxDepth, depthSize: 'small', depthIdentifier: 'array-raw', withCrossShrink: true } as const;
  const { node } = fc.letrec<{ tree: RawTree; node: RawTree }>((tie) => {
    const child = tie('tree');
    const branches = ARRAY_OPS.map((op) => ({
      weight: 1,
      arbitrary: fc.record({
        t: fc.constant('op' as const),
        op: fc.constant(op),
        k,
        args: fc.array(child, { minLength: ARITY[op] ?? 1, maxLength: ARITY[op] ?? 1, depthIdentifier: 'array-raw' }),
      }) as fc.Arbitrary<RawTree>,
    }));
    return {
      tree: fc.oneof(depth, { weight: ARRAY_OPS.length, arbitrary: leaf }, ...branches),
      node: fc.oneof(depth, ...branches),
    };
  });
  return node;
}

/** A random program case: shapes, 1–2 roots, a point, a direction, cotangents (as flat lists, cut to size when built). */
export interface ProgramCase {
  readonly shapes: readonly (readonly number[])[];
  readonly roots: readonly RawTree[];
  readonly point: readonly number[][];
  readonly direction: readonly number[][];
  readonly cotangent: readonly number[];
}

export function programArbitrary(maxDepth = 4): fc.Arbitrary<ProgramCase> {
  return fc.tuple(shapeArbitrary(), shapeArbitrary(), shapeArbitrary()).chain((shapes) => {
    const data = (r: number) => fc.tuple(...shapes.map((s) => fc.array(realArbitrary(r), { minLength: sizeOf(s), maxLength: sizeOf(s) })));
    return fc.record({
      shapes: fc.constant(shapes),
      roots: fc.array(rawArbitrary(maxDepth), { minLength: 1, maxLength: 2 }),
      point: data(POINT_RANGE),
      direction: data(1),
      cotangent: fc.array(realArbitrary(1), { minLength: 2 * MAX_ELEMENTS, maxLength: 2 * MAX_ELEMENTS }),
    });
  });
}

// ---------------------------------------------------------------------------
// Backends

/** What a backend computes for a program at a point: values, tangents along a direction, the pullback of cotangents. */
export interface ProgramResults {
  /** Each output's elements (a scalar output has one). */
  readonly values: Float64Array[];
  readonly tangents: Float64Array[];
  /** The gradient of Σ ⟨ūᵣ, outputᵣ⟩ by variable name, as elements. */
  readonly gradient: ReadonlyMap<string, Float64Array>;
}

/** The inputs of a run: bindings, a direction (for the variables the program uses) and one cotangent per output. */
export interface ProgramInputs {
  readonly at: ReadonlyMap<string, number | Float64Array>;
  readonly direction: ReadonlyMap<string, number | Float64Array>;
  readonly cotangents: readonly (number | Float64Array)[];
}

/** A way to run array programs; the property suite compares every backend with the direct sweeps. */
export interface ArrayBackend {
  readonly name: string;
  run(outputs: readonly Node[], inputs: ProgramInputs): ProgramResults;
}

/**
 * A compiled backend: `compile(outputs, variables, { backend })` over the
 * program's variables, run through the Program API on flat vectors — evaluate,
 * jvp along the direction, vjp of the cotangents — with Float64Array buffers.
 */
function compiledBackend(backend: Backend): ArrayBackend {
  return {
    name: `compiled ${backend}`,
    run(outputs, { at, direction, cotangents }) {
      const t = tape(outputs);
      const variables = [...t.variables.values()].map((slots) => t.nodes[slots[0]]);
      const p = compile(outputs, variables, { backend });
      if (p.backend !== backend) throw new Error(`compile asked for the ${backend} backend and got ${p.backend}`);
      const flat = (values: ReadonlyMap<string, number | Float64Array>) => {
        const x = new Float64Array(p.layout.inputSize);
        for (const slot of p.layout.inputs) {
          const v = values.get(slot.name) ?? 0;
          if (typeof v === 'number') x[slot.offset] = v;
          else x.set(v, slot.offset);
        }
        return x;
      };
      const x = flat(at);
      const u = new Float64Array(p.layout.outputSize);
      p.layout.outputs.forEach((slot, r) => {
        const c = cotangents[r];
        if (typeof c === 'number') u[slot.offset] = c;
        else u.set(c, slot.offset);
      });
      const values = p.evaluate(x, new Float64Array(p.layout.outputSize)) as Float64Array;
      const tangents = p.jvp(x, flat(direction), new Float64Array(p.layout.outputSize)) as Float64Array;
      const gradient = p.vjp(x, u, new Float64Array(p.layout.inputSize)) as Float64Array;
      const part = (a: Float64Array, slot: Slot) => a.slice(slot.offset, slot.offset + slot.size);
      return {
        values: p.layout.outputs.map((slot) => part(values, slot)),
        tangents: p.layout.outputs.map((slot) => part(tangents, slot)),
        gradient: new Map(p.layout.inputs.map((slot) => [slot.name, part(gradient, slot)] as const)),
      };
    },
  };
}

/**
 * The compiled-program hook: every backend here runs every random program of
 * test/arrays-property.test.ts, whose first property checks it against the
 * direct sweeps bit for bit (so the js and interpreter backends agree bit for
 * bit with each other too).
 */
export const compiledBackends: readonly ArrayBackend[] = [compiledBackend('js'), compiledBackend('interpreter')];

/**
 * The interpreter backend of compiled array programs: runs a plan's steps one
 * after the other with no generated code (so it works under a
 * Content-Security-Policy without 'unsafe-eval'), each loop step by walking its
 * positions and evaluating its expression with the primitives' own `evaluate`,
 * the kernels through the same functions the js backend calls. Check mode runs
 * here (array-check.ts).
 */
import { stridesOf } from '../graph/shape.js';
import type { BinaryPrimitive, Primitive, UnaryPrimitive } from '../ops/primitive.js';
import { matmul, matmulBatched, padPlace, scatterAdd, take } from './array-kernels.js';
import { type CheckContext, checkBindings, checkStep } from './array-check.js';
import { type Memory } from './array-memory.js';
import { destsOf, type Expr, type LoopStep, type Plan, type Step } from './array-steps.js';
import { collapse, type Form } from './array-views.js';

/** What a backend makes of a plan: one run over the arrays [arena, x, u, o]. */
export interface ArrayProgram {
  /** One run; `checks` (interpreter with a check context) verifies every value as check mode does. */
  run(arrays: readonly Float64Array[], checks?: boolean): void;
}

const READ = 0;
const LITERAL = 1;
const APPLY = 2;
const SELECT = 3;

/** An expression flattened into instructions over registers (children first), with its forms. */
interface Code {
  readonly kinds: Int32Array;
  readonly ops: (Primitive | undefined)[];
  readonly args: (readonly number[])[];
  /** Per instruction: its form's index (reads), or its conditions' (selects). */
  readonly forms: (readonly number[])[];
  readonly arrays: Int32Array;
  readonly literals: Float64Array;
  readonly los: number[][];
  readonly his: number[][];
  readonly scratch: number[][];
}

/** Flattens `expr`; its forms are appended to `forms` (offsets of reads made absolute). */
function flatten(expr: Expr, plan: Plan, memory: Memory, forms: Form[]): Code {
  const order: Expr[] = [];
  const index = new Map<number, number>();
  const visit = (e: Expr): number => {
    const hit = index.get(e.id);
    if (hit !== undefined) return hit;
    if (e.kind === 'apply') e.args.forEach(visit);
    else if (e.kind === 'select') {
      visit(e.then);
      visit(e.otherwise);
    }
    index.set(e.id, order.length);
    order.push(e);
    return order.length - 1;
  };
  visit(expr);
  const n = order.length;
  const code: Code = {
    kinds: new Int32Array(n),
    ops: [],
    args: [],
    forms: [],
    arrays: new Int32Array(n),
    literals: new Float64Array(n),
    los: [],
    his: [],
    scratch: [],
  };
  order.forEach((e, k) => {
    code.ops.push(undefined);
    code.args.push([]);
    code.forms.push([]);
    code.los.push([]);
    code.his.push([]);
    code.scratch.push([]);
    switch (e.kind) {
      case 'read': {
        const p = memory.placements[e.slot];
        code.kinds[k] = READ;
        code.arrays[k] = p.array;
        code.forms[k] = [forms.length];
        forms.push({ c: p.offset + e.form.c, a: e.form.a });
        break;
      }
      case 'literal':
        code.kinds[k] = LITERAL;
        code.literals[k] = e.value;
        break;
      case 'apply':
        code.kinds[k] = APPLY;
        code.ops[k] = e.op;
        code.args[k] = e.args.map((a) => index.get(a.id)!);
        code.scratch[k] = new Array<number>(e.args.length).fill(0);
        break;
      case 'select':
        code.kinds[k] = SELECT;
        code.args[k] = [index.get(e.then.id)!, index.get(e.otherwise.id)!];
        code.forms[k] = e.conds.map((c) => {
          forms.push(c.form);
          return forms.length - 1;
        });
        code.los[k] = e.conds.map((c) => c.lo);
        code.his[k] = e.conds.map((c) => c.hi);
        break;
    }
  });
  return code;
}

/** Evaluates the code at the current form values into registers; returns the last (the root). */
function evaluateCode(code: Code, arrays: readonly Float64Array[], at: Float64Array, registers: Float64Array): number {
  const n = code.kinds.length;
  for (let k = 0; k < n; k++) {
    switch (code.kinds[k]) {
      case READ:
        registers[k] = arrays[code.arrays[k]][at[code.forms[k][0]]];
        break;
      case LITERAL:
        registers[k] = code.literals[k];
        break;
      case APPLY: {
        const p = code.ops[k]!;
        const args = code.args[k];
        if (p.arity === 1) registers[k] = p.evaluate(registers[args[0]]);
        else if (p.arity === 2) registers[k] = p.evaluate(registers[args[0]], registers[args[1]]);
        else {
          const x = code.scratch[k];
          for (let q = 0; q < args.length; q++) x[q] = registers[args[q]];
          registers[k] = p.evaluate(x);
        }
        break;
      }
      case SELECT: {
        const fs = code.forms[k];
        let holds = true;
        for (let q = 0; q < fs.length && holds; q++) {
          const v = at[fs[q]];
          holds = v >= code.los[k][q] && v < code.his[k][q];
        }
        registers[k] = registers[code.args[k][holds ? 0 : 1]];
        break;
      }
    }
  }
  return registers[n - 1];
}

/**
 * The positions of a collapsed loop: the outer axes walked row-major (an
 * odometer keeping every form's value at the start of the inner row in `at`),
 * the inner axis left to the caller, who steps each form by `inner[q]`.
 */
class Walk {
  readonly at: Float64Array;
  /** Each form's step along the inner axis. */
  readonly inner: Float64Array;
  /** Positions along the inner axis, and inner rows. */
  readonly extent: number;
  readonly rows: number;
  private readonly base: Float64Array;
  private readonly strides: Float64Array;
  private readonly index: Int32Array;
  private readonly extents: Int32Array;

  constructor(shape: readonly number[], forms: readonly Form[]) {
    const c = collapse(shape, forms);
    const R = c.shape.length;
    const outer = Math.max(0, R - 1);
    this.extent = R === 0 ? 1 : c.shape[R - 1];
    this.extents = Int32Array.from(c.shape.slice(0, outer));
    this.rows = this.extent === 0 ? 0 : this.extents.reduce((p, d) => p * d, 1);
    this.at = new Float64Array(forms.length);
    this.base = Float64Array.from(c.forms, (f) => f.c);
    this.inner = Float64Array.from(c.forms, (f) => (R === 0 ? 0 : f.a[R - 1]));
    this.strides = new Float64Array(forms.length * outer);
    c.forms.forEach((f, q) => {
      for (let k = 0; k < outer; k++) this.strides[q * outer + k] = f.a[k];
    });
    this.index = new Int32Array(outer);
  }

  /** Resets to the first row. */
  start(): void {
    this.index.fill(0);
    this.at.set(this.base);
  }

  /** Moves to the next row. */
  next(): void {
    const R = this.extents.length;
    const F = this.at.length;
    for (let k = R - 1; k >= 0; k--) {
      if (++this.index[k] < this.extents[k]) {
        for (let q = 0; q < F; q++) this.at[q] += this.strides[q * R + k];
        return;
      }
      const back = this.extents[k] - 1;
      for (let q = 0; q < F; q++) this.at[q] -= back * this.strides[q * R + k];
      this.index[k] = 0;
    }
  }
}

const STORE = 0;
const SUM = 1;
const MAX = 2;

/** y[o + j·so] (stored, summed or maxed) = x[a + j·sa] for j < n. */
function copyRow(kind: number, y: Float64Array, o: number, so: number, x: Float64Array, a: number, sa: number, n: number): void {
  if (kind === STORE) for (let j = 0; j < n; j++) y[o + j * so] = x[a + j * sa];
  else if (kind === SUM) for (let j = 0; j < n; j++) y[o + j * so] += x[a + j * sa];
  else for (let j = 0; j < n; j++) y[o + j * so] = Math.max(y[o + j * so], x[a + j * sa]);
}

/** y[o + j·so] ⊕= p(x[a + j·sa]) for j < n. */
function unaryRow(p: UnaryPrimitive, kind: number, y: Float64Array, o: number, so: number, x: Float64Array, a: number, sa: number, n: number): void {
  if (kind === STORE) for (let j = 0; j < n; j++) y[o + j * so] = p.evaluate(x[a + j * sa]);
  else if (kind === SUM) for (let j = 0; j < n; j++) y[o + j * so] += p.evaluate(x[a + j * sa]);
  else for (let j = 0; j < n; j++) y[o + j * so] = Math.max(y[o + j * so], p.evaluate(x[a + j * sa]));
}

/** y[o + j·so] ⊕= p(x[a + j·sa], z[b + j·sb]) for j < n. */
function binaryRow(p: BinaryPrimitive, kind: number, y: Float64Array, o: number, so: number, x: Float64Array, a: number, sa: number, z: Float64Array, b: number, sb: number, n: number): void {
  if (kind === STORE) for (let j = 0; j < n; j++) y[o + j * so] = p.evaluate(x[a + j * sa], z[b + j * sb]);
  else if (kind === SUM) for (let j = 0; j < n; j++) y[o + j * so] += p.evaluate(x[a + j * sa], z[b + j * sb]);
  else for (let j = 0; j < n; j++) y[o + j * so] = Math.max(y[o + j * so], p.evaluate(x[a + j * sa], z[b + j * sb]));
}

/** A leaf of a fast-path expression: a read (array index, form) or a literal (a one-element array read with stride 0). */
interface Leaf {
  readonly array: number;
  readonly form: number;
  readonly literal: Float64Array | undefined;
}

/** Runs a loop step: along each inner row, each effect stores or accumulates its values (where its guard holds). */
function loopRunner(step: LoopStep, plan: Plan, memory: Memory): (arrays: readonly Float64Array[]) => void {
  const forms: Form[] = [];
  const effects = step.effects.map((e) => {
    const dest = memory.placements[e.dest];
    const out = forms.length;
    forms.push({ c: dest.offset + e.out.c, a: e.out.a });
    const guard = e.guard.map((c) => {
      forms.push(c.form);
      return forms.length - 1;
    });
    const leaf = (x: Expr): Leaf | undefined => {
      if (x.kind === 'literal') return { array: -1, form: -1, literal: Float64Array.of(x.value) };
      if (x.kind !== 'read') return undefined;
      const p = memory.placements[x.slot];
      forms.push({ c: p.offset + x.form.c, a: x.form.a });
      return { array: p.array, form: forms.length - 1, literal: undefined };
    };
    // the shapes an unfused plan has: a copy, or a unary or binary op of reads and literals
    let leaves: Leaf[] | undefined;
    let op: Primitive | undefined;
    if (guard.length === 0) {
      if (e.expr.kind === 'read') leaves = [leaf(e.expr)!];
      else if (e.expr.kind === 'apply' && e.expr.op.arity !== 'n' && e.expr.args.every((a) => a.kind === 'read' || a.kind === 'literal')) {
        op = e.expr.op;
        leaves = e.expr.args.map((a) => leaf(a)!);
      }
    }
    const code = leaves === undefined ? flatten(e.expr, plan, memory, forms) : undefined;
    return {
      array: dest.array,
      offset: dest.offset,
      size: plan.sizes[e.dest],
      kind: e.kind === 'store' ? STORE : e.kind === 'sum' ? SUM : MAX,
      out,
      guard,
      lo: e.guard.map((c) => c.lo),
      hi: e.guard.map((c) => c.hi),
      leaves,
      op,
      code,
      registers: code === undefined ? undefined : new Float64Array(code.kinds.length),
      /** The forms of the generic path, and their values at the current position. */
      at: new Float64Array(0),
    };
  });
  const walk = new Walk(step.shape, forms);
  for (const e of effects) e.at = new Float64Array(forms.length);
  const n = walk.extent;
  const inner = walk.inner;
  return (arrays) => {
    for (const e of effects) if (e.kind !== STORE) arrays[e.array].fill(e.kind === SUM ? -0 : -Infinity, e.offset, e.offset + e.size);
    const at = walk.at;
    walk.start();
    for (let row = 0; row < walk.rows; row++) {
      for (let q = 0; q < effects.length; q++) {
        const e = effects[q];
        const y = arrays[e.array];
        const o = at[e.out];
        const so = inner[e.out];
        if (e.leaves !== undefined) {
          const [l0, l1] = e.leaves;
          const x0 = l0.literal ?? arrays[l0.array];
          const a0 = l0.literal === undefined ? at[l0.form] : 0;
          const s0 = l0.literal === undefined ? inner[l0.form] : 0;
          if (e.op === undefined) copyRow(e.kind, y, o, so, x0, a0, s0, n);
          else if (e.op.arity === 1) unaryRow(e.op as UnaryPrimitive, e.kind, y, o, so, x0, a0, s0, n);
          else {
            const x1 = l1.literal ?? arrays[l1.array];
            const a1 = l1.literal === undefined ? at[l1.form] : 0;
            const s1 = l1.literal === undefined ? inner[l1.form] : 0;
            binaryRow(e.op as BinaryPrimitive, e.kind, y, o, so, x0, a0, s0, x1, a1, s1, n);
          }
          continue;
        }
        // anything else: every form stepped along the row, the expression evaluated at each position
        const ats = e.at;
        ats.set(at);
        for (let j = 0; j < n; j++) {
          let holds = true;
          for (let g = 0; g < e.guard.length && holds; g++) {
            const v = ats[e.guard[g]];
            holds = v >= e.lo[g] && v < e.hi[g];
          }
          if (holds) {
            const v = evaluateCode(e.code!, arrays, ats, e.registers!);
            const at0 = ats[e.out];
            y[at0] = e.kind === STORE ? v : e.kind === SUM ? y[at0] + v : Math.max(y[at0], v);
          }
          for (let f = 0; f < ats.length; f++) ats[f] += inner[f];
        }
      }
      walk.next();
    }
  };
}

/** The function that runs one step (loop steps by walking; kernels through array-kernels.ts). */
export function stepRunner(step: Step, plan: Plan, memory: Memory): (arrays: readonly Float64Array[]) => void {
  const P = memory.placements;
  const dest = P[destsOf(step)[0]];
  switch (step.kind) {
    case 'loop':
      return loopRunner(step, plan, memory);
    case 'matmul': {
      const { a, b, M, K, N } = step;
      const pa = P[a.slot];
      const pb = P[b.slot];
      const ao = pa.offset + a.offset;
      const bo = pb.offset + b.offset;
      if (step.batch.length === 0) return (arrays) => matmul(arrays[pa.array], ao, a.row, a.col, arrays[pb.array], bo, b.row, b.col, arrays[dest.array], dest.offset, M, K, N);
      const sa = Int32Array.from(a.batch);
      const sb = Int32Array.from(b.batch);
      const batch = Int32Array.from(step.batch);
      const index = new Int32Array(batch.length);
      return (arrays) => matmulBatched(arrays[pa.array], ao, sa, a.row, a.col, arrays[pb.array], bo, sb, b.row, b.col, arrays[dest.array], dest.offset, M, K, N, batch, index);
    }
    case 'take': {
      const px = P[step.x.slot];
      const pi = P[step.indices.slot];
      const { outer, n, m, inner } = step;
      return (arrays) => take(arrays[px.array], px.offset + step.x.offset, arrays[pi.array], pi.offset + step.indices.offset, arrays[dest.array], dest.offset, outer, n, m, inner);
    }
    case 'scatterAdd': {
      const pu = P[step.u.slot];
      const pi = P[step.indices.slot];
      const { outer, m, size, inner } = step;
      return (arrays) => scatterAdd(arrays[pu.array], pu.offset + step.u.offset, arrays[pi.array], pi.offset + step.indices.offset, arrays[dest.array], dest.offset, outer, m, size, inner);
    }
    case 'pad': {
      const px = P[step.x.slot];
      const xs = Int32Array.from(step.x.form.a);
      const ps = Int32Array.from(step.place.a);
      const shape = Int32Array.from(step.shape);
      const index = new Int32Array(shape.length);
      return (arrays) => padPlace(arrays[px.array], px.offset + step.x.form.c, xs, arrays[dest.array], dest.offset, step.size, step.value, step.place.c, ps, shape, index);
    }
  }
}

/**
 * The interpreter's program for a placed plan; given a check context, a run
 * asked to check follows each step with check mode's scan.
 * @example
 * ```ts
 * const program = interpretArrays(plan, memory);
 * program.run([arena, x, u, o]);
 * ```
 */
export function interpretArrays(plan: Plan, memory: Memory, context?: CheckContext): ArrayProgram {
  const runners = plan.steps.map((st) => stepRunner(st, plan, memory));
  return {
    run(arrays, checks = false) {
      if (!checks || context === undefined) {
        for (let t = 0; t < runners.length; t++) runners[t](arrays);
        return;
      }
      checkBindings(context, arrays);
      for (let t = 0; t < runners.length; t++) {
        runners[t](arrays);
        checkStep(plan, memory, t, arrays, context);
      }
    },
  };
}

/**
 * The interpreter backend of compiled array programs: runs a plan's steps one
 * after the other with no generated code (so it works under a
 * Content-Security-Policy without 'unsafe-eval'), each loop step by walking its
 * positions and evaluating its expression with the primitives' own `evaluate`,
 * the kernels through the same functions the js backend calls. Check mode runs
 * here: after each step, the first non-finite element computed from finite
 * inputs is a NonFiniteError naming the node and the sweep.
 */
import { NonFiniteError } from '../errors.js';
import { formatShape, stridesOf } from '../graph/shape.js';
import type { Primitive } from '../ops/primitive.js';
import { matmul, matmulBatched, padPlace, scatterAdd, take } from './array-kernels.js';
import { type Memory } from './array-memory.js';
import { destsOf, type Expr, type LoopStep, type Plan, type Step } from './array-plan.js';
import { collapse, type Form } from './array-views.js';

/** What a backend makes of a plan: one run over the arrays [arena, x, u, o]. */
export interface ArrayProgram {
  run(arrays: readonly Float64Array[]): void;
}

/** Check mode's context: which sweep the derivative slots belong to, and the inputs' names. */
export interface CheckContext {
  readonly sweep: 'forward' | 'reverse' | 'tangent';
  /** Each bound variable: its name (as messages say it), array, offset and size. */
  readonly bindings: readonly { readonly name: string; readonly array: number; readonly offset: number; readonly size: number; readonly scalar: boolean }[];
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
 * Walks the positions of a collapsed loop in row-major order; at each, `at`
 * holds every form's value and `visit` runs.
 */
class Walk {
  readonly at: Float64Array;
  private readonly base: Float64Array;
  private readonly strides: Float64Array;
  private readonly index: Int32Array;
  readonly extents: Int32Array;
  readonly count: number;

  constructor(shape: readonly number[], forms: readonly Form[]) {
    const c = collapse(shape, forms);
    const R = c.shape.length;
    this.extents = Int32Array.from(c.shape);
    this.count = c.shape.reduce((p, d) => p * d, 1);
    this.at = new Float64Array(forms.length);
    this.base = Float64Array.from(c.forms, (f) => f.c);
    this.strides = new Float64Array(forms.length * R);
    c.forms.forEach((f, q) => f.a.forEach((v, k) => (this.strides[q * R + k] = v)));
    this.index = new Int32Array(R);
  }

  /** Resets to the first position. */
  start(): void {
    this.index.fill(0);
    this.at.set(this.base);
  }

  /** Moves to the next position (row-major). */
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

/** Runs a loop step: at each position, each effect whose guard holds stores or accumulates its value. */
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
    const code = flatten(e.expr, plan, memory, forms);
    return {
      array: dest.array,
      offset: dest.offset,
      size: plan.sizes[e.dest],
      kind: e.kind === 'store' ? 0 : e.kind === 'sum' ? 1 : 2,
      out,
      guard,
      lo: e.guard.map((c) => c.lo),
      hi: e.guard.map((c) => c.hi),
      code,
      registers: new Float64Array(code.kinds.length),
    };
  });
  const walk = new Walk(step.shape, forms);
  return (arrays) => {
    for (const e of effects) if (e.kind !== 0) arrays[e.array].fill(e.kind === 1 ? -0 : -Infinity, e.offset, e.offset + e.size);
    const at = walk.at;
    walk.start();
    for (let t = 0; t < walk.count; t++) {
      for (let q = 0; q < effects.length; q++) {
        const e = effects[q];
        let holds = true;
        for (let g = 0; g < e.guard.length && holds; g++) {
          const v = at[e.guard[g]];
          holds = v >= e.lo[g] && v < e.hi[g];
        }
        if (!holds) continue;
        const v = evaluateCode(e.code, arrays, at, e.registers);
        const y = arrays[e.array];
        const o = at[e.out];
        y[o] = e.kind === 0 ? v : e.kind === 1 ? y[o] + v : Math.max(y[o], v);
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
 * The interpreter's program for a placed plan; with `checks`, each step is
 * followed by check mode's scan.
 * @example
 * ```ts
 * const program = interpretArrays(plan, memory);
 * program.run([arena, x, u, o]);
 * ```
 */
export function interpretArrays(plan: Plan, memory: Memory, checks?: CheckContext): ArrayProgram {
  const runners = plan.steps.map((st) => stepRunner(st, plan, memory));
  if (checks === undefined) {
    return {
      run(arrays) {
        for (let t = 0; t < runners.length; t++) runners[t](arrays);
      },
    };
  }
  return {
    run(arrays) {
      checkBindings(checks, arrays);
      for (let t = 0; t < runners.length; t++) {
        runners[t](arrays);
        checkStep(plan, memory, t, arrays, checks);
      }
    },
  };
}

function firstNonFinite(x: Float64Array, from: number, size: number): number {
  for (let e = 0; e < size; e++) if (!Number.isFinite(x[from + e])) return e;
  return -1;
}

function checkBindings(checks: CheckContext, arrays: readonly Float64Array[]): void {
  for (const b of checks.bindings) {
    const e = firstNonFinite(arrays[b.array], b.offset, b.size);
    if (e < 0) continue;
    const v = arrays[b.array][b.offset + e];
    const at = b.scalar ? '' : ` at element ${e}`;
    throw new NonFiniteError(`variable '${b.name}' is bound to ${v}${at}`, 'bindings', 'variable', undefined, [], v, undefined);
  }
}

/** The value of a read at row-major position e of `shape`. */
function readAt(expr: Expr, e: number, shape: readonly number[], memory: Memory, arrays: readonly Float64Array[]): number | undefined {
  if (expr.kind === 'literal') return expr.value;
  if (expr.kind !== 'read') return undefined;
  const p = memory.placements[expr.slot];
  let offset = p.offset + expr.form.c;
  for (let k = shape.length - 1; k >= 0; k--) {
    offset += (e % shape[k]) * expr.form.a[k];
    e = Math.floor(e / shape[k]);
  }
  return arrays[p.array][offset];
}

function checkStep(plan: Plan, memory: Memory, t: number, arrays: readonly Float64Array[], checks: CheckContext): void {
  const step = plan.steps[t];
  for (const d of destsOf(step)) {
    const dest = memory.placements[d];
    const e = firstNonFinite(arrays[dest.array], dest.offset, plan.sizes[d]);
    if (e < 0) continue;
    // inherited: reported where it first appeared
    for (const r of plan.reads[t]) {
      const p = memory.placements[r];
      if (firstNonFinite(arrays[p.array], p.offset, plan.sizes[r]) >= 0) return;
    }
    const slot = plan.slotOf[d];
    const node = plan.ir.slots[slot].node;
    const y = arrays[dest.array][dest.offset + e];
    const sweep = plan.ir.primal[slot] ? 'forward' : checks.sweep;
    const effect = step.kind === 'loop' ? step.effects.find((f) => f.dest === d) : undefined;
    const expr = effect?.kind === 'store' ? effect.expr : undefined;
    const elementwise = expr !== undefined && expr.kind === 'apply';
    const shape = step.kind === 'loop' ? step.shape : [];
    const x = elementwise ? (expr.args.map((a) => readAt(a, e, shape, memory, arrays)).filter((v) => v !== undefined) as number[]) : [];
    const op = node.op?.name ?? 'variable';
    const at = node.shape.length === 0 ? '' : ` at element ${e} of ${formatShape(node.shape)}`;
    const from = elementwise ? `, from the finite input${x.length === 1 ? '' : 's'} ${x.join(', ')}` : ', from finite inputs';
    throw new NonFiniteError(`${op}#${node.id} gave ${y}${at} in the ${sweep} sweep${from}`, sweep, op, node.id, x, y, undefined);
  }
}

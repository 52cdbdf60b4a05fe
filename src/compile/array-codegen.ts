/**
 * The js backend of compiled array programs: each loop step of a (fused) plan
 * becomes a JavaScript function — a loop nest over the step's positions whose
 * body is its expression, rendered from the expression tree through each
 * primitive's `emit` template (never by reading generated text back). Reads
 * through views are index arithmetic on the loop counters; values that do not
 * change along the inner loop are computed outside it; a value used twice is
 * computed once per position; a pad's or a concatenation's conditions on the
 * inner axis split that loop into ranges where they are known, so the inner
 * loops carry no tests. Reductions accumulate in a local when they sum over
 * the inner axes. Kernel steps call the same functions as the interpreter.
 *
 * Every expression is at most MAX_EXPRESSION nodes (the planner cuts larger
 * ones) and the step calls are spread over functions of at most CALLS lines,
 * so every generated function is bounded. A run allocates nothing.
 */
import { literal } from '../ops/arithmetic.js';
import { stridesOf } from '../graph/shape.js';
import * as kernels from './array-kernels.js';
import type { ArrayProgram } from './array-execute.js';
import type { Memory } from './array-memory.js';
import type { Expr, LoopStep, Plan, ReduceStep, Step } from './array-plan.js';
import { collapse, type Cond, type Form } from './array-views.js';

/** Names of the arrays in generated code: the arena, the inputs, the seeds, the outputs. */
const ARRAYS = ['m', 'x', 'u', 'o'];
/** Step calls per generated dispatch function. */
const CALLS = 64;
/** Largest number of inner-loop ranges a step is split into (else its conditions stay tests). */
const MAX_RANGES = 9;

/** True where `new Function` works (false under a Content-Security-Policy without 'unsafe-eval'). */
export function canGenerate(): boolean {
  try {
    return new Function('return 1')() === 1;
  } catch {
    return false;
  }
}

/** Source text of a loop nest under construction. */
class Source {
  readonly lines: string[] = [];
  private depth = 1;

  line(text: string): void {
    this.lines.push(`${'  '.repeat(this.depth)}${text}`);
  }

  open(text: string): void {
    this.line(`${text} {`);
    this.depth++;
  }

  close(): void {
    this.depth--;
    this.line('}');
  }
}

/** The highest loop axis a form moves along (−1: constant). */
function formDepth(f: Form): number {
  for (let k = f.a.length - 1; k >= 0; k--) if (f.a[k] !== 0) return k;
  return -1;
}

/** Replaces, in `expr`, each condition known on the inner-axis range [lo, hi) by its truth. */
function specialize(expr: Expr, known: Map<Cond, boolean>, memo: Map<number, Expr>): Expr {
  const hit = memo.get(expr.id);
  if (hit !== undefined) return hit;
  let out: Expr = expr;
  if (expr.kind === 'apply') {
    const args = expr.args.map((a) => specialize(a, known, memo));
    if (args.some((a, k) => a !== expr.args[k])) out = { ...expr, id: -memo.size - 1, args };
  } else if (expr.kind === 'select') {
    const conds = expr.conds.filter((c) => known.get(c) !== true);
    if (conds.some((c) => known.get(c) === false)) out = specialize(expr.otherwise, known, memo);
    else if (conds.length === 0) out = specialize(expr.then, known, memo);
    else {
      const then = specialize(expr.then, known, memo);
      const otherwise = specialize(expr.otherwise, known, memo);
      if (then !== expr.then || otherwise !== expr.otherwise || conds.length !== expr.conds.length) out = { ...expr, id: -memo.size - 1, conds, then, otherwise };
    }
  }
  memo.set(expr.id, out);
  return out;
}

/**
 * Renders one loop nest: forms (already collapsed) named per level, the
 * expression's shared and invariant parts as locals at the level where they
 * change, the inner loop split into ranges where conditions are known.
 */
class LoopWriter {
  private readonly src = new Source();
  private readonly R: number;
  private next = 0;

  constructor(
    private readonly extents: readonly number[],
    private readonly forms: Map<Form, Form>,
    private readonly arrayOf: (slot: number) => number,
  ) {
    this.R = extents.length;
  }

  /** The value of a (collapsed) form at loop level `level` (its partial sums are named at each level that moves it). */
  private form(f: Form, level: number): string {
    const g = this.forms.get(f)!;
    let text = literal(g.c);
    for (let k = 0; k <= level && k < this.R; k++) {
      const a = g.a[k];
      if (a === 0) continue;
      const i = `i${k}`;
      text = `${text} + ${a === 1 ? i : a === -1 ? `-${i}` : `${i} * ${a}`}`;
    }
    return text;
  }

  private depthOf(e: Expr, memo: Map<Expr, number>): number {
    const hit = memo.get(e);
    if (hit !== undefined) return hit;
    let d = -1;
    if (e.kind === 'read') d = formDepth(this.forms.get(e.form)!);
    else if (e.kind === 'apply') for (const a of e.args) d = Math.max(d, this.depthOf(a, memo));
    else if (e.kind === 'select') {
      for (const c of e.conds) d = Math.max(d, formDepth(this.forms.get(c.form)!));
      d = Math.max(d, this.depthOf(e.then, memo), this.depthOf(e.otherwise, memo));
    }
    memo.set(e, d);
    return d;
  }

  /**
   * Renders `root` at the innermost level: expressions outside selects that are
   * used twice, or do not move along the inner axis, become locals declared at
   * the level where they change (`declare(level, line)`).
   */
  private render(root: Expr, declare: (level: number, text: string) => void, depths: Map<Expr, number>): string {
    const uses = new Map<Expr, number>();
    const count = (e: Expr) => {
      const u = (uses.get(e) ?? 0) + 1;
      uses.set(e, u);
      if (u > 1) return;
      if (e.kind === 'apply') e.args.forEach(count);
      // a select's branches are rendered inline (only the branch taken is evaluated)
    };
    count(root);
    const names = new Map<Expr, string>();
    const inner = this.R - 1;
    const text = (e: Expr, guarded: boolean): string => {
      const named = names.get(e);
      if (named !== undefined) return named;
      let t: string;
      switch (e.kind) {
        case 'literal':
          return literal(e.value);
        case 'read': {
          t = `${ARRAYS[this.arrayOf(e.slot)]}[${this.form(e.form, formDepth(this.forms.get(e.form)!))}]`;
          break;
        }
        case 'apply': {
          const args = e.args.map((a) => text(a, guarded));
          const op = e.op;
          t = op.arity === 1 ? op.emit(args[0]) : op.arity === 2 ? op.emit(args[0], args[1]) : op.emit(args);
          break;
        }
        case 'select': {
          const test = e.conds.map((c) => {
            const v = this.form(c.form, formDepth(this.forms.get(c.form)!));
            return `(${v}) >= ${c.lo} && (${v}) < ${c.hi}`;
          });
          t = `(${test.join(' && ')} ? ${text(e.then, true)} : ${text(e.otherwise, true)})`;
          break;
        }
      }
      if (guarded) return t;
      const d = depths.get(e) ?? this.depthOf(e, depths);
      if ((uses.get(e) ?? 0) > 1 || (d < inner && e.kind !== 'select')) {
        const name = `t${this.next++}`;
        declare(d, `const ${name} = ${t};`);
        names.set(e, name);
        return name;
      }
      return t;
    };
    return text(root, false);
  }

  /** The inner axis's ranges, split at the bounds of conditions that move along it only. */
  private ranges(roots: readonly Expr[]): { lo: number; hi: number; known: Map<Cond, boolean> }[] {
    if (this.R === 0) return [{ lo: 0, hi: 1, known: new Map() }];
    const E = this.extents[this.R - 1];
    const conds: Cond[] = [];
    const seen = new Set<Expr>();
    const visit = (e: Expr) => {
      if (seen.has(e)) return;
      seen.add(e);
      if (e.kind === 'apply') e.args.forEach(visit);
      else if (e.kind === 'select') {
        for (const c of e.conds) {
          const f = this.forms.get(c.form)!;
          if (f.a[this.R - 1] > 0 && formDepth({ c: 0, a: f.a.slice(0, this.R - 1) }) < 0) conds.push(c);
        }
        visit(e.then);
        visit(e.otherwise);
      }
    };
    roots.forEach(visit);
    // lo ≤ c + a·i < hi  ⇔  ⌈(lo − c)/a⌉ ≤ i < ⌈(hi − c)/a⌉
    const bounds = (c: Cond): [number, number] => {
      const f = this.forms.get(c.form)!;
      const a = f.a[this.R - 1];
      return [Math.ceil((c.lo - f.c) / a), Math.ceil((c.hi - f.c) / a)];
    };
    const cuts = new Set<number>([0, E]);
    for (const c of conds) for (const b of bounds(c)) if (b > 0 && b < E) cuts.add(b);
    const sorted = [...cuts].sort((p, q) => p - q);
    if (sorted.length - 1 > MAX_RANGES) return [{ lo: 0, hi: E, known: new Map() }];
    const out: { lo: number; hi: number; known: Map<Cond, boolean> }[] = [];
    for (let r = 0; r + 1 < sorted.length; r++) {
      const [lo, hi] = [sorted[r], sorted[r + 1]];
      const known = new Map<Cond, boolean>();
      for (const c of conds) {
        const [b0, b1] = bounds(c);
        known.set(c, lo >= b0 && hi <= b1);
      }
      out.push({ lo, hi, known });
    }
    return out;
  }

  /**
   * The loop nest. `body(root, level)` gives the statement at the innermost
   * level for a (specialized) expression; `before`/`after` wrap the loops of
   * the levels ≥ `wrapLevel` (a reduction's accumulator).
   */
  write(
    expr: Expr,
    statement: (value: string, formAt: (f: Form) => string) => string,
    wrap?: { level: number; before: string[]; after: (formAt: (f: Form) => string) => string[] },
  ): string[] {
    const R = this.R;
    const ranges = this.ranges([expr]);
    const levels: string[][] = Array.from({ length: R + 1 }, () => []);
    const depths = new Map<Expr, number>();
    const bodies = ranges.map((range) => {
      const e = range.known.size === 0 ? expr : specialize(expr, range.known, new Map());
      const declared: string[][] = Array.from({ length: R + 1 }, () => []);
      const value = this.render(e, (level, line) => declared[level + 1].push(line), depths);
      // locals that move along the inner axis are per position; the others are hoisted to their level
      for (let k = 0; k < R; k++) levels[k].push(...declared[k]);
      return { range, inner: declared[R], value };
    });
    const formAt = (f: Form) => this.form(f, R - 1);
    const src = this.src;
    const wrapOpen = (level: number) => {
      if (wrap !== undefined && wrap.level === level) wrap.before.forEach((l) => src.line(l));
    };
    const wrapClose = (level: number) => {
      if (wrap !== undefined && wrap.level === level) wrap.after(formAt).forEach((l) => src.line(l));
    };
    const innermost = () => {
      for (const { range, inner, value } of bodies) {
        const loop = R === 0 ? undefined : `for (let i${R - 1} = ${range.lo}; i${R - 1} < ${range.hi}; i${R - 1}++)`;
        if (loop !== undefined) src.open(loop);
        inner.forEach((l) => src.line(l));
        src.line(statement(value, formAt));
        if (loop !== undefined) src.close();
      }
    };
    const level = (k: number) => {
      // k: the number of enclosing loops; loops 0 … R − 2 are plain, R − 1 is the ranged inner loop
      levels[k].forEach((l) => src.line(l));
      wrapOpen(k);
      if (k >= R - 1) innermost();
      else {
        src.open(`for (let i${k} = 0; i${k} < ${this.extents[k]}; i${k}++)`);
        level(k + 1);
        src.close();
      }
      wrapClose(k);
    };
    level(0);
    return src.lines;
  }
}

/** Collapses a step's loop and returns the map from its forms to their collapsed versions. */
function collapsed(shape: readonly number[], forms: readonly Form[]): { extents: number[]; map: Map<Form, Form> } {
  const c = collapse(shape, forms);
  const map = new Map<Form, Form>();
  forms.forEach((f, q) => map.set(f, c.forms[q]));
  return { extents: c.shape, map };
}

/** Every form an expression uses (reads and conditions), each once. */
function formsOf(expr: Expr, into: Form[], seen = new Set<number>()): Form[] {
  if (seen.has(expr.id)) return into;
  seen.add(expr.id);
  if (expr.kind === 'read') into.push(expr.form);
  else if (expr.kind === 'apply') expr.args.forEach((a) => formsOf(a, into, seen));
  else if (expr.kind === 'select') {
    expr.conds.forEach((c) => into.push(c.form));
    formsOf(expr.then, into, seen);
    formsOf(expr.otherwise, into, seen);
  }
  return into;
}

/** Shifts each read's form by its buffer's offset, so forms are offsets into the arrays. */
function placed(expr: Expr, memory: Memory, memo = new Map<number, Expr>()): Expr {
  const hit = memo.get(expr.id);
  if (hit !== undefined) return hit;
  let out: Expr = expr;
  if (expr.kind === 'read') out = { ...expr, form: { c: expr.form.c + memory.placements[expr.slot].offset, a: expr.form.a } };
  else if (expr.kind === 'apply') out = { ...expr, args: expr.args.map((a) => placed(a, memory, memo)) };
  else if (expr.kind === 'select') out = { ...expr, then: placed(expr.then, memory, memo), otherwise: placed(expr.otherwise, memory, memo) };
  memo.set(expr.id, out);
  return out;
}

function loopSource(step: LoopStep, memory: Memory): string[] {
  const dest = memory.placements[step.dest];
  const out: Form = { c: dest.offset, a: stridesOf(step.shape) };
  const expr = placed(step.expr, memory);
  const { extents, map } = collapsed(step.shape, [out, ...formsOf(expr, [])]);
  const w = new LoopWriter(extents, map, (s) => memory.placements[s].array);
  return w.write(expr, (value, formAt) => `${ARRAYS[dest.array]}[${formAt(out)}] = ${value};`);
}

function reduceSource(step: ReduceStep, plan: Plan, memory: Memory): string[] {
  const dest = memory.placements[step.dest];
  const y = ARRAYS[dest.array];
  const out: Form = { c: dest.offset, a: step.out.a };
  const expr = placed(step.expr, memory);
  const { extents, map } = collapsed(step.shape, [out, ...formsOf(expr, [])]);
  const w = new LoopWriter(extents, map, (s) => memory.placements[s].array);
  const sum = step.combine === 'sum';
  const identity = sum ? '-0' : '-Infinity';
  const reduced = map.get(out)!.a.map((v) => v === 0);
  const firstReduced = reduced.indexOf(true);
  if (firstReduced >= 0 && reduced.slice(firstReduced).every((r) => r)) {
    // the reduced axes are innermost: each output element's terms run in one stretch, into a local
    return w.write(expr, (value) => (sum ? `acc += ${value};` : `acc = Math.max(acc, ${value});`), {
      level: firstReduced,
      before: [`let acc = ${identity};`],
      after: (formAt) => [`${y}[${formAt(out)}] = acc;`],
    });
  }
  const size = plan.sizes[step.dest];
  return [
    `  ${y}.fill(${identity}, ${dest.offset}, ${dest.offset + size});`,
    ...w.write(expr, (value, formAt) => {
      const at = `${y}[${formAt(out)}]`;
      return sum ? `${at} += ${value};` : `${at} = Math.max(${at}, ${value});`;
    }),
  ];
}

/** A kernel step's call, with its constant arrays registered in `K`. */
function kernelCall(step: Step, memory: Memory, K: Int32Array[]): string {
  const P = memory.placements;
  const arr = (s: number) => ARRAYS[P[s].array];
  const dest = P[step.dest];
  const y = ARRAYS[dest.array];
  const constant = (a: readonly number[]) => {
    K.push(Int32Array.from(a));
    return `K[${K.length - 1}]`;
  };
  switch (step.kind) {
    case 'matmul': {
      const { a, b, M, K: depth, N } = step;
      const ao = P[a.slot].offset + a.offset;
      const bo = P[b.slot].offset + b.offset;
      if (step.batch.length === 0) return `h.matmul(${arr(a.slot)}, ${ao}, ${a.row}, ${a.col}, ${arr(b.slot)}, ${bo}, ${b.row}, ${b.col}, ${y}, ${dest.offset}, ${M}, ${depth}, ${N});`;
      return `h.matmulBatched(${arr(a.slot)}, ${ao}, ${constant(a.batch)}, ${a.row}, ${a.col}, ${arr(b.slot)}, ${bo}, ${constant(b.batch)}, ${b.row}, ${b.col}, ${y}, ${dest.offset}, ${M}, ${depth}, ${N}, ${constant(step.batch)}, ${constant(step.batch)});`;
    }
    case 'take':
      return `h.take(${arr(step.x.slot)}, ${P[step.x.slot].offset + step.x.offset}, ${arr(step.indices.slot)}, ${P[step.indices.slot].offset + step.indices.offset}, ${y}, ${dest.offset}, ${step.outer}, ${step.n}, ${step.m}, ${step.inner});`;
    case 'scatterAdd':
      return `h.scatterAdd(${arr(step.u.slot)}, ${P[step.u.slot].offset + step.u.offset}, ${arr(step.indices.slot)}, ${P[step.indices.slot].offset + step.indices.offset}, ${y}, ${dest.offset}, ${step.outer}, ${step.m}, ${step.size}, ${step.inner});`;
    case 'pad':
      return `h.padPlace(${arr(step.x.slot)}, ${P[step.x.slot].offset + step.x.form.c}, ${constant(step.x.form.a)}, ${y}, ${dest.offset}, ${step.size}, ${literal(step.value)}, ${step.place.c}, ${constant(step.place.a)}, ${constant(step.shape)}, ${constant(step.shape)});`;
    default:
      throw new Error(`kernelCall: ${step.kind} is a loop`);
  }
}

/** Spreads calls over functions of at most CALLS lines each; returns the top function's name. */
function dispatch(calls: string[], functions: string[]): string {
  let level = calls;
  let round = 0;
  do {
    const names: string[] = [];
    for (let i = 0; i < level.length || (i === 0 && level.length === 0); i += CALLS) {
      const name = `d${round}_${names.length}`;
      functions.push(`function ${name}(m, x, u, o) {\n${level.slice(i, i + CALLS).map((c) => `  ${c}`).join('\n')}\n}`);
      names.push(name);
    }
    level = names.map((n) => `${n}(m, x, u, o);`);
    round++;
    if (names.length === 1) return names[0];
  } while (level.length > 0);
  return 'undefined';
}

/** What {@link generateArrays} returns: the program and the length of its source. */
export interface GeneratedProgram extends ArrayProgram {
  /** The generated source (the body of one `new Function`). */
  readonly source: string;
}

/**
 * Generates the program of a placed plan (throws where `new Function` is
 * forbidden; the caller falls back to the interpreter).
 * @example
 * ```ts
 * const program = generateArrays(planArrays(ir, { fuse: true }), memory);
 * program.run([arena, x, u, o]);
 * ```
 */
export function generateArrays(plan: Plan, memory: Memory): GeneratedProgram {
  const functions: string[] = [];
  const calls: string[] = [];
  const K: Int32Array[] = [];
  plan.steps.forEach((step, t) => {
    if (step.kind === 'loop' || step.kind === 'reduce') {
      const lines = step.kind === 'loop' ? loopSource(step, memory) : reduceSource(step, plan, memory);
      const name = `s${t}`;
      functions.push(`function ${name}(m, x, u, o) {\n${lines.join('\n')}\n}`);
      calls.push(`${name}(m, x, u, o);`);
    } else calls.push(kernelCall(step, memory, K));
  });
  const top = dispatch(calls, functions);
  const source = `"use strict";\n${functions.join('\n')}\nreturn ${top};`;
  const factory = new Function('h', 'K', source) as (h: typeof kernels, K: Int32Array[]) => (m: Float64Array, x: Float64Array, u: Float64Array, o: Float64Array) => void;
  const run = factory(kernels, K);
  return {
    source,
    run(arrays) {
      run(arrays[0], arrays[1], arrays[2], arrays[3]);
    },
  };
}

/**
 * The js backend of compiled array programs: each loop step of a (fused) plan
 * becomes a JavaScript function — a loop nest over the step's positions
 * (array-loops.ts), rendered from the step's expressions through each
 * primitive's `emit` template, never by reading generated text back.
 * Reductions accumulate in a local when they sum over the inner axes. A
 * matrix product is written out with its constants, each sum in the kernel's
 * order (array-matmul-source.ts); the other kernel steps (batched products,
 * gathers, scatter-adds, interior pads) call the same functions as the
 * interpreter (array-kernels.ts), and a dispatch function calls the steps in
 * order.
 *
 * Every expression is at most MAX_EXPRESSION nodes (the planner cuts larger
 * ones) and the step calls are spread over functions of at most CALLS lines,
 * so every generated function is bounded. A run allocates nothing.
 *
 * The first run is preceded by warm-up passes (WARM_UPS) in which each loop
 * runs one position and the kernels are skipped, so that V8 has feedback for
 * every statement before it compiles a long loop while the loop runs.
 */
import { literal } from '../ops/arithmetic.js';
import { numberKey } from './array-ir.js';
import * as kernels from './array-kernels.js';
import { ARRAYS, LoopWriter, type Spec, WARM } from './array-loops.js';
import type { ArrayProgram } from './array-execute.js';
import type { Memory } from './array-memory.js';
import { matmulSource, usesPanel } from './array-matmul-source.js';
import { panel } from './array-panel.js';
import { destsOf, type Expr, type LoopStep, type MatmulStep, type Plan, type Step } from './array-steps.js';
import { collapse, type Cond, type Form } from './array-views.js';

/** Step calls per generated dispatch function. */
const CALLS = 64;
/** The `w` of a program whose products do not use the panel. */
const NO_PANEL = new Float64Array(0);
/**
 * Warm-up passes before the first run (each loop at one position only).
 * V8 gives a function its feedback vector only after running about eight times
 * its bytecode, and compiles a long loop while it runs: without these passes,
 * the first run of a step compiles its long loop before the code after it (the
 * next range, the stores of the sums) has ever run, that compiled code leaves
 * for the interpreter there (insufficient type feedback), and V8 keeps
 * re-entering it, call after call (Rosenbrock with slices: 240–1360 such exits
 * over the first ~1000 calls at n = 10⁴, one every call at n = 10⁶). Twelve
 * passes of one position per loop run every statement with feedback recorded.
 */
const WARM_UPS = 12;

/** Every form an expression uses (reads and conditions), each once. */
function formsOf(expr: Expr, into: Form[], seen = new Set<Expr>()): Form[] {
  if (seen.has(expr)) return into;
  seen.add(expr);
  if (expr.kind === 'read') into.push(expr.form);
  else if (expr.kind === 'apply') expr.args.forEach((a) => formsOf(a, into, seen));
  else if (expr.kind === 'select') {
    expr.conds.forEach((c) => into.push(c.form));
    formsOf(expr.then, into, seen);
    formsOf(expr.otherwise, into, seen);
  }
  return into;
}

/**
 * Shifts each read's form by its buffer's offset, so forms are offsets into the
 * arrays, and merges structurally equal expressions (the effects of merged
 * loops were built apart): each is computed once per position.
 */
class Placer {
  private readonly memo = new Map<Expr, Expr>();
  private readonly table = new Map<string, Expr>();
  private readonly ids = new Map<Expr, number>();
  private readonly forms = new Map<string, Form>();

  constructor(private readonly memory: Memory) {}

  private form(f: Form, c: number): Form {
    const key = `${c};${f.a.join(',')}`;
    let g = this.forms.get(key);
    if (g === undefined) this.forms.set(key, (g = { c, a: f.a }));
    return g;
  }

  private intern(key: string, make: () => Expr): Expr {
    let e = this.table.get(key);
    if (e === undefined) {
      this.table.set(key, (e = make()));
      this.ids.set(e, this.ids.size);
    }
    return e;
  }

  private id(e: Expr): number {
    return this.ids.get(e)!;
  }

  place(expr: Expr): Expr {
    const hit = this.memo.get(expr);
    if (hit !== undefined) return hit;
    let out: Expr;
    if (expr.kind === 'read') {
      const p = this.memory.placements[expr.slot];
      const form = this.form(expr.form, expr.form.c + p.offset);
      out = this.intern(`r${p.array}:${form.c};${form.a.join(',')}`, () => ({ ...expr, form }));
    } else if (expr.kind === 'literal') out = this.intern(`l${numberKey(expr.value)}`, () => expr);
    else if (expr.kind === 'apply') {
      const args = expr.args.map((a) => this.place(a));
      out = this.intern(`a${expr.op.name}(${args.map((a) => this.id(a)).join(',')})`, () => ({ ...expr, args }));
    } else {
      const then = this.place(expr.then);
      const otherwise = this.place(expr.otherwise);
      const conds = expr.conds.map((c) => ({ ...c, form: this.form(c.form, c.form.c) }));
      const key = `s${conds.map((c) => `${c.form.c};${c.form.a.join(',')}:${c.lo}:${c.hi}`).join('|')}?${this.id(then)}:${this.id(otherwise)}`;
      out = this.intern(key, () => ({ ...expr, conds, then, otherwise }));
    }
    this.memo.set(expr, out);
    return out;
  }

  /** A form (outputs, guards) shared with the expressions' equal forms. */
  shared(f: Form, c = f.c): Form {
    return this.form(f, c);
  }
}

/** The source of a loop step's function body. */
function loopSource(step: LoopStep, plan: Plan, memory: Memory): string[] {
  const placer = new Placer(memory);
  const effects = step.effects.map((e) => {
    const dest = memory.placements[e.dest];
    return { e, dest, out: { c: dest.offset + e.out.c, a: e.out.a } as Form, expr: placer.place(e.expr) };
  });
  const forms: Form[] = [];
  for (const f of effects) {
    forms.push(f.out, ...f.e.guard.map((c) => c.form));
    formsOf(f.expr, forms);
  }
  const c = collapse(step.shape, forms);
  const map = new Map<Form, Form>();
  forms.forEach((f, q) => map.set(f, c.forms[q]));
  const R = c.shape.length;
  const fills: string[] = [];
  const specs: Spec[] = effects.map(({ e, dest, out, expr }, q) => {
    const y = ARRAYS[dest.array];
    if (e.kind === 'store') return { root: expr, guard: e.guard, statement: (v, at) => `${y}[${at(out)}] = ${v};` };
    const sum = e.kind === 'sum';
    const identity = sum ? '-0' : '-Infinity';
    const reduced = map.get(out)!.a.map((a) => a === 0);
    const first = reduced.indexOf(true);
    if (R > 0 && first >= 0 && reduced.slice(first).every((r) => r)) {
      // the reduced axes are innermost: each output element's terms run in one stretch, into a local
      const acc = `acc${q}`;
      // the guard's conditions on kept axes decide whether there is an output element here at all
      const outer = e.guard.filter((c) => map.get(c.form)!.a.every((a, k) => k < first || a === 0));
      return {
        root: expr,
        guard: e.guard,
        statement: (v) => (sum ? `${acc} += ${v};` : `${acc} = Math.max(${acc}, ${v});`),
        accumulator: { level: first, declare: `let ${acc} = ${identity};`, store: (at) => `${y}[${at(out)}] = ${acc};`, guard: outer },
      };
    }
    const [lo, hi] = [dest.offset, dest.offset + plan.sizes[e.dest]];
    // a warm-up pass fills one element: the call runs, and the pass costs no more with the buffer's size
    fills.push(`  ${y}.fill(${identity}, ${lo}, ${hi > lo + 1 ? `${WARM} ? ${lo + 1} : ${hi}` : hi});`);
    return {
      root: expr,
      guard: e.guard,
      statement: (v, at) => {
        const cell = `${y}[${at(out)}]`;
        return sum ? `${cell} += ${v};` : `${cell} = Math.max(${cell}, ${v});`;
      },
    };
  });
  return [...fills, ...new LoopWriter(c.shape, map, (s) => memory.placements[s].array).write(specs)];
}

/** A (not batched) matmul step written out with its constants (array-matmul-source.ts), and whether it uses the panel. */
function productSource(step: MatmulStep, memory: Memory): { lines: string[]; panel: boolean } {
  const P = memory.placements;
  const operand = (o: MatmulStep['a']) => ({ array: ARRAYS[P[o.slot].array], offset: P[o.slot].offset + o.offset, row: o.row, col: o.col });
  const dest = P[step.dest];
  const B = operand(step.b);
  return { lines: matmulSource(operand(step.a), B, ARRAYS[dest.array], dest.offset, step.M, step.K, step.N), panel: usesPanel(B, step.M) };
}

/** A kernel step's call, with its constant arrays registered in `K`. */
function kernelCall(step: Step, memory: Memory, K: Int32Array[]): string {
  const P = memory.placements;
  const arr = (s: number) => ARRAYS[P[s].array];
  const dest = P[destsOf(step)[0]];
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
      functions.push(`function ${name}(m, x, u, o, ${WARM}) {\n${level.slice(i, i + CALLS).map((c) => `  ${c}`).join('\n')}\n}`);
      names.push(name);
    }
    level = names.map((n) => `${n}(m, x, u, o, ${WARM});`);
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
  let needsPanel = false;
  plan.steps.forEach((step, t) => {
    let lines: string[] | undefined;
    if (step.kind === 'loop') lines = loopSource(step, plan, memory);
    else if (step.kind === 'matmul' && step.batch.length === 0) {
      const product = productSource(step, memory);
      lines = product.lines;
      needsPanel ||= product.panel;
    }
    // kernels and matrix products are not warmed up: a warm-up pass skips them
    if (lines === undefined) {
      calls.push(`if (!${WARM}) ${kernelCall(step, memory, K)}`);
      return;
    }
    const name = `s${t}`;
    functions.push(`function ${name}(m, x, u, o, ${WARM}) {\n${lines.join('\n')}\n}`);
    calls.push(step.kind === 'loop' ? `${name}(m, x, u, o, ${WARM});` : `if (!${WARM}) ${name}(m, x, u, o, false);`);
  });
  const top = dispatch(calls, functions);
  const source = `"use strict";\n${functions.join('\n')}\nreturn ${top};`;
  const factory = new Function('h', 'K', 'w', source) as (
    h: typeof kernels,
    K: Int32Array[],
    w: Float64Array,
  ) => (m: Float64Array, x: Float64Array, u: Float64Array, o: Float64Array, warm: boolean) => void;
  const run = factory(kernels, K, needsPanel ? panel() : NO_PANEL);
  let warmUps = WARM_UPS;
  return {
    source,
    run(arrays) {
      // the first run is preceded by the warm-up passes; each writes only what the real pass then writes again
      for (; warmUps > 0; warmUps--) run(arrays[0], arrays[1], arrays[2], arrays[3], true);
      run(arrays[0], arrays[1], arrays[2], arrays[3], false);
    },
  };
}

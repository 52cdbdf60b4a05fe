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
import { numberKey } from './array-ir.js';
import * as kernels from './array-kernels.js';
import type { ArrayProgram } from './array-execute.js';
import type { Memory } from './array-memory.js';
import { destsOf, type Expr, type LoopStep, type Plan, type Step } from './array-plan.js';
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

/** Replaces, in `expr`, each condition known on an inner-axis range by its truth. */
function specialize(expr: Expr, known: Map<Cond, boolean>, memo: Map<Expr, Expr>): Expr {
  const hit = memo.get(expr);
  if (hit !== undefined) return hit;
  let out: Expr = expr;
  if (expr.kind === 'apply') {
    const args = expr.args.map((a) => specialize(a, known, memo));
    if (args.some((a, k) => a !== expr.args[k])) out = { ...expr, args };
  } else if (expr.kind === 'select') {
    const conds = expr.conds.filter((c) => known.get(c) !== true);
    if (conds.some((c) => known.get(c) === false)) out = specialize(expr.otherwise, known, memo);
    else if (conds.length === 0) out = specialize(expr.then, known, memo);
    else {
      const then = specialize(expr.then, known, memo);
      const otherwise = specialize(expr.otherwise, known, memo);
      if (then !== expr.then || otherwise !== expr.otherwise || conds.length !== expr.conds.length) out = { ...expr, conds, then, otherwise };
    }
  }
  memo.set(expr, out);
  return out;
}

/** One effect as the writer renders it. */
interface Spec {
  readonly root: Expr;
  readonly guard: readonly Cond[];
  /** The statement for the value at the innermost level. */
  readonly statement: (value: string, formAt: (f: Form) => string) => string;
  /**
   * A reduction into a local: declared before the loop of axis `level`, stored
   * after it — where the guard's conditions on the outer axes hold (a loop
   * merged with a larger sibling runs positions outside the reduction's own).
   */
  readonly accumulator?: { readonly level: number; readonly declare: string; readonly store: (formAt: (f: Form) => string) => string; readonly guard: readonly Cond[] };
}

/** An inner-axis range of positions, with the conditions known there. */
interface Range {
  readonly lo: number;
  readonly hi: number;
  readonly known: Map<Cond, boolean>;
}

/**
 * Renders one loop nest: forms (already collapsed) as index arithmetic on the
 * loop counters; the expressions' shared and invariant parts as locals at the
 * level where they change; the inner loop split into ranges where conditions
 * are known; and, inside a range, a value the previous position computed (the
 * same expression one step back along the inner axis, as x[i − 1]² is x[i]²
 * one step later) carried in a local instead of computed again.
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

  private collapsedOf(f: Form): Form {
    return this.forms.get(f)!;
  }

  /** A form's value, with the inner counter replaced by `inner` when given. */
  private form(f: Form, inner?: number): string {
    const g = this.collapsedOf(f);
    let c = g.c;
    let text = '';
    for (let k = 0; k < this.R; k++) {
      const a = g.a[k];
      if (a === 0) continue;
      if (k === this.R - 1 && inner !== undefined) {
        c += a * inner;
        continue;
      }
      const i = `i${k}`;
      text += ` + ${a === 1 ? i : `${i} * ${literal(a)}`}`;
    }
    return `${literal(c)}${text}`;
  }

  private depthOf(e: Expr, memo: Map<Expr, number>): number {
    const hit = memo.get(e);
    if (hit !== undefined) return hit;
    let d = -1;
    if (e.kind === 'read') d = formDepth(this.collapsedOf(e.form));
    else if (e.kind === 'apply') for (const a of e.args) d = Math.max(d, this.depthOf(a, memo));
    else if (e.kind === 'select') {
      for (const c of e.conds) d = Math.max(d, formDepth(this.collapsedOf(c.form)));
      d = Math.max(d, this.depthOf(e.then, memo), this.depthOf(e.otherwise, memo));
    }
    memo.set(e, d);
    return d;
  }

  private test(conds: readonly Cond[], inner?: number): string {
    return conds
      .map((c) => {
        const v = this.form(c.form, inner);
        return `${v} >= ${c.lo} && ${v} < ${c.hi}`;
      })
      .join(' && ');
  }

  /** The inner axis's ranges, split at the bounds of the conditions that move along it only. */
  private ranges(specs: readonly Spec[]): Range[] {
    if (this.R === 0) return [{ lo: 0, hi: 1, known: new Map() }];
    const inner = this.R - 1;
    const E = this.extents[inner];
    const conds: Cond[] = [];
    const seen = new Set<Expr>();
    const consider = (c: Cond) => {
      const f = this.collapsedOf(c.form);
      if (f.a[inner] > 0 && f.a.every((a, k) => k === inner || a === 0)) conds.push(c);
    };
    const visit = (e: Expr) => {
      if (seen.has(e)) return;
      seen.add(e);
      if (e.kind === 'apply') e.args.forEach(visit);
      else if (e.kind === 'select') {
        e.conds.forEach(consider);
        visit(e.then);
        visit(e.otherwise);
      }
    };
    for (const s of specs) {
      s.guard.forEach(consider);
      visit(s.root);
    }
    // lo ≤ c + a·i < hi  ⇔  ⌈(lo − c)/a⌉ ≤ i < ⌈(hi − c)/a⌉
    const bounds = (c: Cond): [number, number] => {
      const f = this.collapsedOf(c.form);
      const a = f.a[inner];
      return [Math.ceil((c.lo - f.c) / a), Math.ceil((c.hi - f.c) / a)];
    };
    const cuts = new Set<number>([0, E]);
    for (const c of conds) for (const b of bounds(c)) if (b > 0 && b < E) cuts.add(b);
    const sorted = [...cuts].sort((p, q) => p - q);
    if (sorted.length - 1 > MAX_RANGES) return [{ lo: 0, hi: E, known: new Map() }];
    const out: Range[] = [];
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
   * Pairs E′ → E where E′ is E one step back along the inner axis (all of E's
   * reads one step earlier): E′ at this position is E at the previous one.
   */
  private carried(roots: readonly Expr[], depths: Map<Expr, number>): Map<Expr, Expr> {
    const inner = this.R - 1;
    const keys = new Map<Expr, string | undefined>();
    const shifted = new Map<Expr, string | undefined>();
    const key = (e: Expr, shift: boolean): string | undefined => {
      const memo = shift ? shifted : keys;
      if (memo.has(e)) return memo.get(e);
      let k: string | undefined;
      if (e.kind === 'read') {
        const g = this.collapsedOf(e.form);
        k = `${this.arrayOf(e.slot)}[${shift ? g.c - g.a[inner] : g.c};${g.a.join(',')}]`;
      } else if (e.kind === 'literal') k = numberKey(e.value);
      else if (e.kind === 'apply') {
        const args = e.args.map((a) => key(a, shift));
        k = args.every((a) => a !== undefined) ? `${e.op.name}(${args.join(',')})` : undefined;
      }
      memo.set(e, k);
      return k;
    };
    const byKey = new Map<string, Expr>();
    const nodes: Expr[] = [];
    const seen = new Set<Expr>();
    const visit = (e: Expr) => {
      if (seen.has(e) || e.kind === 'select') return;
      seen.add(e);
      if (e.kind === 'apply') e.args.forEach(visit);
      const k = key(e, false);
      if (e.kind !== 'literal' && k !== undefined && this.depthOf(e, depths) === inner) {
        byKey.set(k, e);
        nodes.push(e);
      }
    };
    roots.forEach(visit);
    const pairs = new Map<Expr, Expr>();
    for (const e of nodes) {
      const back = byKey.get(key(e, true)!);
      if (back !== undefined && back !== e) pairs.set(back, e);
    }
    // keep the carried expressions that are rendered: met from the roots without passing another one
    const kept = new Map<Expr, Expr>();
    const reached = new Set<Expr>();
    const walk = (e: Expr) => {
      if (reached.has(e)) return;
      reached.add(e);
      const source = pairs.get(e);
      if (source !== undefined) kept.set(e, source);
      else if (e.kind === 'apply') e.args.forEach(walk);
      else if (e.kind === 'select') {
        walk(e.then);
        walk(e.otherwise);
      }
    };
    roots.forEach(walk);
    // no chains: a source is never itself carried
    for (const source of [...kept.values()]) kept.delete(source);
    return kept;
  }

  /**
   * Renders the roots at the innermost level. Expressions outside selects used
   * twice, or not moving along the inner axis, become locals declared at the
   * level where they change; `carry` maps an expression to the local holding it.
   */
  private render(
    roots: readonly Expr[],
    declare: (level: number, text: string) => void,
    depths: Map<Expr, number>,
    carry: Map<Expr, string>,
    force: Set<Expr>,
  ): { values: string[]; names: Map<Expr, string> } {
    const uses = new Map<Expr, number>();
    const count = (e: Expr) => {
      const u = (uses.get(e) ?? 0) + 1;
      uses.set(e, u);
      if (u > 1 || carry.has(e)) return;
      if (e.kind === 'apply') e.args.forEach(count);
      // a select's branches are rendered inline: only the branch taken is evaluated
    };
    roots.forEach(count);
    const names = new Map<Expr, string>(carry);
    const inner = this.R - 1;
    const text = (e: Expr, guarded: boolean): string => {
      const named = names.get(e);
      if (named !== undefined) return named;
      let t: string;
      switch (e.kind) {
        case 'literal':
          return literal(e.value);
        case 'read':
          t = `${ARRAYS[this.arrayOf(e.slot)]}[${this.form(e.form)}]`;
          break;
        case 'apply': {
          const args = e.args.map((a) => text(a, guarded));
          const op = e.op;
          t = op.arity === 1 ? op.emit(args[0]) : op.arity === 2 ? op.emit(args[0], args[1]) : op.emit(args);
          break;
        }
        case 'select':
          t = `(${this.test(e.conds)} ? ${text(e.then, true)} : ${text(e.otherwise, true)})`;
          break;
      }
      if (guarded) return t;
      const d = this.depthOf(e, depths);
      if ((uses.get(e) ?? 0) > 1 || force.has(e) || (d < inner && e.kind !== 'select')) {
        const name = `t${this.next++}`;
        declare(d, `const ${name} = ${t};`);
        names.set(e, name);
        return name;
      }
      return t;
    };
    return { values: roots.map((r) => text(r, false)), names };
  }

  /** An expression rendered inline at inner position `at` (locals of outer levels allowed). */
  private inline(e: Expr, at: number, outer: Map<Expr, string>): string {
    const named = outer.get(e);
    if (named !== undefined) return named;
    switch (e.kind) {
      case 'literal':
        return literal(e.value);
      case 'read':
        return `${ARRAYS[this.arrayOf(e.slot)]}[${this.form(e.form, at)}]`;
      case 'apply': {
        const args = e.args.map((a) => this.inline(a, at, outer));
        const op = e.op;
        return op.arity === 1 ? op.emit(args[0]) : op.arity === 2 ? op.emit(args[0], args[1]) : op.emit(args);
      }
      case 'select':
        return `(${this.test(e.conds, at)} ? ${this.inline(e.then, at, outer)} : ${this.inline(e.otherwise, at, outer)})`;
    }
  }

  /** The loop nest of the effects. */
  write(specs: readonly Spec[]): string[] {
    const R = this.R;
    const inner = R - 1;
    const levels: string[][] = Array.from({ length: R + 1 }, () => []);
    const depths = new Map<Expr, number>();
    const bodies = this.ranges(specs).map((range) => {
      const memo = new Map<Expr, Expr>();
      const active: { spec: Spec; root: Expr; guard: Cond[] }[] = [];
      for (const spec of specs) {
        if (spec.guard.some((c) => range.known.get(c) === false)) continue;
        active.push({ spec, root: range.known.size === 0 ? spec.root : specialize(spec.root, range.known, memo), guard: spec.guard.filter((c) => range.known.get(c) !== true) });
      }
      const roots = active.map((a) => a.root);
      const pairs = R === 0 ? new Map<Expr, Expr>() : this.carried(roots, depths);
      const carry = new Map<Expr, string>();
      for (const back of pairs.keys()) carry.set(back, `k${this.next++}`);
      const declared: string[][] = Array.from({ length: R + 1 }, () => []);
      const { values, names } = this.render(roots, (level, line) => declared[level + 1].push(line), depths, carry, new Set(pairs.values()));
      for (let k = 0; k < R; k++) levels[k].push(...declared[k]);
      // a carried local starts as its expression at the range's first position
      const outer = new Map([...names].filter(([e]) => this.depthOf(e, depths) < inner && !carry.has(e)));
      const prologue = [...pairs.keys()].map((back) => `let ${carry.get(back)} = ${this.inline(back, range.lo, outer)};`);
      const epilogue = [...pairs].map(([back, source]) => `${carry.get(back)} = ${names.get(source)};`);
      const statements = active.map(({ spec, guard }, q) => {
        const stmt = spec.statement(values[q], (f) => this.form(f));
        return guard.length === 0 ? stmt : `if (${this.test(guard)}) ${stmt}`;
      });
      return { range, inner: declared[R], statements, prologue, epilogue };
    });
    const src = this.src;
    const wrap = (k: number, open: boolean) => {
      for (const spec of specs) {
        const a = spec.accumulator;
        if (a === undefined || a.level !== k) continue;
        if (open) src.line(a.declare);
        else {
          const store = a.store((f) => this.form(f));
          src.line(a.guard.length === 0 ? store : `if (${this.test(a.guard)}) ${store}`);
        }
      }
    };
    const innermost = () => {
      for (const { range, inner: locals, statements, prologue, epilogue } of bodies) {
        if (R === 0) {
          locals.forEach((l) => src.line(l));
          statements.forEach((l) => src.line(l));
          continue;
        }
        prologue.forEach((l) => src.line(l));
        src.open(`for (let i${inner} = ${range.lo}; i${inner} < ${range.hi}; i${inner}++)`);
        locals.forEach((l) => src.line(l));
        statements.forEach((l) => src.line(l));
        epilogue.forEach((l) => src.line(l));
        src.close();
      }
    };
    const level = (k: number) => {
      levels[k].forEach((l) => src.line(l));
      wrap(k, true);
      if (k >= R - 1) innermost();
      else {
        src.open(`for (let i${k} = 0; i${k} < ${this.extents[k]}; i${k}++)`);
        level(k + 1);
        src.close();
      }
      wrap(k, false);
    };
    level(0);
    return src.lines;
  }
}

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
    fills.push(`  ${y}.fill(${identity}, ${dest.offset}, ${dest.offset + plan.sizes[e.dest]});`);
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
    if (step.kind === 'loop') {
      const lines = loopSource(step, plan, memory);
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

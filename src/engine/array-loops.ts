/**
 * A loop nest written as JavaScript, from structure: the (collapsed) linear
 * forms of reads, writes and conditions become index arithmetic on the loop
 * counters; an expression tree becomes nested `emit` templates of its
 * primitives; values used twice, or not moving along the inner axis, become
 * locals at the level where they change; the inner loop is split into ranges
 * where the conditions of pads and concatenations are known, so the inner
 * loops carry no tests; and inside a range, an expression that is another one
 * a step back along the inner axis (x[i − 1]² beside x[i]²) is carried over
 * from the previous position instead of computed again.
 */
import { literal } from '../ops/arithmetic.js';
import { emitOn } from '../ops/primitive.js';
import { numberKey } from './array-ir.js';
import type { Apply, Expr } from './array-steps.js';
import type { Cond, Form } from './array-views.js';

/** Names of the arrays in generated code: the arena, the inputs, the seeds, the outputs. */
export const ARRAYS = ['m', 'x', 'u', 'o'];
/**
 * The flag of a warm-up pass in generated code (array-codegen.ts): every loop
 * starts at its last position, so each statement runs once (the counter's step
 * and test too) and V8 records feedback for all of them before the first long
 * loop is compiled on the fly. The start is the only change: a test inside the
 * loop made V8 box the running sums on every iteration.
 */
export const WARM = 'warm'; // not `w`: that is the products' panel (array-panel.ts) in generated code
/** Largest number of inner-loop ranges a step is split into (else its conditions stay tests). */
const MAX_RANGES = 9;

/**
 * An op applied to its operands' source, through its `emit` template — except
 * a + (−b), written a − b: IEEE 754 defines subtraction as exactly that sum
 * (signed zeros and NaN included), and V8 does not fold the negation itself
 * (the Rosenbrock gradient's inner loop: 1.68 µs → 1.34 µs at n = 10³).
 */
function applied(e: Apply, operand: (x: Expr) => string): string {
  const op = e.op;
  if (op.name === 'add' && e.args.length === 2) {
    const [a, b] = e.args;
    if (b.kind === 'apply' && b.op.name === 'neg') return `(${operand(a)} - ${operand(b.args[0])})`;
    if (a.kind === 'apply' && a.op.name === 'neg') return `(${operand(b)} - ${operand(a.args[0])})`;
  }
  const args = e.args.map(operand);
  return emitOn(op, args);
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
export interface Spec {
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
export class LoopWriter {
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
        case 'apply':
          t = applied(e, (a) => text(a, guarded));
          break;
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
      case 'apply':
        return applied(e, (a) => this.inline(a, at, outer));
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
        src.open(`for (let i${inner} = ${range.hi - range.lo > 1 ? `${WARM} ? ${range.hi - 1} : ${range.lo}` : range.lo}; i${inner} < ${range.hi}; i${inner}++)`);
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
        src.open(`for (let i${k} = ${this.extents[k] > 1 ? `${WARM} ? ${this.extents[k] - 1} : 0` : 0}; i${k} < ${this.extents[k]}; i${k}++)`);
        level(k + 1);
        src.close();
      }
      wrap(k, false);
    };
    level(0);
    return src.lines;
  }
}

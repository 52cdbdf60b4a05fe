/**
 * What a compiled array program is made of: steps, in order, each a loop over
 * positions whose effects store or accumulate an expression — elementwise
 * primitives over reads through views (linear forms of the loop counters),
 * literals, and selects for pads and concatenations — or a call to a kernel
 * (matmul, take, scatter-add, interior pad). The planner (array-plan.ts) makes
 * them; the backends (array-execute.ts, array-codegen.ts) run them.
 */
import type { Shape } from '../graph/shape.js';
import type { Primitive } from '../ops/primitive.js';
import { type ArrayIR, numberKey } from './array-ir.js';
import type { Cond, Form } from './array-views.js';

/** A loop body's expression: reads through views, literals, elementwise ops and selects. */
export type Expr = Read | Literal | Apply | Select;

/** The element of buffer `slot` at offset `form` (a linear form of the loop index). */
export interface Read {
  readonly kind: 'read';
  readonly id: number;
  readonly slot: number;
  readonly form: Form;
}

export interface Literal {
  readonly kind: 'literal';
  readonly id: number;
  readonly value: number;
}

/** An elementwise primitive applied to expressions. */
export interface Apply {
  readonly kind: 'apply';
  readonly id: number;
  readonly op: Primitive;
  readonly args: readonly Expr[];
}

/** `then` where every condition holds, else `otherwise` (pads, concatenations). */
export interface Select {
  readonly kind: 'select';
  readonly id: number;
  readonly conds: readonly Cond[];
  readonly then: Expr;
  readonly otherwise: Expr;
}

/** A strided operand of a kernel: buffer `slot` from `offset`. */
export interface Operand {
  readonly slot: number;
  readonly offset: number;
}

/**
 * What a loop does at each of its positions i: store, dest[out(i)] = expr(i),
 * or accumulate, dest[out(i)] ⊕= expr(i) with dest first filled with −0 (sum)
 * or −∞ (max) — the loop runs in row-major order, so each output element of a
 * reduction takes its terms in row-major order, first term first. `guard`
 * limits the effect to the positions where every condition holds.
 */
export interface Effect {
  readonly dest: number;
  readonly kind: 'store' | 'sum' | 'max';
  readonly out: Form;
  readonly expr: Expr;
  readonly guard: readonly Cond[];
}

/** A loop over the row-major positions of `shape`, with one effect or several (siblings over the same data). */
export interface LoopStep {
  readonly kind: 'loop';
  readonly shape: Shape;
  readonly effects: readonly Effect[];
}

/** C = A·B per batch element: A is M×K, B K×N (any strides), C M×N contiguous. */
export interface MatmulStep {
  readonly kind: 'matmul';
  readonly dest: number;
  readonly batch: Shape;
  readonly a: Operand & { readonly batch: readonly number[]; readonly row: number; readonly col: number };
  readonly b: Operand & { readonly batch: readonly number[]; readonly row: number; readonly col: number };
  readonly M: number;
  readonly K: number;
  readonly N: number;
}

/** Gather along an axis: x is outer × n × inner, the m indices pick rows of n (all contiguous). */
export interface TakeStep {
  readonly kind: 'take';
  readonly dest: number;
  readonly x: Operand;
  readonly indices: Operand;
  readonly outer: number;
  readonly n: number;
  readonly m: number;
  readonly inner: number;
}

/** Scatter-add along an axis: u is outer × m × inner, added into outer × size × inner zeros. */
export interface ScatterStep {
  readonly kind: 'scatterAdd';
  readonly dest: number;
  readonly u: Operand;
  readonly indices: Operand;
  readonly outer: number;
  readonly m: number;
  readonly size: number;
  readonly inner: number;
}

/** dest = `value` everywhere, then dest[place(i)] = x[read(i)] over x's positions (a pad with interior). */
export interface PadStep {
  readonly kind: 'pad';
  readonly dest: number;
  readonly size: number;
  readonly value: number;
  readonly shape: Shape;
  readonly x: Read;
  readonly place: Form;
}

export type Step = LoopStep | MatmulStep | TakeStep | ScatterStep | PadStep;

/** The buffers a step writes. */
export function destsOf(step: Step): number[] {
  return step.kind === 'loop' ? step.effects.map((e) => e.dest) : [step.dest];
}

/** A planned program. Buffers are numbered: IR slots by their index, output copies after them. */
export interface Plan {
  readonly ir: ArrayIR;
  readonly steps: readonly Step[];
  /** Elements of each buffer. */
  readonly sizes: readonly number[];
  /** The buffer holding each output. */
  readonly outputs: readonly number[];
  /** The buffers each step reads. */
  readonly reads: readonly (readonly number[])[];
  /** The IR slot a buffer belongs to (itself for slots; the output's slot for copies). */
  readonly slotOf: readonly number[];
}

function formKey(f: Form): string {
  return `${f.c};${f.a.join(',')}`;
}

/** Expression ids: unique in the process, so expressions of merged steps never share one. */
let nextId = 0;

/**
 * Builds expressions, merging identical ones.
 * @example
 * ```ts
 * const E = new Exprs();
 * E.read(3, { c: 0, a: [1] }) === E.read(3, { c: 0, a: [1] }); // true
 * ```
 */
export class Exprs {
  private readonly table = new Map<string, Expr>();

  private intern<E extends Expr>(key: string, make: (id: number) => E): E {
    let e = this.table.get(key);
    if (e === undefined) this.table.set(key, (e = make(nextId++)));
    return e as E;
  }

  read(slot: number, form: Form): Read {
    return this.intern(`r${slot}:${formKey(form)}`, (id) => ({ kind: 'read', id, slot, form }));
  }

  literal(value: number): Literal {
    return this.intern(`l${numberKey(value)}`, (id) => ({ kind: 'literal', id, value }));
  }

  apply(op: Primitive, args: readonly Expr[]): Apply {
    return this.intern(`a${op.name}(${args.map((a) => a.id).join(',')})`, (id) => ({ kind: 'apply', id, op, args }));
  }

  select(conds: readonly Cond[], then: Expr, otherwise: Expr): Expr {
    if (conds.length === 0) return then;
    const key = `s${conds.map((c) => `${formKey(c.form)}:${c.lo}:${c.hi}`).join('|')}?${then.id}:${otherwise.id}`;
    return this.intern(key, (id) => ({ kind: 'select', id, conds, then, otherwise }));
  }
}

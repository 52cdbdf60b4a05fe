/**
 * The sweeps of a program as statements: what generated code does, in the
 * order it does it. Each statement is three integers (kind, slot, operand
 * position) in growable typed arrays; its term is built on demand from the IR
 * by the primitive's own rule (see {@link expand}), so a million statements
 * cost twelve bytes each, not a tree each.
 *
 * Invariants (checked by test/lowering.test.ts through checkStatementOrder):
 * - Statements run in the interpreter's order (interpreter.ts): values in slot
 *   order (a wide sum's additions, when accumulated, each right after its term
 *   and in the interpreter's order: sum-chains.ts); adjoints in reverse slot order, or for the scheduled gradient in
 *   sweep-plan.ts's order (each root, then its block, roots ascending, then the
 *   late slots). So every adjoint has all its contributions before it is read,
 *   every value is computed before it is read, and each adjoint receives its
 *   contributions in the interpreter's order: the backends agree bit for bit.
 * - A statement's term computes what the interpreter computes for it,
 *   operation for operation (terms.ts).
 */
import { IntList } from './growable.js';
import { CONSTANT, INPUT, type IR, primitiveOf } from './ir.js';
import { operandTerms, partialTerm } from './partials.js';
import { SUM_FIRST, SUM_LAST, SUM_NEXT, type SumChains, sumChains } from './sum-chains.js';
import { type SweepPlan, STATIC } from './sweep-plan.js';
import { ADJOINT, constantTerm, type Place, product, read, type Term, terms, TANGENT, VALUE } from './terms.js';

/** V[i] = op(operands). */
export const ASSIGN = 0;
/** A[j] += ∂ₖ(i)·A[i] for operand j at position k. */
export const PULL = 1;
/** A[j] += ∂ₖ(i)·c, with c the static adjoint of i. */
export const PULL_STATIC = 2;
/** T[i] = Σₖ ∂ₖ(i)·T[jₖ] over the active operands. */
export const TANGENT_SUM = 3;
/** out[r] = V[outputs[r]]. */
export const OUTPUT = 4;
// 5, 6, 7: a wide sum's accumulations (sum-chains.ts)
/** A dot product over many operands, by a loop helper: its value, pullback (adjoint or static) and tangent. */
export const DOT = 8;
export const DOT_BACK = 9;
export const DOT_BACK_STATIC = 10;
export const DOT_TANGENT = 11;

/** The output buffer of the evaluate kernel, as a place. */
export const OUT = 3;
export type Target = Place | typeof OUT;

/** Narrowest dot product (pairs) over two runs of input slots run by a loop helper rather than written out. */
export const LOOP_DOT = 16;
/** Widest dot product (pairs) written out: wider ones always loop, so that no statement is unbounded. */
export const MAX_WRITTEN_DOT = 128;

/** A statement with its term: `target[slot] = term`, or `+=` when it accumulates. */
export interface Expanded {
  readonly kind: number;
  readonly target: Target;
  readonly slot: number;
  readonly accumulate: boolean;
  /** The right-hand side (for TANGENT_SUM: the sum, whose partial factors are hoisted out of the direction loop). */
  readonly term: Term;
}

/** A statement list: kinds, slots and operand positions (or output indices), and where a function may end. */
export class Statements {
  private readonly kinds = new IntList(1024);
  private readonly slots = new IntList(1024);
  private readonly ks = new IntList(1024);
  /** 1 after a statement where no block of the gradient is open: a good place to end a generated function. */
  private readonly breaks = new IntList(1024);

  constructor(
    readonly ir: IR,
    readonly plan: SweepPlan | undefined,
  ) {}

  get length(): number {
    return this.kinds.length;
  }
  kind(q: number): number {
    return this.kinds.data[q];
  }
  slot(q: number): number {
    return this.slots.data[q];
  }
  position(q: number): number {
    return this.ks.data[q];
  }
  goodBreak(q: number): boolean {
    return this.breaks.data[q] === 1;
  }
  add(kind: number, slot: number, k = 0): void {
    this.kinds.push(kind);
    this.slots.push(slot);
    this.ks.push(k);
    this.breaks.push(1);
  }
  /** Marks the last statement as inside an open block (not a good end of a function). */
  holdLast(): void {
    this.breaks.data[this.breaks.length - 1] = 0;
  }
  isHelper(q: number): boolean {
    return this.kinds.data[q] >= DOT;
  }
}

/** How a dot product is looped: over two runs of consecutive slots (a₀ …, b₀ …), or over its operand list. */
export interface DotLoop {
  readonly contiguous: boolean;
  readonly a0: number;
  readonly b0: number;
  /** Pairs. */
  readonly n: number;
}

/**
 * The loop of a dot product, or undefined for one written out: over two runs
 * of input slots from LOOP_DOT pairs on (as hand-written code would), and over
 * anything from MAX_WRITTEN_DOT pairs on.
 */
export function dotLoop(ir: IR, i: number): DotLoop | undefined {
  if (primitiveOf(ir.opcode[i]).name !== 'dot') return undefined;
  const s = ir.start[i];
  const n = (ir.start[i + 1] - s) / 2;
  if (n < LOOP_DOT) return undefined;
  const a0 = ir.operands[s];
  const b0 = ir.operands[s + n];
  // each run on one side of the inputs: the evaluate kernel reads inputs from x and the rest from v
  const kind = (j: number) => (ir.opcode[j] === INPUT ? INPUT : ir.opcode[j] === CONSTANT ? CONSTANT : 2);
  let contiguous = kind(a0) !== CONSTANT && kind(b0) !== CONSTANT;
  for (let k = 0; k < n && contiguous; k++) {
    const a = ir.operands[s + k];
    const b = ir.operands[s + n + k];
    if (a !== a0 + k || b !== b0 + k || kind(a) !== kind(a0) || kind(b) !== kind(b0)) contiguous = false;
  }
  if (contiguous && kind(a0) === INPUT && kind(b0) === INPUT) return { contiguous, a0, b0, n };
  return n > MAX_WRITTEN_DOT ? { contiguous, a0, b0, n } : undefined;
}

/**
 * Values of every op slot (`withOutputs`: then each output into out[r]). With
 * `accumulateSums`, the wide sums are accumulated term by term (sum-chains.ts)
 * and the pieces of their chains are never stored: for kernels whose caller
 * reads no value but the outputs.
 */
export function valueStatements(ir: IR, helpers: boolean, withOutputs: boolean, accumulateSums = false): Statements {
  const st = new Statements(ir, undefined);
  const sums = accumulateSums ? sumChains(ir) : undefined;
  for (let i = 0; i < ir.size; i++) {
    if (ir.opcode[i] > CONSTANT && sums?.inChain[i] !== 1) st.add(helpers && dotLoop(ir, i) !== undefined ? DOT : ASSIGN, i);
    if (sums !== undefined) accumulations(st, sums, i);
  }
  if (withOutputs) for (let r = 0; r < ir.outputs.length; r++) st.add(OUTPUT, ir.outputs[r], r);
  return st;
}

/** The accumulations due after slot i; how many. */
function accumulations(st: Statements, sums: SumChains, i: number): number {
  const { due, target, term, kind } = sums;
  for (let k = due[i]; k < due[i + 1]; k++) st.add(kind[k], target[k], term[k]);
  return due[i + 1] - due[i];
}

/** Adjoints of every active slot, in reverse slot order. */
export function reverseStatements(ir: IR, helpers: boolean): Statements {
  const st = new Statements(ir, undefined);
  for (let i = ir.size - 1; i >= 0; i--) {
    if (ir.opcode[i] > CONSTANT && ir.active[i]) pullback(st, i, PULL, helpers, () => true);
  }
  return st;
}

/** Tangents of every active op slot, in slot order. */
export function tangentStatements(ir: IR, helpers: boolean): Statements {
  const st = new Statements(ir, undefined);
  for (let i = 0; i < ir.size; i++) {
    if (ir.opcode[i] > CONSTANT && ir.active[i]) st.add(helpers && dotLoop(ir, i) !== undefined ? DOT_TANGENT : TANGENT_SUM, i);
  }
  return st;
}

/**
 * The scheduled gradient (sweep-plan.ts): each value in slot order; right after a
 * static root's value, its pullback (by its static adjoint) and its block's;
 * then the late slots' pullbacks. `accumulateSums` as for valueStatements.
 */
export function gradientStatements(ir: IR, plan: SweepPlan, helpers: boolean, accumulateSums = false): Statements {
  const st = new Statements(ir, plan);
  const { owner, blockStart, blockMembers, late } = plan;
  const into = (j: number) => ir.active[j] === 1 && owner[j] !== STATIC;
  const sums = accumulateSums ? sumChains(ir) : undefined;
  let pending = 0; // block members computed whose root is still to come
  for (let i = 0; i < ir.size; i++) {
    const before = st.length;
    if (ir.opcode[i] > CONSTANT) {
      if (sums?.inChain[i] !== 1) st.add(helpers && dotLoop(ir, i) !== undefined ? DOT : ASSIGN, i);
      if (owner[i] >= 0) pending++;
      if (owner[i] === STATIC && ir.active[i]) {
        pullback(st, i, PULL_STATIC, helpers, into);
        for (let q = blockStart[i]; q < blockStart[i + 1]; q++) pullback(st, blockMembers[q], PULL, helpers, into);
        pending -= blockStart[i + 1] - blockStart[i];
      }
    }
    if (sums !== undefined) accumulations(st, sums, i);
    if (pending > 0 && st.length > before) st.holdLast();
  }
  for (const i of late) pullback(st, i, PULL, helpers, into);
  return st;
}

function pullback(st: Statements, i: number, kind: typeof PULL | typeof PULL_STATIC, helpers: boolean, into: (j: number) => boolean): void {
  const ir = st.ir;
  if (helpers && dotLoop(ir, i) !== undefined) {
    st.add(kind === PULL ? DOT_BACK : DOT_BACK_STATIC, i);
    return;
  }
  for (let s = ir.start[i], k = 0; s < ir.start[i + 1]; s++, k++) {
    const j = ir.operands[s];
    if (ir.active[j] && into(j)) st.add(kind, i, k);
  }
}

/** The operands' terms of the slot expanded last: one list per slot, however many of its statements follow. */
let cachedIR: IR | undefined;
let cachedSlot = -1;
let cachedOperands: Term[] = [];
function operandsOf(ir: IR, i: number): Term[] {
  if (cachedIR !== ir || cachedSlot !== i) {
    cachedOperands = operandTerms(ir, i);
    cachedIR = ir;
    cachedSlot = i;
  }
  return cachedOperands;
}

/** Forgets the cached operand terms (they may be large for a wide slot). */
export function releaseOperandCache(): void {
  cachedIR = undefined;
  cachedSlot = -1;
  cachedOperands = [];
}

/** Statement q with its term (not for the loop helpers). */
export function expand(st: Statements, q: number): Expanded {
  const ir = st.ir;
  const kind = st.kind(q);
  const i = st.slot(q);
  if (kind === ASSIGN) {
    const p = primitiveOf(ir.opcode[i]);
    return { kind, target: VALUE, slot: i, accumulate: false, term: { kind: 'apply', op: p, args: operandsOf(ir, i) } };
  }
  if (kind === PULL || kind === PULL_STATIC) {
    const k = st.position(q);
    const j = ir.operands[ir.start[i] + k];
    const partial = partialTerm(ir, i, k, operandsOf(ir, i));
    const ct = kind === PULL ? read(ADJOINT, i) : constantTerm(st.plan!.staticAdjoint[i]);
    return { kind, target: ADJOINT, slot: j, accumulate: true, term: product(partial, ct) };
  }
  if (kind === TANGENT_SUM) {
    const x = operandsOf(ir, i);
    let sum: Term | undefined;
    for (let s = ir.start[i], k = 0; s < ir.start[i + 1]; s++, k++) {
      const j = ir.operands[s];
      if (!ir.active[j]) continue;
      const term = product(partialTerm(ir, i, k, x), read(TANGENT, j));
      sum = sum === undefined ? term : terms.add(sum, term);
    }
    return { kind, target: TANGENT, slot: i, accumulate: false, term: sum! };
  }
  if (kind === SUM_FIRST || kind === SUM_NEXT || kind === SUM_LAST) {
    const j = st.position(q);
    const term = ir.opcode[j] === CONSTANT ? constantTerm(ir.constants[j]) : read(VALUE, j);
    return { kind, target: VALUE, slot: i, accumulate: kind !== SUM_FIRST, term };
  }
  if (kind === OUTPUT) {
    const o = i;
    const term = ir.opcode[o] === CONSTANT ? constantTerm(ir.constants[o]) : read(VALUE, o);
    return { kind, target: OUT, slot: st.position(q), accumulate: false, term };
  }
  throw new Error(`statements: kind ${kind} is a loop helper, not a term`);
}

/**
 * The compiler's invariants, as checks for debug tests (test/lowering.test.ts
 * runs them on random and huge programs). Each throws an Error naming the
 * first violation.
 *
 * 1. Slot order (ir.ts): inputs are slots 0 … k−1; every operand of a slot is
 *    an earlier slot; constant and input slots have no operands; a slot is
 *    active exactly when some operand is (inputs always are), a stopGradient
 *    slot never, and an op slot under a stopGradient only if a derivative
 *    path also leads from it to an output.
 * 2. Sweep-plan order = runtime order: the generated gradient (and reverse
 *    sweep) accumulates the same pullback terms, in the same order, as the
 *    interpreter's — so every adjoint is the same sum in the same order.
 * 3. Statement order: a statement reads a value only after it is computed, and
 *    an adjoint only after its last contribution; a wide sum accumulated term
 *    by term (sum-chains.ts) adds its chain's operands in the chain's order.
 *
 * The third, bit-equality of the two backends, follows from 2 and from terms
 * computing what the rules compute (terms.ts); it is tested on random graphs.
 */
import { CONSTANT, INPUT, type IR, keepReaching, primitiveOf } from './ir.js';
import { interpreter } from './interpreter.js';
import { type SweepPlan, STATIC } from './sweep-plan.js';
import { DOT, DOT_BACK, DOT_BACK_STATIC, expand, PULL, PULL_STATIC, type Statements } from './statements.js';
import { SUM_FIRST, SUM_LAST, SUM_NEXT } from './sum-chains.js';
import { ADJOINT, forEachRead, VALUE } from './terms.js';

/** Invariant 1. */
export function checkSlotOrder(ir: IR): void {
  const nInputs = ir.inputNames.length;
  if (ir.start.length !== ir.size + 1 || ir.start[0] !== 0 || ir.start[ir.size] !== ir.operands.length) throw new Error('slot order: start does not cover the operands');
  const expected = new Uint8Array(ir.size);
  let stops = false;
  for (let i = 0; i < ir.size; i++) {
    const code = ir.opcode[i];
    const arity = ir.start[i + 1] - ir.start[i];
    if ((i < nInputs) !== (code === INPUT)) throw new Error(`slot order: slot ${i} is ${code === INPUT ? 'an input after the inputs' : 'not an input among the inputs'}`);
    if (code <= CONSTANT && arity !== 0) throw new Error(`slot order: ${code === INPUT ? 'input' : 'constant'} slot ${i} has operands`);
    let active = code === INPUT ? 1 : 0;
    for (let s = ir.start[i]; s < ir.start[i + 1]; s++) {
      const j = ir.operands[s];
      if (!(j >= 0 && j < i)) throw new Error(`slot order: slot ${i} reads slot ${j}, not an earlier one`);
      active |= expected[j];
    }
    if (code > CONSTANT) {
      const p = primitiveOf(code);
      if (p.arity === 1 && p.stopsDerivatives) (active = 0), (stops = true);
    }
    expected[i] = active;
  }
  for (const o of ir.outputs) if (!(o >= 0 && o < ir.size)) throw new Error(`slot order: output slot ${o} out of range`);
  if (stops) keepReaching(expected, ir.opcode, ir.start, ir.operands, ir.size, nInputs, ir.outputs);
  for (let i = 0; i < ir.size; i++) {
    if (ir.active[i] !== expected[i]) throw new Error(`slot order: slot ${i} is marked ${ir.active[i] ? 'active' : 'inactive'} but its operands say otherwise`);
  }
  for (const o of ir.outputs) if (!(o >= 0 && o < ir.size)) throw new Error(`slot order: output slot ${o} out of range`);
}

/** The pullback terms (slot, operand position) of a statement list, in order; static ones marked. */
function pullbacks(st: Statements): { i: number; k: number; static: boolean }[] {
  const ir = st.ir;
  const out: { i: number; k: number; static: boolean }[] = [];
  for (let q = 0; q < st.length; q++) {
    const kind = st.kind(q);
    const i = st.slot(q);
    if (kind === PULL || kind === PULL_STATIC) out.push({ i, k: st.position(q), static: kind === PULL_STATIC });
    else if (kind === DOT_BACK || kind === DOT_BACK_STATIC) {
      // the loop helper runs every operand's term; the interpreter skips inactive and static operands (whose adjoints nobody reads)
      for (let s = ir.start[i], k = 0; s < ir.start[i + 1]; s++, k++) {
        const j = ir.operands[s];
        if (ir.active[j] && !(st.plan !== undefined && st.plan.owner[j] === STATIC)) out.push({ i, k, static: kind === DOT_BACK_STATIC });
      }
    }
  }
  return out;
}

/**
 * Invariant 2: the statements' pullback terms are the interpreter's, in its
 * order (`plan`: the scheduled gradient; else the reverse sweep), and static
 * terms are exactly those of the sweep plan's roots.
 */
export function checkRuntimeOrder(st: Statements, plan: SweepPlan | undefined): void {
  const ir = st.ir;
  const traced: { i: number; k: number }[] = [];
  const kernels = interpreter(ir, plan && (() => plan), false, (i, k) => traced.push({ i, k }));
  const v = new Float64Array(ir.size);
  for (let i = 0; i < ir.size; i++) v[i] = ir.opcode[i] === CONSTANT ? ir.constants[i] : 0.5;
  const a = new Float64Array(ir.size);
  if (plan !== undefined) kernels.gradient!(v, a);
  else {
    kernels.forward(v);
    for (const o of ir.outputs) a[o] = 1;
    kernels.reverse(v, a);
  }
  const ours = pullbacks(st);
  const n = Math.max(ours.length, traced.length);
  for (let x = 0; x < n; x++) {
    const p = ours[x];
    const t = traced[x];
    if (p === undefined || t === undefined || p.i !== t.i || p.k !== t.k) {
      throw new Error(`runtime order: pullback term ${x} is ${p ? `(${p.i}, ${p.k})` : 'missing'} in the statements, ${t ? `(${t.i}, ${t.k})` : 'missing'} in the interpreter`);
    }
    const isRoot = plan !== undefined && plan.owner[p.i] === STATIC;
    if (p.static !== isRoot) throw new Error(`runtime order: pullback term (${p.i}, ${p.k}) is ${p.static ? '' : 'not '}static, but slot ${p.i} is ${isRoot ? '' : 'not '}a root`);
  }
}

/** Invariant 3 (`valuesGiven`: the sweep runs after the forward sweep, as reverse and tangent sweeps do). */
export function checkStatementOrder(st: Statements, valuesGiven = false): void {
  const ir = st.ir;
  const defined = new Uint8Array(ir.size);
  for (let i = 0; i < ir.size; i++) if (valuesGiven || ir.opcode[i] <= CONSTANT) defined[i] = 1;
  const adjointRead = new Uint8Array(ir.size);
  const running = new Map<number, number[]>(); // the terms added so far to each open running sum
  for (let q = 0; q < st.length; q++) {
    const kind = st.kind(q);
    if (kind === SUM_FIRST || kind === SUM_NEXT || kind === SUM_LAST) {
      const s = st.slot(q);
      const j = st.position(q);
      if (!defined[j]) throw new Error(`statement order: statement ${q} adds slot ${j} to the sum of slot ${s} before its value`);
      if ((kind === SUM_FIRST) === running.has(s) || defined[s]) throw new Error(`statement order: statement ${q} adds to the sum of slot ${s}, which is not open`);
      if (kind === SUM_FIRST) running.set(s, []);
      running.get(s)!.push(j);
      if (kind === SUM_LAST) {
        const expected = chainTerms(ir, s, defined);
        const got = running.get(s)!;
        if (expected.length !== got.length || expected.some((e, k) => e !== got[k])) {
          throw new Error(`statement order: the sum of slot ${s} adds slots ${got.join(', ')}, the interpreter ${expected.join(', ')}`);
        }
        running.delete(s);
        defined[s] = 1;
      }
      continue;
    }
    if (st.isHelper(q)) {
      const i = st.slot(q);
      for (let s = ir.start[i]; s < ir.start[i + 1]; s++) if (!defined[ir.operands[s]]) throw new Error(`statement order: statement ${q} reads slot ${ir.operands[s]} before its value`);
      if (kind === DOT_BACK) adjointRead[i] = 1;
      if (kind === DOT_BACK || kind === DOT_BACK_STATIC) {
        for (let s = ir.start[i]; s < ir.start[i + 1]; s++) {
          if (adjointRead[ir.operands[s]]) throw new Error(`statement order: statement ${q} adds to the adjoint of slot ${ir.operands[s]} after it was read`);
        }
      } else if (kind === DOT) defined[i] = 1;
      continue;
    }
    const e = expand(st, q);
    forEachRead(e.term, (r) => {
      if (r.place === VALUE && !defined[r.slot]) throw new Error(`statement order: statement ${q} reads the value of slot ${r.slot} before it is computed`);
      if (r.place === ADJOINT) adjointRead[r.slot] = 1;
    });
    if (e.target === VALUE) defined[e.slot] = 1;
    if (e.target === ADJOINT && adjointRead[e.slot]) throw new Error(`statement order: statement ${q} adds to the adjoint of slot ${e.slot} after it was read`);
  }
}

/** The operands a sum slot adds, left to right, through the pieces before it that no statement computed. */
function chainTerms(ir: IR, s: number, defined: Uint8Array): number[] {
  const pieces: number[] = [];
  for (let i = s; ; ) {
    pieces.push(i);
    const p = ir.operands[ir.start[i]];
    if (defined[p] || ir.opcode[p] <= CONSTANT || primitiveOf(ir.opcode[p]).name !== 'sum') break;
    i = p;
  }
  const terms: number[] = [];
  for (let k = pieces.length - 1; k >= 0; k--) {
    const i = pieces[k];
    for (let t = k === pieces.length - 1 ? ir.start[i] : ir.start[i] + 1; t < ir.start[i + 1]; t++) terms.push(ir.operands[t]);
  }
  return terms;
}

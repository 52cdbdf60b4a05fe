/**
 * A primitive's local partials at one slot of a program, straight from the
 * primitive's own rule: as numbers (the interpreter) or as terms (the code
 * generator and the sweep plan), with the same operands and the same `kb` (the
 * exponent of pow when it is a constant slot), so both backends differentiate
 * by one rule.
 */
import { partialOn } from '../ops/primitive.js';
import { CONSTANT, type IR, primitiveOf } from './ir.js';
import { constantTerm, read, type Term, terms, VALUE } from './terms.js';

/** The constant value of operand 1 of slot i when it is a constant slot (pow's exact rule for constant exponents uses it). */
export function constantExponent(ir: IR, i: number): number | undefined {
  const s = ir.start[i];
  if (ir.start[i + 1] - s !== 2) return undefined;
  const b = ir.operands[s + 1];
  return ir.opcode[b] === CONSTANT ? ir.constants[b] : undefined;
}

/** The operands of slot i as terms: constants as constant terms, every other slot as a read of its value. */
export function operandTerms(ir: IR, i: number): Term[] {
  const x: Term[] = [];
  for (let s = ir.start[i]; s < ir.start[i + 1]; s++) {
    const j = ir.operands[s];
    x.push(ir.opcode[j] === CONSTANT ? constantTerm(ir.constants[j]) : read(VALUE, j));
  }
  return x;
}

/** ∂(slot i)/∂(operand k) as a term, from the operands' terms `x` (see {@link operandTerms}). */
export function partialTerm(ir: IR, i: number, k: number, x: readonly Term[]): Term {
  return partialOn(primitiveOf(ir.opcode[i]), terms, k, x, read(VALUE, i), constantExponent(ir, i));
}

/** Which partial of consumer c with respect to its operand at position k is a compile-time constant, and its value. */
export type ConstantPartial = (c: number, k: number) => number | undefined;

const UNKNOWN = 0;
const CONSTANT_PARTIAL = 1;
const VARYING = 2;

/**
 * The partials that depend on no runtime value — their term reads no slot — with
 * their values (the term folded by the numeric rules: what a sweep computes).
 * Each consumer's partials are built once, on first request, from one list of
 * operand terms: linear in the program's operands whatever its fan-in.
 */
export function constantPartials(ir: IR): ConstantPartial {
  const state = new Uint8Array(ir.operands.length);
  const value = new Float64Array(ir.operands.length);
  return (c, k) => {
    const s = ir.start[c];
    if (state[s + k] === UNKNOWN) {
      const x = operandTerms(ir, c);
      for (let q = 0; q < x.length; q++) {
        state[s + q] = VARYING;
        if (!ir.active[ir.operands[s + q]]) continue;
        const t = partialTerm(ir, c, q, x);
        state[s + q] = t.kind === 'constant' ? CONSTANT_PARTIAL : VARYING;
        if (t.kind === 'constant') value[s + q] = t.value;
      }
    }
    return state[s + k] === CONSTANT_PARTIAL ? value[s + k] : undefined;
  };
}

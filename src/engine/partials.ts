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

/**
 * The partials that depend on no runtime value — their term reads no slot — with
 * their values (the term folded by the numeric rules: what a sweep computes).
 * The partials of the consumer asked about last are kept, all built at once
 * from one list of operand terms: asked consumer by consumer, as the sweep plan
 * asks, each consumer's partials are built once — linear in the program's
 * operands whatever its fan-in — in memory for one consumer.
 */
export function constantPartials(ir: IR): ConstantPartial {
  let consumer = -1;
  /** The constant partials of `consumer` by position, NaN where the partial is not constant (with `constant`). */
  const value: number[] = [];
  const constant: boolean[] = [];
  return (c, k) => {
    if (c !== consumer) {
      const x = operandTerms(ir, c);
      value.length = constant.length = x.length;
      for (let q = 0, s = ir.start[c]; q < x.length; q++, s++) {
        constant[q] = false;
        value[q] = NaN;
        if (!ir.active[ir.operands[s]]) continue;
        const t = partialTerm(ir, c, q, x);
        if (t.kind === 'constant') (constant[q] = true), (value[q] = t.value);
      }
      consumer = c;
    }
    return constant[k] ? value[k] : undefined;
  };
}

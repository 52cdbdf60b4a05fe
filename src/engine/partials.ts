/**
 * A primitive's local partials at one slot of a program, straight from the
 * primitive's own rule: as numbers (the interpreter), as terms (the code
 * generator) or as constants-or-not (the sweep plan), with the same operands and
 * the same `kb` (the exponent of pow when it is a constant slot), so both
 * backends and the plan differentiate by one rule.
 */
import { makeArithmetic } from '../ops/arithmetic.js';
import { type Arithmetic, evaluateOn, partialOn } from '../ops/primitive.js';
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
 * Terms reduced to what a constant-partial question needs: a constant's value,
 * or undefined for anything that reads a slot. The same folds as {@link terms}
 * (an application of constants is the primitive's `evaluate` at them; anything
 * applied to a read is not constant), without building the trees.
 */
const constness: Arithmetic<number | undefined> = makeArithmetic<number | undefined>(
  (c) => c,
  (p, x) => (x === undefined ? undefined : p.evaluate(x)),
  (p, a, b) => (a === undefined || b === undefined ? undefined : p.evaluate(a, b)),
  (p, x) => (x.some((v) => v === undefined) ? undefined : evaluateOn(p, x as number[])),
);

/**
 * The partials that depend on no runtime value — their term reads no slot — with
 * their values (the term folded by the numeric rules: what a sweep computes),
 * from the primitive's rule run over {@link constness}. The partials of the
 * consumer asked about last are kept, all found at once: asked consumer by
 * consumer, as the sweep plan asks, each consumer's partials are found once —
 * linear in the program's operands whatever its fan-in — in memory for one
 * consumer, and without a term allocated.
 */
export function constantPartials(ir: IR): ConstantPartial {
  let consumer = -1;
  /** The constant partials of `consumer` by position, undefined where the partial is not constant. */
  const value: (number | undefined)[] = [];
  const x: (number | undefined)[] = [];
  return (c, k) => {
    if (c !== consumer) {
      const s0 = ir.start[c];
      const n = ir.start[c + 1] - s0;
      x.length = value.length = n;
      for (let q = 0; q < n; q++) {
        const j = ir.operands[s0 + q];
        x[q] = ir.opcode[j] === CONSTANT ? ir.constants[j] : undefined;
      }
      const p = primitiveOf(ir.opcode[c]);
      const kb = constantExponent(ir, c);
      for (let q = 0; q < n; q++) value[q] = ir.active[ir.operands[s0 + q]] ? partialOn(p, constness, q, x, undefined, kb) : undefined;
      consumer = c;
    }
    return value[k];
  };
}

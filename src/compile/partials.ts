/**
 * A primitive's value and local partials at one slot of a program, written out
 * either as numbers (the interpreter) or as JavaScript source (the code
 * generator), both straight from the primitive's own rule.
 */
import { literal, numbers, source } from '../ops/arithmetic.js';
import { CONSTANT, type IR, primitiveOf } from './ir.js';

/** How a backend refers to the value of slot j. */
export type ValueName = (j: number) => string;

function operandExpressions(ir: IR, i: number, name: ValueName): string[] {
  const args: string[] = [];
  for (let s = ir.start[i]; s < ir.start[i + 1]; s++) {
    const j = ir.operands[s];
    args.push(ir.opcode[j] === CONSTANT ? literal(ir.constants[j]) : name(j));
  }
  return args;
}

/** The JS expression computing op slot i. */
export function emitValue(ir: IR, i: number, name: ValueName): string {
  const p = primitiveOf(ir.opcode[i]);
  const x = operandExpressions(ir, i, name);
  return p.arity === 1 ? p.emit(x[0]) : p.arity === 2 ? p.emit(x[0], x[1]) : p.emit(x);
}

/** The JS expressions for ∂(slot i)/∂(operand k), for every k ('' for inactive operands of binary ops). */
export function emitPartials(ir: IR, i: number, name: ValueName): string[] {
  const p = primitiveOf(ir.opcode[i]);
  const x = operandExpressions(ir, i, name);
  const y = name(i);
  if (p.arity === 1) return [p.partial(source, x[0], y)];
  const s = ir.start[i];
  if (p.arity === 2) {
    const b = ir.operands[s + 1];
    const kb = ir.opcode[b] === CONSTANT ? ir.constants[b] : undefined;
    return [0, 1].map((k) => (ir.active[ir.operands[s + k]] ? p.partial(source, k as 0 | 1, x[0], x[1], y, kb) : ''));
  }
  return x.map((_, k) => p.partial(source, k, x, y));
}

/** ∂(slot i)/∂(operand k) as a number, at the values in v. */
export function partialNumber(ir: IR, v: Float64Array, i: number, k: number, scratch: number[]): number {
  const p = primitiveOf(ir.opcode[i]);
  const s = ir.start[i];
  const o = ir.operands;
  if (p.arity === 1) return p.partial(numbers, v[o[s]], v[i]);
  if (p.arity === 2) {
    const b = o[s + 1];
    return p.partial(numbers, k as 0 | 1, v[o[s]], v[b], v[i], ir.opcode[b] === CONSTANT ? ir.constants[b] : undefined);
  }
  const e = ir.start[i + 1];
  scratch.length = e - s;
  for (let q = s; q < e; q++) scratch[q - s] = v[o[q]];
  return p.partial(numbers, k, scratch, v[i]);
}

/**
 * The partials that do not depend on any runtime value (their source mentions
 * no slot), with their values: computed by the numeric rule, with every
 * non-constant slot NaN, so they equal what a sweep computes.
 */
export function constantPartials(ir: IR): (c: number, k: number) => number | undefined {
  const v = new Float64Array(ir.size).fill(NaN);
  for (let i = 0; i < ir.size; i++) if (ir.opcode[i] === CONSTANT) v[i] = ir.constants[i];
  const scratch: number[] = [];
  const name = (j: number) => `v${j}`;
  const mentionsSlot = /\bv\d/;
  return (c, k) => {
    const text = emitPartials(ir, c, name)[k];
    return mentionsSlot.test(text) ? undefined : partialNumber(ir, v, c, k, scratch);
  };
}

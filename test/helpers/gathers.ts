/**
 * Counts the work of a sweep through dot nodes by operations, not by time: how
 * many times their partials are taken, and how many times the operands are
 * gathered into the array the partials read. A sweep that gathers once per node
 * takes time linear in the fan-in; one that gathers once per partial (the bug
 * fixed in 1bbe141) takes time quadratic in it — n² copies for n operands.
 *
 * How: dot's partial rule is wrapped for the duration of `run`. When it sees an
 * operand array that was filled since its last call (a new array, or element 0
 * no longer the marker it left there), it counts a gather, keeps a copy of the
 * operands for the rule to read, and writes the marker into element 0. The
 * array stays a plain array of doubles (an accessor would make V8 switch it to
 * slow dictionary elements). Afterwards the rule and element 0 are restored.
 */
import { dotPrimitive } from '../../src/ops/dot.js';
import type { Arithmetic, VariadicPrimitive } from '../../src/ops/primitive.js';

export interface Gathers<T> {
  readonly result: T;
  /** Partials of dot nodes taken. */
  readonly partials: number;
  /** Times operands were gathered for them. */
  readonly gathers: number;
}

/** Written into element 0 of an operand array after a gather: a double no sweep computes here. */
const MARKER = -1.2345678901234567e-300;

export function countGathers<T>(run: () => T): Gathers<T> {
  const rule = dotPrimitive.partial;
  let partials = 0;
  let gathers = 0;
  /** Each operand array seen, with a copy of what its last gather wrote. */
  const seen = new Map<number[], number[]>();
  const counting = (<T>(A: Arithmetic<T>, i: number, x: readonly T[], y: T): T => {
    // code generation asks for the rule with source strings: not a sweep
    if (typeof x[0] !== 'number') return rule.call(dotPrimitive, A, i, x, y) as T;
    partials++;
    const operands = x as unknown as number[];
    let copy = seen.get(operands);
    if (copy === undefined || operands[0] !== MARKER) {
      gathers++;
      copy = operands.slice();
      seen.set(operands, copy);
      operands[0] = MARKER;
    }
    return rule.call(dotPrimitive, A, i, copy as unknown as typeof x, y) as T;
  }) as VariadicPrimitive['partial'];
  dotPrimitive.partial = counting;
  try {
    const result = run();
    return { result, partials, gathers };
  } finally {
    dotPrimitive.partial = rule;
    for (const [operands, copy] of seen) if (operands[0] === MARKER) operands[0] = copy[0];
  }
}

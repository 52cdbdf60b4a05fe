/**
 * Constant folding, decided in one place for every path: a node that depends on
 * no variable is a constant, and its value is computed once, here, by the
 * primitives' own `evaluate`. The IR (compile/ir.ts) turns such nodes into
 * constant slots and derivative graphs (gradient-nodes.ts) into constant nodes,
 * so a rule that treats a constant operand specially (pow's constant exponent)
 * sees the same operand as constant on every path: `pow(x, add(0, 0))` has the
 * exponent 0 for reverseMode, compile and gradientNodes alike.
 */
import { evaluateOn } from '../ops/primitive.js';
import type { Tape } from './tape.js';

/**
 * The value of every constant node of a tape (every node that is not active),
 * NaN at active nodes: read it where `t.active[i]` is 0.
 * @example
 * ```ts
 * const t = tape(pow(variable('x'), add(1, 1)));
 * foldConstants(t)[t.operands[t.start[t.outputs[0]] + 1]]; // 2
 * ```
 */
export function foldConstants(t: Tape): Float64Array {
  const { nodes, start, operands, active } = t;
  const value = new Float64Array(nodes.length).fill(NaN);
  const x: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    if (active[i]) continue;
    const node = nodes[i];
    if (node.op === undefined) {
      value[i] = node.value;
      continue;
    }
    x.length = 0;
    for (let s = start[i]; s < start[i + 1]; s++) x.push(value[operands[s]]);
    value[i] = evaluateOn(node.op, x);
  }
  return value;
}

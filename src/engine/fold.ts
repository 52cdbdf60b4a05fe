/**
 * Constant folding, decided in one place for every path: a scalar node that
 * depends on no variable is a constant, and its value is computed once, here, by
 * the primitives' own `evaluate`. The IR (ir.ts) turns such nodes into
 * constant slots and derivative graphs (gradient-nodes.ts, tangent-nodes.ts) into
 * constant nodes, so a rule that treats a constant operand specially (pow's
 * constant exponent) sees the same operand as constant on every path:
 * `pow(x, add(0, 0))` has the exponent 0 for reverseMode, compile and
 * gradientNodes alike. Array-valued constants, and anything computed from them,
 * are not folded (they stay the nodes they are).
 */
import type { Primitive } from '../ops/primitive.js';
import { evaluateOn } from '../ops/primitive.js';
import type { Tape } from '../graph/tape.js';

/**
 * The value of every folded constant node of a tape (a scalar node that is not
 * active and is computed from scalars by elementwise primitives), NaN elsewhere:
 * read it where `foldable[i]` is 1 (filled in when given).
 * @example
 * ```ts
 * const t = tape(pow(variable('x'), add(1, 1)));
 * foldConstants(t)[t.operands[t.start[t.outputs[0]] + 1]]; // 2
 * ```
 */
export function foldConstants(t: Tape, foldable: Uint8Array = new Uint8Array(t.nodes.length)): Float64Array {
  const { nodes, start, operands, active } = t;
  const value = new Float64Array(nodes.length).fill(NaN);
  const x: number[] = [];
  next: for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (active[i] || node.shape.length > 0) continue;
    if (node.op === undefined) {
      value[i] = node.value;
      foldable[i] = 1;
      continue;
    }
    if (node.op.kind === 'structural') continue;
    x.length = 0;
    for (let s = start[i]; s < start[i + 1]; s++) {
      if (foldable[operands[s]] === 0) continue next;
      x.push(value[operands[s]]);
    }
    value[i] = evaluateOn(node.op as Primitive, x);
    foldable[i] = 1;
  }
  return value;
}

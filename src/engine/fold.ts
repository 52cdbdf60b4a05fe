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
import type { Node } from '../graph/node.js';
import type { Tape } from '../graph/tape.js';

/**
 * The rule, node by node: the folded value of a node that depends on no
 * variable, given its operands' folded values (`operand(k)`, undefined where
 * operand k did not fold), or undefined when the node does not fold (an array,
 * a structural op, or an operand that did not fold). A constant is its value;
 * an elementwise op is its primitive's `evaluate` at its operands' values.
 * @example
 * ```ts
 * foldedValue(add(1, 1), (k) => 1); // 2
 * ```
 */
export function foldedValue(node: Node, operand: (k: number) => number | undefined, scratch: number[] = []): number | undefined {
  if (node.shape.length > 0) return undefined;
  if (node.op === undefined) return node.value;
  if (node.op.kind === 'structural') return undefined;
  scratch.length = 0;
  for (let k = 0; k < node.inputs.length; k++) {
    const v = operand(k);
    if (v === undefined) return undefined;
    scratch.push(v);
  }
  return evaluateOn(node.op as Primitive, scratch);
}

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
  let i = 0;
  const operand = (k: number) => {
    const j = operands[start[i] + k];
    return foldable[j] === 1 ? value[j] : undefined;
  };
  for (; i < nodes.length; i++) {
    if (active[i]) continue;
    const v = foldedValue(nodes[i], operand, x);
    if (v === undefined) continue;
    value[i] = v;
    foldable[i] = 1;
  }
  return value;
}

import { ArgumentError, describe } from '../errors.js';
import { nodes as N } from '../ops/arithmetic.js';
import { partialOn } from '../ops/primitive.js';
import { foldConstants } from './fold.js';
import { Node } from './node.js';
import { checkNode, tape } from './tape.js';

/**
 * Derivative graphs: reverse mode run on the graph itself, so each partial
 * ∂output/∂wrtᵢ comes back as a new node, which can be evaluated, compiled or
 * differentiated again (Hessians, Hessian-vector products). Variables in `wrt`
 * are matched by name; other nodes by identity. A node the output does not
 * depend on gets the constant 0.
 * @example
 * ```ts
 * const x = variable('x');
 * const [d1] = gradientNodes(x.mul(x).mul(x), [x]);   // 3x²
 * const [d2] = gradientNodes(d1, [x]);                // 6x
 * evaluate([d1, d2], { x: 2 });                       // [12, 12]
 * ```
 */
export function gradientNodes(output: Node, wrt: readonly Node[]): Node[] {
  checkNode(output, 'gradientNodes');
  if (!Array.isArray(wrt)) throw new ArgumentError(`gradientNodes: wrt must be an array of nodes, got ${describe(wrt)}`);
  wrt.forEach((w, i) => {
    if (!(w instanceof Node)) throw new ArgumentError(`gradientNodes: wrt[${i}] is ${describe(w)}, expected a Node`);
  });
  const t = tape(output, 'gradientNodes');
  const { nodes, start, operands, active } = t;
  // the rules see constant operands as the IR does: folded, by the one decision of fold.ts
  const folded = foldConstants(t);
  const operand = (j: number) => (active[j] ? nodes[j] : N.constant(folded[j]));
  const adjoints = new Array<Node | undefined>(nodes.length);
  adjoints[t.outputs[0]] = N.constant(1);
  const x: Node[] = [];
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i];
    const op = node.op;
    const ct = adjoints[i];
    if (op === undefined || ct === undefined || !active[i]) continue;
    x.length = 0;
    for (let s = start[i]; s < start[i + 1]; s++) x.push(operand(operands[s]));
    const kb = x.length === 2 && x[1].isConstant ? x[1].value : undefined;
    for (let k = 0; k < x.length; k++) {
      const j = operands[start[i] + k];
      if (!active[j]) continue;
      const contribution = N.mul(partialOn(op, N, k, x, node, kb), ct);
      const prev = adjoints[j];
      adjoints[j] = prev === undefined ? contribution : N.add(prev, contribution);
    }
  }
  return wrt.map((w) => {
    // a node of the graph holds its tape position in _slot (until the next walk)
    const slots = w.name !== undefined ? (t.variables.get(w.name) ?? []) : nodes[w._slot] === w ? [w._slot] : [];
    let g: Node | undefined;
    for (const s of slots) {
      const a = adjoints[s];
      if (a !== undefined) g = g === undefined ? a : N.add(g, a);
    }
    return g ?? N.constant(0);
  });
}

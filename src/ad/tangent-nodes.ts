import { nodes as N } from '../ops/arithmetic.js';
import { broadcastTo } from '../ops/broadcast-to.js';
import { ArgumentError, describe } from '../errors.js';
import { foldedOperands, partialNode, zerosLike } from './gradient-nodes.js';
import { Node, type StructuralOp } from '../graph/node.js';
import { formatShape, sameShape } from '../graph/shape.js';
import { tape } from '../graph/tape.js';

/**
 * Forward mode on the graph itself: the tangent of each output as a node, given
 * the tangent of each variable by name (undefined: the variable does not move —
 * a structural zero, as in JAX, so an infinite partial along it cannot turn
 * into 0·∞). ẏ = Σₖ ∂ₖ·ẋₖ for elementwise primitives (broadcasting), the
 * primitive's own JVP rule for structural ones.
 * @example
 * ```ts
 * const x = variable('x');
 * const [dx] = tangentNodes([x.mul(x)], (name) => (name === 'x' ? constant(1) : undefined)); // 2x
 * ```
 */
export function tangentNodes(outputs: readonly Node[], tangentOf: (name: string, variable: Node) => Node | undefined, where = 'tangentNodes'): Node[] {
  if (typeof where !== 'string') throw new ArgumentError(`tangentNodes: where must be a string (the name errors give), got ${describe(where)}`);
  if (typeof tangentOf !== 'function') throw new ArgumentError(`${where}: tangentOf must be a function from a variable's name to its tangent, got ${describe(tangentOf)}`);
  const t = tape(outputs, where);
  const { nodes, start, operands } = t;
  const operandsOf = foldedOperands(t);
  const tangents = new Array<Node | undefined>(nodes.length);
  const given: (Node | undefined)[] = [];
  const x: Node[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    const op = node.op;
    if (op === undefined) {
      if (node.name !== undefined) {
        const tx = tangentOf(node.name, node);
        if (tx !== undefined && !(tx instanceof Node && sameShape(tx.shape, node.shape))) {
          throw new ArgumentError(`${where}: the tangent of variable '${node.name}' (shape ${formatShape(node.shape)}) is ${describe(tx)}${tx instanceof Node ? ` of shape ${formatShape(tx.shape)}` : ''}, expected a node of its shape or undefined`);
        }
        tangents[i] = tx;
      }
      continue;
    }
    if (!t.active[i]) continue; // a stopGradient, or computed from one: no tangent
    given.length = 0;
    let any = false;
    for (let s = start[i]; s < start[i + 1]; s++) {
      const tk = tangents[operands[s]];
      given.push(tk);
      if (tk !== undefined) any = true;
    }
    if (!any) continue;
    if (op.kind === 'structural') {
      tangents[i] = (op as StructuralOp).jvp(given.slice(), node);
      continue;
    }
    operandsOf(i, x);
    let sum: Node | undefined;
    for (let k = 0; k < given.length; k++) {
      const tk = given[k];
      if (tk === undefined) continue;
      // ẏ = Σ ∂ₖ·ẋₖ, starting from the first term so that −0 survives
      const term = N.mul(partialNode(node, k, x), tk);
      sum = sum === undefined ? term : N.add(sum, term);
    }
    tangents[i] = sum === undefined || sameShape(sum.shape, node.shape) ? sum : broadcastTo(sum, node.shape);
  }
  return Array.from(t.outputs, (o) => tangents[o] ?? zerosLike(nodes[o]));
}

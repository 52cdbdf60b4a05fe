import { ArgumentError, describe, ShapeError } from '../errors.js';
import { nodes as N } from '../ops/arithmetic.js';
import { broadcastTo, unbroadcast } from '../ops/broadcast-to.js';
import type { Primitive, StructuralPrimitive } from '../ops/primitive.js';
import { constant, Node } from './node.js';
import { formatShape, sameShape } from './shape.js';
import { checkNode, tape } from './tape.js';

/**
 * ∂node/∂(input k) by the primitive's own rule, as a node (shapes broadcast).
 * A constant exponent (or any constant second operand) is passed to the rule as
 * a number, so `pow(x, 3)` never builds ln x.
 */
export function partialNode(node: Node, k: number): Node {
  const op = node.op as Primitive;
  const x = node.inputs;
  if (op.arity === 1) return op.partial(N, x[0], node);
  if (op.arity === 2) return op.partial(N, k as 0 | 1, x[0], x[1], node, x[1].isConstant && x[1].isScalar ? x[1].value : undefined);
  return op.partial(N, k, x, node);
}

/** Zeros of a node's shape (a scalar 0 for a scalar). */
export function zerosLike(node: Node): Node {
  return node.shape.length === 0 ? N.constant(0) : broadcastTo(constant(0), node.shape);
}

/**
 * Reverse mode on the graph itself: the cotangent of every node reachable from
 * `outputs`, seeded with one cotangent node per output (of its shape).
 * Returns the accumulated cotangent of each tape slot (undefined: none flows).
 */
export function adjointNodes(outputs: readonly Node[], seeds: readonly Node[], where: string): { t: ReturnType<typeof tape>; adjoints: (Node | undefined)[] } {
  const t = tape(outputs, where);
  const { nodes, start, operands, active } = t;
  const adjoints = new Array<Node | undefined>(nodes.length);
  t.outputs.forEach((o, r) => {
    if (!sameShape(seeds[r].shape, nodes[o].shape)) {
      throw new ShapeError(`${where}: the cotangent of output ${r + 1} has shape ${formatShape(seeds[r].shape)}, the output ${formatShape(nodes[o].shape)}`);
    }
    adjoints[o] = adjoints[o] === undefined ? seeds[r] : N.add(adjoints[o]!, seeds[r]);
  });
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i];
    const op = node.op;
    const ct = adjoints[i];
    if (op === undefined || ct === undefined || !active[i]) continue;
    const x = node.inputs;
    for (let k = 0; k < x.length; k++) {
      const j = operands[start[i] + k];
      if (!active[j]) continue;
      let contribution: Node | undefined;
      if (op.kind === 'structural') contribution = (op as StructuralPrimitive).vjp(k, ct, node);
      // x̄ₖ += ∂ₖ·ȳ, summed back over the axes along which xₖ was broadcast
      else contribution = unbroadcast(N.mul(partialNode(node, k), ct), x[k].shape);
      if (contribution === undefined) continue;
      const prev = adjoints[j];
      adjoints[j] = prev === undefined ? contribution : N.add(prev, contribution);
    }
  }
  return { t, adjoints };
}

/**
 * Derivative graphs: reverse mode run on the graph itself, so each partial
 * ∂output/∂wrtᵢ comes back as a new node, which can be evaluated, compiled or
 * differentiated again (Hessians, Hessian-vector products). Variables in `wrt`
 * are matched by name; other nodes by identity. A node the output does not
 * depend on gets zeros (of its shape). The output must be a scalar; the
 * gradient with respect to an array has that array's shape.
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
  if (output.shape.length > 0) {
    throw new ShapeError(`gradientNodes: the output has shape ${formatShape(output.shape)}; a gradient needs a scalar output (reduce it with sum, or use vjp)`);
  }
  const { t, adjoints } = adjointNodes([output], [N.constant(1)], 'gradientNodes');
  return gather(t, adjoints, wrt);
}

/** The accumulated cotangent of each node of `wrt` (by variable name, else identity), zeros where none flows. */
export function gather(t: ReturnType<typeof tape>, adjoints: readonly (Node | undefined)[], wrt: readonly Node[]): Node[] {
  const index = new Map<Node, number>();
  t.nodes.forEach((node, i) => index.set(node, i));
  return wrt.map((w) => {
    const slots = w.name !== undefined ? (t.variables.get(w.name) ?? []) : index.has(w) ? [index.get(w)!] : [];
    let g: Node | undefined;
    for (const s of slots) {
      const a = adjoints[s];
      if (a !== undefined) g = g === undefined ? a : N.add(g, a);
    }
    return g ?? zerosLike(w);
  });
}

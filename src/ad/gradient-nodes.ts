import { ArgumentError, describe, ShapeError } from '../errors.js';
import { nodes as N } from '../ops/arithmetic.js';
import { broadcastTo, unbroadcast } from '../ops/broadcast-to.js';
import { customRulePrimitive } from '../ops/custom-rule.js';
import { partialOn, type Primitive } from '../ops/primitive.js';
import { stopGradientPrimitive } from '../ops/stop-gradient.js';
import { foldConstants } from '../engine/fold.js';
import { constant, Node, type StructuralOp } from '../graph/node.js';
import { formatShape, sameShape } from '../graph/shape.js';
import { checkNode, type Tape, tape } from '../graph/tape.js';

/**
 * The operands of each tape node as the derivative rules see them: constant
 * scalar subgraphs folded to constant nodes by the one decision of fold.ts, so
 * that `pow(x, add(1, 1))` gives its rule the constant exponent 2 here as in the
 * compiled program.
 */
export function foldedOperands(t: Tape): (i: number, into: Node[]) => Node[] {
  const { nodes, start, operands, active } = t;
  const foldable = new Uint8Array(nodes.length);
  const folded = foldConstants(t, foldable);
  const constants = new Map<number, Node>();
  const operand = (j: number): Node => {
    if (active[j] || foldable[j] === 0 || nodes[j].op === undefined) return nodes[j];
    let c = constants.get(j);
    if (c === undefined) constants.set(j, (c = N.constant(folded[j])));
    return c;
  };
  return (i, into) => {
    into.length = 0;
    for (let s = start[i]; s < start[i + 1]; s++) into.push(operand(operands[s]));
    return into;
  };
}

/**
 * ∂node/∂(input k) by the primitive's own rule, as a node (shapes broadcast),
 * at the operands `x` (the node's own inputs unless given folded ones). A
 * constant scalar second operand (pow's exponent) is passed to the rule as a
 * number, so `pow(x, 3)` never builds ln x.
 */
export function partialNode(node: Node, k: number, x: readonly Node[] = node.inputs): Node {
  if (node.op === customRulePrimitive) return customPartial(node, k);
  const kb = x.length === 2 && x[1].isConstant && x[1].isScalar ? x[1].value : undefined;
  return partialOn(node.op as Primitive, N, k, x, node, kb);
}

/**
 * ∂y/∂xₖ of a custom rule's node (ops/custom-rule.ts) as the graph the user's
 * rule built, not its stopGradient: differentiated again, it gives the rule's
 * own derivative, as JAX differentiates a custom_jvp rule for higher orders.
 */
function customPartial(node: Node, k: number): Node {
  const n = (node.inputs.length - 1) / 2;
  const p = node.inputs[k - n];
  return p.op === stopGradientPrimitive ? p.inputs[0] : p;
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
export function adjointNodes(outputs: readonly Node[], seeds: readonly Node[], where: string): { t: Tape; adjoints: (Node | undefined)[] } {
  const t = tape(outputs, where);
  const { nodes, start, operands, active } = t;
  const operandsOf = foldedOperands(t);
  const adjoints = new Array<Node | undefined>(nodes.length);
  t.outputs.forEach((o, r) => {
    if (!sameShape(seeds[r].shape, nodes[o].shape)) {
      throw new ShapeError(`${where}: the cotangent of output ${r + 1} has shape ${formatShape(seeds[r].shape)}, the output ${formatShape(nodes[o].shape)}`);
    }
    adjoints[o] = adjoints[o] === undefined ? seeds[r] : N.add(adjoints[o]!, seeds[r]);
  });
  const x: Node[] = [];
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i];
    const op = node.op;
    const ct = adjoints[i];
    if (op === undefined || ct === undefined || !active[i]) continue;
    if (op.kind !== 'structural') operandsOf(i, x);
    for (let k = 0; k < start[i + 1] - start[i]; k++) {
      const j = operands[start[i] + k];
      if (!active[j]) continue;
      // x̄ₖ += ∂ₖ·ȳ, summed back over the axes along which xₖ was broadcast; a structural op's own VJP rule
      const contribution =
        op.kind === 'structural' ? (op as StructuralOp).vjp(k, ct, node) : unbroadcast(N.mul(partialNode(node, k, x), ct), nodes[j].shape);
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
export function gather(t: Tape, adjoints: readonly (Node | undefined)[], wrt: readonly Node[]): Node[] {
  const { nodes } = t;
  let index: Map<Node, number> | undefined;
  // a node of the graph holds its tape position in _slot until another walk; look it up when that moved it
  const slotOf = (w: Node): number | undefined => {
    if (nodes[w._slot] === w) return w._slot;
    index ??= new Map(nodes.map((node, i) => [node, i]));
    return index.get(w);
  };
  return wrt.map((w) => {
    const own = w.name === undefined ? slotOf(w) : undefined;
    const slots = w.name !== undefined ? (t.variables.get(w.name) ?? []) : own !== undefined ? [own] : [];
    let g: Node | undefined;
    for (const s of slots) {
      const a = adjoints[s];
      if (a !== undefined) g = g === undefined ? a : N.add(g, a);
    }
    return g ?? zerosLike(w);
  });
}

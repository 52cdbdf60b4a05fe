import { ArgumentError, describe, ShapeError } from '../errors.js';
import { formatShape, sameShape } from './shape.js';
import { Node } from './node.js';

/**
 * The Wengert list of a graph: the nodes the outputs depend on, in topological
 * order (every node after its inputs), with operand slots in typed arrays.
 * Both sweeps and derivative graphs walk this; the compiler (engine/ir.ts)
 * translates each node during the same walk instead ({@link forEachPostOrder}).
 */
export interface Tape {
  /** Reachable nodes in topological order; slot i holds nodes[i]. */
  readonly nodes: readonly Node[];
  /** Input slots of node i are operands[start[i]] … operands[start[i + 1] − 1]. */
  readonly operands: Int32Array;
  readonly start: Int32Array;
  /**
   * 1 where the node depends on some variable along a path derivatives follow
   * (only those carry tangents and adjoints): a stopGradient node is inactive.
   */
  readonly active: Uint8Array;
  /** Slot of each output. */
  readonly outputs: Int32Array;
  /** Every variable name, with the slots of the variable nodes bearing it. */
  readonly variables: ReadonlyMap<string, readonly number[]>;
}

function checkOutputs(outputs: readonly Node[], where: string): void {
  for (let i = 0; i < outputs.length; i++) {
    if (!(outputs[i] instanceof Node)) {
      throw new ArgumentError(`${where}: output ${i + 1} is ${describe(outputs[i])}, expected a Node`);
    }
  }
}

let epoch = 0;

/** The walk's stack is kept in segments of this many entries (a power of 2). */
const SEGMENT_BITS = 12;
const SEGMENT = 1 << SEGMENT_BITS;
const SEGMENT_MASK = SEGMENT - 1;
/**
 * The first segment of the walk's stack, reused by every walk (and emptied
 * after it). Deeper segments are allocated by the walk that needs them: arrays
 * this small live in V8's young generation, so even a walk a million nodes deep
 * allocates no large array (each of which costs fresh pages of memory).
 */
const firstNodes: Node[] = new Array<Node>(SEGMENT).fill(undefined as unknown as Node);
const firstNext = new Int32Array(SEGMENT);
/** Whether a walk is running (they share the first segment and the epoch: they cannot nest). */
let walking = false;

/**
 * Calls `visit` on every node reachable from `outputs`, each after its inputs:
 * an iterative depth-first post-order (explicit stack, so a graph a million
 * nodes deep works), inputs left to right, outputs in order. A node reached
 * twice is visited once. The one walk behind {@link topologicalOrder} and the
 * compiler's (engine/ir.ts), which translates each node as it is visited
 * instead of listing the nodes first. `visit` must not start another walk.
 * @example
 * ```ts
 * const x = variable('x');
 * const names: string[] = [];
 * forEachPostOrder([sin(mul(x, x))], (node) => names.push(String(node))); // x, mul, sin
 * ```
 */
export function forEachPostOrder(outputs: readonly Node[], visit: (node: Node) => void): void {
  if (walking) throw new Error('forEachPostOrder: a walk cannot start inside another');
  walking = true;
  const mark = ++epoch;
  // entry d of the stack: nodes[d >> SEGMENT_BITS][d & SEGMENT_MASK], and the next input of it to visit in `next`
  const nodes: Node[][] = [firstNodes];
  const next: Int32Array[] = [firstNext];
  let deepest = 0;
  try {
    for (const root of outputs) {
      if (root._epoch === mark) continue;
      root._epoch = mark;
      firstNodes[0] = root;
      firstNext[0] = 0;
      let depth = 1;
      while (depth > 0) {
        const top = depth - 1;
        const segment = top >> SEGMENT_BITS;
        const at = top & SEGMENT_MASK;
        const node = nodes[segment][at];
        const inputs = node.inputs;
        let k = next[segment][at];
        while (k < inputs.length && inputs[k]._epoch === mark) k++;
        if (k < inputs.length) {
          next[segment][at] = k + 1;
          const input = inputs[k];
          input._epoch = mark;
          const s = depth >> SEGMENT_BITS;
          if (s === nodes.length) {
            nodes.push(new Array<Node>(SEGMENT));
            next.push(new Int32Array(SEGMENT));
          }
          nodes[s][depth & SEGMENT_MASK] = input;
          next[s][depth & SEGMENT_MASK] = 0;
          depth++;
          if (depth > deepest) deepest = depth;
        } else {
          depth--;
          visit(node);
        }
      }
    }
  } finally {
    firstNodes.fill(undefined as unknown as Node, 0, Math.min(Math.max(deepest, 1), SEGMENT)); // hold no node past the walk
    walking = false;
  }
}

/**
 * Orders the nodes reachable from `outputs` so that each comes after its inputs
 * (the post-order of {@link forEachPostOrder}). Returns the order; each node's
 * `_slot` holds its position in it until the next walk.
 */
export function topologicalOrder(outputs: readonly Node[]): Node[] {
  if (!Array.isArray(outputs)) throw new ArgumentError(`topologicalOrder: outputs must be an array of nodes, got ${describe(outputs)}`);
  checkOutputs(outputs, 'topologicalOrder');
  const order: Node[] = [];
  forEachPostOrder(outputs, (node) => {
    node._slot = order.length;
    order.push(node);
  });
  return order;
}

/** Throws unless `output` is a node; `what` names the argument. */
export function checkNode(output: unknown, where: string, what = 'output'): asserts output is Node {
  if (!(output instanceof Node)) throw new ArgumentError(`${where}: ${what} must be a Node, got ${describe(output)}`);
}

/** The outputs argument as a list of nodes, checked: a Node, or an array of nodes. */
export function outputList(outputs: unknown, where: string): readonly Node[] {
  if (outputs instanceof Node) return [outputs];
  if (!Array.isArray(outputs)) throw new ArgumentError(`${where}: outputs must be a Node or an array of nodes, got ${describe(outputs)}`);
  checkOutputs(outputs, where);
  return outputs;
}

/** The tape of one output or several. */
export function tape(outputs: Node | readonly Node[], where = 'tape'): Tape {
  const outs = outputList(outputs, where);
  const order = topologicalOrder(outs);
  const n = order.length;
  let m = 0;
  for (const node of order) m += node.inputs.length;
  const operands = new Int32Array(m);
  const start = new Int32Array(n + 1);
  const active = new Uint8Array(n);
  const variables = new Map<string, number[]>();
  let k = 0;
  for (let i = 0; i < n; i++) {
    const node = order[i];
    start[i] = k;
    if (node.name !== undefined) {
      active[i] = 1;
      const slots = variables.get(node.name);
      if (slots === undefined) variables.set(node.name, [i]);
      else {
        // one name is one input: its nodes must agree on the shape
        const first = order[slots[0]].shape;
        if (!sameShape(first, node.shape)) {
          throw new ShapeError(`${where}: variable '${node.name}' appears with shapes ${formatShape(first)} and ${formatShape(node.shape)}`);
        }
        slots.push(i);
      }
    }
    for (const input of node.inputs) {
      const j = input._slot;
      operands[k++] = j;
      active[i] |= active[j];
    }
    if (node.op !== undefined && (node.op as { stopsDerivatives?: true }).stopsDerivatives) active[i] = 0;
  }
  start[n] = k;
  return {
    nodes: order,
    operands,
    start,
    active,
    outputs: Int32Array.from(outs, (o) => o._slot),
    variables,
  };
}

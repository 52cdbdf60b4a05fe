import { ArgumentError, describe, ShapeError } from '../errors.js';
import { formatShape, sameShape } from './shape.js';
import { Node } from './node.js';

/**
 * The Wengert list of a graph: the nodes the outputs depend on, in topological
 * order (every node after its inputs), with operand slots in typed arrays.
 * Both sweeps, derivative graphs and compiled programs walk this.
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

/**
 * Orders the nodes reachable from `outputs` so that each comes after its inputs:
 * an iterative depth-first post-order (explicit stack, so a graph a million
 * nodes deep works). Returns the order; each node's `_slot` holds its position
 * in it until the next walk.
 */
export function topologicalOrder(outputs: readonly Node[]): Node[] {
  if (!Array.isArray(outputs)) throw new ArgumentError(`topologicalOrder: outputs must be an array of nodes, got ${describe(outputs)}`);
  checkOutputs(outputs, 'topologicalOrder');
  const mark = ++epoch;
  const order: Node[] = [];
  const stack: Node[] = [];
  /** next[d]: the next input of stack[d] to visit. */
  let next = new Int32Array(64);
  for (const root of outputs) {
    if (root._epoch === mark) continue;
    root._epoch = mark;
    stack.push(root);
    next[0] = 0;
    while (stack.length > 0) {
      const top = stack.length - 1;
      const node = stack[top];
      const inputs = node.inputs;
      let k = next[top];
      while (k < inputs.length && inputs[k]._epoch === mark) k++;
      if (k < inputs.length) {
        next[top] = k + 1;
        const input = inputs[k];
        input._epoch = mark;
        if (stack.length === next.length) {
          const grown = new Int32Array(2 * next.length);
          grown.set(next);
          next = grown;
        }
        next[stack.length] = 0;
        stack.push(input);
      } else {
        stack.pop();
        node._slot = order.length;
        order.push(node);
      }
    }
  }
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

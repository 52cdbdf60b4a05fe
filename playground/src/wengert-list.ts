/**
 * The Wengert list of an expression at a point: one row per node in
 * topological order — the notes' f1 … f5 — with its value, its tangent along
 * one input (forward mode) and its adjoint ∂f/∂node (reverse mode), each
 * computed by the library: `evaluate` and `jvp` over the whole order,
 * `gradientNodes` with respect to every node, as `toDot` labels the graph.
 */
import { evaluate, gradientNodes, jvp, reverseMode, topologicalOrder, type Node, type Value } from 'wengert';

/** One line of the list. */
export interface Row {
  /** x, w, b for variables, the number for constants, f1, f2, … for operations (the last is f). */
  readonly name: string;
  /** The primitive ('mul', 'exp', …), 'input' or 'constant'. */
  readonly op: string;
  /** The rows this one reads, by name. */
  readonly inputs: readonly string[];
  readonly value: Value;
  /** Undefined for constants (they carry no tangent or adjoint). */
  readonly tangent: Value | undefined;
  readonly adjoint: Value | undefined;
}

/** The list, and the output's value and gradient by reverse mode. */
export interface WengertList {
  readonly rows: readonly Row[];
  readonly value: number;
  readonly gradient: Readonly<Record<string, number>>;
}

function label(node: Node, k: number, last: boolean): string {
  if (node.name !== undefined) return node.name;
  if (node.op === undefined) return String(node.value);
  return last ? 'f' : `f${k}`;
}

/**
 * @param output - a scalar graph
 * @param at - a value for every variable of the graph
 * @param direction - the input the tangents are taken along
 */
export function wengertList(output: Node, at: Readonly<Record<string, number>>, direction: string): WengertList {
  const order = topologicalOrder([output]);
  const values = evaluate(order, at);
  const { tangent } = jvp(order, at, direction === '' ? {} : { [direction]: 1 });
  const adjoints = evaluate(gradientNodes(output, order), at);
  const names = new Map<Node, string>();
  let k = 0;
  const rows = order.map((node, i): Row => {
    if (node.op !== undefined) k++;
    const name = label(node, k, node === output && node.op !== undefined);
    names.set(node, name);
    const constant = node.isConstant;
    return {
      name,
      op: node.op?.name ?? (node.name !== undefined ? 'input' : 'constant'),
      inputs: node.inputs.map((input) => names.get(input) ?? '?'),
      value: values[i],
      tangent: constant ? undefined : tangent[i],
      adjoint: constant ? undefined : adjoints[i],
    };
  });
  const { value, gradient } = reverseMode(output, at);
  return { rows, value: value as number, gradient: gradient as Record<string, number> };
}

/**
 * Graphviz DOT export of an expression graph: one box per node, edges from
 * inputs to the ops that use them, and — when a point is given — each node's
 * value, tangent (along a direction) and adjoint (∂output/∂node) on its label.
 */
import { optionsOf } from '../arguments.js';
import { ArgumentError, describe } from '../errors.js';
import type { Bindings } from '../graph/bindings.js';
import { evaluate } from '../ad/evaluate.js';
import { jvp } from '../ad/transforms.js';
import { gradientNodes } from '../ad/gradient-nodes.js';
import { Node } from '../graph/node.js';
import { topologicalOrder } from '../graph/tape.js';
import { formatShape } from '../graph/shape.js';
import type { Value } from '../graph/values.js';

/** Options of {@link toDot}. */
export interface DotOptions {
  /** Evaluate at this point and show each node's value and adjoint ∂output/∂node (of the first output). */
  at?: Bindings;
  /** With `at`: also show each node's tangent along this direction (forward mode). */
  direction?: Bindings;
  /** The graph's name in the DOT text. */
  name?: string;
}

/** A DOT string literal: quotes, backslashes and line breaks escaped. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n|\r|\u2028|\u2029/g, '\\n')}"`;
}

function showNumber(x: number): string {
  return Object.is(x, -0) ? '-0' : String(Number(x.toPrecision(12)));
}

/** A value on a label: a number, or an array's first few elements. */
function show(x: Value): string {
  if (typeof x === 'number') return showNumber(x);
  const head = Array.from(x.data.subarray(0, 4), showNumber).join(', ');
  return `[${head}${x.data.length > 4 ? ', …' : ''}]`;
}

/**
 * The graph of `outputs` as Graphviz DOT text (render it with `dot -Tsvg`).
 * @example
 * ```ts
 * const x = variable('x');
 * console.log(toDot(mul(x, x).add(1), { at: { x: 3 }, direction: { x: 1 } }));
 * // digraph wengert { … "n2" [label="mul\nvalue 9\ntangent 6\nadjoint 1"] … }
 * ```
 */
export function toDot(outputs: Node | readonly Node[], options: DotOptions = {}): string {
  const outs = outputs instanceof Node ? [outputs] : outputs;
  if (!Array.isArray(outs) || outs.length === 0 || !outs.every((o) => o instanceof Node)) {
    throw new ArgumentError(`toDot: outputs must be a Node or a non-empty array of nodes, got ${describe(outputs)}`);
  }
  options = optionsOf('toDot', options);
  const order = topologicalOrder(outs);
  const index = new Map(order.map((node, i) => [node, i]));
  let values: Value[] | undefined;
  let tangents: Value[] | undefined;
  let adjoints: Value[] | undefined;
  if (options.at !== undefined) {
    values = evaluate(order, options.at);
    if (options.direction !== undefined) tangents = jvp(order, options.at, options.direction).tangent;
    // adjoints ∂output/∂node need a scalar first output
    if (outs[0].shape.length === 0) adjoints = evaluate(gradientNodes(outs[0], order), options.at);
  }
  const outputSet = new Set(outs);
  const lines = [`digraph ${quote(options.name ?? 'wengert')} {`, '  rankdir=LR;', '  node [shape=box, fontname="Helvetica"];'];
  order.forEach((node, i) => {
    const head = node.name !== undefined ? node.name : node.op === undefined ? (node.data === undefined ? showNumber(node.value) : 'constant') : node.op.name;
    const parts = node.shape.length === 0 ? [head] : [head, formatShape(node.shape)];
    if (values !== undefined && node.op !== undefined) parts.push(`value ${show(values[i])}`);
    else if (values !== undefined && node.name !== undefined) parts.push(`= ${show(values[i])}`);
    if (tangents !== undefined && node.isConstant === false) parts.push(`tangent ${show(tangents[i])}`);
    if (adjoints !== undefined && node.isConstant === false) parts.push(`adjoint ${show(adjoints[i])}`);
    const style = node.name !== undefined ? ', style=rounded' : node.op === undefined ? ', style=dashed' : outputSet.has(node) ? ', penwidth=2' : '';
    lines.push(`  n${i} [label=${quote(parts.join('\n'))}${style}];`);
  });
  order.forEach((node, i) => {
    node.inputs.forEach((input, k) => {
      const label = node.inputs.length > 1 && node.op?.name === 'pow' ? ` [label=${quote(k === 0 ? 'base' : 'exponent')}]` : '';
      lines.push(`  n${index.get(input)} -> n${i}${label};`);
    });
  });
  lines.push('}');
  return lines.join('\n');
}

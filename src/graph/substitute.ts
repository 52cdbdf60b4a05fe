import { ArgumentError, describe, ShapeError } from '../errors.js';
import { apply, Node } from './node.js';
import { formatShape, sameShape } from './shape.js';
import { topologicalOrder } from './tape.js';

/**
 * The graph of `outputs` with some variables replaced by other nodes (of the
 * same shape): nodes that depend on none of them are kept as they are, the
 * others are rebuilt over the replacements. Walks the graph iteratively, so
 * any depth works. This is how a transform traced with its own variables is
 * applied to the nodes of an outer trace.
 * @example
 * ```ts
 * const x = variable('x');
 * const [y] = substitute([x.mul(x)], new Map([['x', variable('t').add(1)]])); // (t + 1)·(t + 1)
 * ```
 */
export function substitute(outputs: readonly Node[], replace: ReadonlyMap<string, Node>): Node[] {
  if (!(replace instanceof Map)) throw new ArgumentError(`substitute: replace must be a Map from variable names to nodes, got ${describe(replace)}`);
  for (const [name, r] of replace) {
    if (!(r instanceof Node)) throw new ArgumentError(`substitute: the replacement of variable '${String(name)}' is ${describe(r)}, expected a Node`);
  }
  const order = topologicalOrder(outputs);
  const image = new Map<Node, Node>();
  for (const node of order) {
    if (node.name !== undefined) {
      const r = replace.get(node.name);
      if (r !== undefined && !sameShape(r.shape, node.shape)) {
        throw new ShapeError(`substitute: variable '${node.name}' has shape ${formatShape(node.shape)}, its replacement ${formatShape(r.shape)}`);
      }
      image.set(node, r ?? node);
      continue;
    }
    if (node.op === undefined) {
      image.set(node, node);
      continue;
    }
    let changed = false;
    const inputs = node.inputs.map((x) => {
      const y = image.get(x)!;
      if (y !== x) changed = true;
      return y;
    });
    image.set(node, changed ? apply(node.op, inputs, node.attrs) : node);
  }
  return outputs.map((o) => image.get(o)!);
}

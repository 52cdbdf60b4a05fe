/**
 * Inputs of the losses: predictions and targets are nodes or numbers; labels
 * that are known when the graph is built (numbers and constant nodes) are
 * checked against their convention, with an error naming the sample.
 * Labels that are variables (or computed) are taken as they come.
 */
import { ArgumentError, describe } from '../errors.js';
import { constant, Node } from '../graph/node.js';
import type { Site } from './batch.js';

/** A node or a number (lifted to a constant); anything else is an ArgumentError naming `what`. */
export function operand(where: string, what: string, x: unknown): Node {
  if (x instanceof Node) return x;
  if (typeof x === 'number') return constant(x);
  throw new ArgumentError(`${where}: ${what} is ${describe(x)}, expected a Node or a number`);
}

/** The value of a scalar constant node (numbers are lifted to those); undefined for anything computed or bound later. */
export function knownValue(x: Node): number | undefined {
  return x.isConstant && x.isScalar ? x.value : undefined;
}

/**
 * Checks every known value of a label node — a scalar constant, or each element
 * of an array constant (named `what[i]`) — against `ok`.
 */
function checkKnown(site: Site, what: string, n: Node, ok: (v: number) => boolean, expected: string): void {
  if (!n.isConstant) return;
  if (n.data === undefined) {
    if (!ok(n.value)) throw new ArgumentError(`${site.where}: ${what} is ${describe(n.value)}, expected ${expected}`);
    return;
  }
  n.data.forEach((v, i) => {
    if (!ok(v)) throw new ArgumentError(`${site.where}: ${what}[${i}] is ${describe(v)}, expected ${expected}`);
  });
}

/** A label of a margin loss: −1 or 1 (checked when known). */
export function signLabel(site: Site, y: unknown): Node {
  const n = operand(site.where, site.target, y);
  checkKnown(site, site.target, n, (v) => v === 1 || v === -1, '-1 or 1');
  return n;
}

/** A probability, 0 ≤ z ≤ 1 (checked when known): a 0/1 label, or a soft one. */
export function probabilityLabel(site: Site, what: string, z: unknown): Node {
  const n = operand(site.where, what, z);
  checkKnown(site, what, n, (v) => v >= 0 && v <= 1, 'a probability in [0, 1] (a 0/1 label or a soft label)');
  return n;
}

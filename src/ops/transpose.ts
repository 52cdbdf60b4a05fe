import { ArgumentError, describe, ShapeError } from '../errors.js';
import { apply, type ArrayNode, lift, type NodeLike, type Node } from '../graph/node.js';
import { formatShape, stridesOf } from '../graph/shape.js';
import type { StructuralPrimitive } from './primitive.js';
import { gather } from './strided.js';

/** The permutation that undoes `perm`. */
export function inversePermutation(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, k) => (inv[p] = k));
  return inv;
}

/** y's axis k is x's axis perm[k] */
export const transposePrimitive: StructuralPrimitive<{ perm: readonly number[] }, Node> = {
  kind: 'structural',
  name: 'transpose',
  arity: 1,
  shape: ([x], { perm }) => {
    if (perm.length !== x.length) throw new ShapeError(`transpose: permutation [${perm.join(', ')}] does not fit ${formatShape(x)}`);
    return Object.freeze(perm.map((p) => x[p]));
  },
  evaluate: ([x], [from], y, to, { perm }) => {
    const strides = stridesOf(from);
    gather(x, 0, perm.map((p) => strides[p]), y, to);
  },
  jvp: ([t], node) => (t === undefined ? undefined : apply(transposePrimitive, [t], node.attrs)),
  // its transpose is the inverse permutation
  vjp: (_, ct, node) => transpose(ct, inversePermutation((node.attrs as { perm: readonly number[] }).perm)),
};

/**
 * The axes of x permuted: axis k of the result is axis perm[k] of x; by default
 * the axes are reversed (a matrix's transpose).
 * @example
 * ```ts
 * transpose(variable('A', [2, 3])).shape; // [3, 2]
 * ```
 */
export function transpose(x: NodeLike, perm?: readonly number[]): ArrayNode {
  const n = lift(x, 'transpose', 0);
  const rank = n.shape.length;
  const p = perm === undefined ? Array.from({ length: rank }, (_, k) => rank - 1 - k) : perm;
  if (!Array.isArray(p) || p.length !== rank || [...p].sort((a, b) => a - b).some((v, k) => v !== k)) {
    throw new ArgumentError(`transpose: perm must be a permutation of 0 … ${rank - 1} for ${formatShape(n.shape)}, got ${describe(perm)}`);
  }
  if (p.every((v, k) => v === k)) return n as ArrayNode;
  return apply(transposePrimitive, [n], { perm: Object.freeze(p.slice()) }) as ArrayNode;
}

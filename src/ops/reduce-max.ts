import { apply, type Node } from '../graph/node.js';
import { formatShape } from '../graph/shape.js';
import { ShapeError } from '../errors.js';
import { broadcastTo } from './broadcast-to.js';
import { equal } from './compare.js';
import { mul } from './mul.js';
import type { StructuralPrimitive } from './primitive.js';
import { reciprocal } from './reciprocal.js';
import { reduce, reducedShape, reduceSumPrimitive, reduction } from './reduce-sum.js';
import { reshape } from './reshape.js';

interface ReduceMaxAttrs {
  readonly axes: readonly number[];
  readonly keepdims: boolean;
}

/**
 * Where x attains its maximum, as weights that sum to 1 over each reduced
 * group: 1/count at the (tied) maxima, 0 elsewhere — the scalar max's ½/½
 * tie rule, generalized.
 */
function argmaxWeights(node: Node): Node {
  const x = node.inputs[0];
  const { axes } = node.attrs as unknown as ReduceMaxAttrs;
  const keep = reducedShape(x.shape, axes, true);
  const mask = equal(x, broadcastTo(reshape(node, keep), x.shape));
  const count = apply(reduceSumPrimitive, [mask], { axes, keepdims: true });
  return mul(mask, broadcastTo(reciprocal(count), x.shape));
}

/** y = max of x over `axes` (NaN if any is NaN); keepdims keeps them as extent 1 */
export const reduceMaxPrimitive: StructuralPrimitive<ReduceMaxAttrs, Node> = {
  kind: 'structural',
  name: 'reduceMax',
  arity: 1,
  shape: ([x], { axes, keepdims }) => {
    for (const a of axes) {
      if (!(a >= 0 && a < x.length)) throw new ShapeError(`max: axis ${a} is out of range for ${formatShape(x)}`);
      if (x[a] === 0) throw new ShapeError(`max: axis ${a} of ${formatShape(x)} is empty; a maximum needs at least one element`);
    }
    return reducedShape(x, axes, keepdims);
  },
  evaluate: ([x], [shape], y, _, { axes }) => reduce(x, shape, axes, y, Math.max, -Infinity),
  // ẏ = Σ w·ẋ with w the arg-max weights
  jvp: ([t], node) => {
    if (t === undefined) return undefined;
    const { axes, keepdims } = node.attrs as unknown as ReduceMaxAttrs;
    return apply(reduceSumPrimitive, [mul(argmaxWeights(node), t)], { axes, keepdims });
  },
  // x̄ = w·ȳ: the cotangent goes to the maxima, split evenly between ties
  vjp: (_, ct, node) => {
    const x = node.inputs[0];
    const { axes } = node.attrs as unknown as ReduceMaxAttrs;
    return mul(argmaxWeights(node), broadcastTo(reshape(ct, reducedShape(x.shape, axes, true)), x.shape));
  },
};

/** The maximum over axes (every axis by default), as a node; x itself when there is nothing to reduce. */
export function reduceMax(x: Node, axis?: number | readonly number[], keepdims?: boolean): Node {
  const attrs = reduction('max', x.shape, axis, keepdims);
  if (attrs.axes.length === 0) return x;
  return apply(reduceMaxPrimitive, [x], attrs);
}

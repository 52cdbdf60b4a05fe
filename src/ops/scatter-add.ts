import { ShapeError } from '../errors.js';
import { apply, type Node } from '../graph/node.js';
import { formatShape } from '../graph/shape.js';
import { defineStructural, type StructuralPrimitive } from './primitive.js';
import { indexAt, splitAt, takePrimitive } from './take.js';

/** y = zeros with updates[…, j…, …] added at y[…, indices[j…], …] along `axis` (inputs updates, indices) */
export const scatterAddPrimitive: StructuralPrimitive<{ axis: number; size: number }, Node> = defineStructural<{ axis: number; size: number }, Node>({
  kind: 'structural',
  name: 'scatterAdd',
  arity: 2,
  shape: ([u, indices], { axis, size }) => {
    const fits = axis + indices.length <= u.length && indices.every((d, k) => u[axis + k] === d);
    if (!fits) throw new ShapeError(`scatterAdd: updates ${formatShape(u)} do not have the indices' shape ${formatShape(indices)} at axis ${axis}`);
    return Object.freeze([...u.slice(0, axis), size, ...u.slice(axis + indices.length)]);
  },
  evaluate: ([u, indices], [shape, ishape], y, _, { axis, size }) => {
    const [outer, m, inner] = splitAt(shape, axis, ishape.length);
    y.fill(0);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < m; j++) {
        const to = (o * size + indexAt('scatterAdd', indices, j, size)) * inner;
        const from = (o * m + j) * inner;
        for (let r = 0; r < inner; r++) y[to + r] += u[from + r];
      }
    }
  },
  jvp: ([t], node) => (t === undefined ? undefined : apply(scatterAddPrimitive, [t, node.inputs[1]], node.attrs)),
  // the transpose of a scatter-add gathers the cotangent
  vjp: (i, ct, node) => (i === 1 ? undefined : apply(takePrimitive, [ct, node.inputs[1]], { axis: (node.attrs as { axis: number }).axis })),
});

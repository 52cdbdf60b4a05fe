import { ShapeError } from '../errors.js';
import { apply, type ArrayNode, lift, type Node, type NodeLike } from '../graph/node.js';
import { broadcastShapes, formatShape, type Shape, sizeOf } from '../graph/shape.js';
import { add } from './add.js';
import { unbroadcast } from './broadcast-to.js';
import type { StructuralPrimitive } from './primitive.js';
import type { Attrs } from './primitive.js';
import { reshape } from './reshape.js';
import { broadcastStrides } from './strided.js';
import { transpose } from './transpose.js';

/** The last two axes swapped. */
function swapLast(x: Node): Node {
  const r = x.shape.length;
  return transpose(x, [...Array.from({ length: r - 2 }, (_, k) => k), r - 1, r - 2]);
}

/**
 * C = A·B for one pair of matrices: A is m×k at a[ao…], B k×n at b[bo…], C m×n at
 * c[co…], all row-major. i-k-j order over contiguous rows; each C[i][j] is
 * A[i][0]·B[0][j] + A[i][1]·B[1][j] + … left to right (first term first), the
 * additions of the scalar `dot`.
 */
export function matmulKernel(a: Float64Array, ao: number, b: Float64Array, bo: number, c: Float64Array, co: number, m: number, k: number, n: number): void {
  if (k === 0) {
    c.fill(0, co, co + m * n);
    return;
  }
  for (let i = 0; i < m; i++) {
    const ci = co + i * n;
    const ai = ao + i * k;
    const a0 = a[ai];
    for (let j = 0; j < n; j++) c[ci + j] = a0 * b[bo + j];
    for (let p = 1; p < k; p++) {
      const aip = a[ai + p];
      const bp = bo + p * n;
      for (let j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
    }
  }
}

/** The broadcast batch (leading) axes of A and B, or a ShapeError naming both operands' shapes. */
function batchShape(a: Shape, b: Shape): Shape {
  try {
    return broadcastShapes('matmul', [a.slice(0, -2), b.slice(0, -2)]);
  } catch (e) {
    if (!(e instanceof ShapeError)) throw e;
    throw new ShapeError(`matmul: ${formatShape(a)} × ${formatShape(b)}: the batch shapes ${formatShape(a.slice(0, -2))} and ${formatShape(b.slice(0, -2))} do not broadcast`);
  }
}

/** y = A·B over the last two axes, broadcasting the leading (batch) axes */
export const matmulPrimitive: StructuralPrimitive<Attrs, Node> = {
  kind: 'structural',
  name: 'matmul',
  arity: 2,
  shape: ([a, b]) => {
    if (a.length < 2 || b.length < 2 || a[a.length - 1] !== b[b.length - 2]) {
      throw new ShapeError(`matmul: ${formatShape(a)} × ${formatShape(b)}`);
    }
    return Object.freeze([...batchShape(a, b), a[a.length - 2], b[b.length - 1]]);
  },
  evaluate: ([a, b], [as, bs], c, cs) => {
    const m = as[as.length - 2];
    const k = as[as.length - 1];
    const n = bs[bs.length - 1];
    const batch: Shape = cs.slice(0, -2);
    const count = sizeOf(batch);
    if (count === 1) return matmulKernel(a, 0, b, 0, c, 0, m, k, n);
    // batch offsets of A and B through broadcast strides (in matrices)
    const sa = broadcastStrides(as.slice(0, -2), batch);
    const sb = broadcastStrides(bs.slice(0, -2), batch);
    const index = new Int32Array(batch.length);
    let oa = 0;
    let ob = 0;
    for (let t = 0; t < count; t++) {
      matmulKernel(a, oa * m * k, b, ob * k * n, c, t * m * n, m, k, n);
      for (let q = batch.length - 1; q >= 0; q--) {
        if (++index[q] < batch[q]) {
          oa += sa[q];
          ob += sb[q];
          break;
        }
        oa -= (batch[q] - 1) * sa[q];
        ob -= (batch[q] - 1) * sb[q];
        index[q] = 0;
      }
    }
  },
  // bilinear: (A·B)˙ = Ȧ·B + A·Ḃ
  jvp: ([ta, tb], node) => {
    const [a, b] = node.inputs;
    const da = ta === undefined ? undefined : apply(matmulPrimitive, [ta, b]);
    const db = tb === undefined ? undefined : apply(matmulPrimitive, [a, tb]);
    return da === undefined ? db : db === undefined ? da : add(da, db);
  },
  // Ā = C̄·Bᵀ and B̄ = Aᵀ·C̄, summed over the batch axes each was broadcast along
  vjp: (i, ct, node) => {
    const [a, b] = node.inputs;
    return i === 0 ? unbroadcast(apply(matmulPrimitive, [ct, swapLast(b)]), a.shape) : unbroadcast(apply(matmulPrimitive, [swapLast(a), ct]), b.shape);
  },
};

/**
 * The matrix product, with NumPy's rules: a vector on the left is a row, on the
 * right a column (and that axis is dropped from the result); leading axes are
 * batch axes and broadcast. (Two vectors are refused: their inner product is a
 * scalar, `sum(mul(a, b))`, and `matmul` always returns an array.) Its derivatives are the two products Ā = C̄·Bᵀ and
 * B̄ = Aᵀ·C̄.
 * @example
 * ```ts
 * const A = constant([[1, 2], [3, 4]]);
 * evaluate(matmul(A, constant([1, 1])), {}); // { data: [3, 7], shape: [2] }
 * ```
 */
export function matmul(a: NodeLike, b: NodeLike): ArrayNode {
  const na = lift(a, 'matmul', 0);
  const nb = lift(b, 'matmul', 1);
  if (na.shape.length === 0 || nb.shape.length === 0) {
    throw new ShapeError(`matmul: ${formatShape(na.shape)} × ${formatShape(nb.shape)} (scalars have no matrix product; use mul)`);
  }
  const rowVector = na.shape.length === 1;
  const columnVector = nb.shape.length === 1;
  if (rowVector && columnVector) {
    throw new ShapeError(`matmul: ${formatShape(na.shape)} × ${formatShape(nb.shape)}: two vectors; their inner product is sum(mul(a, b))`);
  }
  const A = rowVector ? reshape(na, [1, na.shape[0]]) : na;
  const B = columnVector ? reshape(nb, [nb.shape[0], 1]) : nb;
  if (A.shape[A.shape.length - 1] !== B.shape[B.shape.length - 2]) throw new ShapeError(`matmul: ${formatShape(na.shape)} × ${formatShape(nb.shape)}`);
  const C = apply(matmulPrimitive, [A, B]);
  if (!rowVector && !columnVector) return C as ArrayNode;
  const s = C.shape.slice(0, -2);
  if (!rowVector) s.push(C.shape[C.shape.length - 2]);
  if (!columnVector) s.push(C.shape[C.shape.length - 1]);
  return reshape(C, s);
}

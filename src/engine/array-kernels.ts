/**
 * The loop kernels both array backends call: matrix products, gathers,
 * scatter-adds and interior pads, over strided operands in any Float64Array
 * (the arena, the inputs, the outputs). They allocate nothing.
 *
 * Every element of a product accumulates in the canonical order:
 * C[i][j] = A[i][0]·B[0][j] + A[i][1]·B[1][j] + …, left to right, first product
 * first (the scalar `dot`'s additions; starting from −0, the additive identity
 * of IEEE 754, gives the first product exactly). Tiling and blocking only
 * reorder work between different elements, so every layout of the operands —
 * and the node-level interpreter's `matmulKernel` — gives the same bits.
 */
import { indexAt } from '../ops/take.js';

/** Terms of each sum per block: a block of A's rows and B's columns is reused while in cache. */
export const DEPTH = 256;
/** Rows of A per block (even: the tiles take two rows at a time). */
export const ROWS = 64;

/**
 * C = A·B with C contiguous (M×N from co): A[i][p] = A[ao + i·ars + p·acs],
 * B[p][j] = B[bo + p·brs + j·bcs] — any strides, so A·B, A·Bᵀ, Aᵀ·B and
 * broadcast operands are all the same kernel. C is computed in tiles of 2×4
 * elements held in locals (6 loads for 8 multiply-adds), over blocks of ROWS
 * rows and DEPTH terms (a tile's sums are stored between blocks and resumed).
 * Measured against i-k-j loops over contiguous rows (bench/arrays-engine.ts):
 * 2–4× faster at every shape of the benchmarks.
 * @example
 * ```ts
 * const C = new Float64Array(4);
 * matmul(Float64Array.of(1, 2, 3, 4), 0, 2, 1, Float64Array.of(1, 0, 0, 1), 0, 2, 1, C, 0, 2, 2, 2); // C = A
 * ```
 */
export function matmul(A: Float64Array, ao: number, ars: number, acs: number, B: Float64Array, bo: number, brs: number, bcs: number, C: Float64Array, co: number, M: number, K: number, N: number): void {
  for (let p0 = 0; p0 < K; p0 += DEPTH) {
    const p1 = p0 + DEPTH < K ? p0 + DEPTH : K;
    const first = p0 === 0;
    for (let i0 = 0; i0 < M; i0 += ROWS) {
      const i1 = i0 + ROWS < M ? i0 + ROWS : M;
      let j = 0;
      for (; j + 4 <= N; j += 4) {
        let i = i0;
        for (; i + 2 <= i1; i += 2) {
          const r0 = co + i * N + j;
          const r1 = r0 + N;
          let c00 = -0;
          let c01 = -0;
          let c02 = -0;
          let c03 = -0;
          let c10 = -0;
          let c11 = -0;
          let c12 = -0;
          let c13 = -0;
          if (!first) {
            c00 = C[r0];
            c01 = C[r0 + 1];
            c02 = C[r0 + 2];
            c03 = C[r0 + 3];
            c10 = C[r1];
            c11 = C[r1 + 1];
            c12 = C[r1 + 2];
            c13 = C[r1 + 3];
          }
          let a = ao + i * ars + p0 * acs;
          let b = bo + p0 * brs + j * bcs;
          for (let p = p0; p < p1; p++) {
            const x0 = A[a];
            const x1 = A[a + ars];
            const y0 = B[b];
            const y1 = B[b + bcs];
            const y2 = B[b + 2 * bcs];
            const y3 = B[b + 3 * bcs];
            c00 += x0 * y0;
            c01 += x0 * y1;
            c02 += x0 * y2;
            c03 += x0 * y3;
            c10 += x1 * y0;
            c11 += x1 * y1;
            c12 += x1 * y2;
            c13 += x1 * y3;
            a += acs;
            b += brs;
          }
          C[r0] = c00;
          C[r0 + 1] = c01;
          C[r0 + 2] = c02;
          C[r0 + 3] = c03;
          C[r1] = c10;
          C[r1 + 1] = c11;
          C[r1 + 2] = c12;
          C[r1 + 3] = c13;
        }
        if (i < i1) {
          const r0 = co + i * N + j;
          let c00 = first ? -0 : C[r0];
          let c01 = first ? -0 : C[r0 + 1];
          let c02 = first ? -0 : C[r0 + 2];
          let c03 = first ? -0 : C[r0 + 3];
          let a = ao + i * ars + p0 * acs;
          let b = bo + p0 * brs + j * bcs;
          for (let p = p0; p < p1; p++) {
            const x0 = A[a];
            c00 += x0 * B[b];
            c01 += x0 * B[b + bcs];
            c02 += x0 * B[b + 2 * bcs];
            c03 += x0 * B[b + 3 * bcs];
            a += acs;
            b += brs;
          }
          C[r0] = c00;
          C[r0 + 1] = c01;
          C[r0 + 2] = c02;
          C[r0 + 3] = c03;
        }
      }
      // the last columns, one at a time, two rows at once
      for (; j < N; j++) {
        let i = i0;
        for (; i + 2 <= i1; i += 2) {
          const r0 = co + i * N + j;
          let c0 = first ? -0 : C[r0];
          let c1 = first ? -0 : C[r0 + N];
          let a = ao + i * ars + p0 * acs;
          let b = bo + p0 * brs + j * bcs;
          for (let p = p0; p < p1; p++) {
            const y = B[b];
            c0 += A[a] * y;
            c1 += A[a + ars] * y;
            a += acs;
            b += brs;
          }
          C[r0] = c0;
          C[r0 + N] = c1;
        }
        if (i < i1) {
          const r0 = co + i * N + j;
          let c0 = first ? -0 : C[r0];
          let a = ao + i * ars + p0 * acs;
          let b = bo + p0 * brs + j * bcs;
          for (let p = p0; p < p1; p++) {
            c0 += A[a] * B[b];
            a += acs;
            b += brs;
          }
          C[r0] = c0;
        }
      }
    }
  }
}

/**
 * A batch of products: for each position t of the batch shape (row-major),
 * C_t = A_t·B_t with A_t from ao + Σ tₖ·sa[k], B_t from bo + Σ tₖ·sb[k] (0 along
 * broadcast axes) and C_t contiguous after C_{t−1}. `index` is scratch of the
 * batch's rank.
 */
export function matmulBatched(
  A: Float64Array,
  ao: number,
  sa: Int32Array,
  ars: number,
  acs: number,
  B: Float64Array,
  bo: number,
  sb: Int32Array,
  brs: number,
  bcs: number,
  C: Float64Array,
  co: number,
  M: number,
  K: number,
  N: number,
  batch: Int32Array,
  index: Int32Array,
): void {
  let count = 1;
  for (let k = 0; k < batch.length; k++) count *= batch[k];
  index.fill(0);
  let a = ao;
  let b = bo;
  for (let t = 0; t < count; t++) {
    matmul(A, a, ars, acs, B, b, brs, bcs, C, co + t * M * N, M, K, N);
    for (let k = batch.length - 1; k >= 0; k--) {
      if (++index[k] < batch[k]) {
        a += sa[k];
        b += sb[k];
        break;
      }
      a -= (batch[k] - 1) * sa[k];
      b -= (batch[k] - 1) * sb[k];
      index[k] = 0;
    }
  }
}

/** Gather: y (outer × m × inner) takes rows indices[j] of x (outer × n × inner); indices checked. */
export function take(x: Float64Array, xo: number, indices: Float64Array, io: number, y: Float64Array, yo: number, outer: number, n: number, m: number, inner: number): void {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const from = xo + (o * n + indexAt('take', indices, j, n, io)) * inner;
      const to = yo + (o * m + j) * inner;
      for (let r = 0; r < inner; r++) y[to + r] = x[from + r];
    }
  }
}

/**
 * Scatter-add: y (outer × size × inner) is zeros plus, at rows indices[j], the
 * rows of u (outer × m × inner), added in order of j.
 */
export function scatterAdd(u: Float64Array, uo: number, indices: Float64Array, io: number, y: Float64Array, yo: number, outer: number, m: number, size: number, inner: number): void {
  y.fill(0, yo, yo + outer * size * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const to = yo + (o * size + indexAt('scatterAdd', indices, j, size, io)) * inner;
      const from = uo + (o * m + j) * inner;
      for (let r = 0; r < inner; r++) y[to + r] += u[from + r];
    }
  }
}

/**
 * A pad with interior: y[yo … yo + size) = value, then y[yo + pc + Σ iₖ·ps[k]] =
 * x[xo + Σ iₖ·xs[k]] for every row-major position i of `shape`. `index` is
 * scratch of the shape's rank.
 */
export function padPlace(
  x: Float64Array,
  xo: number,
  xs: Int32Array,
  y: Float64Array,
  yo: number,
  size: number,
  value: number,
  pc: number,
  ps: Int32Array,
  shape: Int32Array,
  index: Int32Array,
): void {
  y.fill(value, yo, yo + size);
  const rank = shape.length;
  let count = 1;
  for (let k = 0; k < rank; k++) count *= shape[k];
  if (count === 0) return;
  index.fill(0);
  let a = xo;
  let b = yo + pc;
  for (let t = 0; t < count; t++) {
    y[b] = x[a];
    for (let k = rank - 1; k >= 0; k--) {
      if (++index[k] < shape[k]) {
        a += xs[k];
        b += ps[k];
        break;
      }
      a -= (shape[k] - 1) * xs[k];
      b -= (shape[k] - 1) * ps[k];
      index[k] = 0;
    }
  }
}

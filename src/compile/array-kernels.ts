/**
 * The loop kernels both array backends call: matrix products, gathers,
 * scatter-adds and interior pads, over strided operands in any Float64Array
 * (the arena, the inputs, the outputs). They allocate nothing.
 *
 * Every element of a product accumulates in the canonical order:
 * C[i][j] = A[i][0]·B[0][j] + A[i][1]·B[1][j] + …, left to right, first product
 * first (the scalar `dot`'s additions; starting from −0, the additive identity
 * of IEEE 754, gives the first product exactly). Blocking and the choice of
 * kernel only reorder work between different elements, so every variant — and
 * the node-level interpreter's `matmulKernel` — gives the same bits.
 */
import { indexAt } from '../ops/take.js';

/** Columns of C per block of the i-k-j kernel. */
const COLUMNS = 512;
/** Depth (terms of each sum) per block: the rows of B reused while they are in cache. */
const DEPTH = 128;

/**
 * C = A·B with C contiguous (M×N from co): A[i][p] = A[ao + i·ars + p·acs],
 * B[p][j] = B[bo + p·brs + j·bcs]. Chooses the loop order from the strides:
 * i-k-j over contiguous rows of B (A·B, Aᵀ·B), dot products over contiguous
 * columns of B (A·Bᵀ, matrix times vector).
 * @example
 * ```ts
 * const C = new Float64Array(4);
 * matmul(Float64Array.of(1, 2, 3, 4), 0, 2, 1, Float64Array.of(1, 0, 0, 1), 0, 2, 1, C, 0, 2, 2, 2); // C = A
 * ```
 */
export function matmul(A: Float64Array, ao: number, ars: number, acs: number, B: Float64Array, bo: number, brs: number, bcs: number, C: Float64Array, co: number, M: number, K: number, N: number): void {
  if (brs === 1 && (bcs !== 1 || N < 4)) matmulDots(A, ao, ars, acs, B, bo, bcs, C, co, M, K, N);
  else if (bcs === 1) matmulRows(A, ao, ars, acs, B, bo, brs, C, co, M, K, N);
  else matmulStrided(A, ao, ars, acs, B, bo, brs, bcs, C, co, M, K, N);
}

/** i-k-j over blocks of columns and depth, two rows of C at a time; B's rows contiguous. */
function matmulRows(A: Float64Array, ao: number, ars: number, acs: number, B: Float64Array, bo: number, brs: number, C: Float64Array, co: number, M: number, K: number, N: number): void {
  const end = co + M * N;
  for (let q = co; q < end; q++) C[q] = -0;
  for (let j0 = 0; j0 < N; j0 += COLUMNS) {
    const j1 = j0 + COLUMNS < N ? j0 + COLUMNS : N;
    for (let p0 = 0; p0 < K; p0 += DEPTH) {
      const p1 = p0 + DEPTH < K ? p0 + DEPTH : K;
      let i = 0;
      for (; i + 1 < M; i += 2) {
        const c0 = co + i * N;
        const c1 = c0 + N;
        const a0 = ao + i * ars;
        const a1 = a0 + ars;
        for (let p = p0; p < p1; p++) {
          const x0 = A[a0 + p * acs];
          const x1 = A[a1 + p * acs];
          const b = bo + p * brs;
          for (let j = j0; j < j1; j++) {
            const y = B[b + j];
            C[c0 + j] += x0 * y;
            C[c1 + j] += x1 * y;
          }
        }
      }
      if (i < M) {
        const c0 = co + i * N;
        const a0 = ao + i * ars;
        for (let p = p0; p < p1; p++) {
          const x0 = A[a0 + p * acs];
          const b = bo + p * brs;
          for (let j = j0; j < j1; j++) C[c0 + j] += x0 * B[b + j];
        }
      }
    }
  }
}

/** Each C[i][j] as one running sum over B's contiguous column j, two columns at a time. */
function matmulDots(A: Float64Array, ao: number, ars: number, acs: number, B: Float64Array, bo: number, bcs: number, C: Float64Array, co: number, M: number, K: number, N: number): void {
  for (let i = 0; i < M; i++) {
    const a = ao + i * ars;
    const c = co + i * N;
    let j = 0;
    for (; j + 1 < N; j += 2) {
      const b0 = bo + j * bcs;
      const b1 = b0 + bcs;
      let s0 = -0;
      let s1 = -0;
      for (let p = 0; p < K; p++) {
        const x = A[a + p * acs];
        s0 += x * B[b0 + p];
        s1 += x * B[b1 + p];
      }
      C[c + j] = s0;
      C[c + j + 1] = s1;
    }
    if (j < N) {
      const b0 = bo + j * bcs;
      let s0 = -0;
      for (let p = 0; p < K; p++) s0 += A[a + p * acs] * B[b0 + p];
      C[c + j] = s0;
    }
  }
}

/** i-k-j with any strides. */
function matmulStrided(A: Float64Array, ao: number, ars: number, acs: number, B: Float64Array, bo: number, brs: number, bcs: number, C: Float64Array, co: number, M: number, K: number, N: number): void {
  const end = co + M * N;
  for (let q = co; q < end; q++) C[q] = -0;
  for (let i = 0; i < M; i++) {
    const c = co + i * N;
    const a = ao + i * ars;
    for (let p = 0; p < K; p++) {
      const x = A[a + p * acs];
      const b = bo + p * brs;
      for (let j = 0; j < N; j++) C[c + j] += x * B[b + j * bcs];
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

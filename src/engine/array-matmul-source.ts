/**
 * The matmul kernel of array-kernels.ts written out as JavaScript for one
 * step of a js program: its arrays, offsets, strides and sizes become
 * literals, so the index arithmetic of the inner loop folds into addressing
 * (x[a + 64] rather than A[a + ars]) and the loop bounds are known. The
 * blocking (DEPTH terms, ROWS rows), the 2 × 4 tiles and the order of every
 * sum are the kernel's, so each element is the same double the interpreter's
 * call of the kernel computes. Measured on the 64-32-10 MLP step's products
 * (32×64·64×32, 32×32·32×64, 32×10·10×32): 7–12% faster than the call.
 */
import { literal } from '../ops/arithmetic.js';
import { DEPTH, ROWS } from './array-kernels.js';

/** One operand of the product: its array's name in the generated code, and its first element and strides there. */
export interface MatmulOperand {
  readonly array: string;
  readonly offset: number;
  readonly row: number;
  readonly col: number;
}

/** `base` plus `k` times `s` (k a counter's name, s a literal), as source. */
function plus(base: string, k: string, s: number): string {
  if (s === 0 || k === '0') return base;
  const term = s === 1 ? k : `${k} * ${literal(s)}`;
  return base === '0' ? term : `${base} + ${term}`;
}

/** `v + c` as source, c a literal offset. */
function at(v: string, c: number): string {
  if (c === 0) return v;
  return c > 0 ? `${v} + ${literal(c)}` : `${v} - ${literal(-c)}`;
}

/**
 * The body of a function (m, x, u, o) computing C = A·B (M×K times K×N, C
 * contiguous from `co` in array `C`), as lines. K, M, N ≥ 1.
 * @example
 * ```ts
 * const lines = matmulSource({ array: 'x', offset: 0, row: 4, col: 1 }, { array: 'x', offset: 8, row: 3, col: 1 }, 'm', 0, 2, 4, 3);
 * new Function('m', 'x', 'u', 'o', lines.join('\n')); // m[0 … 6) = A·B
 * ```
 */
export function matmulSource(A: MatmulOperand, B: MatmulOperand, C: string, co: number, M: number, K: number, N: number): string[] {
  const out: string[] = [];
  let depth = 1;
  const line = (text: string) => out.push(`${'  '.repeat(depth)}${text}`);
  const open = (text: string) => {
    line(`${text} {`);
    depth++;
  };
  const close = () => {
    depth--;
    line('}');
  };
  const blocked = K > DEPTH;
  const rowBlocks = M > ROWS;
  // the term block [p0, p1), and whether it is the first (its sums start from −0, as the kernel's)
  const p0 = blocked ? 'p0' : '0';
  const p1 = blocked ? 'p1' : String(K);
  const first = blocked ? 'first' : 'true';
  if (blocked) {
    open(`for (let p0 = 0; p0 < ${K}; p0 += ${DEPTH})`);
    line(`const p1 = p0 + ${DEPTH} < ${K} ? p0 + ${DEPTH} : ${K};`);
    line('const first = p0 === 0;');
  }
  const i0 = rowBlocks ? 'i0' : '0';
  const i1 = rowBlocks ? 'i1' : String(M);
  if (rowBlocks) {
    open(`for (let i0 = 0; i0 < ${M}; i0 += ${ROWS})`);
    line(`const i1 = i0 + ${ROWS} < ${M} ? i0 + ${ROWS} : ${M};`);
  }
  /** A tile of `rows` × `cols` elements from row i, column j: sums in locals over the term block, then stored. */
  const tile = (rows: number, cols: number) => {
    const c = (r: number, q: number) => `c${r}${q}`;
    const cell = (r: number, q: number) => at('r0', r * N + q);
    line(`const r0 = ${at(`i * ${N} + j`, co)};`);
    for (let r = 0; r < rows; r++) {
      for (let q = 0; q < cols; q++) {
        if (first === 'true') line(`let ${c(r, q)} = -0;`);
        else line(`let ${c(r, q)} = ${first} ? -0 : ${C}[${cell(r, q)}];`);
      }
    }
    line(`let a = ${plus(plus(String(A.offset), 'i', A.row), p0, A.col)};`);
    line(`let b = ${plus(plus(String(B.offset), p0, B.row), 'j', B.col)};`);
    open(`for (let p = ${p0}; p < ${p1}; p++)`);
    for (let r = 0; r < rows; r++) line(`const x${r} = ${A.array}[${at('a', r * A.row)}];`);
    for (let q = 0; q < cols; q++) line(`const y${q} = ${B.array}[${at('b', q * B.col)}];`);
    for (let r = 0; r < rows; r++) for (let q = 0; q < cols; q++) line(`${c(r, q)} += x${r} * y${q};`);
    if (A.col !== 0) line(`a += ${literal(A.col)};`);
    if (B.row !== 0) line(`b += ${literal(B.row)};`);
    close();
    for (let r = 0; r < rows; r++) for (let q = 0; q < cols; q++) line(`${C}[${cell(r, q)}] = ${c(r, q)};`);
  };
  /** Tiles of `cols` columns from column j: two rows at a time, then the last row of an odd count. */
  const rows = (cols: number) => {
    line(`let i = ${i0};`);
    open(`for (; i + 2 <= ${i1}; i += 2)`);
    tile(2, cols);
    close();
    // ROWS is even: only an odd M leaves a last row (in its last block)
    if (M % 2 === 1) {
      open(`if (i < ${i1})`);
      tile(1, cols);
      close();
    }
  };
  const wide = N - (N % 4);
  if (wide > 0) {
    open(`for (let j = 0; j < ${wide}; j += 4)`);
    rows(4);
    close();
  }
  if (wide < N) {
    // the last columns, one at a time
    open(`for (let j = ${wide}; j < ${N}; j++)`);
    rows(1);
    close();
  }
  if (rowBlocks) close();
  if (blocked) close();
  return out;
}

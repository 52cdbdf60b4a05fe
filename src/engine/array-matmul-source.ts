/**
 * A matrix product written out as JavaScript for one step of a js program:
 * its arrays, offsets, strides and sizes become literals, so the index
 * arithmetic folds into addressing (x[b + j + 512] rather than B[b + j + brs])
 * and the loop bounds are known.
 *
 * The product runs in i-k-j order over contiguous rows, as the hand-written
 * blocked matmul does: four rows of C at a time take four terms of their sums
 * per pass along a row of B, so each element of B read serves four
 * multiply-adds, and so does each element of C loaded and stored, and the
 * inner loop walks C and B with one counter. Each
 * element's sum still runs in the canonical order of array-kernels.ts —
 * `C[i][j] + x0·u0 + x1·u1 + …` is evaluated left to right, one term after
 * the other, and the first terms are stored without adding them to −0 (which
 * gives the same double) — so every element is the same double the
 * interpreter's tiled kernel computes. When B's rows are not contiguous (Bᵀ in
 * a matmul's VJP, a transposed weight), each block of B is first copied into
 * the shared panel (array-panel.ts) and read from there. Measured against the
 * 2 × 4 register tiles this replaces (the interpreter's kernel written out),
 * compiled programs alternating with the hand-written blocked matmul of
 * bench/problems.ts: 512² 60–64 → 38–43 ms (hand-written 50–56 ms), 256²
 * 7.6–8.4 → 4.5–4.8 ms (6.5–6.9 ms), 64² 0.110 → 0.069 ms (0.100 ms); the
 * 784-128-10 MLP step 6.0–6.3 → 4.0–4.6 ms (5.7–6.0 ms). A product with
 * fewer than four rows reads a B whose rows are not contiguous in place,
 * along its stride: there the copy would cost more than it saves
 * (2×300·(3×300)ᵀ: 2.5 µs through the panel).
 */
import { literal } from '../ops/arithmetic.js';
import { BLOCK_COLUMNS, BLOCK_TERMS } from './array-panel.js';

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

/** Lines of source, indented by their block depth. */
function writer() {
  const out: string[] = [];
  let depth = 1;
  const line = (text: string) => out.push(`${'  '.repeat(depth)}${text}`);
  const open = (text: string) => {
    line(text === '' ? '{' : `${text} {`);
    depth++;
  };
  const close = () => {
    depth--;
    line('}');
  };
  /** Opens the loop over blocks of `size` in [0, count): the block is [v0, v1). */
  const blocks = (v: string, count: number, size: number) => {
    open(`for (let ${v}0 = 0; ${v}0 < ${count}; ${v}0 += ${size})`);
    line(`const ${v}1 = ${v}0 + ${size} < ${count} ? ${v}0 + ${size} : ${count};`);
  };
  return { out, line, open, close, blocks };
}

/** Rows of C per pass along a row of B, and terms of their sums per pass. */
const PASS_ROWS = 4;
const PASS_TERMS = 4;

/**
 * Whether the product copies B's blocks into the panel: B's rows are not
 * contiguous and C has enough rows to repay the copy.
 */
export function usesPanel(B: MatmulOperand, M: number): boolean {
  return B.col !== 1 && M >= PASS_ROWS;
}

/**
 * C = A·B in i-k-j order: over blocks of BLOCK_COLUMNS columns and
 * BLOCK_TERMS terms, PASS_ROWS rows of C take PASS_TERMS terms per pass along
 * the rows of B (or of the panel, `w`, holding B's block).
 */
function rowsSource(A: MatmulOperand, B: MatmulOperand, C: string, co: number, M: number, K: number, N: number): string[] {
  const { out, line, open, close, blocks } = writer();
  const wide = N > BLOCK_COLUMNS;
  const deep = K > BLOCK_TERMS;
  // the block: columns [j0, j1), terms [p0, p1)
  const j0 = wide ? 'j0' : '0';
  const j1 = wide ? 'j1' : String(N);
  const p0 = deep ? 'p0' : '0';
  const p1 = deep ? 'p1' : String(K);
  if (wide) blocks('j', N, BLOCK_COLUMNS);
  if (deep) blocks('p', K, BLOCK_TERMS);
  // the rows of B as the passes read them: B itself, or the panel holding B[p0 … p1)[j0 … j1) at w[(p − p0)·width + j − j0]
  let rowsOfB = B;
  if (usesPanel(B, M)) {
    const width = Math.min(N, BLOCK_COLUMNS);
    /** Copies `cols` columns of the block from column j, one row of the block after the other. */
    const copy = (cols: number) => {
      line(`let s = ${plus(plus(String(B.offset), p0, B.row), 'j', B.col)};`);
      line(`let t = ${wide ? 'j - j0' : 'j'};`);
      open(`for (let p = ${p0}; p < ${p1}; p++)`);
      for (let q = 0; q < cols; q++) line(`w[${at('t', q)}] = ${B.array}[${at('s', q * B.col)}];`);
      if (B.row !== 0) line(`s += ${literal(B.row)};`);
      line(`t += ${width};`);
      close();
    };
    line(`let j = ${j0};`);
    open(`for (; j + 4 <= ${j1}; j += 4)`);
    copy(4);
    close();
    open(`for (; j < ${j1}; j++)`);
    copy(1);
    close();
    rowsOfB = { array: 'w', offset: 0, row: width, col: 1 };
  }
  /** Rows i … i + rows − 1 of C over the block. */
  const pass = (rows: number) => {
    for (let r = 0; r < rows; r++) line(`const c${r} = ${at(`i * ${N}`, co + r * N)};`);
    line(`let a = ${plus(plus(String(A.offset), 'i', A.row), p0, A.col)};`);
    // b + j is B[p][j] (0 − j0, not −j0: −0 is a double, and so would be every index from it)
    line(`let b = ${rowsOfB === B ? plus(String(B.offset), p0, B.row) : wide ? '0 - j0' : '0'};`);
    line(`let p = ${p0};`);
    /** Terms p … p + terms − 1 of the rows' sums, along the block's columns. */
    const terms = (count: number) => {
      for (let r = 0; r < rows; r++) for (let h = 0; h < count; h++) line(`const x${r}${h} = ${A.array}[${at('a', r * A.row + h * A.col)}];`);
      const along = (first: boolean) => {
        open(`for (let j = ${j0}; j < ${j1}; j++)`);
        for (let h = 0; h < count; h++) line(`const u${h} = ${rowsOfB.array}[${at(plus('b', 'j', rowsOfB.col), h * rowsOfB.row)}];`);
        for (let r = 0; r < rows; r++) {
          const sum = Array.from({ length: count }, (_, h) => `x${r}${h} * u${h}`).join(' + ');
          line(`${C}[c${r} + j] = ${first ? sum : `${C}[c${r} + j] + ${sum}`};`);
        }
        close();
      };
      // the first terms are stored as they are: −0 + v is v for every double v
      open('if (p === 0)');
      along(true);
      close();
      open('else');
      along(false);
      close();
      if (A.col !== 0) line(`a += ${literal(count * A.col)};`);
      if (rowsOfB.row !== 0) line(`b += ${literal(count * rowsOfB.row)};`);
    };
    open(`for (; p + ${PASS_TERMS} <= ${p1}; p += ${PASS_TERMS})`);
    terms(PASS_TERMS);
    close();
    open(`for (; p < ${p1}; p++)`);
    terms(1);
    close();
  };
  line('let i = 0;');
  open(`for (; i + ${PASS_ROWS} <= ${M}; i += ${PASS_ROWS})`);
  pass(PASS_ROWS);
  close();
  if (M % PASS_ROWS > 0) {
    // the last rows (i is M − M % PASS_ROWS here)
    open('');
    pass(M % PASS_ROWS);
    close();
  }
  if (deep) close();
  if (wide) close();
  return out;
}

/**
 * The body of a function (m, x, u, o) computing C = A·B (M×K times K×N, C
 * contiguous from `co` in array `C`), as lines; `w` is the panel where
 * {@link usesPanel} says so. K, M, N ≥ 1.
 * @example
 * ```ts
 * const lines = matmulSource({ array: 'x', offset: 0, row: 4, col: 1 }, { array: 'x', offset: 8, row: 3, col: 1 }, 'm', 0, 2, 4, 3);
 * new Function('m', 'x', 'u', 'o', lines.join('\n')); // m[0 … 6) = A·B
 * ```
 */
export function matmulSource(A: MatmulOperand, B: MatmulOperand, C: string, co: number, M: number, K: number, N: number): string[] {
  return rowsSource(A, B, C, co, M, K, N);
}

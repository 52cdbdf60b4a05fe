/**
 * The blocks of the generated matrix products (array-matmul-source.ts), and
 * the panel: the one buffer a product copies a block of B into when B's rows
 * are not contiguous (Bᵀ of a matmul's VJP, a transposed weight), so the inner
 * loop reads it along rows. Every generated program shares it: a run is
 * synchronous and a product fills the block before it reads it, so nothing
 * survives from one use to the next. It is allocated once, when the first
 * product that needs it is generated; a run allocates nothing.
 */

/** Terms of each sum per block: the BLOCK_TERMS rows of B in use stay in cache. */
export const BLOCK_TERMS = 128;
/** Columns of B and C per block (256 doubles: 2 KiB of each row in use). */
export const BLOCK_COLUMNS = 256;

let shared: Float64Array | undefined;

/**
 * The panel: room for one block of B (BLOCK_TERMS × BLOCK_COLUMNS, 256 KiB).
 * @example
 * ```ts
 * const w = panel(); // the same array on every call
 * ```
 */
export function panel(): Float64Array {
  shared ??= new Float64Array(BLOCK_TERMS * BLOCK_COLUMNS);
  return shared;
}

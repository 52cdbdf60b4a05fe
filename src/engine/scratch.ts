/**
 * Working memory the compiler reuses from one compile to the next. Fresh
 * memory is not free: every new 4 KiB page of a typed array is a page fault
 * when it is first touched (3–14 µs each, measured on the benchmark machine),
 * more than the compiler spends on the nodes that fill the page. So the
 * compiler borrows its working arrays here — the IR while it grows, the
 * common-sub-expression table, the sweep plan's counters — and hands them back
 * when it is done; what it returns (the IR, the sweep plan) is copied out at
 * its exact size. Between compiles the pool keeps at most
 * {@link SCRATCH_BYTES}.
 *
 * A borrowed buffer holds whatever its last borrower left: the borrower
 * initializes what it reads. It belongs to the borrower until handed back,
 * once; nothing may keep a view of it after that.
 */

/** The most the pool keeps between compiles (graphs of up to about 2·10⁵ nodes compile without fresh working memory). */
export const SCRATCH_BYTES = 16 * 2 ** 20;

/** Buffers free to borrow, and their total size. */
const pool: ArrayBuffer[] = [];
let pooled = 0;

/**
 * A buffer of at least `bytes` bytes (its contents unspecified): the smallest
 * pooled one that fits, else a new one of the next power of two (at least 1 KiB).
 * @example
 * ```ts
 * const counts = new Int32Array(borrow(4 * n), 0, n).fill(0);
 * // … use counts …
 * giveBack(counts.buffer);
 * ```
 */
export function borrow(bytes: number): ArrayBuffer {
  let best = -1;
  for (let k = 0; k < pool.length; k++) {
    const size = pool[k].byteLength;
    if (size >= bytes && (best < 0 || size < pool[best].byteLength)) best = k;
  }
  if (best >= 0) {
    const buffer = pool[best];
    pool[best] = pool[pool.length - 1];
    pool.pop();
    pooled -= buffer.byteLength;
    return buffer;
  }
  let size = 1024;
  while (size < bytes) size *= 2;
  return new ArrayBuffer(size);
}

/**
 * Hands a borrowed buffer back. The pool keeps it if it fits within
 * {@link SCRATCH_BYTES}, making room by dropping smaller buffers; else the
 * garbage collector takes it.
 * @example
 * ```ts
 * giveBack(borrow(1 << 20));
 * ```
 */
export function giveBack(buffer: ArrayBuffer): void {
  if (pool.includes(buffer)) throw new Error('scratch: a buffer was handed back twice');
  const size = buffer.byteLength;
  if (size > SCRATCH_BYTES) return;
  while (pooled + size > SCRATCH_BYTES) {
    let smallest = 0;
    for (let k = 1; k < pool.length; k++) if (pool[k].byteLength < pool[smallest].byteLength) smallest = k;
    if (pool[smallest].byteLength > size) return; // keep the bigger ones
    pooled -= pool[smallest].byteLength;
    pool[smallest] = pool[pool.length - 1];
    pool.pop();
  }
  pool.push(buffer);
  pooled += size;
}

/** Bytes the pool holds now (for tests of its bound). */
export function pooledBytes(): number {
  return pooled;
}

/**
 * Working memory the compiler reuses from one compile to the next. Fresh
 * memory is not free: every new 4 KiB page of a typed array is a page fault
 * when it is first touched (3–14 µs each, measured on the benchmark machine),
 * more than the compiler spends on the nodes that fill the page. And V8 counts
 * typed arrays' memory apart from its heap: every 64 MB of it allocated since
 * the last full collection starts another one ("external memory pressure" in
 * `--trace-incremental-marking`), which marks the caller's whole heap — for a
 * graph of a million nodes, a 180 MB heap and 0.4–0.8 s of CPU time, more than
 * half the compile. So the compiler borrows its working arrays here — the IR
 * while it grows, the common-sub-expression table, the sweep plan's counters —
 * and hands them back when it is done; what it returns (the IR, the sweep plan)
 * is copied out at its exact size.
 *
 * The pool keeps at most {@link SCRATCH_BYTES} for good, and up to
 * {@link BUSY_SCRATCH_BYTES} while compiles follow one another: once no buffer
 * has come back for {@link IDLE_MS}, it drops buffers, smallest first, down to
 * SCRATCH_BYTES (a timer that does not keep Node's event loop alive; where
 * there are no timers, as in an audio worklet, it keeps what it holds).
 *
 * A borrowed buffer holds whatever its last borrower left: the borrower
 * initializes what it reads. It belongs to the borrower until handed back,
 * once; nothing may keep a view of it after that.
 */

/** The most the pool keeps for good (graphs of up to about 2·10⁵ nodes compile without fresh working memory). */
export const SCRATCH_BYTES = 16 * 2 ** 20;
/** The most it keeps while compiles follow one another (a 10⁶-node graph's working memory is about 45 MB). */
export const BUSY_SCRATCH_BYTES = 64 * 2 ** 20;
/** How long after the last buffer came back the pool drops down to SCRATCH_BYTES. */
export const IDLE_MS = 1000;

/** Buffers free to borrow, and their total size. */
const pool: ArrayBuffer[] = [];
let pooled = 0;
/** The pending drop to SCRATCH_BYTES. */
let pending: ReturnType<typeof setTimeout> | undefined;

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
 * {@link BUSY_SCRATCH_BYTES}, making room by dropping smaller buffers; else the
 * garbage collector takes it. Above {@link SCRATCH_BYTES}, the pool drops
 * back once it has been idle for {@link IDLE_MS}.
 * @example
 * ```ts
 * giveBack(borrow(1 << 20));
 * ```
 */
export function giveBack(buffer: ArrayBuffer): void {
  if (pool.includes(buffer)) throw new Error('scratch: a buffer was handed back twice');
  const size = buffer.byteLength;
  if (size > BUSY_SCRATCH_BYTES) return;
  while (pooled + size > BUSY_SCRATCH_BYTES) {
    const smallest = borrow(0); // out of the pool: dropped, unless it is bigger than the one handed back
    if (smallest.byteLength > size) {
      buffer = smallest; // keep the bigger ones
      break;
    }
  }
  pool.push(buffer);
  pooled += buffer.byteLength;
  if (pooled > SCRATCH_BYTES) {
    // (re)starts the countdown: the pool drops back IDLE_MS after the last buffer came back
    globalThis.clearTimeout?.(pending);
    pending = globalThis.setTimeout?.(trim, IDLE_MS, SCRATCH_BYTES);
    (pending as { unref?: () => void } | undefined)?.unref?.(); // a pending drop does not keep Node's event loop alive
  }
}

/**
 * Drops pooled buffers, the smallest first (as giveBack keeps the bigger
 * ones), until the pool holds at most `bytes` — what the idle timer does with
 * SCRATCH_BYTES.
 * @example
 * ```ts
 * trim(0); // the pool is empty
 * ```
 */
export function trim(bytes: number): void {
  while (pooled > bytes) borrow(0); // a buffer borrowed and never handed back is dropped
}

/** Bytes the pool holds now (for tests of its bound). */
export function pooledBytes(): number {
  return pooled;
}

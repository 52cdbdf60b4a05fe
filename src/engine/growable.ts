/**
 * Typed arrays that grow by doubling: how the compiler collects a million
 * slots, operands or statements without a JavaScript array (and its boxed or
 * iterated copies) in between. A list made `onScratch` keeps its storage in
 * the compiler's reused working memory (scratch.ts): `done()` copies the
 * elements out and hands the storage back.
 */
import { borrow, giveBack } from './scratch.js';

/** A growing Int32Array. */
export class IntList {
  data: Int32Array;
  length = 0;
  constructor(
    capacity = 16,
    private readonly onScratch = false,
  ) {
    const n = Math.max(16, capacity);
    this.data = onScratch ? new Int32Array(borrow(4 * n)) : new Int32Array(n);
  }
  push(x: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = x;
  }
  private grow(): void {
    const d = this.onScratch ? new Int32Array(borrow(2 * this.data.byteLength)) : new Int32Array(this.data.length * 2);
    d.set(this.data);
    if (this.onScratch) giveBack(this.data.buffer as ArrayBuffer);
    this.data = d;
  }
  /** The elements, in an array of their own (a list on scratch memory hands its storage back: use it no more). */
  done(): Int32Array {
    const out = this.data.slice(0, this.length);
    if (this.onScratch) giveBack(this.data.buffer as ArrayBuffer);
    return out;
  }
  /** Hands the storage of a list on scratch memory back (use the list no more). */
  release(): void {
    if (this.onScratch) giveBack(this.data.buffer as ArrayBuffer);
  }
}

/** A growing Float64Array. */
export class FloatList {
  data: Float64Array;
  length = 0;
  constructor(
    capacity = 16,
    private readonly onScratch = false,
  ) {
    const n = Math.max(16, capacity);
    this.data = onScratch ? new Float64Array(borrow(8 * n)) : new Float64Array(n);
  }
  push(x: number): void {
    if (this.length === this.data.length) {
      const d = this.onScratch ? new Float64Array(borrow(2 * this.data.byteLength)) : new Float64Array(this.data.length * 2);
      d.set(this.data);
      if (this.onScratch) giveBack(this.data.buffer as ArrayBuffer);
      this.data = d;
    }
    this.data[this.length++] = x;
  }
  /** The elements, in an array of their own (a list on scratch memory hands its storage back: use it no more). */
  done(): Float64Array {
    const out = this.data.slice(0, this.length);
    if (this.onScratch) giveBack(this.data.buffer as ArrayBuffer);
    return out;
  }
  /** Hands the storage of a list on scratch memory back (use the list no more). */
  release(): void {
    if (this.onScratch) giveBack(this.data.buffer as ArrayBuffer);
  }
}

/** A growing Uint8Array. */
export class ByteList {
  data: Uint8Array;
  length = 0;
  constructor(
    capacity = 16,
    private readonly onScratch = false,
  ) {
    const n = Math.max(16, capacity);
    this.data = onScratch ? new Uint8Array(borrow(n)) : new Uint8Array(n);
  }
  push(x: number): void {
    if (this.length === this.data.length) {
      const d = this.onScratch ? new Uint8Array(borrow(2 * this.data.byteLength)) : new Uint8Array(this.data.length * 2);
      d.set(this.data);
      if (this.onScratch) giveBack(this.data.buffer as ArrayBuffer);
      this.data = d;
    }
    this.data[this.length++] = x;
  }
  /** The elements, in an array of their own (a list on scratch memory hands its storage back: use it no more). */
  done(): Uint8Array {
    const out = this.data.slice(0, this.length);
    if (this.onScratch) giveBack(this.data.buffer as ArrayBuffer);
    return out;
  }
  /** Hands the storage of a list on scratch memory back (use the list no more). */
  release(): void {
    if (this.onScratch) giveBack(this.data.buffer as ArrayBuffer);
  }
}

/**
 * One list of each kind, alive as long as the module. When a full garbage
 * collection finds no instance of a class alive, V8 discards the code it
 * optimized for that class ("weak objects" in `--trace-deopt`): every list
 * and table of a compile is garbage once the compile returns, so each
 * collection between two compiles sent the compiler's inner loop back to
 * unoptimized code (a 10⁴-node random DAG compiled in 64–70 ms after a
 * collection, 7 ms otherwise). These, and ir.ts's LIVE_TABLE, keep one
 * instance alive (measured after the change: 18 ms after a collection).
 */
export const LIVE_LISTS = [new IntList(), new FloatList(), new ByteList()];

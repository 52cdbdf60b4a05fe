/**
 * Typed arrays that grow by doubling: how the compiler collects a million
 * slots, operands or statements without a JavaScript array (and its boxed or
 * iterated copies) in between.
 */

/** A growing Int32Array. */
export class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity = 16) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(x: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = x;
  }
  private grow(): void {
    const d = new Int32Array(this.data.length * 2);
    d.set(this.data);
    this.data = d;
  }
  /** The elements, in an array of their own. */
  done(): Int32Array {
    return this.data.slice(0, this.length);
  }
  /** The elements: a view when the list is at least 3/4 full (no copy), else a copy (no waste). */
  trimmed(): Int32Array {
    return 4 * this.length >= 3 * this.data.length ? this.data.subarray(0, this.length) : this.data.slice(0, this.length);
  }
}

/** A growing Float64Array. */
export class FloatList {
  data: Float64Array;
  length = 0;
  constructor(capacity = 16) {
    this.data = new Float64Array(Math.max(16, capacity));
  }
  push(x: number): void {
    if (this.length === this.data.length) {
      const d = new Float64Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = x;
  }
  done(): Float64Array {
    return this.data.slice(0, this.length);
  }
  /** The elements: a view when the list is at least 3/4 full (no copy), else a copy (no waste). */
  trimmed(): Float64Array {
    return 4 * this.length >= 3 * this.data.length ? this.data.subarray(0, this.length) : this.data.slice(0, this.length);
  }
}

/** A growing Uint8Array. */
export class ByteList {
  data: Uint8Array;
  length = 0;
  constructor(capacity = 16) {
    this.data = new Uint8Array(Math.max(16, capacity));
  }
  push(x: number): void {
    if (this.length === this.data.length) {
      const d = new Uint8Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = x;
  }
  done(): Uint8Array {
    return this.data.slice(0, this.length);
  }
  /** The elements: a view when the list is at least 3/4 full (no copy), else a copy (no waste). */
  trimmed(): Uint8Array {
    return 4 * this.length >= 3 * this.data.length ? this.data.subarray(0, this.length) : this.data.slice(0, this.length);
  }
}

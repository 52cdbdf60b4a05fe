/**
 * The loops behind the structural primitives' kernels: walking an array of a
 * given shape in row-major order while another array is read (or written) at
 * an offset plus strides per axis. A stride of 0 repeats (broadcast); permuted
 * strides transpose; a start offset and larger strides slice.
 */
import type { Shape } from '../graph/shape.js';

/**
 * y[i] = x[offset + Σₖ iₖ·strides[k]] for every row-major position i of `shape`
 * (y contiguous). Allocates nothing but a small index array per call.
 */
export function gather(x: Float64Array, offset: number, strides: readonly number[], y: Float64Array, shape: Shape): void {
  const rank = shape.length;
  const n = y.length;
  if (n === 0) return;
  if (rank === 0) {
    y[0] = x[offset];
    return;
  }
  const last = rank - 1;
  const inner = shape[last];
  const step = strides[last];
  const index = new Int32Array(rank);
  let base = offset;
  for (let i = 0; i < n; i += inner) {
    for (let j = 0, p = base; j < inner; j++, p += step) y[i + j] = x[p];
    // advance the outer axes (odometer), keeping base = offset + Σ index·strides
    for (let k = last - 1; k >= 0; k--) {
      if (++index[k] < shape[k]) {
        base += strides[k];
        break;
      }
      base -= (shape[k] - 1) * strides[k];
      index[k] = 0;
    }
  }
}

/**
 * y[offset + Σₖ iₖ·strides[k]] += x[i] for every row-major position i of
 * `shape` (x contiguous), in row-major order: where strides map several
 * positions to one element, their values add up in that order.
 */
export function scatterAdd(x: Float64Array, y: Float64Array, offset: number, strides: readonly number[], shape: Shape): void {
  const rank = shape.length;
  const n = x.length;
  if (n === 0) return;
  if (rank === 0) {
    y[offset] += x[0];
    return;
  }
  const last = rank - 1;
  const inner = shape[last];
  const step = strides[last];
  const index = new Int32Array(rank);
  let base = offset;
  for (let i = 0; i < n; i += inner) {
    for (let j = 0, p = base; j < inner; j++, p += step) y[p] += x[i + j];
    for (let k = last - 1; k >= 0; k--) {
      if (++index[k] < shape[k]) {
        base += strides[k];
        break;
      }
      base -= (shape[k] - 1) * strides[k];
      index[k] = 0;
    }
  }
}

/** Strides that read an array of shape `from` as if broadcast to `to` (0 on broadcast axes). */
export function broadcastStrides(from: Shape, to: Shape): number[] {
  const strides = new Array<number>(to.length).fill(0);
  const lead = to.length - from.length;
  let s = 1;
  for (let k = from.length - 1; k >= 0; k--) {
    strides[lead + k] = from[k] === 1 && to[lead + k] !== 1 ? 0 : s;
    s *= from[k];
  }
  return strides;
}

/** y[offset + Σₖ iₖ·strides[k]] = x[i] for every row-major position i of `shape` (x contiguous). */
export function place(x: Float64Array, y: Float64Array, offset: number, strides: readonly number[], shape: Shape): void {
  const rank = shape.length;
  const n = x.length;
  if (n === 0) return;
  if (rank === 0) {
    y[offset] = x[0];
    return;
  }
  const last = rank - 1;
  const inner = shape[last];
  const step = strides[last];
  const index = new Int32Array(rank);
  let base = offset;
  for (let i = 0; i < n; i += inner) {
    for (let j = 0, p = base; j < inner; j++, p += step) y[p] = x[i + j];
    for (let k = last - 1; k >= 0; k--) {
      if (++index[k] < shape[k]) {
        base += strides[k];
        break;
      }
      base -= (shape[k] - 1) * strides[k];
      index[k] = 0;
    }
  }
}

/**
 * The loops behind compiled wide dot products, passed to every generated
 * function as `h`. Each performs the interpreter's operations in the
 * interpreter's order (operands a₀ … aₙ₋₁, then b₀ … bₙ₋₁; a tangent starts
 * from its first active term), so the backends agree bit for bit. Two forms:
 * over two runs of consecutive slots (a₀ + k, b₀ + k), each run read from its
 * own array, and over the operand list of the slot (`ops[s + k]`).
 */
export const dotLoops = {
  /** Σ xa[a₀+k]·xb[b₀+k], left to right. */
  dot(xa: ArrayLike<number>, a0: number, xb: ArrayLike<number>, b0: number, n: number): number {
    let s = xa[a0] * xb[b0];
    for (let k = 1; k < n; k++) s += xa[a0 + k] * xb[b0 + k];
    return s;
  },
  /** Σ v[ops[s+k]]·v[ops[s+n+k]], left to right. */
  dotAt(v: Float64Array, ops: Int32Array, s: number, n: number): number {
    let y = v[ops[s]] * v[ops[s + n]];
    for (let k = 1; k < n; k++) y += v[ops[s + k]] * v[ops[s + n + k]];
    return y;
  },
  /** The pullback of ct: ā[a₀+k] += v[b₀+k]·ct, then ā[b₀+k] += v[a₀+k]·ct. */
  dotBack(v: Float64Array, a: Float64Array, a0: number, b0: number, n: number, ct: number): void {
    for (let k = 0; k < n; k++) a[a0 + k] += v[b0 + k] * ct;
    for (let k = 0; k < n; k++) a[b0 + k] += v[a0 + k] * ct;
  },
  /** The same over the operand list (adjoints of constant operands are written and never read). */
  dotBackAt(v: Float64Array, a: Float64Array, ops: Int32Array, s: number, n: number, ct: number): void {
    for (let k = 0; k < n; k++) a[ops[s + k]] += v[ops[s + n + k]] * ct;
    for (let k = 0; k < n; k++) a[ops[s + n + k]] += v[ops[s + k]] * ct;
  },
  /** Tangents of slot i along D directions: Σ ∂ₖ·ṫₖ over the active operands, first term first. */
  dotTangent(v: Float64Array, T: Float64Array, D: number, i: number, a0: number, b0: number, n: number, act: Uint8Array): void {
    for (let d = 0; d < D; d++) {
      let t = 0;
      let first = true;
      for (let k = 0; k < n; k++) {
        if (!act[a0 + k]) continue;
        const term = v[b0 + k] * T[(a0 + k) * D + d];
        t = first ? term : t + term;
        first = false;
      }
      for (let k = 0; k < n; k++) {
        if (!act[b0 + k]) continue;
        const term = v[a0 + k] * T[(b0 + k) * D + d];
        t = first ? term : t + term;
        first = false;
      }
      T[i * D + d] = t;
    }
  },
  /** The same over the operand list. */
  dotTangentAt(v: Float64Array, T: Float64Array, D: number, i: number, ops: Int32Array, s: number, n: number, act: Uint8Array): void {
    for (let d = 0; d < D; d++) {
      let t = 0;
      let first = true;
      for (let k = 0; k < 2 * n; k++) {
        const j = ops[s + k];
        if (!act[j]) continue;
        const term = v[ops[k < n ? s + n + k : s + k - n]] * T[j * D + d];
        t = first ? term : t + term;
        first = false;
      }
      T[i * D + d] = t;
    }
  },
};

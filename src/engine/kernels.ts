/**
 * What a backend provides: the sweeps over a program's slots. Buffers are
 * owned by the caller (the Program) and reused, so sweeps allocate nothing.
 */
export interface Kernels {
  /** Fills every op slot of `v` (input and constant slots are already filled). */
  forward(v: Float64Array): void;
  /** Accumulates adjoints: `a` holds the output seeds and zeros elsewhere; `v` is filled. */
  reverse(v: Float64Array, a: Float64Array): void;
  /**
   * Tangents along D directions at once: T is slot-major (T[slot·D + d]) with the
   * input slots filled; fills the active op slots. `v` is filled. The
   * interpreter also takes a narrower activity mask (slots that depend on the
   * inputs the direction names), so that the others are structural zeros.
   */
  tangent(v: Float64Array, T: Float64Array, D: number, active?: Uint8Array): void;
  /**
   * The gradient of a single-output program in the scheduled order (see
   * sweep-plan.ts): fills `v`; `a` must be zero; leaves input k's adjoint in a[k].
   * Absent for programs with several outputs.
   */
  gradient?(v: Float64Array, a: Float64Array): void;
  /** Fused paths for programs small enough to keep every value in a local; the value goes into r[0]. */
  valueAndGradient?(x: ArrayLike<number>, g: Float64Array | number[], r: Float64Array): void;
  /** As valueAndGradient, but each input's adjoint accumulates onto g[k] (as the interpreter's do onto a[k]). */
  accumulateGradient?(x: ArrayLike<number>, g: Float64Array | number[], r: Float64Array): void;
  evaluate?(x: ArrayLike<number>, out: Float64Array | number[]): void;
  /**
   * True when `gradient` and `reverse` write every adjoint before reading it,
   * except the inputs' and the outputs': then only those must be zero (or
   * seeded) on entry. Otherwise every adjoint must be.
   */
  readonly writesAdjointsFirst?: boolean;
}

/**
 * The types a compiled program's interface is made of, shared by the scalar
 * Program (ad/program.ts), the compiled array program and the engine's sweeps:
 * which backend runs it, the flat vectors in and out, and its statistics.
 */

/** Which kernels run a program's sweeps: generated JavaScript or the interpreter. */
export type Backend = 'js' | 'interpreter';

/** What `Program.stats` reports. */
export interface ProgramStats {
  /** Slots: inputs, distinct constants and operations after folding and CSE. */
  nodes: number;
  inputs: number;
  outputs: number;
  /**
   * Primitive evaluations in a forward sweep, and partial-times-adjoint updates in a reverse sweep.
   * For a program over arrays: element operations of the forward graph, and of the reverse sweep's
   * graph (the value and the gradient; 0 unless the program has one scalar output).
   */
  operations: { forward: number; reverse: number };
  /** Bytes held by the program's arrays and buffers, plus generated source text (as V8 stores it: 1 byte a character when all fit in one, else 2) and the generated kernels' own buffers. */
  bytes: number;
}

/** Numbers in: a Float64Array or a plain array. */
export type Numbers = ArrayLike<number>;
/** Numbers out: a buffer the caller may reuse. */
export type Out = Float64Array | number[];


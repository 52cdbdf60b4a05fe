/**
 * The {@link Program} methods over a scalar IR: the graph flattened once into
 * typed arrays (engine/ir.ts) and swept by the chosen backend's kernels
 * (ad/backend.ts) with preallocated buffers — values v, adjoints a, tangents T.
 * Argument checks come from ad/buffers.ts, Jacobians from ad/jacobians.ts and
 * batch shapes from ad/batch-gradient.ts, as for the array program.
 */
import { ArgumentError } from '../errors.js';
import { gradientNodes } from './gradient-nodes.js';
import { variable } from '../graph/node.js';
import { checksEnabled } from '../engine/checks.js';
import { DEFAULT_CHUNK_SIZE } from '../engine/codegen.js';
import { buildIR, CONSTANT, INPUT, type IR, nodesOf } from '../engine/ir.js';
import type { Kernels } from '../engine/kernels.js';
import type { Backend, Numbers, Out, ProgramStats } from '../engine/program-io.js';
import { scalarKernels } from './backend.js';
import { batchRows } from './batch-gradient.js';
import { checkOut, checkPoint, checkVector, loadPoint } from './buffers.js';
import { byColumns, jacobianByColumns, jacobianByRows, type JacobianMode } from './jacobians.js';

/** Tangent directions a sweep of the Jacobian by columns carries. */
export const JACOBIAN_DIRECTIONS = 32;

/** Options a scalar program takes from `compile` (see CompileOptions). */
export interface ScalarProgramOptions {
  readonly backend?: Backend;
  readonly cse?: boolean;
  readonly chunkSize?: number;
  readonly checks?: boolean;
}

/** The Program methods over a scalar IR (see {@link Program}; `compile` makes these). */
export class CompiledScalarProgram {
  readonly inputs: readonly string[];
  readonly outputCount: number;
  readonly backend: Backend;
  /** The last gradient sweep's value, in value[0] (a Float64Array: a returned double can be boxed). */
  readonly value = new Float64Array(1);
  private readonly counts: { forward: number; reverse: number };
  /** Bytes the generated code holds: its source, and the buffers its kernels allocated on first use. */
  private readonly generatedBytes: () => number;
  /** The interpreter's kernels: the reference, and the faster choice for sweeps that run only a few times. */
  private readonly interpreted: Kernels;
  private readonly ir: IR;
  private readonly kernels: Kernels;
  private values: Float64Array | undefined;
  private adjoints: Float64Array | undefined;
  private T: Float64Array = new Float64Array(0);
  /** The program of the gradient, for Hessians (compiled on first use). */
  private second: CompiledScalarProgram | undefined;
  /** Scratch of batchValueAndGradient's fused path: one row's x, and its gradient (allocated on first need). */
  private batchX: Float64Array | undefined;
  private batchG: Float64Array | undefined;
  private readonly options: ScalarProgramOptions;

  constructor(ir: IR, options: ScalarProgramOptions) {
    this.options = options;
    this.ir = ir;
    this.inputs = ir.inputNames;
    this.outputCount = ir.outputs.length;
    const chosen = scalarKernels(ir, options, options.chunkSize ?? DEFAULT_CHUNK_SIZE, 'compile');
    this.interpreted = chosen.interpreted;
    this.kernels = chosen.kernels;
    this.backend = chosen.backend;
    this.generatedBytes = chosen.generatedBytes;
    let forward = 0;
    let reverse = 0;
    for (let i = 0; i < ir.size; i++) {
      if (ir.opcode[i] <= CONSTANT) continue;
      forward++;
      for (let s = ir.start[i]; s < ir.start[i + 1]; s++) reverse += ir.active[ir.operands[s]];
    }
    this.counts = { forward, reverse };
  }

  /**
   * The value of every slot, constants in place. Allocated on first use: the
   * generated evaluate and gradient keep their own buffers, so a js program
   * that only evaluates and differentiates never needs this one.
   */
  private get v(): Float64Array {
    if (this.values === undefined) {
      const ir = this.ir;
      this.values = new Float64Array(ir.size);
      for (let i = 0; i < ir.size; i++) if (ir.opcode[i] === CONSTANT) this.values[i] = ir.constants[i];
    }
    return this.values;
  }

  /** The adjoint of every slot (allocated on first use, as {@link v}). */
  private get a(): Float64Array {
    return (this.adjoints ??= new Float64Array(this.ir.size));
  }

  stats(): ProgramStats {
    const ir = this.ir;
    const arrays = [ir.opcode, ir.start, ir.operands, ir.constants, ir.active, ir.outputs, this.values, this.adjoints, this.T];
    return {
      nodes: ir.size,
      inputs: ir.inputNames.length,
      outputs: ir.outputs.length,
      operations: { ...this.counts },
      bytes: arrays.reduce((s, x) => s + (x?.byteLength ?? 0), 0) + this.generatedBytes(),
    };
  }

  evaluate(x: Numbers, out: Out): Out {
    checkOut(out, this.outputCount, 'out', 'evaluate');
    if (this.kernels.evaluate !== undefined) {
      checkPoint(x, this.inputs, 'evaluate');
      this.kernels.evaluate(x, out);
      return out;
    }
    loadPoint(x, this.inputs, this.v, 'evaluate');
    this.kernels.forward(this.v);
    const outputs = this.ir.outputs;
    for (let r = 0; r < outputs.length; r++) out[r] = this.v[outputs[r]];
    return out;
  }

  /** One gradient sweep: the gradient into out, the value into this.value[0]. */
  gradientInto(x: Numbers, out: Out, where: string): void {
    if (this.outputCount !== 1) throw new ArgumentError(`${where}: the program has ${this.outputCount} outputs; use vjp or jacobian`);
    checkOut(out, this.inputs.length, 'out', where);
    if (this.kernels.valueAndGradient !== undefined) {
      checkPoint(x, this.inputs, where);
      this.kernels.valueAndGradient(x, out, this.value);
      return;
    }
    loadPoint(x, this.inputs, this.v, where);
    const a = this.a;
    this.clearAdjoints(0);
    const o = this.ir.outputs[0];
    if (this.ir.opcode[o] === INPUT) a[o] = 1; // f = x: the sweep plan seeds op outputs only
    this.kernels.gradient!(this.v, a);
    for (let k = 0; k < this.inputs.length; k++) out[k] = a[k];
    this.value[0] = this.v[o];
  }

  /**
   * The mean value and gradient over the rows of `samples`, each row the inputs
   * after the parameters: every row's contributions to the parameters' adjoints
   * accumulate in one sum, which is then divided by the row count.
   */
  batchValueAndGradient(params: Numbers, samples: Numbers, out: Out | undefined): number {
    const where = 'batchValueAndGradient';
    if (this.outputCount !== 1) throw new ArgumentError(`${where}: the program has ${this.outputCount} outputs; it needs one`);
    const n = this.inputs.length;
    const rows = batchRows(params, samples, out, n, where);
    const p = params.length;
    const width = n - p;
    if (out === undefined) out = new Float64Array(p);
    let total = 0;
    const fused = this.kernels.accumulateGradient;
    if (fused !== undefined) {
      const x = (this.batchX ??= new Float64Array(n));
      const g = (this.batchG ??= new Float64Array(n));
      for (let k = 0; k < p; k++) x[k] = params[k];
      g.fill(0);
      for (let r = 0; r < rows; r++) {
        for (let k = 0; k < width; k++) x[p + k] = samples[r * width + k];
        fused(x, g, this.value);
        total += this.value[0];
      }
      for (let k = 0; k < p; k++) out[k] = g[k] / rows;
      return total / rows;
    }
    // parameters stay in v and their adjoints keep accumulating in a; the rest is reset per sample
    const { v, a } = this;
    const o = this.ir.outputs[0];
    for (let k = 0; k < p; k++) v[k] = params[k];
    a.fill(0);
    for (let r = 0; r < rows; r++) {
      for (let k = 0; k < width; k++) v[p + k] = samples[r * width + k];
      this.clearAdjoints(p);
      if (this.ir.opcode[o] === INPUT) a[o] += 1;
      this.kernels.gradient!(v, a);
      total += v[o];
    }
    for (let k = 0; k < p; k++) out[k] = a[k] / rows;
    return total / rows;
  }

  /**
   * Zeroes the adjoints from slot `from` on before a sweep: all of them, or only
   * the inputs' and outputs' for kernels that write every other adjoint before
   * reading it (generated code: the others are O(program) to clear on every call).
   */
  private clearAdjoints(from: number): void {
    if (!this.kernels.writesAdjointsFirst) {
      this.a.fill(0, from);
      return;
    }
    this.a.fill(0, from, this.inputs.length);
    for (const o of this.ir.outputs) if (o >= from) this.a[o] = 0;
  }

  vjp(x: Numbers, cotangent: Numbers, out: Out): Out {
    checkVector(cotangent, this.outputCount, 'cotangent', 'vjp');
    checkOut(out, this.inputs.length, 'out', 'vjp');
    loadPoint(x, this.inputs, this.v, 'vjp');
    this.kernels.forward(this.v);
    const a = this.a;
    this.clearAdjoints(0);
    const outputs = this.ir.outputs;
    for (let r = 0; r < outputs.length; r++) a[outputs[r]] += cotangent[r];
    this.kernels.reverse(this.v, a);
    for (let k = 0; k < this.inputs.length; k++) out[k] = a[k];
    return out;
  }

  /** The tangent buffer for D directions (grown on need, then reused). */
  private tangentBuffer(D: number): Float64Array {
    const needed = this.ir.size * D;
    if (this.T.length < needed) this.T = new Float64Array(needed);
    return this.T;
  }

  jvp(x: Numbers, direction: Numbers, out: Out): Out {
    const n = this.inputs.length;
    checkVector(direction, n, 'direction', 'jvp');
    checkOut(out, this.outputCount, 'out', 'jvp');
    loadPoint(x, this.inputs, this.v, 'jvp');
    this.kernels.forward(this.v);
    const T = this.tangentBuffer(1);
    for (let k = 0; k < n; k++) T[k] = direction[k];
    this.kernels.tangent(this.v, T, 1);
    const outputs = this.ir.outputs;
    for (let r = 0; r < outputs.length; r++) out[r] = this.ir.active[outputs[r]] ? T[outputs[r]] : 0;
    return out;
  }

  /** By rows (one adjoint sweep per output), or by columns 32 tangent directions a sweep. */
  jacobian(x: Numbers, mode: JacobianMode): Float64Array[] {
    const n = this.inputs.length;
    const m = this.outputCount;
    const ops = { forwardOps: this.counts.forward, partialTerms: this.counts.reverse, directions: JACOBIAN_DIRECTIONS };
    if (!byColumns(mode, n, m, ops)) return jacobianByRows(n, m, (ct, row) => this.vjp(x, ct, row));
    loadPoint(x, this.inputs, this.v, 'jacobian');
    this.kernels.forward(this.v);
    const outputs = this.ir.outputs;
    // a Jacobian takes few sweeps, each carrying many directions: the interpreter's tangent loop
    // amortizes its dispatch over the directions, while generated code would run before V8 optimizes it
    return jacobianByColumns(n, m, JACOBIAN_DIRECTIONS, (k0, D, J) => {
      const T = this.tangentBuffer(D);
      T.fill(0, 0, n * D);
      for (let d = 0; d < D; d++) T[(k0 + d) * D + d] = 1;
      this.interpreted.tangent(this.v, T, D);
      for (let r = 0; r < m; r++) {
        const o = outputs[r];
        if (this.ir.active[o]) for (let d = 0; d < D; d++) J[r][k0 + d] = T[o * D + d];
      }
    });
  }

  /** The program of the gradient (derivative graph of output 0), built on first use. */
  private gradientProgram(where: string): CompiledScalarProgram {
    if (this.outputCount !== 1) throw new ArgumentError(`${where}: the program has ${this.outputCount} outputs; Hessians need one`);
    if (this.second === undefined) {
      const variables = this.inputs.map((name) => variable(name));
      const nodes = nodesOf(this.ir, variables);
      const g = gradientNodes(nodes[this.ir.outputs[0]], variables);
      const o = this.options;
      this.second = new CompiledScalarProgram(buildIR(g, variables, { cse: o.cse ?? true, origins: o.checks ?? checksEnabled() }), o);
    }
    return this.second;
  }

  /** Forward mode over the gradient program: its Jacobian by columns. */
  hessian(x: Numbers): Float64Array[] {
    const second = this.gradientProgram('hessian');
    checkPoint(x, this.inputs, 'hessian');
    return second.jacobian(x, 'forward');
  }

  /** One tangent sweep of the gradient program. */
  hvp(x: Numbers, direction: Numbers, out: Out): Out {
    const second = this.gradientProgram('hvp');
    checkPoint(x, this.inputs, 'hvp');
    checkVector(direction, this.inputs.length, 'direction', 'hvp');
    return second.jvp(x, direction, out);
  }
}

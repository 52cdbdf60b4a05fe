/**
 * `compile(outputs, inputs)` → a {@link Program}: the graph flattened once into
 * typed arrays, then swept as often as needed with preallocated buffers. A graph
 * with array-shaped nodes compiles to the array engine (compiled-array-program.ts)
 * behind the same methods, over flat vectors.
 */
import { ArgumentError, describe } from '../errors.js';
import { gradientNodes } from './gradient-nodes.js';
import { Node, variable } from '../graph/node.js';
import { outputList, type Tape, tape } from '../graph/tape.js';
import { checkNumber, optionsOf } from '../arguments.js';
import { checksEnabled } from '../engine/checks.js';
import { DEFAULT_CHUNK_SIZE } from '../engine/codegen.js';
import { CompiledArrayProgram, type ProgramLayout, scalarLayout } from './compiled-array-program.js';
import { buildIR, CONSTANT, INPUT, inputNamesOf, type IR, nodesOf } from '../engine/ir.js';
import type { Kernels } from '../engine/kernels.js';
import type { Backend, Numbers, Out, ProgramStats } from '../engine/program-io.js';
import { scalarKernels } from './backend.js';
import { checkOut, checkPoint, checkVector, loadPoint } from './buffers.js';
import { batchRows, sampleWidthOf } from './batch-gradient.js';
import { byColumns, jacobianByColumns, jacobianByRows, jacobianMode } from './jacobians.js';

/** Options of {@link compile}. */
export interface CompileOptions {
  /** `'js'` (generated code, the default where `new Function` works) or `'interpreter'`. */
  backend?: Backend;
  /** Collapse common sub-expressions (default true; scalar graphs). */
  cse?: boolean;
  /** Operand references per generated function (default 500; scalar graphs). */
  chunkSize?: number;
  /**
   * Check mode: every sweep raises a NonFiniteError at the first NaN or ±∞
   * computed from finite inputs (runs on the interpreter). Default: on inside
   * `withChecks`, off elsewhere.
   */
  checks?: boolean;
}

/**
 * A compiled graph. Inputs and outputs are by position, in the order given to
 * `compile`, in flat vectors: a scalar takes one entry, an array its elements
 * row-major ({@link Program.layout} says where each one sits).
 */
export class Program {
  /** The inputs' names. */
  readonly inputs: readonly string[];
  /** Entries of the flat output vector (the number of outputs, for a scalar graph). */
  readonly outputCount: number;
  readonly backend: Backend;
  /** Where each input and output sits in the flat vectors. */
  readonly layout: ProgramLayout;
  /** The program over arrays, for a graph with array-shaped nodes (then none of the scalar state below exists). */
  private readonly arrays: CompiledArrayProgram | undefined;
  private readonly counts!: { forward: number; reverse: number };
  private readonly sourceLength: () => number = () => 0;
  /** The interpreter's kernels: the reference, and the faster choice for sweeps that run only a few times. */
  private readonly interpreted!: Kernels;
  private readonly ir!: IR;
  private readonly kernels!: Kernels;
  private readonly v!: Float64Array;
  private readonly a!: Float64Array;
  /** The fused kernels' value slot. */
  private readonly r = new Float64Array(1);
  private T: Float64Array = new Float64Array(0);
  private second: Program | undefined;
  private readonly options: CompileOptions;

  /** @internal use {@link compile}. */
  constructor(ir: IR | CompiledArrayProgram, options: CompileOptions) {
    this.options = options;
    if (ir instanceof CompiledArrayProgram) {
      this.arrays = ir;
      this.layout = ir.layout;
      this.inputs = Object.freeze(ir.layout.inputs.map((s) => s.name));
      this.outputCount = ir.layout.outputSize;
      this.backend = ir.backend;
      return;
    }
    this.arrays = undefined;
    this.ir = ir;
    this.inputs = ir.inputNames;
    this.outputCount = ir.outputs.length;
    this.layout = scalarLayout(ir.inputNames, ir.outputs.length);
    const chosen = scalarKernels(ir, options, options.chunkSize ?? DEFAULT_CHUNK_SIZE, 'compile');
    this.interpreted = chosen.interpreted;
    this.kernels = chosen.kernels;
    this.backend = chosen.backend;
    this.sourceLength = chosen.sourceLength;
    this.v = new Float64Array(ir.size);
    this.a = new Float64Array(ir.size);
    for (let i = 0; i < ir.size; i++) if (ir.opcode[i] === CONSTANT) this.v[i] = ir.constants[i];
    let forward = 0;
    let reverse = 0;
    for (let i = 0; i < ir.size; i++) {
      if (ir.opcode[i] <= CONSTANT) continue;
      forward++;
      for (let s = ir.start[i]; s < ir.start[i + 1]; s++) reverse += ir.active[ir.operands[s]];
    }
    this.counts = { forward, reverse };
  }

  /** Node count, operations per sweep, and bytes held (arrays, buffers, and the source generated so far). */
  get stats(): ProgramStats {
    if (this.arrays !== undefined) return this.arrays.stats();
    const ir = this.ir;
    const arrays = [ir.opcode, ir.start, ir.operands, ir.constants, ir.active, ir.outputs, this.v, this.a, this.T];
    return {
      nodes: ir.size,
      inputs: ir.inputNames.length,
      outputs: ir.outputs.length,
      operations: { ...this.counts },
      bytes: arrays.reduce((s, x) => s + x.byteLength, 0) + 2 * this.sourceLength(),
    };
  }

  /**
   * The outputs at x.
   * @example
   * ```ts
   * const p = compile(f, [x, w, b]);
   * p.evaluate([3, 2, 1]); // Float64Array [0.9990889488055994]
   * ```
   */
  evaluate(x: Numbers, out: Out = new Float64Array(this.outputCount)): Out {
    if (this.arrays !== undefined) return this.arrays.evaluate(x, out);
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

  /**
   * The gradient of the (single) output at x, from one reverse sweep.
   * Pass `out` to reuse a buffer: then the call allocates nothing.
   * @example
   * ```ts
   * p.gradient([3, 2, 1]); // Float64Array [∂f/∂x, ∂f/∂w, ∂f/∂b]
   * ```
   */
  gradient(x: Numbers, out: Out = new Float64Array(this.layout.inputSize)): Out {
    if (this.arrays !== undefined) return this.arrays.gradient(x, out);
    this.gradientInto(x, out, 'gradient');
    return out;
  }

  /**
   * The value of the (single) output and its gradient, from one forward and one reverse sweep.
   * @example
   * ```ts
   * p.valueAndGradient([3, 2, 1]); // { value: 0.999…, gradient: Float64Array [...] }
   * ```
   */
  valueAndGradient(x: Numbers, out: Out = new Float64Array(this.layout.inputSize)): { value: number; gradient: Out } {
    if (this.arrays !== undefined) return { value: this.arrays.valueAndGradient(x, out, 'valueAndGradient'), gradient: out };
    this.gradientInto(x, out, 'valueAndGradient');
    return { value: this.r[0], gradient: out };
  }

  /** One gradient sweep: the gradient into out, the value into this.r[0] (not returned: a returned double can be boxed). */
  private gradientInto(x: Numbers, out: Out, where: string): void {
    if (this.outputCount !== 1) throw new ArgumentError(`${where}: the program has ${this.outputCount} outputs; use vjp or jacobian`);
    checkOut(out, this.inputs.length, 'out', where);
    if (this.kernels.valueAndGradient !== undefined) {
      checkPoint(x, this.inputs, where);
      this.kernels.valueAndGradient(x, out, this.r);
      return;
    }
    loadPoint(x, this.inputs, this.v, where);
    const a = this.a;
    this.clearAdjoints(0);
    const o = this.ir.outputs[0];
    if (this.ir.opcode[o] === INPUT) a[o] = 1; // f = x: the sweep plan seeds op outputs only
    this.kernels.gradient!(this.v, a);
    for (let k = 0; k < this.inputs.length; k++) out[k] = a[k];
    this.r[0] = this.v[o];
  }

  /**
   * The mean value and mean gradient over a batch, for a program whose inputs are
   * parameters followed by one sample's inputs (features, target …): the
   * per-sample program is run on each row of `samples` (row-major, one row per
   * sample, `inputs − params.length` numbers a row), and every sample's
   * contributions to the parameters' adjoints accumulate in one sum, sample by
   * sample, which is then divided by the row count. Returns the mean value; the
   * mean gradient goes into `out`. With a reused `out`, a call allocates nothing.
   * @example
   * ```ts
   * // loss of one sample (x, y) for the model w·x: (w·x − y)²
   * const [w, x, y] = [variable('w'), variable('x'), variable('y')];
   * const p = compile(square(sub(mul(w, x), y)), [w, x, y]);
   * const g = new Float64Array(1);
   * p.batchValueAndGradient([1.5], [1, 2, 2, 4], g); // 0.625 (mean loss); g = [-2.5]
   * ```
   */
  batchValueAndGradient(params: Numbers, samples: Numbers, out?: Out): number {
    if (this.arrays !== undefined) return this.arrays.batchValueAndGradient(params, samples, out);
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
        fused(x, g, this.r);
        total += this.r[0];
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
   * Numbers per sample row after `params` parameters: the inputs that follow
   * them (what {@link fit} needs of a program).
   * @example
   * ```ts
   * compile(square(sub(mul(w, x), y)), [w, x, y]).sampleWidth(1); // 2
   * ```
   */
  sampleWidth(params: number): number {
    return sampleWidthOf(params, this.layout.inputSize);
  }

  /**
   * The name of input k (in the order given to `compile`).
   * @example
   * ```ts
   * compile(f, [x, w, b]).inputName(1); // 'w'
   * ```
   */
  inputName(k: number): string {
    if (this.arrays !== undefined) return this.arrays.inputName(k);
    checkNumber('inputName', 'k', k, { integer: true, min: 0, max: this.inputs.length - 1 });
    return this.inputs[k];
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

  private batchX: Float64Array | undefined;
  private batchG: Float64Array | undefined;

  private sweepBack(x: Numbers, where: string, seed: number, cotangent: Numbers | undefined): void {
    loadPoint(x, this.inputs, this.v, where);
    this.kernels.forward(this.v);
    const a = this.a;
    this.clearAdjoints(0);
    const outputs = this.ir.outputs;
    for (let r = 0; r < outputs.length; r++) a[outputs[r]] += cotangent === undefined ? seed : cotangent[r];
    this.kernels.reverse(this.v, a);
  }

  /**
   * Numbers-Jacobian product ctᵀ·J (reverse mode, one sweep for any number of inputs).
   * @example
   * ```ts
   * compile([x.mul(y), x.add(y)], [x, y]).vjp([3, 4], [1, 1]); // Float64Array [5, 4]
   * ```
   */
  vjp(x: Numbers, cotangent: Numbers, out: Out = new Float64Array(this.layout.inputSize)): Out {
    if (this.arrays !== undefined) return this.arrays.vjp(x, cotangent, out);
    checkVector(cotangent, this.outputCount, 'cotangent', 'vjp');
    checkOut(out, this.inputs.length, 'out', 'vjp');
    this.sweepBack(x, 'vjp', 0, cotangent);
    for (let k = 0; k < this.inputs.length; k++) out[k] = this.a[k];
    return out;
  }

  private tangentBuffer(D: number): Float64Array {
    const needed = this.ir.size * D;
    if (this.T.length < needed) this.T = new Float64Array(needed);
    return this.T;
  }

  /**
   * Jacobian-vector product J·v (forward mode, one sweep for any number of outputs).
   * @example
   * ```ts
   * compile([x.mul(y), x.add(y)], [x, y]).jvp([3, 4], [1, 0]); // Float64Array [4, 1]
   * ```
   */
  jvp(x: Numbers, direction: Numbers, out: Out = new Float64Array(this.outputCount)): Out {
    if (this.arrays !== undefined) return this.arrays.jvp(x, direction, out);
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

  /**
   * The Jacobian, one row per output. `'forward'` carries up to 32 tangent
   * directions per sweep; `'reverse'` takes one adjoint sweep per output;
   * `'auto'` (the default) picks forward when there are no more inputs than outputs.
   * @example
   * ```ts
   * compile([x.mul(y), x.add(y)], [x, y]).jacobian([3, 4]); // [Float64Array [4, 3], Float64Array [1, 1]]
   * ```
   */
  jacobian(x: Numbers, options: { mode?: 'forward' | 'reverse' | 'auto' } = {}): Float64Array[] {
    const n = this.inputs.length;
    const m = this.outputCount;
    const mode = jacobianMode(optionsOf('jacobian', options).mode);
    if (this.arrays !== undefined) return this.arrays.jacobian(x, mode);
    if (!byColumns(mode, n, m)) return jacobianByRows(n, m, (ct, row) => this.vjp(x, ct, row));
    loadPoint(x, this.inputs, this.v, 'jacobian');
    this.kernels.forward(this.v);
    const outputs = this.ir.outputs;
    // a Jacobian takes few sweeps, each carrying many directions: the interpreter's tangent loop
    // amortizes its dispatch over the directions, while generated code would run before V8 optimizes it
    return jacobianByColumns(n, m, 32, (k0, D, J) => {
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

  /** The program of the gradient (derivative graph of output 0), compiled on first use. */
  private gradientProgram(where: string): Program {
    if (this.outputCount !== 1) throw new ArgumentError(`${where}: the program has ${this.outputCount} outputs; Hessians need one`);
    if (this.second === undefined) {
      const variables = this.inputs.map((name) => variable(name));
      const nodes = nodesOf(this.ir, variables);
      const g = gradientNodes(nodes[this.ir.outputs[0]], variables);
      this.second = compile(g, variables, this.options);
    }
    return this.second;
  }

  /**
   * The Hessian of the (single) output, by forward mode over the compiled reverse-mode derivative graph.
   * @example
   * ```ts
   * compile(x.mul(x).mul(y), [x, y]).hessian([3, 2]); // [Float64Array [4, 6], Float64Array [6, 0]]
   * ```
   */
  hessian(x: Numbers): Float64Array[] {
    if (this.arrays !== undefined) return this.arrays.hessian(x);
    const second = this.gradientProgram('hessian');
    checkPoint(x, this.inputs, 'hessian');
    return second.jacobian(x, { mode: 'forward' });
  }

  /**
   * The Hessian-vector product H·v (forward over reverse: one tangent sweep of the gradient program).
   * @example
   * ```ts
   * compile(x.mul(x).mul(y), [x, y]).hvp([3, 2], [1, 0]); // Float64Array [4, 6]
   * ```
   */
  hvp(x: Numbers, direction: Numbers, out?: Out): Float64Array | number[] {
    if (this.arrays !== undefined) return this.arrays.hvp(x, direction, out ?? new Float64Array(this.layout.inputSize));
    const second = this.gradientProgram('hvp');
    checkPoint(x, this.inputs, 'hvp');
    checkVector(direction, this.inputs.length, 'direction', 'hvp');
    return second.jvp(x, direction, out);
  }
}

/**
 * Compiles the graph of `outputs` over `inputs` (variables, or their names, in the
 * order the program takes them) into a {@link Program}.
 * @example
 * ```ts
 * const p = compile(f, [x, w, b]);
 * p.gradient([3, 2, 1]);                          // same as reverseMode(f, …), as a Float64Array
 * compile(f, [x, w, b], { backend: 'interpreter' }); // no generated code
 * ```
 */
export function compile(outputs: Node | readonly Node[], inputs: readonly (Node | string)[], options: CompileOptions = {}): Program {
  const o = optionsOf('compile', options);
  for (const flag of ['cse', 'checks'] as const) {
    if (o[flag] !== undefined && typeof o[flag] !== 'boolean') throw new ArgumentError(`compile: ${flag} must be true or false, got ${describe(o[flag])}`);
  }
  if (o.chunkSize !== undefined) checkNumber('compile', 'chunkSize', o.chunkSize, { integer: true, min: 1, max: 1e6 });
  inputNamesOf(inputs, 'compile');
  const t = tape(outputs, 'compile');
  if (holdsArrays(t, inputs)) {
    return new Program(new CompiledArrayProgram(outputList(outputs, 'compile'), inputs, { backend: o.backend, checks: o.checks }), o);
  }
  return new Program(buildIR(outputs, inputs, { cse: o.cse ?? true, origins: o.checks ?? checksEnabled(), tape: t }), o);
}

/** Whether a node of the graph, or an input, has a shape: then the graph compiles to the array engine. */
function holdsArrays(t: Tape, inputs: readonly (Node | string)[]): boolean {
  for (const node of t.nodes) if (node.shape.length > 0) return true;
  for (const v of inputs) if (v instanceof Node && v.shape.length > 0) return true;
  return false;
}

/**
 * `compile(outputs, inputs)` → a {@link Program}: the graph flattened once into
 * typed arrays, then swept as often as needed with preallocated buffers.
 * Program is the facade users call; the work is in small modules shared by its
 * two kinds — a scalar graph runs in compiled-scalar-program.ts, a graph with
 * array-shaped nodes in compiled-array-program.ts (the array engine), over the
 * same flat vectors — with the backend chosen in backend.ts, arguments and
 * buffers checked in buffers.ts, Jacobians and Hessians assembled in
 * jacobians.ts and batch shapes checked in batch-gradient.ts (as `fit` does).
 */
import { ArgumentError, describe } from '../errors.js';
import { Node } from '../graph/node.js';
import { outputList, tape } from '../graph/tape.js';
import { hasArrays } from './array-sweeps.js';
import { checkNumber, optionsOf } from '../arguments.js';
import { checksEnabled } from '../engine/checks.js';
import { CompiledArrayProgram, type ProgramLayout, scalarLayout } from './compiled-array-program.js';
import { buildIR, inputNamesOf, type IR } from '../engine/ir.js';
import type { Backend, Numbers, Out, ProgramStats } from '../engine/program-io.js';
import { sampleWidthOf } from './batch-gradient.js';
import { CompiledScalarProgram } from './compiled-scalar-program.js';
import { jacobianMode } from './jacobians.js';

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
  /** The program over arrays, for a graph with array-shaped nodes; else undefined and `scalar` runs the sweeps. */
  private readonly arrays: CompiledArrayProgram | undefined;
  private readonly scalar!: CompiledScalarProgram;

  /** @internal use {@link compile}. */
  constructor(ir: IR | CompiledArrayProgram, options: CompileOptions) {
    if (ir instanceof CompiledArrayProgram) {
      this.arrays = ir;
      this.layout = ir.layout;
      this.inputs = Object.freeze(ir.layout.inputs.map((s) => s.name));
      this.outputCount = ir.layout.outputSize;
      this.backend = ir.backend;
      return;
    }
    this.arrays = undefined;
    this.scalar = new CompiledScalarProgram(ir, options);
    this.inputs = ir.inputNames;
    this.outputCount = ir.outputs.length;
    this.layout = scalarLayout(ir.inputNames, ir.outputs.length);
    this.backend = this.scalar.backend;
  }

  /** Node count, operations per sweep, and bytes held (arrays, buffers, and the source generated so far). */
  get stats(): ProgramStats {
    return this.arrays !== undefined ? this.arrays.stats() : this.scalar.stats();
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
    return this.scalar.evaluate(x, out);
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
    this.scalar.gradientInto(x, out, 'gradient');
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
    this.scalar.gradientInto(x, out, 'valueAndGradient');
    return { value: this.scalar.value[0], gradient: out };
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
    return this.scalar.batchValueAndGradient(params, samples, out);
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
   * Numbers-Jacobian product ctᵀ·J (reverse mode, one sweep for any number of inputs).
   * @example
   * ```ts
   * compile([x.mul(y), x.add(y)], [x, y]).vjp([3, 4], [1, 1]); // Float64Array [5, 4]
   * ```
   */
  vjp(x: Numbers, cotangent: Numbers, out: Out = new Float64Array(this.layout.inputSize)): Out {
    if (this.arrays !== undefined) return this.arrays.vjp(x, cotangent, out);
    return this.scalar.vjp(x, cotangent, out);
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
    return this.scalar.jvp(x, direction, out);
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
    const mode = jacobianMode(optionsOf('jacobian', options).mode);
    if (this.arrays !== undefined) return this.arrays.jacobian(x, mode);
    return this.scalar.jacobian(x, mode);
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
    return this.scalar.hessian(x);
  }

  /**
   * The Hessian-vector product H·v (forward over reverse: one tangent sweep of the gradient program).
   * @example
   * ```ts
   * compile(x.mul(x).mul(y), [x, y]).hvp([3, 2], [1, 0]); // Float64Array [4, 6]
   * ```
   */
  hvp(x: Numbers, direction: Numbers, out: Out = new Float64Array(this.layout.inputSize)): Out {
    if (this.arrays !== undefined) return this.arrays.hvp(x, direction, out);
    return this.scalar.hvp(x, direction, out);
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
  const outs = outputList(outputs, 'compile');
  if (hasArrays(outs) || inputs.some((v) => v instanceof Node && v.shape.length > 0)) {
    tape(outs, 'compile'); // the graph's own checks (one shape for each variable's name) before the array engine's
    return new Program(new CompiledArrayProgram(outs, inputs, { backend: o.backend, checks: o.checks }), o);
  }
  return new Program(buildIR(outs, inputs, { cse: o.cse ?? true, origins: o.checks ?? checksEnabled() }), o);
}

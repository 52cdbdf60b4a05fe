/**
 * The {@link Program} interface over an {@link ArrayEngine}: what `compile`
 * returns for a graph with array-shaped nodes. Every method takes and fills
 * flat vectors — each input's elements row-major, input after input (a scalar
 * takes one entry) — so a program over arrays is called like a scalar one, and
 * `program.layout` says where each input and output sits. With Float64Array
 * buffers passed in, the sweeps read and write them in place and allocate
 * nothing.
 */
import { ArgumentError, describe } from '../errors.js';
import { gradientNodes } from './gradient-nodes.js';
import type { Node } from '../graph/node.js';
import { sizeOf } from '../graph/shape.js';
import { tape } from '../graph/tape.js';
import { ArrayEngine, type Slot } from './array-engine.js';
import type { Backend, Out, ProgramStats, Numbers } from '../engine/program-io.js';
import { batchRows } from './batch-gradient.js';
import { byColumns, hessianByColumns, jacobianByColumns, jacobianByRows, type JacobianMode } from './jacobians.js';

/** Where the inputs and outputs of a compiled program sit in its flat vectors. */
export interface ProgramLayout {
  /** One entry per input, in the order given to `compile`. */
  readonly inputs: readonly Slot[];
  /** One entry per output (named `output 1`, `output 2` …). */
  readonly outputs: readonly Slot[];
  /** Entries of the flat input vector (the length of x, and of a gradient). */
  readonly inputSize: number;
  /** Entries of the flat output vector. */
  readonly outputSize: number;
}

/** Options an array program takes from `compile`. */
export interface ArrayProgramOptions {
  readonly backend?: Backend;
  readonly checks?: boolean;
}

/** The layout of a scalar program: every input and output one entry, in order. */
export function scalarLayout(inputs: readonly string[], outputCount: number): ProgramLayout {
  const slot = (name: string, offset: number): Slot => Object.freeze({ name, shape: Object.freeze([]) as readonly number[], offset, size: 1 });
  return Object.freeze({
    inputs: Object.freeze(inputs.map(slot)),
    outputs: Object.freeze(Array.from({ length: outputCount }, (_, r) => slot(`output ${r + 1}`, r))),
    inputSize: inputs.length,
    outputSize: outputCount,
  });
}

/** Element evaluations of the operations of a graph (variables and constants cost none). */
function elementOperations(outputs: readonly Node[], where: string): number {
  let n = 0;
  for (const node of tape(outputs, where).nodes) if (node.op !== undefined) n += sizeOf(node.shape);
  return n;
}

/** The Program methods over an ArrayEngine (see {@link Program}; `compile` makes these). */
export class CompiledArrayProgram {
  readonly layout: ProgramLayout;
  private readonly engine: ArrayEngine;
  /** Scratch of batchValueAndGradient: one row's x, and its gradient (allocated on first need). */
  private batchX: Float64Array | undefined;
  private batchG: Float64Array | undefined;

  constructor(outputs: readonly Node[], inputs: readonly (Node | string)[], options: ArrayProgramOptions) {
    this.engine = new ArrayEngine(outputs, inputs, 'compile', options);
    const e = this.engine;
    this.layout = Object.freeze({
      inputs: Object.freeze(e.inputs.map((s) => Object.freeze({ ...s }))),
      outputs: Object.freeze(e.outputs.map((s) => Object.freeze({ ...s }))),
      inputSize: e.inputSize,
      outputSize: e.outputSize,
    });
  }

  get backend(): Backend {
    return this.engine.backend;
  }

  stats(): ProgramStats {
    const { outputNodes, inputNodes } = this.engine;
    // a reverse sweep exists for one scalar output: its derivative graph's operations, the value's included
    const single = outputNodes.length === 1 && outputNodes[0].shape.length === 0;
    const reverse = single ? elementOperations([outputNodes[0], ...gradientNodes(outputNodes[0], inputNodes)], 'stats') : 0;
    return {
      nodes: this.engine.nodeCount,
      inputs: this.layout.inputs.length,
      outputs: this.layout.outputs.length,
      operations: { forward: elementOperations(outputNodes, 'stats'), reverse },
      bytes: this.engine.bytes,
    };
  }

  evaluate(x: Numbers, out: Out): Out {
    this.engine.evaluate(x, out);
    return out;
  }

  valueAndGradient(x: Numbers, out: Out, where: string): number {
    return this.engine.valueAndGradient(x, out, this.layout.inputSize, where);
  }

  gradient(x: Numbers, out: Out): Out {
    this.engine.gradient(x, out, this.layout.inputSize, 'gradient');
    return out;
  }

  /**
   * The mean value and gradient over the rows of `samples`: each row is the
   * inputs after the parameters (a whole number of inputs), run as one program
   * with the parameters; the gradients with respect to the parameters add up
   * row by row, then are divided by the row count.
   */
  batchValueAndGradient(params: Numbers, samples: Numbers, out: Out | undefined): number {
    const where = 'batchValueAndGradient';
    const n = this.layout.inputSize;
    const rows = batchRows(params, samples, out, n, where);
    const p = params.length;
    const width = n - p;
    if (out === undefined) out = new Float64Array(p);
    if (this.batchX === undefined || this.batchX.length !== n) this.batchX = new Float64Array(n);
    if (this.batchG === undefined || this.batchG.length !== p) this.batchG = new Float64Array(p);
    const x = this.batchX;
    const g = this.batchG;
    for (let k = 0; k < p; k++) x[k] = params[k];
    for (let k = 0; k < p; k++) out[k] = 0;
    let total = 0;
    for (let r = 0; r < rows; r++) {
      for (let k = 0; k < width; k++) x[p + k] = samples[r * width + k];
      total += this.engine.valueAndGradient(x, g, p, where);
      for (let k = 0; k < p; k++) out[k] += g[k];
    }
    for (let k = 0; k < p; k++) out[k] /= rows;
    return total / rows;
  }

  /** The name of entry k of the flat input vector: `W[1][2]` for an element of W, `b` for a scalar b. */
  inputName(k: number): string {
    if (!Number.isInteger(k) || k < 0 || k >= this.layout.inputSize) {
      throw new ArgumentError(`inputName: k must be an integer in [0, ${this.layout.inputSize}), got ${describe(k)}`);
    }
    const slot = this.layout.inputs.find((s) => k < s.offset + s.size)!;
    let rest = k - slot.offset;
    let index = '';
    for (let a = slot.shape.length - 1; a >= 0; a--) {
      index = `[${rest % slot.shape[a]}]${index}`;
      rest = Math.floor(rest / slot.shape[a]);
    }
    return slot.name + index;
  }

  vjp(x: Numbers, cotangent: Numbers, out: Out): Out {
    this.engine.vjp(x, cotangent, out);
    return out;
  }

  jvp(x: Numbers, direction: Numbers, out: Out): Out {
    this.engine.jvp(x, direction, out);
    return out;
  }

  hvp(x: Numbers, direction: Numbers, out: Out): Out {
    this.engine.hvp(x, direction, out);
    return out;
  }

  /** One row per output entry: n tangent sweeps (forward) or m cotangent sweeps (reverse). */
  jacobian(x: Numbers, mode: JacobianMode): Float64Array[] {
    const n = this.layout.inputSize;
    const m = this.layout.outputSize;
    if (!byColumns(mode, n, m)) return jacobianByRows(n, m, (ct, row) => this.engine.vjp(x, ct, row));
    const v = new Float64Array(n);
    const column = new Float64Array(m);
    return jacobianByColumns(n, m, 1, (k, _, J) => {
      v[k] = 1;
      this.engine.jvp(x, v, column);
      v[k] = 0;
      for (let r = 0; r < m; r++) J[r][k] = column[r];
    });
  }

  /** The Hessian of the single scalar output, one Hessian-vector product per input entry. */
  hessian(x: Numbers): Float64Array[] {
    return hessianByColumns(this.layout.inputSize, (v, column) => this.engine.hvp(x, v, column));
  }
}

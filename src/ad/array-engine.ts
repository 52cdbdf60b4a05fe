/**
 * The engine of a compiled program over arrays. Its interface is the scalar
 * program's: inputs come as ONE flat vector — every input's elements, row-major,
 * input after input (a scalar takes one entry) — and outputs and gradients go
 * out the same way, so a model's parameters live in one Float64Array and the
 * optimizer layer works unchanged.
 *
 * Derivatives are graphs (reverse mode by adjointNodes, forward mode by
 * tangentNodes), built once per kind of sweep on first use and evaluated
 * together with the values by the array interpreter, on buffers reused from
 * call to call.
 */
import { ArgumentError, describe, ShapeError, UnboundVariableError } from '../errors.js';
import { adjointNodes, gather, gradientNodes } from './gradient-nodes.js';
import { internalVariable, Node, variable } from '../graph/node.js';
import { formatShape, type Shape, sizeOf } from '../graph/shape.js';
import { tangentNodes } from './tangent-nodes.js';
import { tape } from '../graph/tape.js';
import { type ArrayTape, arrayTape, runArrays } from '../engine/array-interpreter.js';

/** Where one input or output sits in the flat vector. */
export interface Slot {
  readonly name: string;
  readonly shape: Shape;
  readonly offset: number;
  readonly size: number;
}

/** A flat vector: a Float64Array or an array of numbers. */
type Flat = ArrayLike<number>;
type Out = Float64Array | number[];

/** A tape and, per flat input, the buffers its values go to; per flat output, where they come from. */
interface Sweep {
  readonly tape: ArrayTape;
  /** For each input (in order), the tape buffers of its variable (none when the graph does not use it). */
  readonly inputBuffers: readonly (readonly Float64Array[])[];
  /** Extra variables (cotangents, tangents) and their buffers, in the order the sweep binds them. */
  readonly extraBuffers: readonly (readonly Float64Array[])[];
}

const COTANGENT_NAME = 'cotangent ';
const COTANGENT = `\u0000${COTANGENT_NAME}`;
const TANGENT_NAME = 'tangent ';
const TANGENT = `\u0000${TANGENT_NAME}`;

function buffersOf(t: ArrayTape, name: string): Float64Array[] {
  const v = t.variables.get(name);
  return v === undefined ? [] : v.slots.map((s) => t.buffers[s]);
}

function sweepOf(t: ArrayTape, inputs: readonly Slot[], extras: readonly string[] = []): Sweep {
  return { tape: t, inputBuffers: inputs.map((s) => buffersOf(t, s.name)), extraBuffers: extras.map((name) => buffersOf(t, name)) };
}

/** Copies `x[offset … offset + size)` into every buffer. */
function load(buffers: readonly Float64Array[], x: Flat, offset: number, size: number): void {
  if (buffers.length === 0) return;
  const first = buffers[0];
  if (x instanceof Float64Array) first.set(x.subarray(offset, offset + size));
  else for (let e = 0; e < size; e++) first[e] = x[offset + e];
  for (let b = 1; b < buffers.length; b++) buffers[b].set(first);
}

export class ArrayEngine {
  readonly inputs: readonly Slot[];
  readonly outputs: readonly Slot[];
  /** Total scalars in, and out. */
  readonly inputSize: number;
  readonly outputSize: number;
  private readonly outputNodes: readonly Node[];
  private readonly inputNodes: readonly Node[];
  private readonly values: Sweep;
  /** Reverse sweeps of the single output, by the number of inputs differentiated (a prefix). */
  private readonly reverse = new Map<number, Sweep>();
  private vjpSweep: Sweep | undefined;
  private jvpSweep: Sweep | undefined;
  private hvpSweep: Sweep | undefined;

  constructor(outputs: readonly Node[], inputs: readonly (Node | string)[], where = 'compile') {
    const t = tape(outputs, where);
    const graphShapes = new Map<string, Shape>();
    for (const [name, slots] of t.variables) {
      const shape = t.nodes[slots[0]].shape;
      for (const s of slots) {
        if (formatShape(t.nodes[s].shape) !== formatShape(shape)) {
          throw new ShapeError(`${where}: variable '${name}' appears with shapes ${formatShape(shape)} and ${formatShape(t.nodes[s].shape)}`);
        }
      }
      graphShapes.set(name, shape);
    }
    if (!Array.isArray(inputs)) throw new ArgumentError(`${where}: inputs must be an array of variables, got ${describe(inputs)}`);
    let offset = 0;
    const seen = new Set<string>();
    this.inputs = inputs.map((v, k) => {
      const name = typeof v === 'string' && v.length > 0 ? v : v instanceof Node && v.name !== undefined ? v.name : undefined;
      if (name === undefined) throw new ArgumentError(`${where}: input ${k + 1} is ${v instanceof Node ? `the non-variable node ${v}` : describe(v)}, expected a variable`);
      if (seen.has(name)) throw new ArgumentError(`${where}: input '${name}' is listed twice`);
      seen.add(name);
      const shape = graphShapes.get(name) ?? (v instanceof Node ? v.shape : []);
      if (v instanceof Node && graphShapes.has(name) && formatShape(v.shape) !== formatShape(shape)) {
        throw new ShapeError(`${where}: input '${name}' has shape ${formatShape(v.shape)}, but the graph's variable has ${formatShape(shape)}`);
      }
      const slot = { name, shape, offset, size: sizeOf(shape) };
      offset += slot.size;
      return slot;
    });
    this.inputSize = offset;
    for (const name of graphShapes.keys()) if (!seen.has(name)) throw new UnboundVariableError(name);
    offset = 0;
    this.outputs = outputs.map((o, r) => {
      const slot = { name: `output ${r + 1}`, shape: o.shape, offset, size: sizeOf(o.shape) };
      offset += slot.size;
      return slot;
    });
    this.outputSize = offset;
    this.outputNodes = outputs;
    // the graph's own variable nodes (any name, internal ones included); a variable it does not use gets a node of its own
    this.inputNodes = this.inputs.map((s) => (t.variables.has(s.name) ? t.nodes[t.variables.get(s.name)![0]] : variable(s.name, s.shape)));
    this.values = sweepOf(arrayTape(outputs, where), this.inputs);
  }

  private bind(s: Sweep, x: Flat): void {
    this.inputs.forEach((slot, k) => load(s.inputBuffers[k], x, slot.offset, slot.size));
  }

  /** Copies the tape's outputs r0 … r0 + count − 1 (flattened) into `out` from `at`. */
  private read(s: Sweep, r0: number, count: number, out: Out, at = 0): void {
    const t = s.tape;
    let o = at;
    for (let r = r0; r < r0 + count; r++) {
      const b = t.buffers[t.outputs[r]];
      for (let e = 0; e < b.length; e++) out[o++] = b[e];
    }
  }

  evaluate(x: Flat, out: Out): void {
    this.bind(this.values, x);
    runArrays(this.values.tape);
    this.read(this.values, 0, this.outputNodes.length, out);
  }

  /** The number of inputs that make up the first `scalars` entries of the flat input vector. */
  private prefixInputs(scalars: number, where: string): number {
    let k = 0;
    let n = 0;
    while (k < this.inputs.length && n < scalars) n += this.inputs[k++].size;
    if (n !== scalars) throw new ShapeError(`${where}: ${scalars} parameters do not end at an input's boundary (the inputs have sizes ${this.inputs.map((s) => s.size).join(', ')})`);
    return k;
  }

  /**
   * The value of the single (scalar) output and its gradient with respect to the
   * inputs covering the first `scalars` entries of x (all by default), into `out`.
   */
  valueAndGradient(x: Flat, out: Out, scalars = this.inputSize, where = 'valueAndGradient'): number {
    if (this.outputNodes.length !== 1 || this.outputs[0].size !== 1 || this.outputNodes[0].shape.length !== 0) {
      throw new ArgumentError(`${where}: a gradient needs one scalar output; this program has ${this.outputs.map((o) => formatShape(o.shape)).join(', ')} (use vjp)`);
    }
    const k = this.prefixInputs(scalars, where);
    let s = this.reverse.get(k);
    if (s === undefined) {
      const grads = gradientNodes(this.outputNodes[0], this.inputNodes.slice(0, k));
      s = sweepOf(arrayTape([this.outputNodes[0], ...grads], where, { primal: 1, sweep: 'reverse' }), this.inputs);
      this.reverse.set(k, s);
    }
    this.bind(s, x);
    runArrays(s.tape);
    this.read(s, 1, k, out);
    return s.tape.buffers[s.tape.outputs[0]][0];
  }

  /** ctᵀ·J: the gradient of Σ ⟨ctᵣ, outputᵣ⟩ with respect to every input, into `out`. */
  vjp(x: Flat, cotangent: Flat, out: Out): void {
    if (this.vjpSweep === undefined) {
      const seeds = this.outputNodes.map((o, r) => internalVariable(`${COTANGENT_NAME}${r}`, o.shape));
      const { t, adjoints } = adjointNodes(this.outputNodes, seeds, 'vjp');
      const grads = gather(t, adjoints, this.inputNodes);
      this.vjpSweep = sweepOf(arrayTape([...this.outputNodes, ...grads], 'vjp', { primal: this.outputNodes.length, sweep: 'reverse' }), this.inputs, seeds.map((v) => v.name!));
    }
    const s = this.vjpSweep;
    this.bind(s, x);
    this.outputs.forEach((slot, r) => load(s.extraBuffers[r], cotangent, slot.offset, slot.size));
    runArrays(s.tape);
    this.read(s, this.outputNodes.length, this.inputs.length, out);
  }

  /** J·v: the outputs' tangents along the flat direction v, into `out`. */
  jvp(x: Flat, direction: Flat, out: Out): void {
    if (this.jvpSweep === undefined) this.jvpSweep = this.tangentSweep(this.outputNodes, 'jvp');
    const s = this.jvpSweep;
    this.bind(s, x);
    this.inputs.forEach((slot, k) => load(s.extraBuffers[k], direction, slot.offset, slot.size));
    runArrays(s.tape);
    this.read(s, this.outputNodes.length, this.outputNodes.length, out);
  }

  /** H·v for the single scalar output: forward mode over the reverse-mode derivative graph. */
  hvp(x: Flat, direction: Flat, out: Out): void {
    if (this.hvpSweep === undefined) {
      if (this.outputNodes.length !== 1 || this.outputNodes[0].shape.length !== 0) throw new ArgumentError('hvp: a Hessian needs one scalar output');
      this.hvpSweep = this.tangentSweep(gradientNodes(this.outputNodes[0], this.inputNodes), 'hvp');
    }
    const s = this.hvpSweep;
    this.bind(s, x);
    this.inputs.forEach((slot, k) => load(s.extraBuffers[k], direction, slot.offset, slot.size));
    runArrays(s.tape);
    this.read(s, this.inputs.length, this.inputs.length, out);
  }

  private tangentSweep(outputs: readonly Node[], where: string): Sweep {
    const tangents = this.inputNodes.map((v) => internalVariable(`${TANGENT_NAME}${v.name}`, v.shape));
    const byName = new Map(this.inputNodes.map((v, k) => [v.name!, tangents[k]]));
    const ts = tangentNodes(outputs, (name) => byName.get(name), where);
    return sweepOf(arrayTape([...outputs, ...ts], where, { primal: outputs.length, sweep: 'tangent' }), this.inputs, tangents.map((v) => v.name!));
  }

  /** Bytes held by the buffers of the sweeps built so far. */
  get bytes(): number {
    let total = 0;
    for (const s of [this.values, ...this.reverse.values(), this.vjpSweep, this.jvpSweep, this.hvpSweep]) {
      if (s !== undefined) for (const b of s.tape.buffers) total += b.byteLength;
    }
    return total;
  }

  /** Nodes of the value graph. */
  get nodeCount(): number {
    return this.values.tape.nodes.length;
  }
}

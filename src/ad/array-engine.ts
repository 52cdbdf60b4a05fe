/**
 * The engine of a compiled program over arrays. Its interface is the scalar
 * program's: inputs come as ONE flat vector — every input's elements, row-major,
 * input after input (a scalar takes one entry) — and outputs and gradients go
 * out the same way, so a model's parameters live in one Float64Array and the
 * optimizer layer works unchanged.
 *
 * Derivatives are graphs (reverse mode by adjointNodes, forward mode by
 * tangentNodes). Each kind of sweep is built on first use: its graph lowered to
 * the array IR (array-ir.ts), planned into loop steps (array-plan.ts, fused for
 * the js backend), its buffers placed in one arena by liveness
 * (array-memory.ts), and run by generated code (array-codegen.ts) or by the
 * interpreter (array-execute.ts) — the same numbers either way. Inputs are read
 * where they are and outputs written where they go when those are
 * Float64Arrays, so a call allocates nothing.
 */
import { ArgumentError, describe, ShapeError, UnboundVariableError } from '../errors.js';
import { adjointNodes, gather, gradientNodes } from './gradient-nodes.js';
import { internalVariable, Node, variable } from '../graph/node.js';
import { formatShape, type Shape, sizeOf } from '../graph/shape.js';
import { tangentNodes } from './tangent-nodes.js';
import { tape } from '../graph/tape.js';
import { ARENA, O, type Placement, U, X } from '../engine/array-memory.js';
import { type Binding, type CompiledSweep, compileSweep } from '../engine/array-sweep.js';
import type { Backend, Numbers, Out } from '../engine/program-io.js';
import { chooseBackend } from './backend.js';

/** Where one input or output sits in the flat vector. */
export interface Slot {
  readonly name: string;
  readonly shape: Shape;
  readonly offset: number;
  readonly size: number;
}

/** Options of {@link ArrayEngine}. */
export interface ArrayEngineOptions {
  /** `'js'` (generated loops, the default where `new Function` works) or `'interpreter'`. */
  readonly backend?: Backend;
  /** Check mode (runs on the interpreter). Default: on inside `withChecks`. */
  readonly checks?: boolean;
}

/** A flat vector: a Float64Array or an array of numbers. */

const COTANGENT_NAME = 'cotangent ';
const COTANGENT = `\u0000${COTANGENT_NAME}`;
const TANGENT_NAME = 'tangent ';
const TANGENT = `\u0000${TANGENT_NAME}`;
const EMPTY: Float64Array = new Float64Array(0);

export class ArrayEngine {
  readonly inputs: readonly Slot[];
  readonly outputs: readonly Slot[];
  /** Total scalars in, and out. */
  readonly inputSize: number;
  readonly outputSize: number;
  private kind: Backend;
  private readonly checks: boolean;
  private readonly where: string;
  /** The graph's outputs, and its variable node for each input (a fresh one for an input the graph does not use). */
  readonly outputNodes: readonly Node[];
  readonly inputNodes: readonly Node[];
  private readonly byName: ReadonlyMap<string, Slot>;
  private values: CompiledSweep | undefined;
  /** Reverse sweeps of the single output, by the number of inputs differentiated (a prefix). */
  private readonly reverse = new Map<number, CompiledSweep>();
  /** The reverse sweep of the last valueAndGradient, and its `scalars`. */
  private lastReverse: CompiledSweep | undefined;
  private lastScalars = -1;
  private vjpSweep: CompiledSweep | undefined;
  private jvpSweep: CompiledSweep | undefined;
  private hvpSweep: CompiledSweep | undefined;
  /** The arrays of the last run's aliasing test, and its answer (see `separate`). */
  private seenOut: Float64Array = EMPTY;
  private seenX: Float64Array = EMPTY;
  private seenU: Float64Array = EMPTY;
  private seenSeparate = false;
  /** Copies of inputs, seeds and outputs given as plain arrays (allocated on first need). */
  private scratch: Float64Array[] = [EMPTY, EMPTY, EMPTY, EMPTY];

  constructor(outputs: readonly Node[], inputs: readonly (Node | string)[], where = 'compile', options: ArrayEngineOptions = {}) {
    if (!Array.isArray(outputs)) throw new ArgumentError(`${where}: outputs must be an array of nodes, got ${describe(outputs)}`);
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
    this.byName = new Map(this.inputs.map((s) => [s.name, s]));
    this.where = where;
    const { backend, checks } = chooseBackend(options, where);
    this.checks = checks;
    this.kind = backend;
  }

  /** The backend that runs the sweeps: 'js' unless the interpreter was asked for, check mode is on, or `new Function` is forbidden. */
  get backend(): Backend {
    return this.kind;
  }

  /**
   * Compiles one sweep: `outputs` go to `dests` (in o, or kept in the arena),
   * `bind` places each variable in x or u.
   */
  private compile(outputs: readonly Node[], dests: readonly (Placement | 'arena')[], bind: (name: string) => Binding | undefined, sweep: 'forward' | 'reverse' | 'tangent', primal: readonly Node[]): CompiledSweep {
    const compiled = compileSweep(outputs, dests, bind, { where: this.where, backend: this.kind, sweep, primal });
    // where new Function became forbidden after construction, the interpreter from now on
    this.kind = compiled.backend;
    return compiled;
  }

  /** A plain array's numbers, copied into scratch k (allocated once, on first need). */
  private copyIn(k: number, v: Numbers, what: string, where: string): Float64Array {
    if (this.scratch[k].length < v.length) this.scratch[k] = new Float64Array(v.length);
    const s = this.scratch[k];
    for (let i = 0; i < v.length; i++) {
      const e = v[i];
      if (typeof e !== 'number') throw new ArgumentError(`${where}: ${what}[${i}] is ${describe(e)}, expected a number`);
      s[i] = e;
    }
    return s;
  }

  private check(v: Numbers, length: number, what: string, where: string, exact = true): void {
    if (v == null || typeof v.length !== 'number') throw new ArgumentError(`${where}: ${what} must be an array of ${length} numbers, got ${describe(v)}`);
    if (exact ? v.length !== length : v.length < length) throw new ShapeError(`${where}: ${what} has length ${v.length}, expected ${exact ? '' : 'at least '}${length}`);
  }

  /**
   * Runs a sweep: x (and u) read in place when they are Float64Arrays, outputs
   * written into `out` directly when it is one that shares no memory with them.
   */
  private run(s: CompiledSweep, x: Numbers, u: Numbers | undefined, out: Out, size: number, where: string): void {
    const xa = x instanceof Float64Array ? x : this.copyIn(X, x, 'x', where);
    const ua = u === undefined ? EMPTY : u instanceof Float64Array ? u : this.copyIn(U, u, where === 'vjp' ? 'the cotangent' : 'the direction', where);
    const direct = out instanceof Float64Array && this.separate(out, xa, ua);
    let oa: Float64Array;
    if (direct) oa = out;
    else {
      if (this.scratch[O].length < size) this.scratch[O] = new Float64Array(size);
      oa = this.scratch[O];
    }
    const arrays = s.arrays;
    arrays[X] = xa;
    arrays[U] = ua;
    arrays[O] = oa;
    s.program.run(arrays, this.checks);
    if (!direct) for (let i = 0; i < size; i++) out[i] = oa[i];
  }

  /**
   * Whether `out` shares no memory with x and u. A typed array's buffer never
   * changes, so the answer is kept for the last (out, x, u) seen: reading
   * `.buffer` is a call in V8 (about 16 ns each), a few percent of a whole
   * sweep at n = 10³.
   */
  private separate(out: Float64Array, xa: Float64Array, ua: Float64Array): boolean {
    if (out !== this.seenOut || xa !== this.seenX || ua !== this.seenU) {
      this.seenOut = out;
      this.seenX = xa;
      this.seenU = ua;
      this.seenSeparate = out.buffer !== xa.buffer && (ua === EMPTY || out.buffer !== ua.buffer);
    }
    return this.seenSeparate;
  }

  private inputBinding = (name: string): Binding | undefined => {
    const slot = this.byName.get(name);
    return slot === undefined ? undefined : { array: X, offset: slot.offset, label: name };
  };

  private valuesSweep(): CompiledSweep {
    return (this.values ??= this.compile(
      this.outputNodes,
      this.outputs.map((o) => ({ array: O, offset: o.offset })),
      this.inputBinding,
      'forward',
      this.outputNodes,
    ));
  }

  /**
   * Builds a sweep now rather than on its first call (each is built once, when
   * first needed): 'gradient' with respect to the inputs covering the first
   * `scalars` entries of x (all by default).
   * @example
   * ```ts
   * const engine = new ArrayEngine([f], [x]);
   * engine.prepare('gradient'); // lowered, planned and generated here
   * ```
   */
  prepare(sweep: 'evaluate' | 'gradient' | 'vjp' | 'jvp' | 'hvp', scalars = this.inputSize): void {
    if (sweep === 'evaluate') this.valuesSweep();
    else if (sweep === 'gradient') this.reverseSweep(this.prefixInputs(scalars, 'prepare'), 'prepare');
    else if (sweep === 'vjp') this.vjpSweepOf();
    else if (sweep === 'jvp') this.jvpSweepOf();
    else if (sweep === 'hvp') this.hvpSweepOf();
    else throw new ArgumentError(`prepare: the sweep must be 'evaluate', 'gradient', 'vjp', 'jvp' or 'hvp', got ${describe(sweep)}`);
  }

  evaluate(x: Numbers, out: Out): void {
    this.check(x, this.inputSize, 'x', 'evaluate');
    this.check(out, this.outputSize, 'out', 'evaluate', false);
    this.run(this.valuesSweep(), x, undefined, out, this.outputSize, 'evaluate');
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
  private reverseSweep(k: number, where: string): CompiledSweep {
    if (this.outputNodes.length !== 1 || this.outputs[0].size !== 1 || this.outputNodes[0].shape.length !== 0) {
      throw new ArgumentError(`${where}: a gradient needs one scalar output; this program has ${this.outputs.map((o) => formatShape(o.shape)).join(', ')} (use vjp)`);
    }
    let s = this.reverse.get(k);
    if (s === undefined) {
      const grads = gradientNodes(this.outputNodes[0], this.inputNodes.slice(0, k));
      s = this.compile([this.outputNodes[0], ...grads], ['arena', ...this.inputs.slice(0, k).map((i) => ({ array: O, offset: i.offset }))], this.inputBinding, 'reverse', [this.outputNodes[0]]);
      this.reverse.set(k, s);
    }
    return s;
  }

  /**
   * The value of the single (scalar) output and its gradient with respect to the
   * inputs covering the first `scalars` entries of x (all by default), into `out`.
   */
  valueAndGradient(x: Numbers, out: Out, scalars = this.inputSize, where = 'valueAndGradient'): number {
    this.gradient(x, out, scalars, where);
    const s = this.lastReverse!;
    return s.arrays[ARENA][s.kept[0]];
  }

  /**
   * The gradient alone, as {@link valueAndGradient} computes it: returns nothing,
   * so that no double is boxed on the way out when the call is not inlined.
   */
  gradient(x: Numbers, out: Out, scalars = this.inputSize, where = 'gradient'): void {
    this.check(x, this.inputSize, 'x', where);
    this.check(out, scalars, 'out', where, false);
    let s = this.lastReverse;
    if (scalars !== this.lastScalars || s === undefined) {
      s = this.reverseSweep(this.prefixInputs(scalars, where), where);
      this.lastReverse = s;
      this.lastScalars = scalars;
    }
    this.run(s, x, undefined, out, scalars, where);
  }

  private vjpSweepOf(): CompiledSweep {
    // the build is its own method: its closures would make every call allocate a context (40 bytes) where V8 does not inline this one
    return (this.vjpSweep ??= this.vjpSweepBuilt());
  }

  private vjpSweepBuilt(): CompiledSweep {
    const seeds = this.outputNodes.map((o, r) => internalVariable(`${COTANGENT_NAME}${r}`, o.shape));
    const { t, adjoints } = adjointNodes(this.outputNodes, seeds, 'vjp');
    const grads = gather(t, adjoints, this.inputNodes);
    const bind = (name: string) => {
      if (!name.startsWith(COTANGENT)) return this.inputBinding(name);
      const r = Number(name.slice(COTANGENT.length));
      return { array: U, offset: this.outputs[r].offset, label: `cotangent ${r + 1}` };
    };
    return this.compile(grads, this.inputs.map((i) => ({ array: O, offset: i.offset })), bind, 'reverse', this.outputNodes);
  }

  /** ctᵀ·J: the gradient of Σ ⟨ctᵣ, outputᵣ⟩ with respect to every input, into `out`. */
  vjp(x: Numbers, cotangent: Numbers, out: Out): void {
    this.check(x, this.inputSize, 'x', 'vjp');
    this.check(cotangent, this.outputSize, 'the cotangent', 'vjp');
    this.check(out, this.inputSize, 'out', 'vjp', false);
    this.run(this.vjpSweepOf(), x, cotangent, out, this.inputSize, 'vjp');
  }

  private jvpSweepOf(): CompiledSweep {
    return (this.jvpSweep ??= this.tangentSweep(this.outputNodes, this.outputs, 'jvp'));
  }

  /** J·v: the outputs' tangents along the flat direction v, into `out`. */
  jvp(x: Numbers, direction: Numbers, out: Out): void {
    this.check(x, this.inputSize, 'x', 'jvp');
    this.check(direction, this.inputSize, 'the direction', 'jvp');
    this.check(out, this.outputSize, 'out', 'jvp', false);
    this.run(this.jvpSweepOf(), x, direction, out, this.outputSize, 'jvp');
  }

  private hvpSweepOf(): CompiledSweep {
    if (this.outputNodes.length !== 1 || this.outputNodes[0].shape.length !== 0) throw new ArgumentError('hvp: a Hessian needs one scalar output');
    return (this.hvpSweep ??= this.tangentSweep(gradientNodes(this.outputNodes[0], this.inputNodes), this.inputs, 'hvp'));
  }

  /** H·v for the single scalar output: forward mode over the reverse-mode derivative graph. */
  hvp(x: Numbers, direction: Numbers, out: Out): void {
    this.check(x, this.inputSize, 'x', 'hvp');
    this.check(direction, this.inputSize, 'the direction', 'hvp');
    this.check(out, this.inputSize, 'out', 'hvp', false);
    this.run(this.hvpSweepOf(), x, direction, out, this.inputSize, 'hvp');
  }

  private tangentSweep(outputs: readonly Node[], layout: readonly Slot[], where: string): CompiledSweep {
    const tangents = this.inputNodes.map((v) => internalVariable(`${TANGENT_NAME}${v.name}`, v.shape));
    const byName = new Map(this.inputNodes.map((v, k) => [v.name!, tangents[k]]));
    const ts = tangentNodes(outputs, (name) => byName.get(name), where);
    const bind = (name: string) => {
      if (!name.startsWith(TANGENT)) return this.inputBinding(name);
      const input = this.byName.get(name.slice(TANGENT.length))!;
      return { array: U, offset: input.offset, label: `the direction of '${input.name}'` };
    };
    return this.compile(ts, layout.map((s) => ({ array: O, offset: s.offset })), bind, 'tangent', outputs);
  }

  /** Bytes held by the sweeps built so far: their arenas and generated source (2 bytes a character). */
  get bytes(): number {
    let total = 0;
    for (const s of [this.values, ...this.reverse.values(), this.vjpSweep, this.jvpSweep, this.hvpSweep]) {
      if (s !== undefined) total += s.bytes;
    }
    return total;
  }

  /** Nodes of the value graph. */
  get nodeCount(): number {
    return tape(this.outputNodes, this.where).nodes.length;
  }
}

/**
 * The direct sweeps (what evaluate, forwardMode and reverseMode run): a graph
 * (or several outputs) lowered once into the IR (ir.ts) — as built, without
 * merging common sub-expressions — and swept by the interpreter: a
 * DirectProgram. (A Program, ad/program.ts, is the IR compiled, with CSE and a
 * backend.) Nodes are immutable, so the flattening of an output (or of
 * an array of outputs, while it holds the same nodes) is cached (weakly) and
 * repeated sweeps only sweep.
 */
import { buildIR, CONSTANT, type IR } from './ir.js';
import { checksEnabled } from './checks.js';
import { interpreter } from './interpreter.js';
import type { Kernels } from './kernels.js';
import { ArgumentError, BindingTypeError, describe, UnboundVariableError } from '../errors.js';
import { type Bindings, boundNames, checkBindings, lookup } from '../graph/bindings.js';
import { Node } from '../graph/node.js';
import { tape } from '../graph/tape.js';

/** Slot buffers, reused from sweep to sweep of the same graph (sweeps never call user code, so none overlap). */
interface Buffers {
  /** Values, with the constants in place. */
  readonly v: Float64Array;
  readonly a: Float64Array;
  readonly T: Float64Array;
}

export interface DirectProgram {
  readonly ir: IR;
  /** The interpreter's sweeps; with check mode on, the checked ones. */
  readonly kernels: Kernels;
  readonly buffers: Buffers;
}

interface Cached {
  readonly ir: IR;
  readonly plain: Kernels;
  readonly buffers: Buffers;
  checked?: Kernels;
  /** For an array of outputs: its nodes when cached (arrays can change; a hit must still match). */
  readonly nodes?: readonly Node[];
}

const cache = new WeakMap<Node, Cached>();
const arrayCache = new WeakMap<readonly Node[], Cached>();

function cachedFor(outputs: Node | readonly Node[]): Cached | undefined {
  if (outputs instanceof Node) return cache.get(outputs);
  const hit = arrayCache.get(outputs);
  if (hit === undefined || hit.nodes!.length !== outputs.length) return undefined;
  for (let i = 0; i < outputs.length; i++) if (hit.nodes![i] !== outputs[i]) return undefined;
  return hit;
}

/**
 * The direct program of `outputs` over `inputs` (variables in the order the
 * slots take them; by default every variable of the graph, in graph order):
 * its IR, the interpreter's kernels (checked ones in check mode) and buffers.
 */
export function directProgram(outputs: Node | readonly Node[], where: string, inputs?: readonly Node[]): DirectProgram {
  const cacheable = inputs === undefined;
  let entry = cacheable ? cachedFor(outputs) : undefined;
  if (entry === undefined) {
    const names = inputs ?? [...tape(outputs, where).variables.keys()];
    const ir = buildIR(outputs, names, { cse: false, origins: true, where });
    const v = new Float64Array(ir.size);
    for (let i = 0; i < ir.size; i++) if (ir.opcode[i] === CONSTANT) v[i] = ir.constants[i];
    const buffers = { v, a: new Float64Array(ir.size), T: new Float64Array(ir.size) };
    if (outputs instanceof Node) {
      entry = { ir, plain: interpreter(ir, undefined), buffers };
      if (cacheable) cache.set(outputs, entry);
    } else {
      entry = { ir, plain: interpreter(ir, undefined), buffers, nodes: outputs.slice() };
      if (cacheable) arrayCache.set(outputs, entry);
    }
  }
  if (!checksEnabled()) return { ir: entry.ir, kernels: entry.plain, buffers: entry.buffers };
  entry.checked ??= interpreter(entry.ir, undefined, true);
  return { ir: entry.ir, kernels: entry.checked, buffers: entry.buffers };
}

/** The value buffer: constants in place, the rest overwritten by the next sweep. */
export function valueBuffer(flat: DirectProgram): Float64Array {
  return flat.buffers.v;
}

/** The tangent buffer, zeroed. */
export function tangentBuffer(flat: DirectProgram): Float64Array {
  return flat.buffers.T.fill(0);
}

/** Writes each input's bound value into its slot; throws for bindings that are not an object or a Map, and for unbound or non-numeric values. */
export function bindInputs(ir: IR, at: Bindings, v: Float64Array, where: string, what = 'at'): void {
  checkBindings(at, where, what);
  ir.inputNames.forEach((name, k) => {
    const x = lookup(at, name);
    if (typeof x !== 'number') throw x === undefined ? new UnboundVariableError(name) : new BindingTypeError(name, x);
    v[k] = x;
  });
}

/**
 * Writes each input's tangent; returns which inputs the direction names (the
 * others have none). A name bound in `at` that the graph does not use moves
 * nothing (its tangent reaches no output); a name that is neither is an error:
 * a misspelt variable must not read as a zero derivative.
 */
export function bindDirection(ir: IR, direction: Bindings, T: Float64Array, where: string, at?: Bindings): Uint8Array {
  checkBindings(direction, where, 'direction');
  const named = new Uint8Array(ir.inputNames.length);
  let matched = 0;
  ir.inputNames.forEach((name, k) => {
    const t = lookup(direction, name);
    if (t === undefined) return;
    if (typeof t !== 'number') throw new BindingTypeError(name, t);
    T[k] = t;
    named[k] = 1;
    matched++;
  });
  const keys = boundNames(direction).filter((key) => lookup(direction, key as string) !== undefined);
  if (keys.length !== matched) {
    // some name is not a variable of the graph: find one that is not bound in `at` either (only on this path)
    const inputs = new Set<unknown>(ir.inputNames);
    const name = keys.find((key) => !inputs.has(key) && (at === undefined || lookup(at, key as string) === undefined));
    if (name === undefined) {
      for (const key of keys) {
        const t = lookup(direction, key as string);
        if (!inputs.has(key) && typeof t !== 'number') throw new BindingTypeError(key as string, t);
      }
      return named;
    }
    const known = ir.inputNames.length === 0 ? 'the graph has no variables' : `its variables: ${ir.inputNames.join(', ')}`;
    throw new ArgumentError(`${where}: the direction names ${typeof name === 'string' ? `'${name}'` : describe(name)}, which is not a variable of the graph, nor bound in at (${known})`);
  }
  return named;
}

/**
 * Values and tangents (one direction) of every slot; `v` and `T` hold the
 * inputs' values and tangents. With `named`, only the inputs it marks carry a
 * tangent: the others are structural zeros, as in JAX, so an infinite partial
 * with respect to a variable the direction leaves out cannot turn into 0·∞ = NaN.
 */
export function tangents(flat: DirectProgram, v: Float64Array, T: Float64Array, named?: Uint8Array): void {
  flat.kernels.forward(v);
  flat.kernels.tangent(v, T, 1, named === undefined ? undefined : activity(flat.ir, named));
}

/** Which slots depend on the inputs marked in `named`. */
function activity(ir: IR, named: Uint8Array): Uint8Array {
  const act = new Uint8Array(ir.size);
  act.set(named.subarray(0, ir.inputNames.length));
  for (let i = ir.inputNames.length; i < ir.size; i++) {
    if (ir.opcode[i] <= CONSTANT || !ir.active[i]) continue; // inactive op slots (stopGradient and after) carry no tangent
    for (let s = ir.start[i]; s < ir.start[i + 1]; s++) act[i] |= act[ir.operands[s]];
  }
  return act;
}

/** Values and adjoints of every slot, seeded with one cotangent per output; `v` holds the inputs. */
export function adjoints(flat: DirectProgram, v: Float64Array, cotangents: ArrayLike<number>): Float64Array {
  flat.kernels.forward(v);
  const a = flat.buffers.a.fill(0);
  const outputs = flat.ir.outputs;
  for (let r = 0; r < outputs.length; r++) a[outputs[r]] += cotangents[r];
  flat.kernels.reverse(v, a);
  return a;
}

/** The output values (tangents) from a slot buffer; inactive outputs have tangent 0. */
export function atOutputs(ir: IR, buffer: Float64Array, active?: Uint8Array): number[] {
  const out = new Array<number>(ir.outputs.length);
  for (let r = 0; r < out.length; r++) {
    const o = ir.outputs[r];
    out[r] = active !== undefined && !active[o] ? 0 : buffer[o];
  }
  return out;
}

/**
 * The array interpreter: runs a graph whose nodes hold arrays, node by node in
 * topological order, each into a buffer of its own (reused from run to run).
 * Elementwise primitives loop over the output with their scalar `evaluate`,
 * reading each operand through broadcast strides; structural primitives run
 * their own kernels. Derivatives of array graphs are graphs too (see
 * graph/derivative-graphs.ts), so this forward evaluation is all it needs.
 */
import { BindingTypeError, NonFiniteError, ShapeError, UnboundVariableError } from '../errors.js';
import { checksEnabled } from './checks.js';
import { type Bindings, lookup } from '../graph/bindings.js';
import { fromNested, Node } from '../graph/node.js';
import { formatShape, sameShape, type Shape, sizeOf } from '../graph/shape.js';
import { tape } from '../graph/tape.js';
import type { ArrayValue } from '../graph/values.js';
import type { Primitive, StructuralPrimitive } from '../ops/primitive.js';
import { broadcastStrides } from '../ops/strided.js';


/** A graph flattened for the array interpreter. */
export interface ArrayTape {
  readonly nodes: readonly Node[];
  readonly operands: Int32Array;
  readonly start: Int32Array;
  readonly outputs: Int32Array;
  /** Every variable name with its shape and the slots of its nodes. */
  readonly variables: ReadonlyMap<string, { readonly shape: Shape; readonly slots: readonly number[] }>;
  /** One buffer per slot: constants hold their values, the rest are overwritten by each run. */
  readonly buffers: readonly Float64Array[];
  /**
   * For derivative tapes: 1 on the slots of the values (reachable from the first
   * `primal` outputs), 0 on the derivative's own; check mode names the sweep by it.
   */
  readonly primal?: Uint8Array;
  /** Which sweep a derivative tape's own slots belong to. */
  readonly sweep?: 'tangent' | 'reverse';
}

/**
 * Flattens `outputs` (which may hold arrays) for {@link runArrays}. For a
 * derivative tape, `primal` outputs come first and the rest belong to `sweep`.
 */
export function arrayTape(outputs: Node | readonly Node[], where: string, derivative?: { primal: number; sweep: 'tangent' | 'reverse' }): ArrayTape {
  const t = tape(outputs, where);
  const variables = new Map<string, { shape: Shape; slots: number[] }>();
  const buffers = t.nodes.map((node, i) => {
    if (node.name !== undefined) {
      const v = variables.get(node.name);
      if (v === undefined) variables.set(node.name, { shape: node.shape, slots: [i] });
      else if (!sameShape(v.shape, node.shape)) {
        throw new ShapeError(`${where}: variable '${node.name}' appears with shapes ${formatShape(v.shape)} and ${formatShape(node.shape)}`);
      } else v.slots.push(i);
    }
    if (node.isConstant) return node.data ?? Float64Array.of(node.value);
    return new Float64Array(sizeOf(node.shape));
  });
  let primal: Uint8Array | undefined;
  if (derivative !== undefined) {
    primal = new Uint8Array(t.nodes.length);
    for (let r = 0; r < derivative.primal; r++) primal[t.outputs[r]] = 1;
    for (let i = t.nodes.length - 1; i >= 0; i--) {
      if (primal[i]) for (let q = t.start[i]; q < t.start[i + 1]; q++) primal[t.operands[q]] = 1;
    }
  }
  return { nodes: t.nodes, operands: t.operands, start: t.start, outputs: t.outputs, variables, buffers, primal, sweep: derivative?.sweep };
}

/**
 * The values bound to a variable of `shape`, as a Float64Array: a number (for a
 * scalar), a Float64Array of the right length, an `{ data, shape }` array value
 * or nested arrays of that shape.
 */
export function bindArray(name: string, shape: Shape, value: unknown, into: Float64Array): void {
  if (value === undefined) throw new UnboundVariableError(name);
  const n = into.length;
  if (typeof value === 'number') {
    if (shape.length > 0) throw new ShapeError(`variable '${name}' has shape ${formatShape(shape)}, but is bound to a number`);
    into[0] = value;
    return;
  }
  if (value instanceof Float64Array) {
    // a scalar variable takes a number, as in a scalar graph
    if (shape.length === 0) throw new BindingTypeError(name, value);
    if (value.length !== n) throw new ShapeError(`variable '${name}' has shape ${formatShape(shape)} (${n} values), but is bound to ${value.length} values`);
    into.set(value);
    return;
  }
  if (Array.isArray(value)) {
    const { data, shape: given } = fromNested(`variable '${name}'`, value);
    if (!sameShape(given, shape)) throw new ShapeError(`variable '${name}' has shape ${formatShape(shape)}, but is bound to nested arrays of shape ${formatShape(given)}`);
    into.set(data);
    return;
  }
  if (typeof value === 'object' && value !== null && (value as ArrayValue).data instanceof Float64Array && Array.isArray((value as ArrayValue).shape)) {
    const a = value as ArrayValue;
    if (!sameShape(a.shape, shape)) throw new ShapeError(`variable '${name}' has shape ${formatShape(shape)}, but is bound to an array of shape ${formatShape(a.shape)}`);
    if (a.data.length !== n) throw new ShapeError(`variable '${name}' is bound to an array of shape ${formatShape(a.shape)} holding ${a.data.length} values, not ${n}`);
    into.set(a.data);
    return;
  }
  throw new BindingTypeError(name, value);
}

/** Writes every variable's bound values into its slots. */
export function bindAll(t: ArrayTape, at: Bindings): void {
  for (const [name, { shape, slots }] of t.variables) {
    const first = t.buffers[slots[0]];
    bindArray(name, shape, lookup(at, name), first);
    for (let s = 1; s < slots.length; s++) t.buffers[slots[s]].set(first);
  }
}

const scratch: number[] = [];

/**
 * out[i] = p(x₀[…], x₁[…], …) over the output's row-major positions, each
 * operand read through its broadcast strides.
 */
export function elementwise(p: Primitive, x: readonly Float64Array[], shapes: readonly Shape[], out: Float64Array, shape: Shape): void {
  const n = out.length;
  if (n === 0) return;
  const same = shapes.every((s) => sameShape(s, shape));
  if (same) {
    if (p.arity === 1) {
      const a = x[0];
      for (let i = 0; i < n; i++) out[i] = p.evaluate(a[i]);
    } else if (p.arity === 2) {
      const [a, b] = x;
      for (let i = 0; i < n; i++) out[i] = p.evaluate(a[i], b[i]);
    } else {
      scratch.length = x.length;
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < x.length; k++) scratch[k] = x[k][i];
        out[i] = p.evaluate(scratch);
      }
    }
    return;
  }
  const rank = shape.length;
  const strides = shapes.map((s) => broadcastStrides(s, shape));
  const offsets = new Array<number>(x.length).fill(0);
  const index = new Int32Array(rank);
  scratch.length = x.length;
  for (let i = 0; i < n; i++) {
    if (p.arity === 1) out[i] = p.evaluate(x[0][offsets[0]]);
    else if (p.arity === 2) out[i] = p.evaluate(x[0][offsets[0]], x[1][offsets[1]]);
    else {
      for (let k = 0; k < x.length; k++) scratch[k] = x[k][offsets[k]];
      out[i] = p.evaluate(scratch);
    }
    for (let q = rank - 1; q >= 0; q--) {
      if (++index[q] < shape[q]) {
        for (let k = 0; k < x.length; k++) offsets[k] += strides[k][q];
        break;
      }
      for (let k = 0; k < x.length; k++) offsets[k] -= (shape[q] - 1) * strides[k][q];
      index[q] = 0;
    }
  }
}

/** Check mode: the first non-finite element of slot i that came from finite inputs is an error. */
function checkSlot(t: ArrayTape, i: number, inputs: readonly Float64Array[], shapes: readonly Shape[]): void {
  const y = t.buffers[i];
  const node = t.nodes[i];
  for (let e = 0; e < y.length; e++) {
    if (Number.isFinite(y[e])) continue;
    if (!inputs.every((x) => x.every(Number.isFinite))) return; // inherited: reported where it first appeared
    const sweep = t.primal === undefined || t.primal[i] ? 'forward' : t.sweep!;
    const elementwise = node.op!.kind !== 'structural';
    // the operands' values at this element (through broadcasting), for elementwise ops
    const x = elementwise ? inputs.map((xk, k) => xk[elementOffset(e, node.shape, shapes[k])]) : [];
    const at = node.shape.length === 0 ? '' : ` at element ${e} of ${formatShape(node.shape)}`;
    const from = elementwise ? `, from the finite input${x.length === 1 ? '' : 's'} ${x.join(', ')}` : ', from finite inputs';
    throw new NonFiniteError(`${node.op!.name}#${node.id} gave ${y[e]}${at} in the ${sweep} sweep${from}`, sweep, node.op!.name, node.id, x, y[e], undefined);
  }
}

/** The flat offset, in an operand of shape `from` broadcast to `to`, of flat output element e. */
function elementOffset(e: number, to: Shape, from: Shape): number {
  const strides = broadcastStrides(from, to);
  let offset = 0;
  for (let k = to.length - 1; k >= 0; k--) {
    offset += (e % to[k]) * strides[k];
    e = Math.floor(e / to[k]);
  }
  return offset;
}

/** Check mode: a variable bound to NaN or ±∞. */
function checkBindings(t: ArrayTape): void {
  for (const [name, { slots }] of t.variables) {
    const x = t.buffers[slots[0]];
    for (let e = 0; e < x.length; e++) {
      if (!Number.isFinite(x[e])) {
        const at = t.nodes[slots[0]].shape.length === 0 ? '' : ` at element ${e}`;
        throw new NonFiniteError(`variable '${name}' is bound to ${x[e]}${at}`, 'bindings', 'variable', undefined, [], x[e], undefined);
      }
    }
  }
}

/** Computes every slot of the tape (variables must be bound); with `checks`, as check mode does. */
export function runArrays(t: ArrayTape, checks = checksEnabled()): void {
  const { nodes, operands, start, buffers } = t;
  if (checks) checkBindings(t);
  const inputs: Float64Array[] = [];
  const shapes: Shape[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    const op = node.op;
    if (op === undefined) continue;
    inputs.length = 0;
    shapes.length = 0;
    for (let s = start[i]; s < start[i + 1]; s++) {
      inputs.push(buffers[operands[s]]);
      shapes.push(nodes[operands[s]].shape);
    }
    if (op.kind === 'structural') (op as StructuralPrimitive).evaluate(inputs, shapes, buffers[i], node.shape, node.attrs ?? {});
    else elementwise(op as Primitive, inputs, shapes, buffers[i], node.shape);
    if (checks) checkSlot(t, i, inputs, shapes);
  }
}

/** A slot's value as the API returns it: a number for a scalar, else `{ data, shape }` (a copy). */
export function valueOf(t: ArrayTape, slot: number): number | ArrayValue {
  const node = t.nodes[slot];
  if (node.shape.length === 0) return t.buffers[slot][0];
  return { data: t.buffers[slot].slice(), shape: node.shape.slice() };
}

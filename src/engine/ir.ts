/**
 * The flat intermediate form of a compiled graph: slots in topological order,
 * opcodes and operand slots in typed arrays. Building it prunes to what the
 * outputs need, folds constant sub-expressions (fold.ts decides which)
 * and collapses common sub-expressions (same op, same operand slots).
 *
 * Invariants (checked by checkSlotOrder in invariants.ts, in tests): inputs
 * occupy slots 0 … k−1, in the order given; every operand of a slot is an
 * earlier slot, so slot order is a topological order and every sweep can run
 * in it (or in its reverse); constants and inputs have no operands; a slot is
 * active (depends on an input along a path derivatives follow) exactly when one
 * of its operands is, except a stopGradient slot, which is never active.
 */
import { ArgumentError, describe, UnboundVariableError } from '../errors.js';
import { Node } from '../graph/node.js';
import { foldConstants } from './fold.js';
import { type Tape, tape } from '../graph/tape.js';
import type { Primitive } from '../ops/primitive.js';
import { primitives } from '../ops/table.js';
import { ByteList, FloatList, IntList } from './growable.js';

export const INPUT = 0;
export const CONSTANT = 1;
/** Opcode 2 + i is primitiveList[i]. */
export const primitiveList: readonly Primitive[] = [...primitives.values()];
const opcodes = new Map<Primitive, number>(primitiveList.map((p, i) => [p, i + 2]));
const sumOp = primitives.get('sum')!;
/** Widest sum kept as one slot. */
export const MAX_FAN_IN = 32;

export interface IR {
  /** Number of slots. */
  readonly size: number;
  readonly opcode: Uint8Array;
  /** Operand slots of slot i: operands[start[i]] … operands[start[i + 1] − 1]. */
  readonly start: Int32Array;
  readonly operands: Int32Array;
  /** Values of constant slots (0 elsewhere). */
  readonly constants: Float64Array;
  /** 1 where the slot depends on an input. */
  readonly active: Uint8Array;
  readonly inputNames: readonly string[];
  readonly outputs: Int32Array;
  /** For check mode's messages: the first graph node that became each slot (kept only when asked for). */
  readonly origins?: readonly Node[];
}

export function primitiveOf(opcode: number): Primitive {
  return primitiveList[opcode - 2];
}

/** The opcode of a primitive. */
export function opcodeOf(p: Primitive): number {
  return opcodes.get(p)!;
}

/**
 * Common sub-expressions: an open-addressing hash set of op slots keyed by
 * (opcode, operand slots), in typed arrays — no per-entry allocation, so a
 * million nodes merge in one pass without feeding the garbage collector. A
 * candidate's operands are the last ones pushed (operands[from] …): `find`
 * looks them up, and `add` records them for the slot made from them.
 */
class CseTable {
  private table: Int32Array;
  private count = 0;
  /** Where the last `find` stopped: the empty cell the key goes into. */
  private cell = -1;

  constructor(
    private readonly opcode: ByteList,
    /** Operand ranges: slot i's operands are operands[start[i]] … operands[start[i + 1] − 1]. */
    private readonly start: IntList,
    private readonly operands: IntList,
    expected: number,
  ) {
    // at most half full for the expected number of slots: no rehash in the common case
    let size = 1024;
    while (size < 2 * expected) size *= 2;
    this.table = new Int32Array(size).fill(-1);
  }

  private hash(code: number, from: number, to: number): number {
    const o = this.operands.data;
    let h = Math.imul(code + 1, 0x9e3779b1);
    for (let k = from; k < to; k++) h = Math.imul(h ^ o[k], 0x85ebca6b) ^ (h >>> 13);
    return h >>> 0;
  }

  private matches(slot: number, code: number, from: number, to: number): boolean {
    if (this.opcode.data[slot] !== code) return false;
    const s = this.start.data[slot];
    if (this.start.data[slot + 1] - s !== to - from) return false;
    const o = this.operands.data;
    for (let k = 0; k < to - from; k++) if (o[s + k] !== o[from + k]) return false;
    return true;
  }

  /** The slot computing `code` of operands[from] … operands[to − 1], or −1. */
  find(code: number, from: number, to: number): number {
    if (2 * (this.count + 1) > this.table.length) this.grow();
    const mask = this.table.length - 1;
    for (let i = this.hash(code, from, to) & mask; ; i = (i + 1) & mask) {
      const slot = this.table[i];
      if (slot < 0) {
        this.cell = i;
        return -1;
      }
      if (this.matches(slot, code, from, to)) return slot;
    }
  }

  /** Records `slot`, whose key the last `find` did not find. */
  add(slot: number): void {
    this.table[this.cell] = slot;
    this.count++;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2).fill(-1);
    const mask = this.table.length - 1;
    for (const slot of old) {
      if (slot < 0) continue;
      let i = this.hash(this.opcode.data[slot], this.start.data[slot], this.start.data[slot + 1]) & mask;
      while (this.table[i] >= 0) i = (i + 1) & mask;
      this.table[i] = slot;
    }
  }
}

/** The inputs' names, from variable nodes or strings. */
export function inputNamesOf(inputs: readonly (Node | string)[], where: string): string[] {
  if (!Array.isArray(inputs)) throw new ArgumentError(`${where}: inputs must be an array of variables, got ${describe(inputs)}`);
  const names = new Array<string>(inputs.length);
  for (let k = 0; k < inputs.length; k++) {
    const v = inputs[k];
    const name = typeof v === 'string' && v.length > 0 ? v : v instanceof Node && v.name !== undefined ? v.name : undefined;
    if (name === undefined) {
      throw new ArgumentError(`${where}: input ${k + 1} is ${v instanceof Node ? `the non-variable node ${v}` : describe(v)}, expected a variable`);
    }
    names[k] = name;
  }
  return names;
}

const UNBOUND = -2;

/**
 * Binds every variable node of the tape to its input's slot (slotOf), through
 * the tape's own map of variables (no second map over a million names).
 */
function bindInputs(t: Tape, names: readonly string[], slotOf: Int32Array, where: string): void {
  let bound = 0;
  let absent: Set<string> | undefined; // inputs the graph does not use, checked for repeats apart
  for (let k = 0; k < names.length; k++) {
    const slots = t.variables.get(names[k]);
    if (slots === undefined) {
      absent ??= new Set();
      if (absent.has(names[k])) throw new ArgumentError(`${where}: input '${names[k]}' is listed twice`);
      absent.add(names[k]);
      continue;
    }
    if (slotOf[slots[0]] !== UNBOUND) throw new ArgumentError(`${where}: input '${names[k]}' is listed twice`);
    for (const s of slots) slotOf[s] = k;
    bound++;
  }
  if (bound < t.variables.size) {
    for (const [name, slots] of t.variables) if (slotOf[slots[0]] === UNBOUND) throw new UnboundVariableError(name);
  }
}

export interface BuildOptions {
  /** Merge common sub-expressions (default true). */
  cse?: boolean;
  /** Keep the node each slot came from (for check mode). */
  origins?: boolean;
  /** The caller's name, for error messages. */
  where?: string;
  /** The tape of `outputs`, when the caller has it already. */
  tape?: Tape;
}

/** Builds the IR of `outputs` with the given inputs, in input order. */
export function buildIR(outputs: Node | readonly Node[], inputs: readonly (Node | string)[], options: BuildOptions = {}): IR {
  const { cse = true, where = 'compile' } = options;
  const origins: Node[] | undefined = options.origins ? [] : undefined;
  const names = inputNamesOf(inputs, where);
  const t = options.tape ?? tape(outputs, where);
  const n = t.nodes.length;
  const slotOf = new Int32Array(n).fill(UNBOUND); // tape index → IR slot
  bindInputs(t, names, slotOf, where);
  const opcode = new ByteList(n + names.length);
  const start = new IntList(n + names.length + 1); // start[size] is where the next slot's operands begin
  start.push(0);
  const operands = new IntList(t.operands.length);
  const constants = new FloatList(n + names.length);
  const activity = new ByteList(n + names.length);
  let size = 0;
  let origin: Node | undefined; // the tape node being translated
  /** A new slot, whose operands are everything pushed since the previous one. */
  const newSlot = (code: number, value: number, active: number) => {
    if (origins !== undefined) origins[size] = origin!;
    opcode.push(code);
    start.push(operands.length);
    constants.push(value);
    activity.push(active);
    return size++;
  };
  for (let k = 0; k < names.length; k++) {
    if (origins !== undefined) origin = t.variables.has(names[k]) ? t.nodes[t.variables.get(names[k])![0]] : undefined;
    newSlot(INPUT, 0, 1);
  }

  // Constants dedupe by value (−0 apart from 0, NaN with NaN); ops by (opcode, operand slots).
  const constantSlot = new Map<number, number>();
  let negativeZero = -1;
  const constant = (c: number) => {
    if (Object.is(c, -0)) return negativeZero >= 0 ? negativeZero : (negativeZero = newSlot(CONSTANT, c, 0));
    let s = constantSlot.get(c);
    if (s === undefined) constantSlot.set(c, (s = newSlot(CONSTANT, c, 0)));
    return s;
  };
  const table = cse ? new CseTable(opcode, start, operands, n) : undefined;

  // A constant (given or folded) gets a slot only once an op that is kept uses it.
  const PENDING = -1;
  const { nodes, active: tapeActive, start: tapeStart, operands: tapeOperands } = t;
  for (let i = 0; i < n; i++) {
    if (nodes[i].shape.length > 0) throw new ArgumentError(`${where}: ${nodes[i]} holds an array; the scalar IR takes scalar graphs only`);
  }
  const foldable = new Uint8Array(n);
  const constantValue = foldConstants(t, foldable);
  let lastOp: Primitive | undefined;
  let code = 0;
  let stops = false;
  for (let i = 0; i < n; i++) {
    if (!tapeActive[i] && foldable[i]) {
      slotOf[i] = PENDING;
      continue;
    }
    const node = nodes[i];
    const op = node.op as Primitive | undefined; // array nodes were refused above
    if (op === undefined) continue; // a variable: its slot is set
    // an inactive op that is not folded: a stopGradient, or computed from one (a value, no derivative)

    origin = node;
    const from = operands.length;
    for (let k = tapeStart[i]; k < tapeStart[i + 1]; k++) {
      const j = tapeOperands[k];
      if (slotOf[j] === PENDING) slotOf[j] = constant(constantValue[j]); // before any operand of this op is pushed
    }
    let active = 0;
    for (let k = tapeStart[i]; k < tapeStart[i + 1]; k++) {
      const s = slotOf[tapeOperands[k]];
      operands.push(s);
      active |= activity.data[s];
    }
    if (op.arity === 1 && op.stopsDerivatives) (active = 0), (stops = true);
    if (op !== lastOp) (lastOp = op), (code = opcodes.get(op)!);
    // A wide sum becomes a chain of sums of at most MAX_FAN_IN terms: the same left-to-right
    // additions (bit for bit), in pieces small enough for generated functions V8 optimizes.
    if (op === sumOp && operands.length - from > MAX_FAN_IN) {
      const args = operands.data.slice(from, operands.length);
      operands.length = from;
      let acc = -1;
      let k0 = 0;
      while (k0 < args.length) {
        const take = acc < 0 ? MAX_FAN_IN : MAX_FAN_IN - 1;
        let act = 0;
        if (acc >= 0) operands.push(acc), (act = activity.data[acc]);
        for (let k = k0; k < Math.min(k0 + take, args.length); k++) operands.push(args[k]), (act |= activity.data[args[k]]);
        k0 += take;
        acc = newSlot(code, 0, act);
      }
      slotOf[i] = acc;
      continue;
    }
    if (table !== undefined) {
      const hit = table.find(code, from, operands.length);
      if (hit >= 0) {
        operands.length = from;
        slotOf[i] = hit;
        continue;
      }
    }
    const s = newSlot(code, 0, active);
    table?.add(s);
    slotOf[i] = s;
  }
  const outputSlots = Int32Array.from(t.outputs, (o) => (slotOf[o] === PENDING ? constant(constantValue[o]) : slotOf[o]));
  if (stops) keepReaching(activity.data, opcode.data, start.data, operands.data, size, names.length, outputSlots);
  return {
    size,
    opcode: opcode.trimmed(),
    start: start.trimmed(),
    operands: operands.trimmed(),
    constants: constants.trimmed(),
    active: activity.trimmed(),
    inputNames: names,
    outputs: outputSlots,
    origins,
  };
}

/**
 * Clears the activity of op slots from which no derivative reaches an output:
 * the graph under a stopGradient (its value is computed, its adjoint is never
 * seeded), so no sweep runs a pullback there — 0·∞ from an infinite partial
 * under the stop would otherwise poison the operands' adjoints. Inputs stay active.
 */
export function keepReaching(active: Uint8Array, opcode: Uint8Array, start: Int32Array, operands: Int32Array, size: number, nInputs: number, outputs: Int32Array): void {
  const reached = new Uint8Array(size);
  for (const o of outputs) reached[o] = 1;
  for (let i = size - 1; i >= nInputs; i--) {
    if (!reached[i] || !active[i]) {
      if (opcode[i] > CONSTANT) active[i] = 0;
      continue;
    }
    for (let s = start[i]; s < start[i + 1]; s++) reached[operands[s]] = 1;
  }
}

/** Rebuilds graph nodes from an IR (for derivative graphs of a compiled program). */
export function nodesOf(ir: IR, variables: readonly Node[]): Node[] {
  const nodes = new Array<Node>(ir.size);
  for (let i = 0; i < ir.size; i++) {
    const code = ir.opcode[i];
    if (code === INPUT) nodes[i] = variables[i];
    else if (code === CONSTANT) nodes[i] = new Node(undefined, [], undefined, ir.constants[i]);
    else {
      const inputs: Node[] = [];
      for (let k = ir.start[i]; k < ir.start[i + 1]; k++) inputs.push(nodes[ir.operands[k]]);
      nodes[i] = new Node(primitiveOf(code), inputs, undefined, NaN);
    }
  }
  return nodes;
}

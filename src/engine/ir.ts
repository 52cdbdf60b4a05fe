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
import { foldedValue } from './fold.js';
import { forEachPostOrder, outputList, tape } from '../graph/tape.js';
import type { Primitive } from '../ops/primitive.js';
import { primitives } from '../ops/table.js';
import { ByteList, FloatList, IntList } from './growable.js';
import { borrow, giveBack } from './scratch.js';

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
 * million nodes merge in one pass without feeding the garbage collector. Each
 * cell holds a slot and its key's hash: a probe compares hashes before it reads
 * the slot's operands, and growing rehashes from the cells alone. A
 * candidate's operands are the last ones pushed (operands[from] …): `find`
 * looks them up, and `add` records them for the slot made from them.
 */
class CseTable {
  /** Cell c: cells[2c] is a slot (−1: empty), cells[2c + 1] the hash of its key. */
  private cells: Int32Array;
  private mask: number;
  private count = 0;
  /** Where the last `find` stopped: the empty cell the key goes into, and the key's hash. */
  private cell = -1;
  private hashed = 0;

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
    this.cells = CseTable.emptyCells(size);
    this.mask = size - 1;
  }

  /** `size` empty cells, on scratch memory (scratch.ts). */
  private static emptyCells(size: number): Int32Array {
    return new Int32Array(borrow(8 * size), 0, 2 * size).fill(-1);
  }

  /** Hands the table's memory back (use it no more). */
  release(): void {
    giveBack(this.cells.buffer as ArrayBuffer);
  }

  private hash(code: number, from: number, to: number): number {
    const o = this.operands.data;
    let h = Math.imul(code + 1, 0x9e3779b1);
    for (let k = from; k < to; k++) h = Math.imul(h ^ o[k], 0x85ebca6b) ^ (h >>> 13);
    return h;
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
    if (2 * (this.count + 1) > this.mask + 1) this.grow();
    const h = this.hash(code, from, to);
    const cells = this.cells;
    const mask = this.mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const slot = cells[2 * i];
      if (slot < 0) {
        this.cell = i;
        this.hashed = h;
        return -1;
      }
      if (cells[2 * i + 1] === h && this.matches(slot, code, from, to)) return slot;
    }
  }

  /** Records `slot`, whose key the last `find` did not find. */
  add(slot: number): void {
    this.cells[2 * this.cell] = slot;
    this.cells[2 * this.cell + 1] = this.hashed;
    this.count++;
  }

  private grow(): void {
    const old = this.cells;
    const cells = (this.cells = CseTable.emptyCells(old.length));
    const mask = (this.mask = 2 * this.mask + 1);
    for (let c = 0; c < old.length; c += 2) {
      if (old[c] < 0) continue;
      let i = old[c + 1] & mask;
      while (cells[2 * i] >= 0) i = (i + 1) & mask;
      cells[2 * i] = old[c];
      cells[2 * i + 1] = old[c + 1];
    }
    giveBack(old.buffer as ArrayBuffer);
  }
}

/** One table alive as long as the module, so that a collection keeps the compiler's optimized code (see growable.ts's LIVE_LISTS). */
export const LIVE_TABLE = new CseTable(new ByteList(), new IntList(), new IntList(), 0);

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

/**
 * Each input's position by name, checked: a name listed twice is an error (in
 * input order, whether or not the graph uses it).
 */
function inputPositions(names: readonly string[], where: string): Map<string, number> {
  const position = new Map<string, number>();
  for (let k = 0; k < names.length; k++) {
    if (position.has(names[k])) throw new ArgumentError(`${where}: input '${names[k]}' is listed twice`);
    position.set(names[k], k);
  }
  return position;
}

/**
 * The scalar IR takes scalar graphs only: the error for a graph that holds an
 * array, after the checks that come before it (the tape's own, inputs listed
 * twice, then variables the inputs do not bind, in graph order).
 */
function refuseArrays(outputs: readonly Node[], names: readonly string[], where: string): never {
  const t = tape(outputs, where);
  const position = inputPositions(names, where);
  for (const name of t.variables.keys()) if (!position.has(name)) throw new UnboundVariableError(name);
  const node = t.nodes.find((x) => x.shape.length > 0)!;
  throw new ArgumentError(`${where}: ${node} holds an array; the scalar IR takes scalar graphs only`);
}

export interface BuildOptions {
  /** Merge common sub-expressions (default true). */
  cse?: boolean;
  /** Keep the node each slot came from (for check mode). */
  origins?: boolean;
  /** The caller's name, for error messages. */
  where?: string;
}

/**
 * Builds the IR of `outputs` with the given inputs, in input order: one walk
 * over the graph (forEachPostOrder, the tape's order), translating each node
 * as it is reached — no tape of the graph is built first. During the walk a
 * node's `_slot` says what it became: its slot (≥ 0) when it is active (a
 * variable, or an op some variable reaches), else −1 − p for entry p of the
 * pending constants (its folded value, and the slot it gets once a kept op
 * uses it).
 */
export function buildIR(outputs: Node | readonly Node[], inputs: readonly (Node | string)[], options: BuildOptions = {}): IR {
  const { cse = true, where = 'compile' } = options;
  const origins: Node[] | undefined = options.origins ? [] : undefined;
  const names = inputNamesOf(inputs, where);
  const outs = outputList(outputs, where);
  for (const o of outs) if (o.hasArrays) refuseArrays(outs, names, where);
  const position = inputPositions(names, where);

  // the IR grows on scratch memory (scratch.ts) and is copied out at its exact size
  const opcode = new ByteList(1024, true);
  const start = new IntList(1024, true); // start[size] is where the next slot's operands begin
  start.push(0);
  const operands = new IntList(2048, true);
  const constants = new FloatList(1024, true);
  const activity = new ByteList(1024, true);
  let size = 0;
  let origin: Node | undefined; // the graph node being translated
  /** A new slot, whose operands are everything pushed since the previous one. */
  const newSlot = (code: number, value: number, active: number) => {
    if (origins !== undefined) origins[size] = origin!;
    opcode.push(code);
    start.push(operands.length);
    constants.push(value);
    activity.push(active);
    return size++;
  };
  for (let k = 0; k < names.length; k++) newSlot(INPUT, 0, 1); // their origins: the first variable node of each name the walk meets

  // Constants dedupe by value (−0 apart from 0, NaN with NaN); ops by (opcode, operand slots).
  const constantSlot = new Map<number, number>();
  let negativeZero = -1;
  const constant = (c: number) => {
    if (Object.is(c, -0)) return negativeZero >= 0 ? negativeZero : (negativeZero = newSlot(CONSTANT, c, 0));
    let s = constantSlot.get(c);
    if (s === undefined) constantSlot.set(c, (s = newSlot(CONSTANT, c, 0)));
    return s;
  };
  const table = cse ? new CseTable(opcode, start, operands, 1024) : undefined;

  // Nodes no variable reaches, folded (fold.ts decides): a constant gets a slot only once an op that is kept uses it.
  const pendingValue = new FloatList(16, true);
  const pendingFolds = new ByteList(16, true);
  const pendingSlot = new IntList(16, true);
  const folded = (x: Node) => {
    const p = -1 - x._slot;
    return pendingFolds.data[p] === 1 ? pendingValue.data[p] : undefined;
  };
  const scratch: number[] = [];
  let pendingNode!: Node;
  const pendingOperand = (k: number) => folded(pendingNode.inputs[k]);
  /** The slot of a translated node, giving a pending constant its slot on first use. */
  const slotOf = (x: Node) => {
    if (x._slot >= 0) return x._slot;
    const p = -1 - x._slot;
    if (pendingSlot.data[p] < 0) pendingSlot.data[p] = constant(pendingValue.data[p]);
    return pendingSlot.data[p];
  };

  let lastOp: Primitive | undefined;
  let code = 0;
  let translated = false; // whether some op has been translated (the origin of a constant output)
  let stops = false; // whether a stopGradient was translated (a value, no derivative)
  forEachPostOrder(outs, (node) => {
    if (node.name !== undefined) {
      const k = position.get(node.name);
      if (k === undefined) throw new UnboundVariableError(node.name);
      if (origins !== undefined && origins[k] === undefined) origins[k] = node;
      node._slot = k;
      return;
    }
    const inputs = node.inputs;
    let reached = false;
    for (let k = 0; k < inputs.length && !reached; k++) reached = inputs[k]._slot >= 0;
    if (!reached) {
      pendingNode = node;
      const v = foldedValue(node, pendingOperand, scratch);
      node._slot = -1 - pendingSlot.length;
      pendingValue.push(v ?? NaN);
      pendingFolds.push(v === undefined ? 0 : 1);
      pendingSlot.push(-1);
      return;
    }
    const op = node.op as Primitive; // a scalar graph: every op is elementwise
    origin = node;
    translated = true;
    const from = operands.length;
    for (let k = 0; k < inputs.length; k++) if (inputs[k]._slot < 0) slotOf(inputs[k]); // before any operand of this op is pushed
    let active = 0;
    for (let k = 0; k < inputs.length; k++) {
      const s = inputs[k]._slot >= 0 ? inputs[k]._slot : slotOf(inputs[k]);
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
      node._slot = acc;
      return;
    }
    if (table !== undefined) {
      const hit = table.find(code, from, operands.length);
      if (hit >= 0) {
        operands.length = from;
        node._slot = hit;
        return;
      }
    }
    const s = newSlot(code, 0, active);
    table?.add(s);
    node._slot = s;
  });
  if (!translated && names.length > 0 && origins !== undefined) origin = origins[names.length - 1];
  const outputSlots = Int32Array.from(outs, slotOf);
  if (stops) keepReaching(activity.data, opcode.data, start.data, operands.data, size, names.length, outputSlots);
  table?.release();
  pendingValue.release();
  pendingFolds.release();
  pendingSlot.release();
  return {
    size,
    opcode: opcode.done(),
    start: start.done(),
    operands: operands.done(),
    constants: constants.done(),
    active: activity.done(),
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

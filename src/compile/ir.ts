/**
 * The flat intermediate form of a compiled graph: slots in topological order,
 * opcodes and operand slots in typed arrays. Inputs occupy slots 0 … k−1.
 * Building it prunes to what the outputs need, folds constant sub-expressions
 * and collapses common sub-expressions (same op, same operand slots).
 */
import { ArgumentError, describe, UnboundVariableError } from '../errors.js';
import { Node } from '../graph/node.js';
import { type Tape, tape } from '../graph/tape.js';
import type { Primitive } from '../ops/primitive.js';
import { primitives } from '../ops/table.js';

export const INPUT = 0;
export const CONSTANT = 1;
/** Opcode 2 + i is primitiveList[i]. */
export const primitiveList: readonly Primitive[] = [...primitives.values()];
const opcodeOf = new Map<Primitive, number>(primitiveList.map((p, i) => [p, i + 2]));
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

class Growable {
  data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(x: number): void {
    if (this.length === this.data.length) {
      const d = new Int32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = x;
  }
  done(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * Common sub-expressions: an open-addressing hash set of op slots keyed by
 * (opcode, operand slots), in typed arrays — no per-entry allocation, so a
 * million nodes merge in one pass without feeding the garbage collector.
 */
class CseTable {
  private table: Int32Array;
  private count = 0;

  constructor(
    private readonly opcode: Growable,
    private readonly start: Growable,
    private readonly operands: Growable,
    expected: number,
  ) {
    // at most half full for the expected number of slots: no rehash in the common case
    let size = 1024;
    while (size < 2 * expected) size *= 2;
    this.table = new Int32Array(size).fill(-1);
  }

  private static hash(code: number, args: readonly number[]): number {
    let h = Math.imul(code + 1, 0x9e3779b1);
    for (const a of args) h = Math.imul(h ^ a, 0x85ebca6b) ^ (h >>> 13);
    return h >>> 0;
  }

  private matches(slot: number, code: number, args: readonly number[]): boolean {
    if (this.opcode.data[slot] !== code) return false;
    const s = this.start.data[slot];
    const e = slot + 1 < this.start.length ? this.start.data[slot + 1] : this.operands.length;
    if (e - s !== args.length) return false;
    for (let k = 0; k < args.length; k++) if (this.operands.data[s + k] !== args[k]) return false;
    return true;
  }

  /** The slot computing (code, args), or −1. */
  find(code: number, args: readonly number[]): number {
    const mask = this.table.length - 1;
    for (let i = CseTable.hash(code, args) & mask; ; i = (i + 1) & mask) {
      const slot = this.table[i];
      if (slot < 0) return -1;
      if (this.matches(slot, code, args)) return slot;
    }
  }

  /** Records that `slot` computes (code, args). */
  add(slot: number, code: number, args: readonly number[]): void {
    if (2 * (this.count + 1) > this.table.length) this.grow();
    const mask = this.table.length - 1;
    let i = CseTable.hash(code, args) & mask;
    while (this.table[i] >= 0) i = (i + 1) & mask;
    this.table[i] = slot;
    this.count++;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2).fill(-1);
    this.count = 0;
    const args: number[] = [];
    for (const slot of old) {
      if (slot < 0) continue;
      args.length = 0;
      const s = this.start.data[slot];
      const e = slot + 1 < this.start.length ? this.start.data[slot + 1] : this.operands.length;
      for (let k = s; k < e; k++) args.push(this.operands.data[k]);
      this.add(slot, this.opcode.data[slot], args);
    }
  }
}

/** Names of the inputs, from variable nodes or strings. */
export function inputNamesOf(inputs: readonly (Node | string)[], where: string): string[] {
  if (!Array.isArray(inputs)) throw new ArgumentError(`${where}: inputs must be an array of variables, got ${describe(inputs)}`);
  const names = inputs.map((v, k) => {
    if (typeof v === 'string' && v.length > 0) return v;
    if (v instanceof Node && v.name !== undefined) return v.name;
    throw new ArgumentError(`${where}: input ${k + 1} is ${v instanceof Node ? `the non-variable node ${v}` : describe(v)}, expected a variable`);
  });
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new ArgumentError(`${where}: input '${name}' is listed twice`);
    seen.add(name);
  }
  return names;
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
  const inputIndex = new Map(names.map((n, k) => [n, k]));
  for (const name of t.variables.keys()) {
    if (!inputIndex.has(name)) throw new UnboundVariableError(name);
  }
  const n = t.nodes.length;
  const slotOf = new Int32Array(n); // tape index → IR slot
  const opcode = new Growable(n + names.length);
  const start = new Growable(n + names.length + 1);
  const operands = new Growable(t.operands.length);
  const constants: number[] = [];
  const activeList: number[] = [];
  let size = 0;
  let origin: Node | undefined; // the tape node being translated
  const newSlot = (code: number, value: number, active: number) => {
    if (origins !== undefined) origins[size] = origin!;
    opcode.push(code);
    start.push(operands.length);
    constants.push(value);
    activeList.push(active);
    return size++;
  };
  for (let k = 0; k < names.length; k++) {
    origin = t.variables.has(names[k]) ? t.nodes[t.variables.get(names[k])![0]] : undefined;
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
  const args: number[] = [];
  const argValues: number[] = [];

  // A constant (given or folded) gets a slot only once an op that is kept uses it.
  const PENDING = -1;
  const constantValue = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const node = t.nodes[i];
    origin = node;
    if (node.shape.length > 0) throw new ArgumentError(`${where}: ${node} holds an array; the scalar IR takes scalar graphs only`);
    const op = node.op as Primitive | undefined;
    if (op === undefined) {
      if (node.name !== undefined) slotOf[i] = inputIndex.get(node.name)!;
      else (slotOf[i] = PENDING), (constantValue[i] = node.value);
      continue;
    }
    let allConstant = true;
    for (let k = t.start[i]; k < t.start[i + 1]; k++) {
      const j = t.operands[k];
      if (slotOf[j] !== PENDING) allConstant = false;
    }
    if (allConstant) {
      argValues.length = 0;
      for (let k = t.start[i]; k < t.start[i + 1]; k++) argValues.push(constantValue[t.operands[k]]);
      slotOf[i] = PENDING;
      constantValue[i] =
        op.arity === 1 ? op.evaluate(argValues[0]) : op.arity === 2 ? op.evaluate(argValues[0], argValues[1]) : op.evaluate(argValues);
      continue;
    }
    args.length = 0;
    let active = 0;
    for (let k = t.start[i]; k < t.start[i + 1]; k++) {
      const j = t.operands[k];
      const s = slotOf[j] === PENDING ? constant(constantValue[j]) : slotOf[j];
      args.push(s);
      active |= activeList[s];
    }
    const code = opcodeOf.get(op)!;
    // A wide sum becomes a chain of sums of at most MAX_FAN_IN terms: the same left-to-right
    // additions (bit for bit), in pieces small enough for generated functions V8 optimizes.
    if (op === sumOp && args.length > MAX_FAN_IN) {
      let acc = -1;
      let k0 = 0;
      while (k0 < args.length) {
        const take = acc < 0 ? MAX_FAN_IN : MAX_FAN_IN - 1;
        const piece = acc < 0 ? args.slice(0, take) : [acc, ...args.slice(k0, k0 + take)];
        k0 += take;
        let act = 0;
        for (const a of piece) act |= activeList[a];
        acc = newSlot(code, 0, act);
        for (const a of piece) operands.push(a);
      }
      slotOf[i] = acc;
      continue;
    }
    if (table !== undefined) {
      const hit = table.find(code, args);
      if (hit >= 0) {
        slotOf[i] = hit;
        continue;
      }
    }
    const s = newSlot(code, 0, active);
    for (const a of args) operands.push(a);
    table?.add(s, code, args);
    slotOf[i] = s;
  }
  const outputSlots = Int32Array.from(t.outputs, (o) => (slotOf[o] === PENDING ? constant(constantValue[o]) : slotOf[o]));
  start.push(operands.length);
  return {
    size,
    opcode: Uint8Array.from(opcode.done()),
    start: start.done(),
    operands: operands.done(),
    constants: Float64Array.from(constants),
    active: Uint8Array.from(activeList),
    inputNames: names,
    outputs: outputSlots,
    origins,
  };
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

/**
 * Loop rerolling: consecutive runs of statements that repeat — the same
 * shapes (opcodes, places, constants, wiring) in blocks of P statements, with
 * every slot index affine in the block number t — become one `for` loop over
 * t. The loop runs the very statements of the run, in their order, so the
 * floating-point operations and their order do not change: the backends still
 * agree bit for bit. A Rosenbrock sum of 10⁵ terms, a chain of 10⁶ sines or a
 * sum of 10⁶ terms compiles to a few loops instead of thousands of functions,
 * which V8 optimizes with its default settings.
 *
 * Each statement is expanded once and written as a sequence of integers (its
 * shape: kind, target place, the term's nodes with constants and places but
 * no slot numbers), interned to a token; its slot numbers (target first, then
 * the reads left to right) are its fields. Finding loops then compares only
 * integers.
 */
import { IntList } from './growable.js';
import { CONSTANT, type IR, opcodeOf } from './ir.js';
import { expand, type Expanded, OUTPUT, PULL, PULL_STATIC, releaseOperandCache, type Statements, type Target } from './statements.js';
import { ADJOINT, type Term, VALUE } from './terms.js';

const float = new Float64Array(1);
const words = new Int32Array(float.buffer);

/** Interned integer sequences: equal sequences get equal ids (exact, by hashing then comparing). */
class Interner {
  private table = new Int32Array(1024).fill(-1);
  private readonly starts: number[] = [0];
  private pool = new Int32Array(4096);
  private poolLength = 0;

  get size(): number {
    return this.starts.length - 1;
  }

  private static hash(seq: readonly number[], n: number): number {
    let h = 0x811c9dc5;
    for (let k = 0; k < n; k++) h = Math.imul(h ^ seq[k], 0x01000193);
    return (h ^ (h >>> 15)) >>> 0;
  }

  private equals(id: number, seq: readonly number[], n: number): boolean {
    const s = this.starts[id];
    if (this.starts[id + 1] - s !== n) return false;
    for (let k = 0; k < n; k++) if (this.pool[s + k] !== seq[k]) return false;
    return true;
  }

  intern(seq: readonly number[], n: number): number {
    const mask = this.table.length - 1;
    let i = Interner.hash(seq, n) & mask;
    for (; this.table[i] >= 0; i = (i + 1) & mask) if (this.equals(this.table[i], seq, n)) return this.table[i];
    const id = this.size;
    while (this.poolLength + n > this.pool.length) {
      const p = new Int32Array(this.pool.length * 2);
      p.set(this.pool);
      this.pool = p;
    }
    for (let k = 0; k < n; k++) this.pool[this.poolLength++] = seq[k];
    this.starts.push(this.poolLength);
    this.table[i] = id;
    if (2 * this.size > this.table.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2).fill(-1);
    const mask = table.length - 1;
    const seq: number[] = [];
    for (let id = 0; id < this.size; id++) {
      seq.length = 0;
      for (let k = this.starts[id]; k < this.starts[id + 1]; k++) seq.push(this.pool[k]);
      let i = Interner.hash(seq, seq.length) & mask;
      while (table[i] >= 0) i = (i + 1) & mask;
      table[i] = id;
    }
    this.table = table;
  }
}

/** What every statement of a list looks like: its token, fields, and each token's field places. */
export interface Shapes {
  /** Token of each statement (−1 for a loop helper: never part of a loop). */
  readonly tokens: Int32Array;
  /** Fields of statement q: fields[fieldStart[q]] … fields[fieldStart[q + 1] − 1]; the first is its target. */
  readonly fieldStart: Int32Array;
  readonly fields: Int32Array;
  /** Generated-code weight of each statement (term nodes). */
  readonly weight: Int32Array;
  /** For each token: the place of each field (the target's first). */
  readonly places: readonly Uint8Array[];
  /** For each token: whether its target accumulates (+=). */
  readonly accumulates: readonly boolean[];
}

/** Writes the shape of a term (pre-order) into seq and its reads' slots into slots; returns the node count. */
function serialize(t: Term, seq: number[], slots: number[], places: number[]): number {
  if (t.kind === 'constant') {
    float[0] = t.value;
    seq.push(0, words[0], words[1]);
    return 1;
  }
  if (t.kind === 'read') {
    seq.push(1, t.place);
    slots.push(t.slot);
    places.push(t.place);
    return 1;
  }
  seq.push(2, opcodeOf(t.op), t.args.length);
  let n = 1;
  for (const a of t.args) n += serialize(a, seq, slots, places);
  return n;
}

/** Where a field of a statement class comes from: operand m (m ≥ 0) or the statement's own slot. */
const SELF = -1;

/**
 * Tokens and fields of every statement. Statements of unary and binary slots
 * fall into classes — same kind, opcode, operand position, constant operands,
 * equal operands, active operands and static adjoint — whose terms differ only
 * in slot numbers: each class is expanded once, and its other statements only
 * map the class's field sources (an operand, or the slot itself) to slots.
 */
export function shapesOf(st: Statements): Shapes {
  const m = st.length;
  const ir = st.ir;
  const { opcode, start, operands, active } = ir;
  const interner = new Interner();
  const classes = new Interner();
  const classToken: number[] = [];
  const classWeight: number[] = [];
  const classSources: Int8Array[] = [];
  const tokens = new Int32Array(m);
  const fieldStart = new Int32Array(m + 1);
  const weight = new Int32Array(m);
  const fields = new IntList(3 * m);
  const places: Uint8Array[] = [];
  const accumulates: boolean[] = [];
  const seq: number[] = [];
  const slots: number[] = [];
  const fieldPlaces: number[] = [];
  const key: number[] = [];
  const isConstant = (j: number) => opcode[j] === CONSTANT;
  /** Expands statement q: its token and weight, its fields in `slots`. */
  const expandOne = (q: number) => {
    const e: Expanded = expand(st, q);
    seq.length = 0;
    slots.length = 0;
    fieldPlaces.length = 0;
    seq.push(e.kind, e.target);
    slots.push(e.slot);
    fieldPlaces.push(e.target);
    const w = serialize(e.term, seq, slots, fieldPlaces);
    const token = interner.intern(seq, seq.length);
    if (token === places.length) {
      places.push(Uint8Array.from(fieldPlaces));
      accumulates.push(e.accumulate);
    }
    return { token, w };
  };
  for (let q = 0; q < m; q++) {
    fieldStart[q] = fields.length;
    if (st.isHelper(q)) {
      tokens[q] = -1;
      weight[q] = 4;
      continue;
    }
    const kind = st.kind(q);
    const i = st.slot(q);
    const s0 = start[i];
    const arity = start[i + 1] - s0;
    if (kind === OUTPUT || arity > 2) {
      const { token, w } = expandOne(q);
      tokens[q] = token;
      weight[q] = w;
      for (const s of slots) fields.push(s);
      continue;
    }
    key.length = 0;
    key.push(kind, opcode[i], kind === PULL || kind === PULL_STATIC ? st.position(q) : 0);
    for (let k = 0; k < arity; k++) {
      const j = operands[s0 + k];
      key.push(isConstant(j) ? j : -1, active[j]);
    }
    if (arity === 2) key.push(operands[s0] === operands[s0 + 1] ? 1 : 0);
    if (kind === PULL_STATIC) {
      float[0] = st.plan!.staticAdjoint[i];
      key.push(words[0], words[1]);
    }
    const c = classes.intern(key, key.length);
    if (c === classToken.length) {
      const { token, w } = expandOne(q);
      classToken.push(token);
      classWeight.push(w);
      // each field's source: the slot itself, else the first operand it is (equal operands are equal in every statement of the class)
      classSources.push(
        Int8Array.from(slots, (slot) => {
          if (slot === i) return SELF;
          for (let k = 0; k < arity; k++) if (operands[s0 + k] === slot) return k;
          throw new Error(`reroll: field slot ${slot} of statement ${q} is neither its slot nor an operand`);
        }),
      );
    }
    tokens[q] = classToken[c];
    weight[q] = classWeight[c];
    const sources = classSources[c];
    for (let f = 0; f < sources.length; f++) fields.push(sources[f] === SELF ? i : operands[s0 + sources[f]]);
  }
  fieldStart[m] = fields.length;
  releaseOperandCache();
  return { tokens, fieldStart, fields: fields.data, weight, places, accumulates };
}

/** A run of statements: straight (`reps` 0: statements from … from + period − 1), a loop, or a loop helper call. */
export interface Piece {
  readonly from: number;
  /** Statements per block (straight: statements in the run). */
  readonly period: number;
  /** Blocks (0 for straight code and helpers). */
  readonly reps: number;
  readonly helper: boolean;
  /** Loops: the stride of each field of the body (in field order). */
  readonly strides?: Int32Array;
}

export interface RerollOptions {
  /** Longest block, in statements. */
  readonly maxPeriod: number;
  /** Heaviest block (statement weights). */
  readonly maxWeight: number;
  /** Fewest blocks a loop has, and fewest statements it covers. */
  readonly minReps: number;
  readonly minStatements: number;
}

export const DEFAULT_REROLL: RerollOptions = { maxPeriod: 256, maxWeight: 400, minReps: 4, minStatements: 12 };

/** How many next occurrences of a statement's token are tried as the start of its next block. */
const TRIES = 8;

/**
 * Splits a statement list into straight runs, loops and helper calls. The
 * memory side of a value slot (inputs may live in their own array, `x`) must
 * not change within one field of a loop, and no two distinct fields of a loop
 * may reach the same value or adjoint slot in one block when either writes it.
 */
export function findLoops(st: Statements, shapes: Shapes, options: RerollOptions = DEFAULT_REROLL): Piece[] {
  const m = st.length;
  const { tokens, fieldStart, fields, weight, places } = shapes;
  const ir = st.ir;
  const nextSame = new Int32Array(m).fill(-1);
  const lastAt = new Int32Array(places.length).fill(-1);
  for (let q = m - 1; q >= 0; q--) {
    const tok = tokens[q];
    if (tok < 0) continue;
    nextSame[q] = lastAt[tok];
    lastAt[tok] = q;
  }
  const pieces: Piece[] = [];
  let straightFrom = -1;
  const closeStraight = (q: number) => {
    if (straightFrom >= 0) pieces.push({ from: straightFrom, period: q - straightFrom, reps: 0, helper: false });
    straightFrom = -1;
  };
  let q = 0;
  while (q < m) {
    if (tokens[q] < 0) {
      closeStraight(q);
      pieces.push({ from: q, period: 1, reps: 0, helper: true });
      q++;
      continue;
    }
    let loop: Piece | undefined;
    for (let p = nextSame[q], tries = 0; p >= 0 && p - q <= options.maxPeriod && tries < TRIES && loop === undefined; p = nextSame[p], tries++) {
      loop = tryLoop(ir, q, p - q, m, tokens, fieldStart, fields, weight, places, options);
    }
    if (loop === undefined) {
      if (straightFrom < 0) straightFrom = q;
      q++;
      continue;
    }
    closeStraight(q);
    pieces.push(loop);
    q += loop.period * loop.reps;
  }
  closeStraight(m);
  return pieces;
}

function tryLoop(
  ir: IR,
  q: number,
  P: number,
  m: number,
  tokens: Int32Array,
  fieldStart: Int32Array,
  fields: Int32Array,
  weight: Int32Array,
  places: readonly Uint8Array[],
  options: RerollOptions,
): Piece | undefined {
  // a helper call (token −1) is never part of a loop
  for (let r = 0; r < P; r++) if (tokens[q + r] < 0) return undefined;
  let w = 0;
  for (let r = 0; r < P; r++) w += weight[q + r];
  if (w > options.maxWeight) return undefined;
  const sameTokens = (rep: number) => {
    if (q + (rep + 1) * P > m) return false;
    for (let r = 0; r < P; r++) if (tokens[q + rep * P + r] !== tokens[q + r]) return false;
    return true;
  };
  if (!sameTokens(1)) return undefined;
  // blocks with the same tokens and every field affine in the block number (checked together, so a
  // long run of equal tokens whose fields are not affine costs a few blocks, not the whole run)
  const f0 = fieldStart[q];
  const F = fieldStart[q + P] - f0;
  const strides = new Int32Array(F);
  for (let f = 0; f < F; f++) strides[f] = fields[fieldStart[q + P] + f] - fields[f0 + f];
  let reps = 2;
  for (; sameTokens(reps); reps++) {
    const ft = fieldStart[q + reps * P];
    let affine = true;
    for (let f = 0; f < F && affine; f++) affine = fields[ft + f] === fields[f0 + f] + reps * strides[f];
    if (!affine) break;
  }
  if (reps < options.minReps || reps * P < options.minStatements) return undefined;
  if (!separate(ir, q, P, reps, fieldStart, fields, strides, tokens, places)) return undefined;
  return { from: q, period: P, reps, helper: false, strides };
}

/** The loop's fields keep to one side of the inputs and do not alias a written value or adjoint slot within a block. */
function separate(
  ir: IR,
  q: number,
  P: number,
  R: number,
  fieldStart: Int32Array,
  fields: Int32Array,
  strides: Int32Array,
  tokens: Int32Array,
  places: readonly Uint8Array[],
): boolean {
  const nInputs = ir.inputNames.length;
  const f0 = fieldStart[q];
  // distinct (place, base, stride) of the value and adjoint fields, and whether any is a target
  const key = new Map<string, { place: Target; base: number; stride: number; written: boolean }>();
  for (let r = 0; r < P; r++) {
    const pl = places[tokens[q + r]];
    for (let f = fieldStart[q + r], k = 0; f < fieldStart[q + r + 1]; f++, k++) {
      const place = pl[k] as Target;
      if (place !== VALUE && place !== ADJOINT) continue;
      const base = fields[f];
      const stride = strides[f - f0];
      if (place === VALUE) {
        const last = base + stride * (R - 1);
        if (base < nInputs !== last < nInputs) return false; // inputs are slots 0 … nInputs − 1 (ir.ts)
      }
      const id = `${place},${base},${stride}`;
      const e = key.get(id);
      if (e === undefined) key.set(id, { place, base, stride, written: k === 0 });
      else if (k === 0) e.written = true;
    }
  }
  const list = [...key.values()];
  for (let a = 0; a < list.length; a++) {
    for (let b = a + 1; b < list.length; b++) {
      const x = list[a];
      const y = list[b];
      if (x.place !== y.place || (!x.written && !y.written)) continue;
      const ds = x.stride - y.stride;
      const db = y.base - x.base;
      if (ds === 0) continue; // distinct bases, same stride: never equal
      if (db % ds === 0 && db / ds >= 0 && db / ds < R) return false;
    }
  }
  return true;
}

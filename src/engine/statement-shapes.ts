/**
 * Statement shapes: each statement written as a sequence of integers — its
 * kind, target place, and its term's nodes with constants and places but no
 * slot numbers — interned to a token, and its slot numbers (target first, then
 * the reads left to right) as its fields. Two statements with the same token
 * differ only in their fields, so loop rerolling (reroll.ts) compares integers.
 */
import { IntList } from './growable.js';
import { CONSTANT, opcodeOf } from './ir.js';
import { expand, type Expanded, OUTPUT, PULL, PULL_STATIC, releaseOperandCache, type Statements } from './statements.js';
import { SUM_FIRST, SUM_LAST } from './sum-chains.js';
import type { Term } from './terms.js';

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
  const seq: number[] = [];
  const slots: number[] = [];
  const fieldPlaces: number[] = [];
  const key: number[] = [];
  const isConstant = (j: number) => opcode[j] === CONSTANT;
  const sumTokens = [-1, -1, -1];
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
    if (kind >= SUM_FIRST && kind <= SUM_LAST && !isConstant(st.position(q))) {
      // V[i] (+)= V[j]: one token a kind, fields (i, j)
      let token = sumTokens[kind - SUM_FIRST];
      if (token < 0) token = sumTokens[kind - SUM_FIRST] = expandOne(q).token;
      tokens[q] = token;
      weight[q] = 2;
      fields.push(i);
      fields.push(st.position(q));
      continue;
    }
    const s0 = start[i];
    const arity = start[i + 1] - s0;
    if (kind === OUTPUT || (kind >= SUM_FIRST && kind <= SUM_LAST) || arity > 2) {
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
  return { tokens, fieldStart, fields: fields.data, weight, places };
}

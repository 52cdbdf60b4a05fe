/**
 * The JavaScript backend. Each sweep is lowered to statements (statements.ts),
 * whose terms come from the primitives' own rules (terms.ts); repeated runs
 * become loops (reroll.ts); the rest is straight-line code. The statements are
 * packed, in order, into generated functions of at most about `chunkSize`
 * weight (a loop weighs its body), so every function has a bounded size
 * whatever the graph's shape, and each is rendered from the statements'
 * structure through the primitives' `emit` templates. Source text is built only
 * from slot indices, number literals and those templates — never from variable
 * names or any other user string — and never read back.
 *
 * Memory model. A statement's meaning is its effect on the program's buffers
 * (values v, adjoints a, tangents T, the outputs): it runs in the
 * interpreter's order (statements.ts), so generated code is correct whatever
 * it keeps in locals, provided that at each segment boundary (the straight
 * code of a function between loops and helper calls, one block of a loop, one
 * helper call) the buffers hold every value and adjoint another segment reads
 * later. Within a segment values and adjoints live in locals: a slot's first
 * access in a segment loads it from memory when any earlier segment touched it
 * (or the caller filled it), and its last write in a segment stores it when any
 * later segment touches it (or the caller reads it). `firstSeg`/`lastSeg` —
 * the first and last segment touching each slot — decide both, from the
 * statements' fields (their structure), never from generated text.
 *
 * Invariant: every floating-point operation happens in the interpreter's order,
 * so the two backends agree bit for bit (tested on random graphs).
 */
import { literal } from '../ops/arithmetic.js';
import { dotLoops } from './dot-loops.js';
import { CONSTANT, INPUT, type IR } from './ir.js';
import type { Kernels } from './kernels.js';
import { IntList } from './growable.js';
import { DEFAULT_REROLL, findLoops, type Piece } from './reroll.js';
import { type Shapes, shapesOf } from './statement-shapes.js';
import { SUM_FIRST, SUM_LAST, SUM_NEXT } from './sum-chains.js';
import type { PlannedSweep, SweepPlan } from './sweep-plan.js';
import {
  DOT,
  DOT_BACK,
  DOT_BACK_STATIC,
  DOT_TANGENT,
  dotLoop,
  expand,
  type Expanded,
  gradientStatements,
  OUT,
  releaseOperandCache,
  reverseStatements,
  type Statements,
  type Target,
  tangentStatements,
  valueStatements,
} from './statements.js';
import { ADJOINT, type Application, forEachRead, type Read, readsFrom, render, TANGENT, VALUE } from './terms.js';

export const DEFAULT_CHUNK_SIZE = 500;

/** True where `new Function` works (false under a Content-Security-Policy without 'unsafe-eval'). */
export function canGenerateCode(): boolean {
  try {
    return new Function('return 1')() === 1;
  } catch {
    return false;
  }
}

/** Where a kernel keeps each slot in memory, and which slots the caller fills or reads. */
interface Layout {
  /** The memory of place[slot] (a value, adjoint or output), as text. */
  memory(place: Target, slot: number): string;
  /** The memory of place[base + stride·t] inside a loop over t. */
  memoryAt(place: Target, base: number, stride: number): string;
  /** The caller filled it before the kernel runs. */
  liveIn(place: Target, slot: number): boolean;
  /** The caller reads it after the kernel ran. */
  liveOut(place: Target, slot: number): boolean;
}

/** `base + stride·t` as text. */
function affine(base: number, stride: number): string {
  if (stride === 0) return String(base);
  const t = Math.abs(stride) === 1 ? 't' : `${Math.abs(stride)} * t`;
  if (base === 0 && stride > 0) return t;
  return `${base} ${stride > 0 ? '+' : '-'} ${t}`;
}

const ARRAY: Record<Target, string> = { [VALUE]: 'v', [ADJOINT]: 'a', [TANGENT]: 'T', [OUT]: 'out' };

/**
 * The plain layout: value, adjoint and output buffers by slot; the inputs'
 * values in x (`inputsInX`, else in v) and their adjoints in g (`adjointsInG`, else in a).
 */
function layout(
  ir: IR,
  options: { inputsInX?: boolean; adjointsInG?: boolean; liveIn: (place: Target, j: number) => boolean; liveOut: (place: Target, j: number) => boolean },
): Layout {
  const nInputs = ir.inputNames.length;
  const arrayOf = (place: Target, j: number) =>
    j < nInputs && place === VALUE && options.inputsInX ? 'x' : j < nInputs && place === ADJOINT && options.adjointsInG ? 'g' : ARRAY[place];
  return {
    memory: (place, j) => `${arrayOf(place, j)}[${j}]`,
    memoryAt: (place, base, stride) => `${arrayOf(place, base)}[${affine(base, stride)}]`,
    liveIn: options.liveIn,
    liveOut: options.liveOut,
  };
}

/** A part of a generated function: straight statements from … to − 1, a loop, or a helper call. */
interface Part {
  readonly kind: 'straight' | 'loop' | 'helper';
  readonly from: number;
  to: number;
  readonly piece?: Piece;
  /** First segment id (a loop has one per block). */
  segment: number;
}

const isSum = (kind: number) => kind === SUM_FIRST || kind === SUM_NEXT || kind === SUM_LAST;

const LOOP_OVERHEAD = 8;
const HELPER_WEIGHT = 4;

/** Packs the pieces, in order, into functions of about `chunkSize` weight, ending them where no gradient block is open when possible. */
function pack(st: Statements, shapes: Shapes, pieces: readonly Piece[], chunkSize: number): Part[][] {
  const functions: Part[][] = [];
  let current: Part[] = [];
  let weight = 0;
  const close = () => {
    if (current.length > 0) functions.push(current);
    current = [];
    weight = 0;
  };
  for (const piece of pieces) {
    if (piece.helper) {
      if (weight > 0 && weight + HELPER_WEIGHT > chunkSize) close();
      current.push({ kind: 'helper', from: piece.from, to: piece.from + 1, segment: 0 });
      weight += HELPER_WEIGHT;
    } else if (piece.reps > 0) {
      let w = LOOP_OVERHEAD;
      for (let q = piece.from; q < piece.from + piece.period; q++) w += shapes.weight[q];
      if (weight > 0 && weight + w > chunkSize) close();
      current.push({ kind: 'loop', from: piece.from, to: piece.from + piece.period * piece.reps, piece, segment: 0 });
      weight += w;
    } else {
      for (let q = piece.from; q < piece.from + piece.period; q++) {
        const w = shapes.weight[q];
        if (weight > 0 && weight + w > chunkSize && (q === 0 || st.goodBreak(q - 1) || weight + w > 2 * chunkSize)) close();
        const last = current[current.length - 1];
        if (last !== undefined && last.kind === 'straight' && last.to === q) last.to = q + 1;
        else current.push({ kind: 'straight', from: q, to: q + 1, segment: 0 });
        weight += w;
      }
    }
  }
  close();
  return functions;
}

/** For every value and adjoint slot, the first and last segment that touches it. */
class Touches {
  readonly firstV: Int32Array;
  readonly lastV: Int32Array;
  readonly firstA: Int32Array;
  readonly lastA: Int32Array;
  constructor(size: number) {
    this.firstV = new Int32Array(size).fill(-1);
    this.lastV = new Int32Array(size).fill(-1);
    this.firstA = new Int32Array(size).fill(-1);
    this.lastA = new Int32Array(size).fill(-1);
  }
  touch(place: Target, j: number, segment: number): void {
    if (place === VALUE) {
      if (this.firstV[j] < 0) this.firstV[j] = segment;
      this.lastV[j] = segment;
    } else if (place === ADJOINT) {
      if (this.firstA[j] < 0) this.firstA[j] = segment;
      this.lastA[j] = segment;
    }
  }
  first(place: Target, j: number): number {
    return place === VALUE ? this.firstV[j] : this.firstA[j];
  }
  last(place: Target, j: number): number {
    return place === VALUE ? this.lastV[j] : this.lastA[j];
  }
}

/** The operand slots a helper call reads and writes, as (place, slot) touches. */
function helperTouches(st: Statements, q: number, touch: (place: Target, j: number) => void): void {
  const ir = st.ir;
  const i = st.slot(q);
  const kind = st.kind(q);
  for (let s = ir.start[i]; s < ir.start[i + 1]; s++) {
    const j = ir.operands[s];
    if (ir.opcode[j] === CONSTANT) continue;
    touch(VALUE, j);
    if (kind === DOT_BACK || kind === DOT_BACK_STATIC) touch(ADJOINT, j);
  }
  if (kind === DOT) touch(VALUE, i);
  if (kind === DOT_BACK) touch(ADJOINT, i);
  if (kind === DOT_TANGENT) touch(VALUE, i);
}

/** Assigns segment ids and records which segments touch each slot. */
function touches(st: Statements, shapes: Shapes, functions: Part[][]): Touches {
  const t = new Touches(st.ir.size);
  const { fieldStart, fields, tokens, places } = shapes;
  let segment = 0;
  for (const parts of functions) {
    for (const part of parts) {
      part.segment = segment;
      if (part.kind === 'helper') {
        const s = segment;
        helperTouches(st, part.from, (place, j) => t.touch(place, j, s));
        segment++;
      } else if (part.kind === 'straight') {
        for (let q = part.from; q < part.to; q++) {
          const pl = places[tokens[q]];
          for (let f = fieldStart[q], k = 0; f < fieldStart[q + 1]; f++, k++) t.touch(pl[k] as Target, fields[f], segment);
        }
        segment++;
      } else {
        const { period: P, reps: R, strides } = part.piece!;
        const f0 = fieldStart[part.from];
        for (let rep = 0; rep < R; rep++) {
          for (let q = part.from; q < part.from + P; q++) {
            const pl = places[tokens[q]];
            for (let f = fieldStart[q], k = 0; f < fieldStart[q + 1]; f++, k++) t.touch(pl[k] as Target, fields[f] + rep * strides![f - f0], segment + rep);
          }
        }
        segment += R;
      }
    }
  }
  return t;
}

/** The text of one generated function, part by part. */
class Writer {
  readonly lines: string[] = [];
  /** Value locals declared in this function (values never change, so they stay valid to its end). */
  readonly values = new Set<number>();
  /** Adjoint locals declared in this function, and those holding the current adjoint in this segment. */
  readonly declared = new Set<number>();
  private current = new Set<number>();
  /** The same for the running sums of wide sums (sum-chains.ts), locals s… */
  private readonly declaredSums = new Set<number>();
  private currentSums = new Set<number>();
  private hoisted = 0;

  constructor(
    private readonly st: Statements,
    private readonly shapes: Shapes,
    private readonly mem: Layout,
    private readonly seen: Touches,
    /** Adjoint slots whose memory is read before this call writes it (by a loop or helper): the kernel zeroes them first. */
    private readonly zeroFirst: IntList,
  ) {}

  /** Straight statements: locals, with loads and stores at the segment's edges. */
  straight(part: Part): void {
    const S = part.segment;
    this.current = new Set();
    this.currentSums = new Set();
    const statements: Expanded[] = [];
    const lastWrite = new Map<number, number>();
    const lastSum = new Map<number, number>();
    for (let q = part.from; q < part.to; q++) {
      const e = expand(this.st, q);
      statements.push(e);
      if (e.target === ADJOINT) lastWrite.set(e.slot, statements.length - 1);
      else if (isSum(e.kind)) lastSum.set(e.slot, statements.length - 1);
    }
    const laterElsewhere = (place: Target, j: number) => this.seen.last(place, j) > S || this.mem.liveOut(place, j);
    const readText = (r: Read): string => {
      if (r.place === VALUE) {
        if (!this.values.has(r.slot)) {
          this.lines.push(`const v${r.slot} = ${this.mem.memory(VALUE, r.slot)};`);
          this.values.add(r.slot);
        }
        return `v${r.slot}`;
      }
      if (r.place === ADJOINT) {
        if (!this.current.has(r.slot)) {
          this.lines.push(`${this.declare(r.slot)}a${r.slot} = ${this.mem.memory(ADJOINT, r.slot)};`);
          this.current.add(r.slot);
        }
        return `a${r.slot}`;
      }
      return `T[${r.slot} * D + d]`;
    };
    statements.forEach((e, x) => {
      const j = e.slot;
      if (e.target === TANGENT) this.tangent(e, `${j}`, readText);
      else if (isSum(e.kind)) {
        const rhs = render(e.term, readText);
        if (e.kind === SUM_FIRST) this.lines.push(`${this.declareSum(j)}s${j} = ${rhs};`);
        else if (this.currentSums.has(j)) this.lines.push(`s${j} += ${rhs};`);
        else this.lines.push(`${this.declareSum(j)}s${j} = ${this.mem.memory(VALUE, j)} + ${rhs};`);
        this.currentSums.add(j);
        if (e.kind === SUM_LAST) {
          // final: a value like any other from here on
          this.lines.push(`const v${j} = s${j};`);
          this.values.add(j);
          if (laterElsewhere(VALUE, j)) this.lines.push(`${this.mem.memory(VALUE, j)} = v${j};`);
        } else if (lastSum.get(j) === x && laterElsewhere(VALUE, j)) this.lines.push(`${this.mem.memory(VALUE, j)} = s${j};`);
      } else if (e.target === VALUE) {
        this.lines.push(`const v${j} = ${render(e.term, readText)};`);
        this.values.add(j);
        if (laterElsewhere(VALUE, j)) this.lines.push(`${this.mem.memory(VALUE, j)} = v${j};`);
      } else if (e.target === ADJOINT) {
        const rhs = render(e.term, readText);
        if (this.current.has(j)) this.lines.push(`a${j} += ${rhs};`);
        else {
          const before = this.seen.first(ADJOINT, j) < S || this.mem.liveIn(ADJOINT, j);
          this.lines.push(`${this.declare(j)}a${j} = ${before ? this.mem.memory(ADJOINT, j) : '0'} + ${rhs};`);
          this.current.add(j);
        }
        if (lastWrite.get(j) === x && laterElsewhere(ADJOINT, j)) this.lines.push(`${this.mem.memory(ADJOINT, j)} = a${j};`);
      } else this.lines.push(`${this.mem.memory(OUT, j)} = ${render(e.term, readText)};`);
    });
    releaseOperandCache();
  }

  private declare(j: number): string {
    if (this.declared.has(j)) return '';
    this.declared.add(j);
    return 'let ';
  }

  private declareSum(j: number): string {
    if (this.declaredSums.has(j)) return '';
    this.declaredSums.add(j);
    return 'let ';
  }

  /** T[row] = Σ ∂ₖ·T[jₖ] along D directions, the partials (free of tangents) computed once before the loop. */
  private tangent(e: Expanded, row: string, readText: (r: Read) => string): void {
    const hoist = (t: Application): string | undefined => {
      if (readsFrom(t, TANGENT)) return undefined;
      const name = `p${this.hoisted++}`;
      this.lines.push(`const ${name} = ${render(t, readText)};`);
      return name;
    };
    const rhs = render(e.term, readText, hoist);
    this.lines.push(`for (let d = 0; d < D; d++) T[${row} * D + d] = ${rhs};`);
  }

  /**
   * A loop over the blocks of a rerolled run: block-local locals, memory for
   * what other blocks or segments touch — except a slot every block reaches
   * (stride 0) and no other field of the loop does, which lives in a local
   * around the loop: a running sum or a shared adjoint is carried in a register.
   */
  loop(part: Part): void {
    const { from, period: P, reps: R, strides } = part.piece!;
    const { fieldStart, fields } = this.shapes;
    const f0 = fieldStart[from];
    const S0 = part.segment;
    interface Local {
      readonly place: Target;
      readonly base: number;
      readonly stride: number;
      readonly name: string;
      load: boolean;
      store: boolean;
      lastWrite: number;
      /** Declared before the loop and kept across blocks. */
      carried: boolean;
    }
    const locals = new Map<string, Local>();
    const template: Expanded[] = [];
    const fieldOf: Map<Read, number>[] = [];
    for (let q = from; q < from + P; q++) {
      const e = expand(this.st, q);
      template.push(e);
      const map = new Map<Read, number>();
      let f = fieldStart[q] + 1;
      forEachRead(e.term, (r) => {
        if (!map.has(r)) map.set(r, f);
        f++;
      });
      fieldOf.push(map);
    }
    releaseOperandCache();
    const localOf = (place: Target, f: number, written: boolean, x: number): Local | undefined => {
      if (place !== VALUE && place !== ADJOINT) return undefined;
      const base = fields[f];
      const stride = strides![f - f0];
      const key = `${place},${base},${stride}`;
      let l = locals.get(key);
      if (l === undefined) {
        let load = false;
        let store = false;
        for (let rep = 0; rep < R; rep++) {
          const j = base + rep * stride;
          if (this.seen.first(place, j) < S0 + rep || this.mem.liveIn(place, j)) load = true;
          if (this.seen.last(place, j) > S0 + rep || this.mem.liveOut(place, j)) store = true;
        }
        l = { place, base, stride, name: `u${locals.size}`, load, store, lastWrite: -1, carried: false };
        locals.set(key, l);
      }
      if (written) l.lastWrite = x;
      return l;
    };
    // every local of the body, with the last statement writing each
    let plainWrites = true;
    template.forEach((e, x) => {
      const q = from + x;
      const target = localOf(e.target, fieldStart[q], true, x);
      if (target?.stride === 0 && !e.accumulate) plainWrites = false;
      for (const f of fieldOf[x].values()) localOf(this.shapes.places[this.shapes.tokens[q]][f - fieldStart[q]] as Target, f, false, x);
    });
    const all = [...locals.values()];
    const reaches = (l: Local, j: number) => (l.stride === 0 ? l.base === j : (j - l.base) % l.stride === 0 && (j - l.base) / l.stride >= 0 && (j - l.base) / l.stride < R);
    if (plainWrites) for (const l of all) l.carried = l.stride === 0 && !all.some((o) => o !== l && o.place === l.place && reaches(o, l.base));
    const carried = all.filter((l) => l.carried);
    // a block scope: the carried locals' names are the loop's own, like its body's
    if (carried.length > 0) this.lines.push('{');
    for (const l of carried) {
      const before = this.seen.first(l.place, l.base) < S0 || this.mem.liveIn(l.place, l.base);
      if (l.lastWrite >= 0 && !before && l.place === VALUE) throw new Error(`codegen: the running sum of slot ${l.base} has no first term before its loop`);
      // a carried adjoint no earlier segment wrote starts at zero: `0 + term` as in straight code
      this.lines.push(`let ${l.name} = ${before || l.place === VALUE ? this.mem.memoryAt(l.place, l.base, 0) : '0'};`);
      l.store = l.lastWrite >= 0 && (this.seen.last(l.place, l.base) > S0 + R - 1 || this.mem.liveOut(l.place, l.base));
    }
    for (const l of all) {
      if (l.carried || !l.load || l.place !== ADJOINT) continue;
      // a block that loads an adjoint no earlier segment wrote reads memory this call has not written: zero it first
      for (let rep = 0; rep < R; rep++) {
        const j = l.base + rep * l.stride;
        if (this.seen.first(l.place, j) === S0 + rep && !this.mem.liveIn(l.place, j)) this.zeroFirst.push(j);
      }
    }
    this.lines.push(`for (let t = 0; t < ${R}; t++) {`);
    const defined = new Set<Local>(carried);
    template.forEach((e, x) => {
      const q = from + x;
      const readText = (r: Read): string => {
        const f = fieldOf[x].get(r)!;
        const l = localOf(r.place, f, false, x);
        if (l === undefined) return `T[(${affine(fields[f], strides![f - f0])}) * D + d]`;
        if (!defined.has(l)) {
          this.lines.push(`${l.place === VALUE ? 'const' : 'let'} ${l.name} = ${this.mem.memoryAt(l.place, l.base, l.stride)};`);
          defined.add(l);
        }
        return l.name;
      };
      const target = localOf(e.target, fieldStart[q], false, x);
      if (e.target === TANGENT) this.tangent(e, `(${affine(fields[fieldStart[q]], strides![fieldStart[q] - f0])})`, readText);
      else if (target === undefined) this.lines.push(`${this.mem.memoryAt(e.target, fields[fieldStart[q]], strides![fieldStart[q] - f0])} = ${render(e.term, readText)};`);
      else {
        const rhs = render(e.term, readText);
        if (!e.accumulate) this.lines.push(`const ${target.name} = ${rhs};`);
        else if (defined.has(target)) this.lines.push(`${target.name} += ${rhs};`);
        else this.lines.push(`let ${target.name} = ${target.load ? this.mem.memoryAt(target.place, target.base, target.stride) : '0'} + ${rhs};`);
        defined.add(target);
        if (target.lastWrite === x && target.store && !target.carried) this.lines.push(`${this.mem.memoryAt(target.place, target.base, target.stride)} = ${target.name};`);
      }
    });
    this.lines.push('}');
    for (const l of carried) if (l.store) this.lines.push(`${this.mem.memoryAt(l.place, l.base, 0)} = ${l.name};`);
    if (carried.length > 0) this.lines.push('}');
  }

  /** A wide dot product's loop helper, on memory. */
  helper(part: Part, arrayOf: (j: number) => string): void {
    const st = this.st;
    const ir = st.ir;
    const q = part.from;
    const i = st.slot(q);
    const kind = st.kind(q);
    const loop = dotLoop(ir, i)!;
    const s = ir.start[i];
    const n = loop.n;
    const ct = kind === DOT_BACK_STATIC ? literal(st.plan!.staticAdjoint[i]) : this.mem.memory(ADJOINT, i);
    if (kind === DOT_BACK || kind === DOT_BACK_STATIC) {
      // the loop adds into memory: operands this call has not touched yet must read zero
      for (let t = s; t < ir.start[i + 1]; t++) {
        const j = ir.operands[t];
        if (ir.opcode[j] !== CONSTANT && this.seen.first(ADJOINT, j) === part.segment && !this.mem.liveIn(ADJOINT, j)) this.zeroFirst.push(j);
      }
    }
    if (kind === DOT) {
      const call = loop.contiguous ? `h.dot(${arrayOf(loop.a0)}, ${loop.a0}, ${arrayOf(loop.b0)}, ${loop.b0}, ${n})` : `h.dotAt(v, ops, ${s}, ${n})`;
      this.lines.push(`${this.mem.memory(VALUE, i)} = ${call};`);
    } else if (kind === DOT_TANGENT) {
      this.lines.push(loop.contiguous ? `h.dotTangent(v, T, D, ${i}, ${loop.a0}, ${loop.b0}, ${n}, act);` : `h.dotTangentAt(v, T, D, ${i}, ops, ${s}, ${n}, act);`);
    } else {
      this.lines.push(loop.contiguous ? `h.dotBack(v, a, ${loop.a0}, ${loop.b0}, ${n}, ${ct});` : `h.dotBackAt(v, a, ops, ${s}, ${n}, ${ct});`);
    }
  }
}

/**
 * The functions running statement list `st` under `mem` (no loops when `reroll`
 * is false), each with its text, and the adjoint slots to zero before them.
 */
function lower(st: Statements, mem: Layout, chunkSize: number, reroll: boolean, arrayOf: (j: number) => string): { writers: Writer[]; zeroFirst: Int32Array } {
  const shapes = shapesOf(st);
  const pieces = reroll
    ? findLoops(st, shapes, { ...DEFAULT_REROLL, maxWeight: Math.min(DEFAULT_REROLL.maxWeight, chunkSize) })
    : st.length === 0
      ? []
      : [{ from: 0, period: st.length, reps: 0, helper: false }];
  const functions = pack(st, shapes, pieces, reroll ? chunkSize : Infinity);
  const seen = touches(st, shapes, functions);
  const zeroFirst = new IntList();
  const writers = functions.map((parts) => {
    const w = new Writer(st, shapes, mem, seen, zeroFirst);
    for (const part of parts) {
      if (part.kind === 'straight') w.straight(part);
      else if (part.kind === 'loop') w.loop(part);
      else w.helper(part, arrayOf);
    }
    return w;
  });
  return { writers, zeroFirst: zeroFirst.done() };
}

/** A generated function, with the dot loops, the operand list and the activity flags in its closure. */
function compileFunction(ir: IR, params: string[], text: string): (...args: any[]) => any {
  const outer = new Function('h', 'ops', 'act', `"use strict";\nreturn function (${params.join(', ')}) {\n${text}\n};`) as (
    h: typeof dotLoops,
    ops: Int32Array,
    act: Uint8Array,
  ) => (...args: any[]) => any;
  return outer(dotLoops, ir.operands, ir.active);
}

/** Builds on first use: a program pays for the code of the sweeps it runs only. */
function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}

/** Whether some dot product of the program runs as a loop helper (which works on v and a only). */
function hasDotLoops(ir: IR): boolean {
  for (let i = 0; i < ir.size; i++) if (ir.opcode[i] > CONSTANT && dotLoop(ir, i) !== undefined) return true;
  return false;
}

/**
 * Whether the gradient fits one function with inputs and adjoints in locals
 * (see generate): a small program, whose plan (made here: it is small too)
 * sweeps nothing late.
 */
function fusesGradient(ir: IR, plan: PlannedSweep, chunkSize: number): boolean {
  let total = 0;
  for (let i = 0; i < ir.size; i++) if (ir.opcode[i] > CONSTANT) total += ir.start[i + 1] - ir.start[i];
  return 2 * total < chunkSize && plan().late.length === 0;
}

/**
 * The kernels of a program. Each family of functions (forward, reverse,
 * tangent, evaluate, gradient) is generated on its first use. `bytes()`
 * reports what the kernels hold so far: their source and their own buffers.
 */
export function generate(ir: IR, plan: PlannedSweep | undefined, chunkSize = DEFAULT_CHUNK_SIZE): Kernels & { bytes(): number } {
  const { size, opcode } = ir;
  const nInputs = ir.inputNames.length;
  // bytes held: the source (V8 keeps it, one byte a character when every character fits in one) and the kernels' own buffers
  let held = 0;
  const make = (params: string[], text: string) => {
    held += textBytes(text);
    return compileFunction(ir, params, text);
  };
  const buffer = (length: number) => {
    held += 8 * length;
    return new Float64Array(length);
  };
  const family = (st: Statements, mem: Layout, params: string[], arrayOf: (j: number) => string = () => 'v') => {
    const { writers, zeroFirst } = lower(st, mem, chunkSize, true, arrayOf);
    const functions = writers.map((w) => make(params, w.lines.join('\n')));
    // adjoints some loop reads before this call writes them start at zero (the caller clears only inputs and outputs)
    const ai = params.indexOf('a');
    if (zeroFirst.length > 0) {
      functions.unshift((...args: Float64Array[]) => {
        const a = args[ai];
        for (let k = 0; k < zeroFirst.length; k++) a[zeroFirst[k]] = 0;
      });
    }
    return functions;
  };
  const isOutput = new Uint8Array(size);
  for (const o of ir.outputs) isOutput[o] = 1;
  const isInput = (j: number) => j < nInputs;
  const never = () => false;

  const forwards = lazy(() =>
    family(valueStatements(ir, true, false), layout(ir, { liveIn: (p, j) => isInput(j), liveOut: (p, j) => p === VALUE && opcode[j] > CONSTANT }), ['v']),
  );
  const reverses = lazy(() =>
    family(
      reverseStatements(ir, true),
      layout(ir, { liveIn: (p, j) => p === VALUE || isOutput[j] === 1, liveOut: (p, j) => p === ADJOINT && isInput(j) }),
      ['v', 'a'],
    ),
  );
  const tangents = lazy(() => family(tangentStatements(ir, true), layout(ir, { liveIn: (p) => p === VALUE, liveOut: never }), ['v', 'T', 'D']));

  const kernels: Kernels & { bytes(): number } = {
    writesAdjointsFirst: true,
    bytes: () => held,
    forward(v) {
      for (const f of forwards()) f(v);
    },
    reverse(v, a) {
      for (const f of reverses()) f(v, a);
    },
    tangent(v, T, D) {
      for (const f of tangents()) f(v, T, D);
    },
  };

  // evaluate: inputs read from x, values in locals, the scratch v only for what crosses segments
  let scratch!: Float64Array; // shared by the evaluate functions; constants in place for the dot loops
  const evaluators = lazy(() => {
    scratch = buffer(size);
    for (let i = 0; i < size; i++) if (opcode[i] === CONSTANT) scratch[i] = ir.constants[i];
    const st = valueStatements(ir, true, true, true);
    let indexed = false;
    for (let q = 0; q < st.length; q++) if (st.kind(q) === DOT && !dotLoop(ir, st.slot(q))!.contiguous) indexed = true;
    const mem = layout(ir, { inputsInX: true, liveIn: (p, j) => isInput(j), liveOut: never });
    const arrayOf = (j: number) => (isInput(j) ? 'x' : 'v');
    const bodies = lower(st, mem, chunkSize, true, arrayOf).writers.map((w) => w.lines.join('\n'));
    // a dot looped over its operand list reads every operand from v: inputs are copied there first
    if (indexed && bodies.length > 0) bodies[0] = `v.set(x);\n${bodies[0]}`;
    return bodies.map((text) => make(['v', 'x', 'out'], text));
  });
  kernels.evaluate = (x, out) => {
    const fs = evaluators();
    for (const f of fs) f(scratch, x, out);
  };

  if (plan !== undefined) {
    if (fusesGradient(ir, plan, chunkSize)) {
      // each kernel is generated on its first call, which puts the generated function in its place: later calls go straight to it
      kernels.valueAndGradient = (x, g, r) => {
        const f = make(['x', 'g', 'r'], fusedGradient(ir, plan(), false));
        kernels.valueAndGradient = f;
        f(x, g, r);
      };
      // a variant that adds each input's adjoint onto g[k] as it goes (batches)
      kernels.accumulateGradient = (x, g, r) => {
        const f = make(['x', 'g', 'r'], fusedGradient(ir, plan(), true));
        kernels.accumulateGradient = f;
        f(x, g, r);
      };
    } else if (!hasDotLoops(ir)) {
      // inputs read from x and their adjoints kept in g, the rest in scratch buffers: no copies in or out
      const o = ir.outputs[0];
      let v!: Float64Array;
      let a!: Float64Array;
      const inX = layout(ir, {
        inputsInX: true,
        adjointsInG: true,
        liveIn: (p, j) => isInput(j),
        liveOut: (p, j) => (p === ADJOINT ? isInput(j) : j === o),
      });
      const gradients = lazy(() => {
        v = buffer(size);
        a = buffer(size);
        return family(gradientStatements(ir, plan(), false, true), inX, ['x', 'g', 'v', 'a'], (j) => (isInput(j) ? 'x' : 'v'));
      });
      const value = (x: ArrayLike<number>) => (opcode[o] === CONSTANT ? ir.constants[o] : isInput(o) ? x[o] : v[o]);
      const accumulate = (x: ArrayLike<number>, g: Float64Array | number[], r: Float64Array) => {
        const fs = gradients();
        for (const f of fs) f(x, g, v, a);
        if (isInput(o)) g[o] += 1; // f = x: the sweep plan seeds op outputs only
        r[0] = value(x);
      };
      kernels.accumulateGradient = accumulate;
      kernels.valueAndGradient = (x, g, r) => {
        for (let k = 0; k < nInputs; k++) g[k] = 0;
        accumulate(x, g, r);
      };
    } else {
      const o = ir.outputs[0];
      const gradients = lazy(() =>
        family(
          gradientStatements(ir, plan(), true),
          layout(ir, {
            liveIn: (p, j) => isInput(j),
            liveOut: (p, j) => (p === ADJOINT ? isInput(j) : j === o),
          }),
          ['v', 'a'],
        ),
      );
      kernels.gradient = (v, a) => {
        for (const f of gradients()) f(v, a);
      };
    }
  }
  return kernels;
}

/**
 * Bytes a string of source takes in V8: one a character when every character fits in one byte, else two.
 * @example
 * ```ts
 * textBytes('v[1] = x[0];'); // 12
 * ```
 */
export function textBytes(text: string): number {
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) > 0xff) return 2 * text.length;
  return text.length;
}

/**
 * The gradient of a small program as one function: inputs read from x, every
 * value and adjoint in a local, each input's adjoint written to g[k] at the end
 * (added onto g[k] when `accumulate`), the value into r[0].
 */
function fusedGradient(ir: IR, plan: SweepPlan, accumulate: boolean): string {
  const nInputs = ir.inputNames.length;
  const o = ir.outputs[0];
  const mem: Layout = {
    memory: (place, j) => (place === VALUE ? `x[${j}]` : `g[${j}]`),
    memoryAt: () => {
      throw new Error('codegen: the fused gradient has no loops');
    },
    liveIn: (place, j) => j < nInputs && (place === VALUE || accumulate),
    liveOut: () => false,
  };
  const [w] = lower(gradientStatements(ir, plan, false, true), mem, Infinity, false, () => 'x').writers;
  const lines = w === undefined ? [] : [...w.lines];
  // each input's final adjoint: its local if some statement reached it, else its seed (plus 1 if it is the output itself)
  for (let k = 0; k < nInputs; k++) {
    const seed = accumulate ? `g[${k}]` : '0';
    const adjoint = w?.declared.has(k) ? `a${k}` : k === o ? (accumulate ? `${seed} + 1` : '1') : seed;
    if (adjoint !== `g[${k}]`) lines.push(`g[${k}] = ${adjoint};`);
  }
  const value = ir.opcode[o] === CONSTANT ? literal(ir.constants[o]) : ir.opcode[o] === INPUT ? `x[${o}]` : `v${o}`;
  lines.push(`r[0] = ${value};`);
  return lines.join('\n');
}

/**
 * Loop rerolling: consecutive runs of statements that repeat — the same
 * shapes (opcodes, places, constants, wiring) in blocks of P statements, with
 * every slot index affine in the block number t — become one `for` loop over
 * t. The loop runs the very statements of the run, in their order, so the
 * floating-point operations and their order do not change: the backends still
 * agree bit for bit. A Rosenbrock sum of 10⁵ terms, a chain of 10⁶ sines or a
 * sum of 10⁶ terms compiles to a few loops instead of thousands of functions,
 * which V8 optimizes with its default settings. Statements are compared by
 * their shapes (shapes.ts): integers only.
 */
import type { IR } from './ir.js';
import type { Shapes } from './statement-shapes.js';
import type { Statements, Target } from './statements.js';
import { ADJOINT, VALUE } from './terms.js';

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
      // inputs (slots 0 … nInputs − 1, ir.ts) may live in arrays of their own: a field keeps to one side
      const last = base + stride * (R - 1);
      if (base < nInputs !== last < nInputs) return false;
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

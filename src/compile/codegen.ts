/**
 * The JavaScript backend: straight-line code per program, built only from slot
 * indices, number literals and the primitives' own `emit` templates — never
 * from variable names or any other user string.
 *
 * Values and adjoints live in locals inside a generated function of about
 * `chunkSize` operand references; functions exchange them through the
 * program's typed arrays, so each stays small enough for V8 to optimize. The
 * gradient follows the schedule of schedule.ts: each block's reverse sweep
 * comes right after its root's value, while its values are still locals.
 * Every floating-point operation happens in the interpreter's order, so the
 * two backends agree bit for bit.
 */
import { literal } from '../ops/arithmetic.js';
import { CONSTANT, INPUT, type IR, primitiveOf } from './ir.js';
import type { Kernels } from './kernels.js';
import { emitPartials, emitValue } from './partials.js';
import { LATE, type Schedule, STATIC } from './schedule.js';

export const DEFAULT_CHUNK_SIZE = 500;

/** True where `new Function` works (false under a Content-Security-Policy without 'unsafe-eval'). */
export function canGenerateCode(): boolean {
  try {
    return new Function('return 1')() === 1;
  } catch {
    return false;
  }
}

const name = (j: number) => `v${j}`;

/** Narrowest dot product compiled as a loop (a call to a helper) rather than unrolled. */
const LOOP_DOT = 16;

/** A dot product over two contiguous runs of input slots: a₀ … a₀+n−1 and b₀ … b₀+n−1. */
interface LoopDot {
  readonly a0: number;
  readonly b0: number;
  readonly n: number;
}

function loopDot(ir: IR, i: number): LoopDot | undefined {
  if (primitiveOf(ir.opcode[i]).name !== 'dot') return undefined;
  const s = ir.start[i];
  const n = (ir.start[i + 1] - s) / 2;
  if (n < LOOP_DOT) return undefined;
  const a0 = ir.operands[s];
  const b0 = ir.operands[s + n];
  for (let k = 0; k < n; k++) {
    const a = ir.operands[s + k];
    const b = ir.operands[s + n + k];
    if (a !== a0 + k || b !== b0 + k || ir.opcode[a] !== INPUT || ir.opcode[b] !== INPUT) return undefined;
  }
  return { a0, b0, n };
}

/**
 * The loops behind a compiled dot product, passed to every generated function
 * as `h`. Each performs the interpreter's operations in the interpreter's order
 * (operands a₀ … aₙ₋₁, then b₀ … bₙ₋₁), so results stay identical bit for bit.
 */
const helpers = {
  /** Σ x[a₀+k]·x[b₀+k], left to right. */
  dot(x: ArrayLike<number>, a0: number, b0: number, n: number): number {
    let s = x[a0] * x[b0];
    for (let k = 1; k < n; k++) s += x[a0 + k] * x[b0 + k];
    return s;
  },
  /** The pullback of ct: ā[a₀+k] += v[b₀+k]·ct, then ā[b₀+k] += v[a₀+k]·ct. */
  dotBack(v: Float64Array, a: Float64Array, a0: number, b0: number, n: number, ct: number): void {
    for (let k = 0; k < n; k++) a[a0 + k] += v[b0 + k] * ct;
    for (let k = 0; k < n; k++) a[b0 + k] += v[a0 + k] * ct;
  },
  /** Tangents of slot i along D directions: Σ ∂ₖ·ṫₖ, first term first. */
  dotTangent(v: Float64Array, T: Float64Array, D: number, i: number, a0: number, b0: number, n: number): void {
    for (let d = 0; d < D; d++) {
      let t = v[b0] * T[a0 * D + d];
      for (let k = 1; k < n; k++) t += v[b0 + k] * T[(a0 + k) * D + d];
      for (let k = 0; k < n; k++) t += v[a0 + k] * T[(b0 + k) * D + d];
      T[i * D + d] = t;
    }
  },
};

/** How much generated code a slot costs: its operand count, or a constant for a looped dot. */
function weightOf(ir: IR, i: number, loops: boolean): number {
  return loops && loopDot(ir, i) !== undefined ? 4 : ir.start[i + 1] - ir.start[i];
}

/** The right-hand side computing op slot i; a looped dot reads its inputs from the array `inputs`. */
function valueOf(ir: IR, i: number, inputs: string | undefined): string {
  const loop = inputs === undefined ? undefined : loopDot(ir, i);
  return loop === undefined ? emitValue(ir, i, name) : `h.dot(${inputs}, ${loop.a0}, ${loop.b0}, ${loop.n})`;
}
const slotMention = /\bv(\d+)\b/g;

/** partial · factor, dropping exact multiplications by ±1. */
function times(partial: string, factor: string): string {
  if (partial === '1') return factor;
  if (factor === '1') return partial;
  if (partial === '(-1)') return `(-${factor})`;
  if (factor === '(-1)') return `(-${partial})`;
  return `${partial} * ${factor}`;
}

/** The statements of one generated function; values it uses but does not compute are loaded on entry. */
class Body {
  readonly lines: string[] = [];
  /** Slots whose value this function computes. */
  readonly defines = new Set<number>();
  /** Adjoints held in locals. */
  readonly adjoints = new Set<number>();
  /** Adjoints held in locals that must go back to memory (`flush`) before anyone else reads them. */
  private readonly cached = new Set<number>();
  /** Cached adjoints declared at some point (a later declaration assigns instead of `let`). */
  private readonly declaredCached = new Set<number>();

  /** Accumulates `term` into the adjoint of j: a local (declared on first use, from `seed`) or memory. */
  accumulate(j: number, term: string, local: boolean, seed: string): void {
    if (!local) this.lines.push(`a[${j}] += ${term};`);
    else if (this.adjoints.has(j)) this.lines.push(`a${j} += ${term};`);
    else {
      this.adjoints.add(j);
      this.lines.push(`let a${j} = ${seed} + ${term};`);
    }
  }

  /**
   * Accumulates into memory slot a[j] through a local: the first touch reads
   * a[j], later ones add to the local, and `flush` writes it back — the same
   * additions in the same order, with the running sum in a register.
   */
  accumulateCached(j: number, term: string): void {
    if (this.cached.has(j)) this.lines.push(`a${j} += ${term};`);
    else {
      this.lines.push(`${this.declaredCached.has(j) ? '' : 'let '}a${j} = a[${j}] + ${term};`);
      this.cached.add(j);
      this.declaredCached.add(j);
    }
  }

  /** Writes every cached adjoint back to memory. */
  flush(): void {
    for (const j of this.cached) this.lines.push(`a[${j}] = a${j};`);
    this.cached.clear();
  }

  /** Slots mentioned (in the body, or in `extra` lines to be appended) but not computed here. */
  uses(extra: readonly string[] = []): number[] {
    const seen = new Set<number>();
    for (const line of [...this.lines, ...extra]) for (const m of line.matchAll(slotMention)) seen.add(Number(m[1]));
    return [...seen].filter((j) => !this.defines.has(j));
  }

  text(load: (j: number) => string, extra: readonly string[] = []): string {
    const loads = this.uses(extra).map((j) => `const v${j} = ${load(j)};`);
    return [...loads, ...this.lines, ...extra].join('\n');
  }
}

/** Consecutive op slots, grouped so that each group holds about `chunkSize` operand references. */
function chunked(slots: readonly number[], ir: IR, chunkSize: number): number[][] {
  const chunks: number[][] = [];
  let current: number[] = [];
  let weight = 0;
  for (const i of slots) {
    const w = weightOf(ir, i, true);
    if (current.length > 0 && weight + w > chunkSize) {
      chunks.push(current);
      current = [];
      weight = 0;
    }
    current.push(i);
    weight += w;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** For each function, the stores of values it computes that another function reads (or the caller, for `alsoStore`). */
function storesFor(bodies: readonly Body[], size: number, alsoStore: readonly number[] = []): string[][] {
  const definedIn = new Int32Array(size).fill(-1);
  bodies.forEach((b, n) => b.defines.forEach((i) => (definedIn[i] = n)));
  const stores = bodies.map(() => [] as string[]);
  const stored = new Uint8Array(size);
  for (const uses of [...bodies.map((b) => b.uses()), alsoStore]) {
    for (const j of uses) {
      const n = definedIn[j];
      if (n >= 0 && !stored[j]) {
        stored[j] = 1;
        stores[n].push(`v[${j}] = v${j};`);
      }
    }
  }
  return stores;
}

/**
 * A reverse sweep over `slots` (ascending) in one function, each adjoint read
 * from memory on first use: a slot's contributions go to a local where
 * `local(j)`, else to memory; `skip(j)` leaves an operand out (inactive, or static).
 */
function reverseChunk(ir: IR, slots: readonly number[], skip: (j: number) => boolean, local: (j: number) => boolean, seed: (j: number) => string): Body {
  const body = new Body();
  for (let q = slots.length - 1; q >= 0; q--) {
    const i = slots[q];
    if (!ir.active[i]) continue;
    if (!body.adjoints.has(i)) {
      body.adjoints.add(i);
      body.lines.push(`const a${i} = a[${i}];`);
    }
    const loop = loopDot(ir, i);
    if (loop !== undefined) {
      body.lines.push(`h.dotBack(v, a, ${loop.a0}, ${loop.b0}, ${loop.n}, a${i});`);
      continue;
    }
    const partials = emitPartials(ir, i, name);
    for (let s = ir.start[i], k = 0; s < ir.start[i + 1]; s++, k++) {
      const j = ir.operands[s];
      if (!skip(j)) body.accumulate(j, times(partials[k], `a${i}`), local(j), seed(j));
    }
  }
  return body;
}

/** A generated function, with the loop helpers in its closure as `h`. */
function compileFunction(params: string[], text: string): (...args: any[]) => any {
  const outer = new Function('h', `"use strict";\nreturn function (${params.join(', ')}) {\n${text}\n};`) as (h: typeof helpers) => (...args: any[]) => any;
  return outer(helpers);
}

/** Generates the kernels of a program; throws where `new Function` is forbidden. */
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

/** Whether the gradient fits one function with inputs and adjoints in locals (see generateGradient). */
export function fusesGradient(ir: IR, plan: Schedule, chunkSize: number): boolean {
  let total = 0;
  for (let i = 0; i < ir.size; i++) if (ir.opcode[i] > CONSTANT) total += ir.start[i + 1] - ir.start[i];
  return plan.late.length === 0 && 2 * total < chunkSize;
}

/**
 * The kernels of a program. Each family of functions (forward, reverse,
 * tangent, evaluate, gradient) is generated on its first use. `sourceLength()`
 * reports the source generated so far.
 */
export function generate(ir: IR, plan: Schedule | undefined, chunkSize = DEFAULT_CHUNK_SIZE): Kernels & { sourceLength(): number } {
  const { size, opcode, start, operands, active } = ir;
  let sourceLength = 0;
  const make = (params: string[], text: string) => {
    sourceLength += text.length;
    return compileFunction(params, text);
  };
  const opSlots: number[] = [];
  for (let i = 0; i < size; i++) if (opcode[i] > CONSTANT) opSlots.push(i);
  const chunks = chunked(opSlots, ir, chunkSize);
  const chunkOf = new Int32Array(size).fill(-1);
  chunks.forEach((c, n) => c.forEach((i) => (chunkOf[i] = n)));
  const isOutput = new Uint8Array(size);
  for (const o of ir.outputs) isOutput[o] = 1;
  const fromMemory = (j: number) => `v[${j}]`;

  // forward: every value stored for the other sweeps
  const forwards = lazy(() => chunks.map((slots) => {
    const body = new Body();
    for (const i of slots) {
      body.defines.add(i);
      body.lines.push(`const v${i} = ${valueOf(ir, i, 'v')};`, `v[${i}] = v${i};`);
    }
    return make(['v'], body.text(fromMemory));
  }));

  // reverse (any cotangents): adjoints of slots read by a later chunk arrive through memory
  const readLater = new Uint8Array(size);
  for (const i of opSlots) {
    for (let s = start[i]; s < start[i + 1]; s++) if (chunkOf[operands[s]] !== chunkOf[i]) readLater[operands[s]] = 1;
  }
  const reverses = lazy(() => chunks.map((slots, n) => {
    const body = reverseChunk(
      ir,
      slots,
      (j) => !active[j],
      (j) => chunkOf[j] === n,
      (j) => (isOutput[j] || readLater[j] ? `a[${j}]` : '0'),
    );
    return make(['v', 'a'], body.text(fromMemory));
  }));

  // tangents along D directions
  const tangents = lazy(() => chunks.map((slots) => {
    const body = new Body();
    for (const i of slots) {
      if (!active[i]) continue;
      const loop = loopDot(ir, i);
      if (loop !== undefined) {
        body.lines.push(`h.dotTangent(v, T, D, ${i}, ${loop.a0}, ${loop.b0}, ${loop.n});`);
        continue;
      }
      const terms: string[] = [];
      const partials = emitPartials(ir, i, name);
      for (let s = start[i], k = 0; s < start[i + 1]; s++, k++) {
        const j = operands[s];
        if (!active[j]) continue;
        const p = partials[k];
        if (p !== '1' && p !== '(-1)') body.lines.push(`const p${i}_${k} = ${p};`);
        terms.push(times(p === '1' || p === '(-1)' ? p : `p${i}_${k}`, `T[${j} * D + d]`));
      }
      body.lines.push(`for (let d = 0; d < D; d++) T[${i} * D + d] = ${terms.join(' + ')};`);
    }
    return make(['v', 'T', 'D'], body.text(fromMemory));
  }));

  const kernels: Kernels & { sourceLength(): number } = {
    sourceLength: () => sourceLength,
    forward(v) {
      for (const f of forwards()) f(v);
    },
    reverse(v, a) {
      const fs = reverses();
      for (let n = fs.length - 1; n >= 0; n--) fs[n](v, a);
    },
    tangent(v, T, D) {
      for (const f of tangents()) f(v, T, D);
    },
  };

  // evaluate: values in locals; only what a later function reads goes through v
  const evaluators = lazy(() => {
  const evalBodies = chunks.map((slots) => {
    const body = new Body();
    for (const i of slots) {
      body.defines.add(i);
      body.lines.push(`const v${i} = ${valueOf(ir, i, 'x')};`);
    }
    return body;
  });
  const extra = storesFor(evalBodies, size);
  ir.outputs.forEach((o, r) => {
    const line = `out[${r}] = ${opcode[o] === CONSTANT ? literal(ir.constants[o]) : name(o)};`;
    const n = chunkOf[o] >= 0 ? chunkOf[o] : evalBodies.length - 1;
    if (n >= 0) extra[n].push(line);
  });
  const inputOrMemory = (j: number) => (opcode[j] === INPUT ? `x[${j}]` : `v[${j}]`);
  return evalBodies.map((b, n) => make(['v', 'x', 'out'], b.text(inputOrMemory, extra[n])));
  });
  if (chunks.length > 0) {
    const v = new Float64Array(size); // scratch shared by the evaluate functions
    kernels.evaluate = (x, out) => {
      for (const f of evaluators()) f(v, x, out);
    };
  }

  if (plan !== undefined) {
    const gradient = lazy(() => generateGradient(ir, plan, chunkSize, make, () => '0'));
    if (fusesGradient(ir, plan, chunkSize)) {
      kernels.valueAndGradient = (x, g, r) => gradient().valueAndGradient!(x, g, r);
      // a variant that adds each input's adjoint onto g[k] as it goes (batches)
      const accumulate = lazy(() => generateGradient(ir, plan, chunkSize, make, (k) => `g[${k}]`).valueAndGradient!);
      kernels.accumulateGradient = (x, g, r) => accumulate()(x, g, r);
    } else kernels.gradient = (v, a) => gradient().gradient!(v, a);
  }
  return kernels;
}

/** The scheduled gradient: forward steps with each block's reverse right after its root, then the late sweep. */
function generateGradient(
  ir: IR,
  plan: Schedule,
  chunkSize: number,
  make: (params: string[], text: string) => (...args: any[]) => any,
  inputSeed: (k: number) => string,
): Partial<Kernels> {
  const { size, opcode, start, operands, active } = ir;
  const { owner, staticAdjoint, blocks, late } = plan;
  // one function, inputs and outputs through locals, when nothing is late and it all fits one chunk
  // (each op slot weighs its operand count once forward and at most once backward)
  const fused = fusesGradient(ir, plan, chunkSize);
  const bodies: Body[] = [new Body()];
  let body = bodies[0];
  let weight = 0;
  let pending = 0; // block members emitted whose root is still to come

  /** Pushes slot i's adjoint `ct` into its active, non-static operands. */
  const pullback = (i: number, ct: string, localTo: (j: number) => boolean) => {
    const loop = fused ? undefined : loopDot(ir, i);
    if (loop !== undefined) {
      // inputs only, and unfused: their adjoints are in memory
      body.flush();
      body.lines.push(`h.dotBack(v, a, ${loop.a0}, ${loop.b0}, ${loop.n}, ${ct});`);
      weight += 4;
      return;
    }
    const partials = emitPartials(ir, i, name);
    for (let s = start[i], k = 0; s < start[i + 1]; s++, k++) {
      const j = operands[s];
      if (!active[j] || owner[j] === STATIC) continue;
      const term = times(partials[k], ct);
      if (!fused && opcode[j] === INPUT) body.accumulateCached(j, term);
      else body.accumulate(j, term, localTo(j), opcode[j] === INPUT ? inputSeed(j) : '0');
    }
    weight += start[i + 1] - start[i];
  };

  for (let i = 0; i < size; i++) {
    if (opcode[i] <= CONSTANT) continue;
    body.defines.add(i);
    body.lines.push(`const v${i} = ${valueOf(ir, i, fused ? undefined : 'v')};`);
    weight += weightOf(ir, i, !fused);
    if (owner[i] >= 0) pending++;
    if (owner[i] !== STATIC || !active[i]) continue;
    const block = blocks.get(i);
    const inBlock = (j: number) => owner[j] === i || (fused && opcode[j] === INPUT);
    pullback(i, literal(staticAdjoint[i]), inBlock);
    if (block !== undefined) {
      for (const b of block) pullback(b, `a${b}`, inBlock);
      pending -= block.length;
    }
    if (pending === 0 && weight >= chunkSize) {
      body.flush();
      bodies.push((body = new Body()));
      weight = 0;
    }
  }

  // the late sweep, in functions of its own; a late slot's adjoint is a local when all its consumers are in the same function
  body.flush();
  const lateChunks = chunked(Array.from(late).reverse(), ir, chunkSize).reverse();
  const lateOf = new Int32Array(size).fill(-1);
  lateChunks.forEach((c, n) => c.forEach((i) => (lateOf[i] = n)));
  const fromElsewhere = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    if (opcode[i] <= CONSTANT) continue;
    for (let s = start[i]; s < start[i + 1]; s++) {
      const j = operands[s];
      if (owner[j] === LATE && lateOf[i] !== lateOf[j]) fromElsewhere[j] = 1;
    }
  }
  const lateBodies = lateChunks.map((slots, n) =>
    reverseChunk(
      ir,
      slots,
      (j) => !active[j] || owner[j] === STATIC,
      (j) => lateOf[j] === n,
      (j) => (fromElsewhere[j] ? `a[${j}]` : '0'),
    ),
  );

  if (fused) {
    const b = bodies[0];
    const o = ir.outputs[0];
    const gs: string[] = [];
    for (let k = 0; k < ir.inputNames.length; k++) {
      // input k's adjoint: its local if some op reached it, else its seed (plus 1 if it is the output itself)
      const seed = inputSeed(k);
      const adjoint = b.adjoints.has(k) ? `a${k}` : k === o ? (seed === '0' ? '1' : `${seed} + 1`) : seed;
      if (adjoint !== `g[${k}]`) gs.push(`g[${k}] = ${adjoint};`);
    }
    // the value goes into r[0] rather than being returned: a returned double that is not inlined gets boxed
    gs.push(`r[0] = ${opcode[o] === CONSTANT ? literal(ir.constants[o]) : name(o)};`);
    const load = (j: number) => (opcode[j] === INPUT ? `x[${j}]` : `v[${j}]`);
    return { valueAndGradient: make(['x', 'g', 'r'], b.text(load, gs)) };
  }

  const all = [...bodies, ...lateBodies];
  const stores = storesFor(all, size, [ir.outputs[0]]);
  const functions = all.map((b, n) => make(['v', 'a'], b.text((j) => `v[${j}]`, stores[n])));
  return {
    gradient(v, a) {
      for (const f of functions) f(v, a);
    },
  };
}

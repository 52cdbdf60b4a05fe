/**
 * The JavaScript backend: straight-line code per program, built only from slot
 * indices, number literals and the primitives' own `emit` templates — never
 * from variable names or any other user string.
 *
 * Values and adjoints live in locals inside a chunk of at most `chunkSize` op
 * slots; chunks exchange them through the program's typed arrays, so each
 * generated function stays small enough for V8 to optimize. Programs that fit
 * one chunk also get fused `evaluate` and `valueAndGradient` functions that
 * touch no buffer at all. The order of every floating-point operation is the
 * interpreter's, so results agree bit for bit.
 */
import { literal, source } from '../ops/arithmetic.js';
import { CONSTANT, INPUT, type IR, primitiveOf } from './ir.js';
import type { Kernels } from './kernels.js';

export const DEFAULT_CHUNK_SIZE = 1500;

/** True where `new Function` works (false under a Content-Security-Policy without 'unsafe-eval'). */
export function canGenerateCode(): boolean {
  try {
    return new Function('return 1')() === 1;
  } catch {
    return false;
  }
}

interface Emitter {
  /** Expression for the value of slot j inside the current function. */
  value(j: number): string;
}

function operandExpressions(ir: IR, i: number, e: Emitter): string[] {
  const args: string[] = [];
  for (let k = ir.start[i]; k < ir.start[i + 1]; k++) args.push(e.value(ir.operands[k]));
  return args;
}

/** The JS expression computing op slot i. */
function emitValue(ir: IR, i: number, e: Emitter): string {
  const p = primitiveOf(ir.opcode[i]);
  const x = operandExpressions(ir, i, e);
  return p.arity === 1 ? p.emit(x[0]) : p.arity === 2 ? p.emit(x[0], x[1]) : p.emit(x);
}

/** The JS expressions for ∂(slot i)/∂(operand k), for every k. */
function emitPartials(ir: IR, i: number, e: Emitter): string[] {
  const p = primitiveOf(ir.opcode[i]);
  const x = operandExpressions(ir, i, e);
  const y = e.value(i);
  if (p.arity === 1) return [p.partial(source, x[0], y)];
  if (p.arity === 2) {
    const b = ir.operands[ir.start[i] + 1];
    const kb = ir.opcode[b] === CONSTANT ? ir.constants[b] : undefined;
    return [0, 1].map((k) => (ir.active[ir.operands[ir.start[i] + k]] ? p.partial(source, k as 0 | 1, x[0], x[1], y, kb) : ''));
  }
  return x.map((_, k) => p.partial(source, k, x, y));
}

/** partial · factor, dropping exact multiplications by ±1. */
function times(partial: string, factor: string): string {
  if (partial === '1') return factor;
  if (partial === '(-1)') return `(-${factor})`;
  return `${partial} * ${factor}`;
}

/**
 * A function body that keeps values in locals: a value not computed in this
 * function is loaded (from `v`, or from `x` for inputs) once, and only if the
 * emitted code uses it.
 */
class Body {
  readonly lines: string[] = [];
  constructor(
    private readonly ir: IR,
    private readonly inLocal: (j: number) => boolean,
    private readonly loadFrom: (j: number) => string,
  ) {}
  value = (j: number): string => (this.ir.opcode[j] === CONSTANT ? literal(this.ir.constants[j]) : `v${j}`);
  text(): string {
    const code = this.lines.join('\n');
    const loads: string[] = [];
    const seen = new Set<number>();
    for (const m of code.matchAll(/\bv(\d+)\b/g)) {
      const j = Number(m[1]);
      if (seen.has(j) || this.inLocal(j)) continue;
      seen.add(j);
      loads.push(`const v${j} = ${this.loadFrom(j)};`);
    }
    return `${loads.join('\n')}\n${code}`;
  }
}

/** Consecutive op slots, grouped so that each group holds about `chunkSize` operand references. */
function opSlotsInChunks(ir: IR, chunkSize: number): number[][] {
  const chunks: number[][] = [];
  let current: number[] = [];
  let weight = 0;
  for (let i = 0; i < ir.size; i++) {
    if (ir.opcode[i] <= CONSTANT) continue;
    const w = ir.start[i + 1] - ir.start[i];
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

/** Reverse-sweep statements for the op slots `slots` (ascending), adjoints in locals where they stay inside. */
function reverseStatements(ir: IR, slots: readonly number[], body: Body, local: (j: number) => boolean, seed: (i: number) => string, store: (j: number, term: string) => string): void {
  const declared = new Set<number>();
  for (let q = slots.length - 1; q >= 0; q--) {
    const i = slots[q];
    if (!ir.active[i]) continue;
    if (!declared.has(i)) {
      declared.add(i);
      body.lines.push(`const a${i} = ${seed(i)};`);
    }
    const partials = emitPartials(ir, i, body);
    for (let s = ir.start[i], k = 0; s < ir.start[i + 1]; s++, k++) {
      const j = ir.operands[s];
      if (!ir.active[j]) continue;
      const term = times(partials[k], `a${i}`);
      if (local(j)) {
        if (declared.has(j)) body.lines.push(`a${j} += ${term};`);
        else {
          declared.add(j);
          body.lines.push(`let a${j} = ${seed(j)} + ${term};`);
        }
      } else body.lines.push(store(j, term));
    }
  }
}

function compileFunction(params: string[], text: string): (...args: any[]) => any {
  return new Function(...params, `"use strict";\n${text}`) as (...args: any[]) => any;
}

/** Generates the kernels of a program; throws where `new Function` is forbidden. */
export function generate(ir: IR, chunkSize = DEFAULT_CHUNK_SIZE): Kernels & { sourceLength: number } {
  const chunks = opSlotsInChunks(ir, chunkSize);
  const chunkOf = new Int32Array(ir.size).fill(-1);
  chunks.forEach((c, n) => c.forEach((i) => (chunkOf[i] = n)));
  const isOutput = new Uint8Array(ir.size);
  for (const o of ir.outputs) isOutput[o] = 1;
  // op slots read by a later chunk: their adjoints arrive partly through memory
  const readOutside = new Uint8Array(ir.size);
  for (let i = 0; i < ir.size; i++) {
    if (ir.opcode[i] <= CONSTANT) continue;
    for (let s = ir.start[i]; s < ir.start[i + 1]; s++) {
      const j = ir.operands[s];
      if (chunkOf[j] >= 0 && chunkOf[j] !== chunkOf[i]) readOutside[j] = 1;
    }
  }
  let sourceLength = 0;
  const make = (params: string[], text: string) => {
    sourceLength += text.length;
    return compileFunction(params, text);
  };

  const forwards = chunks.map((slots, n) => {
    const body = new Body(ir, (j) => chunkOf[j] === n, (j) => `v[${j}]`);
    for (const i of slots) body.lines.push(`const v${i} = ${emitValue(ir, i, body)};`, `v[${i}] = v${i};`);
    return make(['v'], body.text());
  });

  const reverses = chunks.map((slots, n) => {
    const body = new Body(ir, () => false, (j) => `v[${j}]`);
    reverseStatements(
      ir,
      slots,
      body,
      (j) => chunkOf[j] === n,
      (j) => (isOutput[j] || readOutside[j] ? `a[${j}]` : '0'),
      (j, term) => `a[${j}] += ${term};`,
    );
    return make(['v', 'a'], body.text());
  });

  const tangents = chunks.map((slots) => {
    const body = new Body(ir, () => false, (j) => `v[${j}]`);
    for (const i of slots) {
      if (!ir.active[i]) continue;
      const terms: string[] = [];
      const partials = emitPartials(ir, i, body);
      for (let s = ir.start[i], k = 0; s < ir.start[i + 1]; s++, k++) {
        const j = ir.operands[s];
        if (!ir.active[j]) continue;
        const p = partials[k];
        body.lines.push(`const p${i}_${k} = ${p};`);
        terms.push(times(p === '1' || p === '(-1)' ? p : `p${i}_${k}`, `T[${j} * D + d]`));
      }
      body.lines.push(`for (let d = 0; d < D; d++) T[${i} * D + d] = ${terms.join(' + ')};`);
    }
    return make(['v', 'T', 'D'], body.text());
  });

  const kernels: Kernels & { sourceLength: number } = {
    sourceLength: 0,
    forward(v) {
      for (const f of forwards) f(v);
    },
    reverse(v, a) {
      for (let n = reverses.length - 1; n >= 0; n--) reverses[n](v, a);
    },
    tangent(v, T, D) {
      for (const f of tangents) f(v, T, D);
    },
  };

  if (chunks.length <= 1) {
    const inputValue = (j: number) => (ir.opcode[j] === INPUT ? `x[${j}]` : `v[${j}]`);
    // evaluate: everything in locals
    const ev = new Body(ir, (j) => chunkOf[j] === 0, inputValue);
    for (const i of chunks[0] ?? []) ev.lines.push(`const v${i} = ${emitValue(ir, i, ev)};`);
    ir.outputs.forEach((o, r) => ev.lines.push(`out[${r}] = ${ev.value(o)};`));
    kernels.evaluate = make(['x', 'out'], ev.text());

    if (ir.outputs.length === 1) {
      const o = ir.outputs[0];
      const vg = new Body(ir, (j) => chunkOf[j] === 0, inputValue);
      for (const i of chunks[0] ?? []) vg.lines.push(`const v${i} = ${emitValue(ir, i, vg)};`);
      const touched = new Set<number>();
      reverseStatements(
        ir,
        chunks[0] ?? [],
        vg,
        (j) => {
          touched.add(j);
          return true;
        },
        (j) => (j === o ? '1' : '0'),
        () => '',
      );
      const inputs = ir.inputNames.length;
      for (let k = 0; k < inputs; k++) {
        // input k's adjoint: a local if some op reached it, 1 if it is the output itself, else 0
        vg.lines.push(`g[${k}] = ${touched.has(k) ? `a${k}` : k === o && ir.active[o] ? '1' : '0'};`);
      }
      vg.lines.push(`return ${vg.value(o)};`);
      kernels.valueAndGradient = make(['x', 'g'], vg.text());
    }
  }
  kernels.sourceLength = sourceLength;
  return kernels;
}

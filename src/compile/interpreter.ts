/**
 * The interpreter backend: loops over the slots, calling each primitive's own
 * `evaluate` and `partial` with plain numbers. It runs anywhere, including
 * where `new Function` is forbidden, and is the reference the code generator
 * matches bit for bit.
 */
import { checkInputs, checkTerm, checkValue } from './checks.js';
import { CONSTANT, type IR, primitiveList } from './ir.js';
import type { Kernels } from './kernels.js';
import { numbers } from '../ops/arithmetic.js';
import { partialNumber } from './partials.js';
import { type Schedule, STATIC } from './schedule.js';

export function interpreter(ir: IR, plan: Schedule | undefined, checks = false): Kernels {
  const { size, opcode, start, operands, active, origins } = ir;
  const scratch: number[] = [];

  const forward = (v: Float64Array) => {
    gathered = -1;
    if (checks) checkInputs(ir, v);
    for (let i = 0; i < size; i++) {
      const code = opcode[i];
      if (code <= CONSTANT) continue;
      const p = primitiveList[code - 2];
      const s = start[i];
      if (p.arity === 1) v[i] = p.evaluate(v[operands[s]]);
      else if (p.arity === 2) v[i] = p.evaluate(v[operands[s]], v[operands[s + 1]]);
      else {
        scratch.length = start[i + 1] - s;
        for (let q = s; q < start[i + 1]; q++) scratch[q - s] = v[operands[q]];
        v[i] = p.evaluate(scratch);
      }
      if (checks) checkValue(ir, v, i, origins);
    }
  };

  /** x̄ⱼ += ∂ₖ·ȳ for each active operand j of slot i (skipping static operands when `skipStatic`). */
  // the operands of the n-ary slot last gathered into scratch: its partials reuse them (one gather per node, not per partial)
  let gathered = -1;
  const partial = (v: Float64Array, i: number, k: number): number => {
    const p = primitiveList[opcode[i] - 2];
    if (p.arity !== 'n') return partialNumber(ir, v, i, k, scratch);
    if (gathered !== i) {
      scratch.length = start[i + 1] - start[i];
      for (let q = start[i]; q < start[i + 1]; q++) scratch[q - start[i]] = v[operands[q]];
      gathered = i;
    }
    return p.partial(numbers, k, scratch, v[i]);
  };

  const pullback = (v: Float64Array, a: Float64Array, i: number, ct: number, owner: Int32Array | undefined) => {
    for (let s = start[i], k = 0; s < start[i + 1]; s++, k++) {
      const j = operands[s];
      if (!active[j] || (owner !== undefined && owner[j] === STATIC)) continue;
      const p = partial(v, i, k);
      if (checks) checkTerm(ir, v, i, k, p, ct, 'reverse', origins);
      a[j] += p * ct;
    }
  };

  const kernels: Kernels = {
    forward,

    reverse(v, a) {
      gathered = -1;
      for (let i = size - 1; i >= 0; i--) {
        if (opcode[i] > CONSTANT && active[i]) pullback(v, a, i, a[i], undefined);
      }
    },

    tangent(v, T, D, mask = active) {
      gathered = -1;
      for (let i = 0; i < size; i++) {
        if (opcode[i] <= CONSTANT || !mask[i]) continue;
        const base = i * D;
        let first = true;
        for (let s = start[i], k = 0; s < start[i + 1]; s++, k++) {
          const j = operands[s];
          if (!mask[j]) continue;
          // ẏ = Σ ∂ₖ·ẋₖ, starting from the first term so that −0 survives
          const p = partial(v, i, k);
          const jb = j * D;
          if (checks) for (let d = 0; d < D; d++) checkTerm(ir, v, i, k, p, T[jb + d], 'tangent', origins);
          if (first) for (let d = 0; d < D; d++) T[base + d] = p * T[jb + d];
          else for (let d = 0; d < D; d++) T[base + d] += p * T[jb + d];
          first = false;
        }
      }
    },
  };

  if (plan !== undefined) {
    const { owner, staticAdjoint, roots, blocks, late } = plan;
    kernels.gradient = (v, a) => {
      forward(v);
      for (const r of roots) {
        pullback(v, a, r, staticAdjoint[r], owner);
        const block = blocks.get(r);
        if (block !== undefined) for (const i of block) pullback(v, a, i, a[i], owner);
      }
      for (const i of late) pullback(v, a, i, a[i], owner);
    };
  }
  return kernels;
}

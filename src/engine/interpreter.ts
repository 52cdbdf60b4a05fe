/**
 * The interpreter backend: loops over the slots, calling each primitive's own
 * `evaluate` and `partial` with plain numbers. It runs anywhere, including
 * where `new Function` is forbidden, and is the reference the code generator
 * matches bit for bit.
 *
 * Invariants: slots are swept in slot order (forward, tangents) or its reverse
 * (adjoints), which is a topological order (ir.ts); the scheduled gradient
 * sweeps roots ascending, each followed by its block, then the late slots
 * (sweep-plan.ts) — the order the generated code follows statement for statement.
 */
import { checkInputs, checkTerm, checkValue } from './checks.js';
import { CONSTANT, type IR, primitiveList } from './ir.js';
import type { Kernels } from './kernels.js';
import { numbers } from '../ops/arithmetic.js';
import { evaluateOn, partialOn } from '../ops/primitive.js';
import { constantExponent } from './partials.js';
import { type PlannedSweep, STATIC } from './sweep-plan.js';

/**
 * The interpreter's kernels (with check mode's checks when `checks`). `trace`,
 * for debug tests, is told every pullback term (slot, operand position) in
 * the order the sweeps accumulate them.
 */
export function interpreter(ir: IR, plan: PlannedSweep | undefined, checks = false, trace?: (i: number, k: number) => void): Kernels {
  const { size, opcode, start, operands, active, origins } = ir;
  /** Operand values of the slot last gathered (`gathered`): one gather per node, however many partials it has. */
  const scratch: number[] = [];
  let gathered = -1;
  const gather = (v: Float64Array, i: number) => {
    const s = start[i];
    scratch.length = start[i + 1] - s;
    for (let q = s; q < start[i + 1]; q++) scratch[q - s] = v[operands[q]];
    gathered = i;
  };

  const forward = (v: Float64Array) => {
    gathered = -1;
    if (checks) checkInputs(ir, v);
    for (let i = 0; i < size; i++) {
      const code = opcode[i];
      if (code <= CONSTANT) continue;
      gather(v, i);
      v[i] = evaluateOn(primitiveList[code - 2], scratch);
      if (checks) checkValue(ir, v, i, origins);
    }
    gathered = -1;
  };

  /** ∂(slot i)/∂(operand k) at the values in v. */
  const partial = (v: Float64Array, i: number, k: number): number => {
    if (gathered !== i) gather(v, i);
    return partialOn(primitiveList[opcode[i] - 2], numbers, k, scratch, v[i], constantExponent(ir, i));
  };

  /** x̄ⱼ += ∂ₖ·ȳ for each active operand j of slot i (skipping static operands when `owner` is given). */
  const pullback = (v: Float64Array, a: Float64Array, i: number, ct: number, owner: Int32Array | undefined) => {
    for (let s = start[i], k = 0; s < start[i + 1]; s++, k++) {
      const j = operands[s];
      if (!active[j] || (owner !== undefined && owner[j] === STATIC)) continue;
      const p = partial(v, i, k);
      if (checks) checkTerm(ir, v, i, k, p, ct, 'reverse', origins);
      if (trace !== undefined) trace(i, k);
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
    kernels.gradient = (v, a) => {
      const { owner, staticAdjoint, roots, blockStart, blockMembers, late } = plan();
      forward(v);
      for (const r of roots) {
        pullback(v, a, r, staticAdjoint[r], owner);
        for (let q = blockStart[r]; q < blockStart[r + 1]; q++) pullback(v, a, blockMembers[q], a[blockMembers[q]], owner);
      }
      for (const i of late) pullback(v, a, i, a[i], owner);
    };
  }
  return kernels;
}

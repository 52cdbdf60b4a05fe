/**
 * The interpreter backend: loops over the slots, calling each primitive's own
 * `evaluate` and `partial` (with plain numbers). It runs anywhere, including
 * where `new Function` is forbidden, and is the reference the code generator
 * must match bit for bit. Direct sweeps on graphs use it too.
 */
import { numbers } from '../ops/arithmetic.js';
import { CONSTANT, type IR, primitiveList } from './ir.js';
import type { Kernels } from './kernels.js';

export function interpreter(ir: IR): Kernels {
  const { size, opcode, start, operands, constants, active } = ir;
  let scratch: number[] = [];

  const gather = (v: Float64Array, i: number): number[] => {
    const s = start[i];
    const e = start[i + 1];
    if (scratch.length < e - s) scratch = new Array<number>(e - s).fill(0);
    const x = scratch;
    x.length = e - s;
    for (let k = s; k < e; k++) x[k - s] = v[operands[k]];
    return x;
  };

  /** ∂(slot i)/∂(its k-th operand). */
  const partial = (v: Float64Array, i: number, k: number): number => {
    const p = primitiveList[opcode[i] - 2];
    const s = start[i];
    if (p.arity === 1) return p.partial(numbers, v[operands[s]], v[i]);
    if (p.arity === 2) {
      const b = operands[s + 1];
      return p.partial(numbers, k as 0 | 1, v[operands[s]], v[b], v[i], opcode[b] === CONSTANT ? constants[b] : undefined);
    }
    return p.partial(numbers, k, gather(v, i), v[i]);
  };

  return {
    forward(v) {
      for (let i = 0; i < size; i++) {
        const code = opcode[i];
        if (code <= CONSTANT) continue;
        const p = primitiveList[code - 2];
        const s = start[i];
        v[i] = p.arity === 1 ? p.evaluate(v[operands[s]]) : p.arity === 2 ? p.evaluate(v[operands[s]], v[operands[s + 1]]) : p.evaluate(gather(v, i));
      }
    },

    reverse(v, a) {
      for (let i = size - 1; i >= 0; i--) {
        if (opcode[i] <= CONSTANT || !active[i]) continue;
        const ct = a[i];
        for (let s = start[i], k = 0; s < start[i + 1]; s++, k++) {
          const j = operands[s];
          if (active[j]) a[j] += partial(v, i, k) * ct;
        }
      }
    },

    tangent(v, T, D) {
      for (let i = 0; i < size; i++) {
        if (opcode[i] <= CONSTANT || !active[i]) continue;
        const base = i * D;
        let first = true;
        for (let s = start[i], k = 0; s < start[i + 1]; s++, k++) {
          const j = operands[s];
          if (!active[j]) continue;
          // ẏ = Σ ∂ₖ·ẋₖ, starting from the first term so that −0 survives
          const p = partial(v, i, k);
          const jb = j * D;
          if (first) for (let d = 0; d < D; d++) T[base + d] = p * T[jb + d];
          else for (let d = 0; d < D; d++) T[base + d] += p * T[jb + d];
          first = false;
        }
      }
    },
  };
}

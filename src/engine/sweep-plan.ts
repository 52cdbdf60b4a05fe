/**
 * The order of a compiled gradient sweep. Reverse mode needs the whole forward
 * pass before it can start — except where an adjoint is known in advance. Near
 * the output of most objectives the graph is linear with constant coefficients
 * (sums of terms, means, scalings), so the adjoints there are compile-time
 * constants ("static"). Each static node then roots a block: the nodes whose
 * adjoints flow only into it. A block's reverse sweep can run right after its
 * root's value is known, while its values are still in registers: that is how
 * hand-written gradient code is shaped, and it is what makes a compiled sum of
 * a thousand terms fast. Nodes shared between blocks are swept last ("late").
 *
 * Invariant: sweep-plan order = runtime order. The interpreter (interpreter.ts)
 * and the generated code (statements.ts) sweep roots ascending, each followed
 * by its block, then the late slots, each slot pulling its operands in
 * position order; so every adjoint is the same sum, in the same order, on both
 * backends, and they agree bit for bit. checkRuntimeOrder (invariants.ts)
 * asserts it in tests. A static adjoint is accumulated at compile time in that
 * same order (consumers descending, positions ascending).
 */
import { IntList } from './growable.js';
import { CONSTANT, type IR } from './ir.js';
import type { ConstantPartial } from './partials.js';

export const STATIC = -2;
export const LATE = -1;
const NONE = -3;

export interface SweepPlan {
  /** STATIC, LATE, the root slot of the node's block, or −3 for inputs, constants and inactive slots. */
  readonly owner: Int32Array;
  /** The adjoint of each static slot (NaN elsewhere). */
  readonly staticAdjoint: Float64Array;
  /** Static op slots, ascending: the block roots. */
  readonly roots: Int32Array;
  /** The block of root r, its nodes descending: blockMembers[blockStart[r]] … blockMembers[blockStart[r + 1] − 1] (empty for other slots). */
  readonly blockStart: Int32Array;
  readonly blockMembers: Int32Array;
  /** Late op slots, descending. */
  readonly late: Int32Array;
}



/**
 * Schedules the gradient sweep of a single-output program. Blocks heavier than
 * `maxBlock` operand references are swept late instead (they would not fit one
 * generated function).
 */
export function sweepPlan(ir: IR, constantPartial: ConstantPartial, maxBlock: number): SweepPlan {
  const { size, opcode, start, operands, active } = ir;
  // consumers in CSR form, ascending
  const count = new Int32Array(size + 1);
  for (let s = 0; s < operands.length; s++) count[operands[s] + 1]++;
  for (let i = 0; i < size; i++) count[i + 1] += count[i];
  const consumer = new Int32Array(operands.length);
  const consumerK = new Int32Array(operands.length);
  const fill = count.slice(0, size);
  for (let i = 0; i < size; i++) {
    for (let s = start[i], k = 0; s < start[i + 1]; s++, k++) {
      const j = operands[s];
      consumer[fill[j]] = i;
      consumerK[fill[j]++] = k;
    }
  }

  const owner = new Int32Array(size).fill(NONE);
  const staticAdjoint = new Float64Array(size).fill(NaN);
  const output = ir.outputs[0];
  for (let i = size - 1; i >= 0; i--) {
    if (opcode[i] <= CONSTANT || !active[i]) continue;
    if (i === output) {
      owner[i] = STATIC;
      staticAdjoint[i] = 1;
      continue;
    }
    // static: every consumer static and every partial into i constant. The adjoint
    // accumulates in the runtime order: consumers descending, positions ascending.
    let isStatic = true;
    let adjoint = 0;
    for (let q = count[i + 1] - 1; q >= count[i] && isStatic; ) {
      const c = consumer[q];
      let q0 = q;
      while (q0 > count[i] && consumer[q0 - 1] === c) q0--;
      if (owner[c] !== STATIC) isStatic = false;
      for (let r = q0; r <= q && isStatic; r++) {
        const p = constantPartial(c, consumerK[r]);
        if (p === undefined) isStatic = false;
        else adjoint += p * staticAdjoint[c];
      }
      q = q0 - 1;
    }
    if (isStatic && count[i + 1] > count[i]) {
      owner[i] = STATIC;
      staticAdjoint[i] = adjoint;
      continue;
    }
    let root = NONE;
    for (let q = count[i]; q < count[i + 1]; q++) {
      const c = consumer[q];
      const r = owner[c] === STATIC ? c : owner[c];
      root = root === NONE || root === r ? r : LATE;
      if (root === LATE) break;
    }
    owner[i] = root === NONE ? LATE : root;
  }

  // blocks, with the heavy ones demoted to late: weights by root, then members by root (descending)
  const weight = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const r = owner[i];
    if (r >= 0) weight[r] += start[i + 1] - start[i];
    else if (r === STATIC) weight[i] += start[i + 1] - start[i];
  }
  const blockStart = new Int32Array(size + 1);
  for (let i = 0; i < size; i++) {
    const r = owner[i];
    if (r >= 0 && weight[r] > maxBlock) owner[i] = LATE;
    else if (r >= 0) blockStart[r + 1]++;
  }
  for (let i = 0; i < size; i++) blockStart[i + 1] += blockStart[i];
  const blockMembers = new Int32Array(blockStart[size]);
  const fillAt = blockStart.slice(0, size);
  const roots = new IntList();
  const late = new IntList();
  for (let i = size - 1; i >= 0; i--) {
    if (owner[i] >= 0) blockMembers[fillAt[owner[i]]++] = i;
    else if (owner[i] === LATE) late.push(i);
  }
  for (let i = 0; i < size; i++) if (owner[i] === STATIC) roots.push(i);
  return { owner, staticAdjoint, roots: roots.done(), blockStart, blockMembers, late: late.done() };
}

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
import { borrow, giveBack } from './scratch.js';
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
 * A program's sweep plan, made when a gradient first asks for it and kept
 * (ad/backend.ts): a program that is only evaluated, or differentiated in
 * forward mode, never plans a reverse sweep. Both backends share the one plan.
 */
export type PlannedSweep = () => SweepPlan;

/**
 * Schedules the gradient sweep of a single-output program. Blocks heavier than
 * `maxBlock` operand references are swept late instead (they would not fit one
 * generated function).
 *
 * One pass down the slots decides each slot once all its consumers (later
 * slots) are decided, from what they pushed to it: whether every consumer is
 * static with a constant partial into it (then its static adjoint is the sum of
 * those terms, added in the runtime order — consumers descending, positions
 * ascending — as they arrive), and the block root its consumers agree on.
 */
export function sweepPlan(ir: IR, constantPartial: ConstantPartial, maxBlock: number): SweepPlan {
  const { size, opcode, start, operands, active } = ir;
  /** While consumers push to a slot: the root they agree on so far (NONE before the first, LATE once two differ); then its decision. */
  const owner = new Int32Array(size).fill(NONE);
  /** The static adjoint accumulated so far, then decided (NaN where not static). */
  const staticAdjoint = new Float64Array(size);
  /** 1 once some consumer is not static or has a partial into the slot that is not constant (on scratch memory, scratch.ts). */
  const varying = new Uint8Array(borrow(size), 0, size).fill(0);
  const output = ir.outputs[0];
  for (let i = size - 1; i >= 0; i--) {
    if (opcode[i] <= CONSTANT || !active[i]) {
      owner[i] = NONE;
      staticAdjoint[i] = NaN;
      continue;
    }
    if (i === output) {
      owner[i] = STATIC;
      staticAdjoint[i] = 1;
    } else if (varying[i] === 0 && owner[i] !== NONE) owner[i] = STATIC; // static: every consumer static, every partial into i constant
    else {
      staticAdjoint[i] = NaN;
      if (owner[i] === NONE) owner[i] = LATE;
    }
    const isStatic = owner[i] === STATIC;
    const root = isStatic ? i : owner[i];
    for (let s = start[i], k = 0; s < start[i + 1]; s++, k++) {
      const j = operands[s];
      if (opcode[j] <= CONSTANT || !active[j]) continue;
      owner[j] = owner[j] === NONE || owner[j] === root ? root : LATE;
      if (varying[j] === 1) continue;
      const p = isStatic ? constantPartial(i, k) : undefined;
      if (p === undefined) varying[j] = 1;
      else staticAdjoint[j] += p * staticAdjoint[i];
    }
  }
  giveBack(varying.buffer as ArrayBuffer);

  // blocks, with the heavy ones demoted to late: weights by root, then members by root (descending)
  const weight = new Int32Array(borrow(4 * size), 0, size).fill(0);
  for (let i = 0; i < size; i++) {
    const r = owner[i];
    if (r >= 0) weight[r] += start[i + 1] - start[i];
    else if (r === STATIC) weight[i] += start[i + 1] - start[i];
  }
  // blockStart[r] counts block r's members, then (summed) is where the block ends, then (filled from the end) where it starts
  const blockStart = new Int32Array(size + 1);
  for (let i = 0; i < size; i++) {
    const r = owner[i];
    if (r >= 0 && weight[r] > maxBlock) owner[i] = LATE;
    else if (r >= 0) blockStart[r]++;
  }
  for (let i = 1; i < size; i++) blockStart[i] += blockStart[i - 1];
  blockStart[size] = size > 0 ? blockStart[size - 1] : 0;
  const blockMembers = new Int32Array(blockStart[size]);
  const roots = new IntList(16, true);
  let lateCount = 0;
  for (let i = 0; i < size; i++) {
    const r = owner[i];
    if (r >= 0) blockMembers[--blockStart[r]] = i;
    else if (r === STATIC) roots.push(i);
    else if (r === LATE) lateCount++;
  }
  giveBack(weight.buffer as ArrayBuffer);
  const late = new Int32Array(lateCount);
  for (let i = size - 1, q = 0; i >= 0; i--) if (owner[i] === LATE) late[q++] = i;
  return { owner, staticAdjoint, roots: roots.done(), blockStart, blockMembers, late };
}

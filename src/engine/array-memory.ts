/**
 * The memory plan of a compiled array program: every buffer that is not an
 * input or an output lives in one arena (a single Float64Array), at an offset
 * chosen by liveness. A buffer is placed when the step that writes it runs and
 * its space is free again after the last step that reads it, so a long chain of
 * 10⁷-element ops needs two or three buffers' worth of memory, not one per op.
 */
import { destsOf, type Plan } from './array-steps.js';

/** Which array a buffer lives in: the arena, the inputs x, the seeds u (cotangents, tangents) or the outputs o. */
export const ARENA = 0;
export const X = 1;
export const U = 2;
export const O = 3;

/** A buffer's array and its first element there. */
export interface Placement {
  readonly array: number;
  readonly offset: number;
}

/** Where every buffer of a plan lives, and the arena's length. */
export interface Memory {
  readonly placements: readonly Placement[];
  readonly arenaSize: number;
}

const NOWHERE: Placement = { array: ARENA, offset: -1 };

/** Free ranges of the arena, sorted by start, coalesced. */
class FreeList {
  private starts: number[] = [];
  private ends: number[] = [];
  top = 0;

  allocate(size: number): number {
    let best = -1;
    for (let k = 0; k < this.starts.length; k++) {
      const room = this.ends[k] - this.starts[k];
      if (room >= size && (best < 0 || room < this.ends[best] - this.starts[best])) best = k;
    }
    if (best >= 0) {
      const at = this.starts[best];
      this.starts[best] += size;
      if (this.starts[best] === this.ends[best]) {
        this.starts.splice(best, 1);
        this.ends.splice(best, 1);
      }
      return at;
    }
    // grow the last free range if it ends at the top, else allocate at the top
    const last = this.starts.length - 1;
    if (last >= 0 && this.ends[last] === this.top) {
      const at = this.starts[last];
      this.starts.pop();
      this.ends.pop();
      this.top = at + size;
      return at;
    }
    const at = this.top;
    this.top += size;
    return at;
  }

  release(at: number, size: number): void {
    if (size === 0) return;
    let k = 0;
    while (k < this.starts.length && this.starts[k] < at) k++;
    this.starts.splice(k, 0, at);
    this.ends.splice(k, 0, at + size);
    if (k + 1 < this.starts.length && this.ends[k] === this.starts[k + 1]) {
      this.ends[k] = this.ends[k + 1];
      this.starts.splice(k + 1, 1);
      this.ends.splice(k + 1, 1);
    }
    if (k > 0 && this.ends[k - 1] === this.starts[k]) {
      this.ends[k - 1] = this.ends[k];
      this.starts.splice(k, 1);
      this.ends.splice(k, 1);
    }
  }
}

/**
 * Places every buffer of `plan`. `fixed` gives the buffers that live outside
 * the arena (inputs, outputs written in place); `permanent` those that keep
 * their arena space for the program's life (constants, outputs read after a
 * run).
 * @example
 * ```ts
 * const memory = planMemory(plan, (b) => (b === 0 ? { array: X, offset: 0 } : undefined), () => false);
 * memory.arenaSize; // elements of the arena
 * ```
 */
export function planMemory(plan: Plan, fixed: (buffer: number) => Placement | undefined, permanent: (buffer: number) => boolean): Memory {
  const count = plan.sizes.length;
  const last = new Int32Array(count).fill(-1);
  plan.reads.forEach((rs, t) => rs.forEach((b) => (last[b] = Math.max(last[b], t))));
  const arena = new FreeList();
  const placements = new Array<Placement | undefined>(count);
  for (let b = 0; b < count; b++) {
    placements[b] = fixed(b);
    if (placements[b] === undefined && permanent(b)) placements[b] = { array: ARENA, offset: arena.allocate(plan.sizes[b]) };
  }
  const releaseAt: number[][] = plan.steps.map(() => []);
  plan.steps.forEach((st, t) => {
    for (const b of destsOf(st)) {
      if (placements[b] !== undefined) continue;
      placements[b] = { array: ARENA, offset: arena.allocate(plan.sizes[b]) };
      releaseAt[Math.max(t, last[b])].push(b);
    }
    // free after the step that reads a buffer last (its own step, if nothing reads it)
    for (const r of releaseAt[t]) arena.release(placements[r]!.offset, plan.sizes[r]);
  });
  // slots that are never read as buffers (views, inlined ops, known numbers) have no place
  const result = placements.map((p, b) => {
    if (p === undefined && last[b] >= 0) throw new Error(`planMemory: buffer ${b} is read but neither written by a step nor placed`);
    return p ?? NOWHERE;
  });
  return { placements: result, arenaSize: arena.top };
}

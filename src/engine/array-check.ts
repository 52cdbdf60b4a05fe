/**
 * Check mode on compiled array programs (interpreter backend): bound values
 * that are NaN or ±∞ are an error naming the variable and the element; after
 * each step, the first non-finite element it computed from finite inputs is a
 * NonFiniteError naming the node, the element, the sweep and, for an
 * elementwise op, its operands there. A non-finite value computed from
 * non-finite inputs was reported where it first appeared.
 */
import { NonFiniteError } from '../errors.js';
import { formatShape } from '../graph/shape.js';
import type { Memory } from './array-memory.js';
import { destsOf, type Expr, type Plan } from './array-steps.js';

/** Check mode's context: which sweep the derivative slots belong to, and the inputs' names. */
export interface CheckContext {
  readonly sweep: 'forward' | 'reverse' | 'tangent';
  /** Each bound variable: its name (as messages say it), array, offset and size. */
  readonly bindings: readonly { readonly name: string; readonly array: number; readonly offset: number; readonly size: number; readonly scalar: boolean }[];
}

function firstNonFinite(x: Float64Array, from: number, size: number): number {
  for (let e = 0; e < size; e++) if (!Number.isFinite(x[from + e])) return e;
  return -1;
}

/** Throws at the first non-finite bound value. */
export function checkBindings(checks: CheckContext, arrays: readonly Float64Array[]): void {
  for (const b of checks.bindings) {
    const e = firstNonFinite(arrays[b.array], b.offset, b.size);
    if (e < 0) continue;
    const v = arrays[b.array][b.offset + e];
    const at = b.scalar ? '' : ` at element ${e}`;
    throw new NonFiniteError(`variable '${b.name}' is bound to ${v}${at}`, 'bindings', 'variable', undefined, [], v, undefined);
  }
}

/** The value of a read at row-major position e of `shape`. */
function readAt(expr: Expr, e: number, shape: readonly number[], memory: Memory, arrays: readonly Float64Array[]): number | undefined {
  if (expr.kind === 'literal') return expr.value;
  if (expr.kind !== 'read') return undefined;
  const p = memory.placements[expr.slot];
  let offset = p.offset + expr.form.c;
  for (let k = shape.length - 1; k >= 0; k--) {
    offset += (e % shape[k]) * expr.form.a[k];
    e = Math.floor(e / shape[k]);
  }
  return arrays[p.array][offset];
}

/** Throws at the first non-finite value step t computed from finite inputs. */
export function checkStep(plan: Plan, memory: Memory, t: number, arrays: readonly Float64Array[], checks: CheckContext): void {
  const step = plan.steps[t];
  for (const d of destsOf(step)) {
    const dest = memory.placements[d];
    const e = firstNonFinite(arrays[dest.array], dest.offset, plan.sizes[d]);
    if (e < 0) continue;
    // inherited: reported where it first appeared
    for (const r of plan.reads[t]) {
      const p = memory.placements[r];
      if (firstNonFinite(arrays[p.array], p.offset, plan.sizes[r]) >= 0) return;
    }
    const slot = plan.slotOf[d];
    const node = plan.ir.slots[slot].node;
    const y = arrays[dest.array][dest.offset + e];
    const sweep = plan.ir.primal[slot] ? 'forward' : checks.sweep;
    const effect = step.kind === 'loop' ? step.effects.find((f) => f.dest === d) : undefined;
    const expr = effect?.kind === 'store' ? effect.expr : undefined;
    const elementwise = expr !== undefined && expr.kind === 'apply';
    const shape = step.kind === 'loop' ? step.shape : [];
    const x = elementwise ? (expr.args.map((a) => readAt(a, e, shape, memory, arrays)).filter((v) => v !== undefined) as number[]) : [];
    const op = node.op?.name ?? 'variable';
    const at = node.shape.length === 0 ? '' : ` at element ${e} of ${formatShape(node.shape)}`;
    const from = elementwise ? `, from the finite input${x.length === 1 ? '' : 's'} ${x.join(', ')}` : ', from finite inputs';
    throw new NonFiniteError(`${op}#${node.id} gave ${y}${at} in the ${sweep} sweep${from}`, sweep, op, node.id, x, y, undefined);
  }
}

/**
 * The numeric sweeps over a tape. Both modes use the same local partials ∂ᵢ of
 * each primitive: forward mode ẏ = Σᵢ ∂ᵢ·ẋᵢ, reverse mode x̄ᵢ += ∂ᵢ·ȳ.
 * Only inputs that depend on a variable take part, so a constant exponent or
 * base never has its partial evaluated.
 */
import { numbers } from '../ops/arithmetic.js';
import type { Node } from './node.js';
import type { Tape } from './tape.js';

/** The value of a constant node, or undefined for any other node. */
export function constantValue(node: Node): number | undefined {
  return node.op === undefined && node.name === undefined ? node.value : undefined;
}

function gather(t: Tape, values: Float64Array, i: number): number[] {
  const s = t.start[i];
  const e = t.start[i + 1];
  const x = new Array<number>(e - s);
  for (let k = s; k < e; k++) x[k - s] = values[t.operands[k]];
  return x;
}

/** Value of node i from the values of its inputs. */
function valueAt(t: Tape, values: Float64Array, i: number): number {
  const node = t.nodes[i];
  const op = node.op;
  if (op === undefined) return node.name === undefined ? node.value : values[i];
  const s = t.start[i];
  const o = t.operands;
  if (op.arity === 1) return op.evaluate(values[o[s]]);
  if (op.arity === 2) return op.evaluate(values[o[s]], values[o[s + 1]]);
  return op.evaluate(gather(t, values, i));
}

/** ∂(node i)/∂(its k-th input), at the current values. */
function partialAt(t: Tape, values: Float64Array, i: number, k: number, x: number[] | undefined): number {
  const node = t.nodes[i];
  const op = node.op!;
  const s = t.start[i];
  const o = t.operands;
  if (op.arity === 1) return op.partial(numbers, values[o[s]], values[i]);
  if (op.arity === 2) {
    return op.partial(numbers, k as 0 | 1, values[o[s]], values[o[s + 1]], values[i], constantValue(node.inputs[1]));
  }
  return op.partial(numbers, k, x!, values[i]);
}

/** Fills the values of all non-variable nodes (variables must already be bound). */
export function valueSweep(t: Tape, values: Float64Array): void {
  const n = t.nodes.length;
  for (let i = 0; i < n; i++) values[i] = valueAt(t, values, i);
}

/** Values and tangents in one forward pass (variables' values and tangents must be bound). */
export function tangentSweep(t: Tape, values: Float64Array, tangents: Float64Array): void {
  const n = t.nodes.length;
  const { start, operands, active } = t;
  for (let i = 0; i < n; i++) {
    values[i] = valueAt(t, values, i);
    if (!active[i] || t.nodes[i].op === undefined) continue;
    const x = t.nodes[i].op!.arity === 'n' ? gather(t, values, i) : undefined;
    // ẏ = Σ ∂ₖ·ẋₖ over active inputs, starting from the first term (not from 0, which would turn −0 into 0)
    let ti = NaN;
    let first = true;
    for (let k = 0, s = start[i], e = start[i + 1]; s + k < e; k++) {
      const j = operands[s + k];
      if (!active[j]) continue;
      const term = partialAt(t, values, i, k, x) * tangents[j];
      ti = first ? term : ti + term;
      first = false;
    }
    tangents[i] = ti;
  }
}

/** Accumulates adjoints from the seeded ones back to the inputs (values must be filled). */
export function adjointSweep(t: Tape, values: Float64Array, adjoints: Float64Array): void {
  const { start, operands, active } = t;
  for (let i = t.nodes.length - 1; i >= 0; i--) {
    if (!active[i] || t.nodes[i].op === undefined) continue;
    const ct = adjoints[i];
    const x = t.nodes[i].op!.arity === 'n' ? gather(t, values, i) : undefined;
    for (let k = 0, s = start[i], e = start[i + 1]; s + k < e; k++) {
      const j = operands[s + k];
      if (active[j]) adjoints[j] += partialAt(t, values, i, k, x) * ct;
    }
  }
}

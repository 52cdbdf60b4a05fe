/**
 * Check mode, like PyTorch's detect_anomaly or JAX's debug_nans: the
 * interpreter verifies every value it computes and raises a NonFiniteError at
 * the first NaN or ±∞ that comes from finite inputs. It is a separate kernel,
 * chosen once per sweep, so the unchecked sweeps pay nothing for it.
 */
import { ArgumentError, describe, NonFiniteError } from '../errors.js';
import type { Node } from '../graph/node.js';
import { sourceSpanOf } from '../graph/spans.js';
import { CONSTANT, INPUT, type IR, primitiveOf } from './ir.js';

let enabled = 0;

/** Whether a `withChecks` scope is running. */
export function checksEnabled(): boolean {
  return enabled > 0;
}

/**
 * Runs `fn` with check mode on for every direct sweep inside it (`evaluate`,
 * `forwardMode`, `reverseMode`, `jvp`, `vjp`, the function transforms) and for
 * programs compiled inside it. Synchronous code only.
 * @example
 * ```ts
 * const x = variable('x');
 * withChecks(() => evaluate(log(x), { x: 0 }));
 * // NonFiniteError: log#12 gave -Infinity in the forward sweep, from the finite input 0
 * ```
 */
export function withChecks<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new ArgumentError(`withChecks: fn must be a function, got ${describe(fn)}`);
  enabled++;
  try {
    return fn();
  } finally {
    enabled--;
  }
}

function where(origin: Node | undefined): string {
  const span = origin === undefined ? undefined : sourceSpanOf(origin);
  return span === undefined ? '' : ` (characters ${span.start}–${span.end} of the expression)`;
}

function label(ir: IR, i: number, origin: Node | undefined): string {
  const op = primitiveOf(ir.opcode[i]).name;
  return origin === undefined ? `${op} (slot ${i})` : `${op}#${origin.id}`;
}

function operandValues(ir: IR, v: Float64Array, i: number): number[] {
  const x: number[] = [];
  for (let s = ir.start[i]; s < ir.start[i + 1]; s++) x.push(v[ir.operands[s]]);
  return x;
}

/** A variable bound to NaN or ±∞. */
export function checkInputs(ir: IR, v: Float64Array): void {
  for (let k = 0; k < ir.inputNames.length; k++) {
    if (!Number.isFinite(v[k])) {
      const name = ir.inputNames[k];
      throw new NonFiniteError(`variable '${name}' is bound to ${v[k]}`, 'bindings', 'variable', undefined, [], v[k], undefined);
    }
  }
}

/** Slot i's value, checked: non-finite from finite operands is an error. */
export function checkValue(ir: IR, v: Float64Array, i: number, origins: readonly Node[] | undefined): void {
  const y = v[i];
  if (Number.isFinite(y)) return;
  const x = operandValues(ir, v, i);
  if (!x.every(Number.isFinite)) return; // inherited: reported where it first appeared
  const o = origins?.[i];
  const inputs = x.length === 1 ? `the finite input ${x[0]}` : `the finite inputs ${x.join(', ')}`;
  throw new NonFiniteError(
    `${label(ir, i, o)} gave ${y} in the forward sweep, from ${inputs}${where(o)}`,
    'forward',
    primitiveOf(ir.opcode[i]).name,
    o?.id,
    x,
    y,
    o === undefined ? undefined : sourceSpanOf(o),
  );
}

/** A derivative term ∂ₖ·(ȳ or ẋ) of slot i, checked. */
export function checkTerm(
  ir: IR,
  v: Float64Array,
  i: number,
  k: number,
  partial: number,
  factor: number,
  sweep: 'tangent' | 'reverse',
  origins: readonly Node[] | undefined,
): void {
  const term = partial * factor;
  if (Number.isFinite(term) || !Number.isFinite(factor)) return;
  const o = origins?.[i];
  const x = operandValues(ir, v, i);
  const j = ir.operands[ir.start[i] + k];
  const of = ir.opcode[j] === INPUT ? `'${ir.inputNames[j]}'` : ir.opcode[j] === CONSTANT ? 'a constant' : `operand ${k + 1}`;
  throw new NonFiniteError(
    `the partial of ${label(ir, i, o)} with respect to ${of} is ${partial} at the finite inputs ${x.join(', ')} (value ${v[i]}), ` +
      `so the ${sweep} sweep gets ${term}${where(o)}`,
    sweep,
    primitiveOf(ir.opcode[i]).name,
    o?.id,
    x,
    term,
    o === undefined ? undefined : sourceSpanOf(o),
  );
}

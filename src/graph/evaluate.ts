import type { Node } from './node.js';
import type { Bindings } from './bindings.js';
import { atOutputs, bindInputs, flatten, valueBuffer } from './sweeps.js';

/**
 * Evaluates one output (a number) or several (an array), with variables bound by name.
 * @example
 * ```ts
 * const [x, w, b] = [variable('x'), variable('w'), variable('b')];
 * const f = reciprocal(add(1, exp(neg(add(mul(w, x), b)))));
 * evaluate(f, { x: 3, w: 2, b: 1 }); // 0.9990889488055994
 * ```
 */
export function evaluate(outputs: Node, at: Bindings): number;
export function evaluate(outputs: readonly Node[], at: Bindings): number[];
export function evaluate(outputs: Node | readonly Node[], at: Bindings): number | number[] {
  const flat = flatten(outputs, 'evaluate');
  const v = valueBuffer(flat);
  bindInputs(flat.ir, at, v, 'evaluate');
  flat.kernels.forward(v);
  const values = atOutputs(flat.ir, v);
  return Array.isArray(outputs) ? values : values[0];
}

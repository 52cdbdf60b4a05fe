import type { Node } from '../graph/node.js';
import type { Bindings } from '../graph/bindings.js';
import type { Value, ValueOf, ValuesOf } from '../graph/values.js';
import { evaluateArrays, hasArrays } from './array-sweeps.js';
import { atOutputs, bindInputs, directProgram, valueBuffer } from '../engine/direct-sweeps.js';

/**
 * Evaluates one output or several (an array of them), with variables bound by
 * name. A scalar output gives a number, an array output `{ data, shape }`.
 * @example
 * ```ts
 * const [x, w, b] = [variable('x'), variable('w'), variable('b')];
 * const f = reciprocal(add(1, exp(neg(add(mul(w, x), b)))));
 * evaluate(f, { x: 3, w: 2, b: 1 }); // 0.9990889488055994
 * const v = variable('v', [3]);
 * evaluate(v.mul(2), { v: [1, 2, 3] }); // { data: Float64Array [2, 4, 6], shape: [3] }
 * ```
 */
export function evaluate<N extends Node>(outputs: N, at: Bindings): ValueOf<N>;
export function evaluate<T extends readonly Node[]>(outputs: readonly [...T], at: Bindings): ValuesOf<T>;
export function evaluate(outputs: Node | readonly Node[], at: Bindings): Value | Value[] {
  if (hasArrays(outputs)) {
    const values = evaluateArrays(outputs, at, 'evaluate');
    return Array.isArray(outputs) ? values : values[0];
  }
  const flat = directProgram(outputs, 'evaluate');
  const v = valueBuffer(flat);
  bindInputs(flat.ir, at, v, 'evaluate');
  flat.kernels.forward(v);
  const values = atOutputs(flat.ir, v);
  return Array.isArray(outputs) ? values : values[0];
}

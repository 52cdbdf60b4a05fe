import type { Node } from './node.js';
import { bindVariables, type Bindings } from './bindings.js';
import { valueSweep } from './sweep.js';
import { tape } from './tape.js';

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
  const t = tape(outputs, 'evaluate');
  const values = new Float64Array(t.nodes.length);
  bindVariables(t, at, values);
  valueSweep(t, values);
  if (!Array.isArray(outputs)) return values[t.outputs[0]];
  return Array.from(t.outputs, (s) => values[s]);
}

import { ShapeError } from '../errors.js';
import type { Node } from './node.js';
import { bindDirection, bindVariables, type Bindings } from './bindings.js';
import { tangentSweep } from './sweep.js';
import { tape } from './tape.js';

/**
 * Forward mode: one tangent sweep gives the value and the directional
 * derivative ∇f·v along `direction` (variables it does not name have tangent 0).
 * @example
 * ```ts
 * forwardMode(f, { x: 3, w: 2, b: 1 }, { x: 1 }); // { value: 0.99908…, derivative: ∂f/∂x }
 * ```
 */
export function forwardMode(output: Node, at: Bindings, direction: Bindings): { value: number; derivative: number } {
  const { values, tangents } = jvpGraph(output, at, direction, 'forwardMode');
  return { value: values[0], derivative: tangents[0] };
}

/** Values and tangents of several outputs from one forward sweep. */
export function jvpGraph(
  outputs: Node | readonly Node[],
  at: Bindings,
  direction: Bindings,
  where = 'jvp',
): { values: number[]; tangents: number[] } {
  const t = tape(outputs, where);
  const n = t.nodes.length;
  const values = new Float64Array(n);
  const tangents = new Float64Array(n);
  bindVariables(t, at, values);
  bindDirection(t, direction, tangents);
  tangentSweep(t, values, tangents);
  return {
    values: Array.from(t.outputs, (s) => values[s]),
    tangents: Array.from(t.outputs, (s) => (t.active[s] ? tangents[s] : 0)),
  };
}

export function checkLength(where: string, what: string, got: number, expected: number): void {
  if (got !== expected) throw new ShapeError(`${where}: ${what} has length ${got}, expected ${expected}`);
}

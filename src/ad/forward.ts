import { ShapeError } from '../errors.js';
import type { Node } from '../graph/node.js';
import { checkNode } from '../graph/tape.js';
import type { Bindings } from '../graph/bindings.js';
import type { Value, ValueOf } from '../graph/values.js';
import { hasArrays, jvpArrays } from './array-sweeps.js';
import { atOutputs, bindDirection, bindInputs, directProgram, tangentBuffer, tangents, valueBuffer } from '../engine/direct-sweeps.js';

/**
 * Forward mode: one tangent sweep gives the value and the directional
 * derivative ∇f·v along `direction` (variables it does not name have tangent 0).
 * @example
 * ```ts
 * forwardMode(f, { x: 3, w: 2, b: 1 }, { x: 1 }); // { value: 0.99908…, derivative: ∂f/∂x }
 * ```
 */
export function forwardMode<N extends Node>(output: N, at: Bindings, direction: Bindings): { value: ValueOf<N>; derivative: ValueOf<N> } {
  checkNode(output, 'forwardMode');
  const { values, tangents: t } = jvpGraph(output, at, direction, 'forwardMode');
  return { value: values[0] as ValueOf<N>, derivative: t[0] as ValueOf<N> };
}

/** Values and tangents of several outputs from one forward sweep. */
export function jvpGraph(
  outputs: Node | readonly Node[],
  at: Bindings,
  direction: Bindings,
  where = 'jvp',
): { values: Value[]; tangents: Value[] } {
  if (hasArrays(outputs)) return jvpArrays(outputs, at, direction, where);
  const flat = directProgram(outputs, where);
  const v = valueBuffer(flat);
  const T = tangentBuffer(flat);
  bindInputs(flat.ir, at, v, where);
  const named = bindDirection(flat.ir, direction, T, where, at);
  tangents(flat, v, T, named);
  return { values: atOutputs(flat.ir, v), tangents: atOutputs(flat.ir, T, flat.ir.active) };
}

export function checkLength(where: string, what: string, got: number, expected: number): void {
  if (got !== expected) throw new ShapeError(`${where}: ${what} has length ${got}, expected ${expected}`);
}

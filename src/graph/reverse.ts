import { ArgumentError, describe } from '../errors.js';
import type { Node } from './node.js';
import { bindVariables, record, type Bindings } from './bindings.js';
import { checkLength } from './forward.js';
import { adjointSweep, valueSweep } from './sweep.js';
import { tape, type Tape } from './tape.js';

/**
 * Reverse mode (backpropagation): one adjoint sweep gives the value and the
 * partial derivative with respect to every variable of the graph.
 * @example
 * ```ts
 * reverseMode(f, { x: 3, w: 2, b: 1 }); // { value: 0.99908…, gradient: { x, w, b } }
 * ```
 */
export function reverseMode(output: Node, at: Bindings): { value: number; gradient: Record<string, number> } {
  const { values, gradient } = vjpGraph(output, at, [1], 'reverseMode');
  return { value: values[0], gradient };
}

/** Values of several outputs, and the gradient of Σ cotangentᵢ·outputᵢ, from one adjoint sweep. */
export function vjpGraph(
  outputs: Node | readonly Node[],
  at: Bindings,
  cotangents: readonly number[],
  where = 'vjp',
): { values: number[]; gradient: Record<string, number> } {
  const t = tape(outputs, where);
  checkLength(where, 'the cotangent', cotangents.length, t.outputs.length);
  const { values, adjoints } = adjointsAt(t, at, cotangents, where);
  const gradient = record(
    Array.from(t.variables, ([name, slots]) => {
      let g = 0;
      for (const s of slots) g += adjoints[s];
      return [name, g] as const;
    }),
  );
  return { values: Array.from(t.outputs, (s) => values[s]), gradient };
}

/** Values and adjoints of every slot of a tape, seeded with one cotangent per output. */
export function adjointsAt(
  t: Tape,
  at: Bindings,
  cotangents: ArrayLike<number>,
  where: string,
): { values: Float64Array; adjoints: Float64Array } {
  const n = t.nodes.length;
  const values = new Float64Array(n);
  const adjoints = new Float64Array(n);
  bindVariables(t, at, values);
  valueSweep(t, values);
  for (let k = 0; k < t.outputs.length; k++) {
    const c = cotangents[k];
    if (typeof c !== 'number') throw new ArgumentError(`${where}: cotangent ${k + 1} is ${describe(c)}, expected a number`);
    adjoints[t.outputs[k]] += c;
  }
  adjointSweep(t, values, adjoints);
  return { values, adjoints };
}

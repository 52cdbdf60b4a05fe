import { ArgumentError, describe } from '../errors.js';
import type { Node } from '../graph/node.js';
import { checkNode } from '../graph/tape.js';
import { record, type Bindings, withUnreached } from '../graph/bindings.js';
import { checkLength } from './forward.js';
import type { GradientOf, Value } from '../graph/values.js';
import { hasArrays, requireScalarOutput, vjpArrays } from './array-sweeps.js';
import { adjoints, atOutputs, bindInputs, directProgram, valueBuffer } from '../engine/direct-sweeps.js';

/**
 * Reverse mode (backpropagation): one adjoint sweep gives the value and the
 * partial derivative with respect to every variable bound in `at` (0 for one
 * the output does not depend on). The output must be a scalar; the gradient of
 * an array variable has its shape.
 * @example
 * ```ts
 * reverseMode(f, { x: 3, w: 2, b: 1 }); // { value: 0.99908…, gradient: { x, w, b } }
 * ```
 */
export function reverseMode<B extends Bindings>(output: Node, at: B): { value: number; gradient: GradientOf<B> } {
  checkNode(output, 'reverseMode');
  const { values, gradient } = vjpGraph(output, at, [1], 'reverseMode');
  return { value: values[0] as number, gradient: gradient as GradientOf<B> };
}

/** Values of several outputs, and the gradient of Σ cotangentᵢ·outputᵢ, from one adjoint sweep. */
export function vjpGraph(
  outputs: Node | readonly Node[],
  at: Bindings,
  cotangents: readonly unknown[],
  where = 'vjp',
): { values: Value[]; gradient: Record<string, Value> } {
  if (hasArrays(outputs)) {
    if (where === 'reverseMode') requireScalarOutput(where, outputs as Node);
    const { values, gradient } = vjpArrays(outputs, at, cotangents, where);
    return { values, gradient: withUnreached(gradient, at) };
  }
  const flat = directProgram(outputs, where);
  checkLength(where, 'the cotangent', cotangents.length, flat.ir.outputs.length);
  cotangents.forEach((c, k) => {
    if (typeof c !== 'number') throw new ArgumentError(`${where}: cotangent ${k + 1} is ${describe(c)}, expected a number`);
  });
  const v = valueBuffer(flat);
  bindInputs(flat.ir, at, v, where);
  const a = adjoints(flat, v, cotangents as readonly number[]);
  const gradient = withUnreached(record(flat.ir.inputNames.map((name, k) => [name, a[k]] as const)), at);
  return { values: atOutputs(flat.ir, v), gradient };
}

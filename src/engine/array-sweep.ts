/**
 * One sweep of an array program, compiled: its graph lowered to the array IR
 * (array-ir.ts), planned into loop steps (array-plan.ts; fused for the js
 * backend), its buffers placed by liveness (array-memory.ts), and a program to
 * run it — generated loops (array-codegen.ts) or the interpreter
 * (array-execute.ts). Compiled programs (ArrayEngine) and the direct sweeps
 * (graph/array-sweeps.ts) both run their graphs this way.
 */
import { UnboundVariableError } from '../errors.js';
import type { Node } from '../graph/node.js';
import { generateArrays } from './array-codegen.js';
import { canGenerateCode, textBytes } from './codegen.js';
import { type ArrayProgram, interpretArrays } from './array-execute.js';
import { lowerArrays } from './array-ir.js';
import { type Placement, planMemory } from './array-memory.js';
import { planArrays } from './array-plan.js';
import type { Backend } from './program-io.js';

/** Where a variable's values are bound, and the name check mode gives it. */
export type Binding = Placement & { readonly label: string };

/** Options of {@link compileSweep}. */
export interface SweepOptions {
  /** Names the caller in errors. */
  readonly where: string;
  /** 'js': generated loops (the interpreter where `new Function` is forbidden); 'interpreter'. */
  readonly backend: Backend;
  /** Which sweep the derivative's own values belong to, for check mode. */
  readonly sweep: 'forward' | 'reverse' | 'tangent';
  /** The nodes whose values the primal sweep computes (check mode names their sweep 'forward'). */
  readonly primal: readonly Node[];
}

/** A compiled sweep: its program and the arrays of a run, [arena, x, u, o] (x, u and o set by the caller). */
export interface CompiledSweep {
  readonly program: ArrayProgram;
  readonly arrays: Float64Array[];
  /** The backend that runs it. */
  readonly backend: Backend;
  /** Where each output kept in the arena lives there (−1 for the others). */
  readonly kept: readonly number[];
  /** Bytes held: the arena, and generated source as V8 stores it (codegen.ts's textBytes). */
  readonly bytes: number;
}

const EMPTY: Float64Array = new Float64Array(0);

/**
 * Compiles the sweep computing `outputs`: output r goes to `dests[r]` (a place
 * in x, u or o, or 'arena' to be read after the run), and `bind` places each
 * variable of the graph (an UnboundVariableError for one it does not know).
 * @example
 * ```ts
 * const s = compileSweep([f], [{ array: O, offset: 0 }], (name) => ({ array: X, offset: 0, label: name }), {
 *   where: 'compile', backend: 'js', sweep: 'forward', primal: [f],
 * });
 * s.arrays[X] = x; s.arrays[O] = out; s.program.run(s.arrays);
 * ```
 */
export function compileSweep(outputs: readonly Node[], dests: readonly (Placement | 'arena')[], bind: (name: string) => Binding | undefined, options: SweepOptions): CompiledSweep {
  const { where, sweep, primal } = options;
  const backend = options.backend === 'js' && canGenerateCode() ? 'js' : 'interpreter';
  const ir = lowerArrays(outputs, where, primal);
  const plan = planArrays(ir, { fuse: backend === 'js' });
  const inputs = new Map<number, Binding>();
  ir.slots.forEach((s, i) => {
    if (s.kind !== 'input') return;
    const p = bind(s.name!);
    if (p === undefined) throw new UnboundVariableError(s.name!);
    inputs.set(i, p);
  });
  const outputOf = new Map<number, Placement | 'arena'>();
  plan.outputs.forEach((b, r) => outputOf.set(b, dests[r]));
  const memory = planMemory(
    plan,
    (b) => {
      const p = inputs.get(b) ?? outputOf.get(b);
      return p === 'arena' ? undefined : p;
    },
    (b) => outputOf.get(b) === 'arena' || (b < ir.slots.length && ir.slots[b].kind === 'constant' && ir.uniform[b] === undefined),
  );
  const arena = new Float64Array(memory.arenaSize);
  ir.slots.forEach((s, i) => {
    if (s.kind === 'constant' && ir.uniform[i] === undefined) arena.set(s.data!, memory.placements[i].offset);
  });
  let program: ArrayProgram;
  let sourceBytes = 0;
  if (backend === 'js') {
    const generated = generateArrays(plan, memory);
    program = generated;
    sourceBytes = textBytes(generated.source);
  } else {
    const bindings = [...inputs.entries()].map(([i, p]) => ({ name: p.label, array: p.array, offset: p.offset, size: ir.slots[i].size, scalar: ir.slots[i].shape.length === 0 }));
    program = interpretArrays(plan, memory, { sweep, bindings });
  }
  return {
    program,
    arrays: [arena, EMPTY, EMPTY, EMPTY],
    backend,
    kept: dests.map((d, r) => (d === 'arena' ? memory.placements[plan.outputs[r]].offset : -1)),
    bytes: arena.byteLength + sourceBytes,
  };
}

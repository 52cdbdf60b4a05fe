/**
 * Which backend runs a compiled program's sweeps, decided in one place for the
 * scalar and the array programs: generated JavaScript (`'js'`, the default) or
 * the interpreter — the interpreter whenever check mode is on, or where
 * `new Function` is forbidden (a Content-Security-Policy without
 * 'unsafe-eval'), which computes the same results.
 */
import { ArgumentError, describe } from '../errors.js';
import { checksEnabled } from '../engine/checks.js';
import { canGenerateCode, generate } from '../engine/codegen.js';
import type { IR } from '../engine/ir.js';
import { interpreter } from '../engine/interpreter.js';
import type { Kernels } from '../engine/kernels.js';
import { constantPartials } from '../engine/partials.js';
import type { Backend } from '../engine/program-io.js';
import { type SweepPlan, sweepPlan } from '../engine/sweep-plan.js';

/** A backend decision: who runs the sweeps, and whether check mode is on. */
export interface BackendChoice {
  readonly backend: Backend;
  readonly checks: boolean;
}

/**
 * The backend for a program compiled with these options: the one asked for
 * (default `'js'` where code can be generated), but the interpreter in check
 * mode (`checks`, default: inside `withChecks`) and where `new Function` is forbidden.
 * @example
 * ```ts
 * chooseBackend({}, 'compile');                      // { backend: 'js', checks: false }
 * chooseBackend({ backend: 'interpreter' }, 'compile'); // { backend: 'interpreter', checks: false }
 * ```
 */
export function chooseBackend(options: { readonly backend?: unknown; readonly checks?: boolean }, where: string): BackendChoice {
  const generates = canGenerateCode();
  const wanted = options.backend ?? (generates ? 'js' : 'interpreter');
  if (wanted !== 'js' && wanted !== 'interpreter') throw new ArgumentError(`${where}: backend must be 'js' or 'interpreter', got ${describe(wanted)}`);
  const checks = options.checks ?? checksEnabled();
  return { backend: wanted === 'js' && !checks && generates ? 'js' : 'interpreter', checks };
}

/** The kernels of a scalar program, and the interpreter's (the reference, and the faster choice for sweeps that run only a few times). */
export interface ScalarKernels {
  readonly kernels: Kernels;
  readonly interpreted: Kernels;
  readonly backend: Backend;
  /** Bytes held by generated code so far, its source and its own buffers (0 for the interpreter). */
  readonly generatedBytes: () => number;
}

/**
 * The sweeps of a scalar IR on the chosen backend: the interpreter always (the
 * Jacobian's many-direction tangent sweeps run on it), generated code as well
 * for the js backend. A single-output program gets a sweep plan (the
 * scheduled gradient), made on its first gradient, with `chunkSize` operand
 * references per generated function.
 * @example
 * ```ts
 * const { kernels, backend } = scalarKernels(buildIR(f, [x]), { backend: 'js' }, 500, 'compile');
 * ```
 */
export function scalarKernels(ir: IR, options: { readonly backend?: unknown; readonly checks?: boolean }, chunkSize: number, where: string): ScalarKernels {
  const { backend, checks } = chooseBackend(options, where);
  // planned on the first gradient (both backends share it): compiling a program to evaluate it plans no reverse sweep
  let planned: SweepPlan | undefined;
  const plan = ir.outputs.length === 1 ? () => (planned ??= sweepPlan(ir, constantPartials(ir), chunkSize)) : undefined;
  const interpreted = interpreter(ir, plan, checks);
  if (backend === 'interpreter') return { kernels: interpreted, interpreted, backend, generatedBytes: () => 0 };
  const generated = generate(ir, plan, chunkSize);
  return { kernels: generated, interpreted, backend, generatedBytes: generated.bytes };
}

/**
 * Forward or reverse? The cost model that `jacobian`'s `'auto'` mode and
 * `compareModes` share. Costs are counted in primitive operations of the
 * program (its `stats.operations`): F partial-free evaluations of the ops in a
 * forward sweep, and R partial terms ∂ᵢ (one per operand that carries a
 * derivative). Then, for n inputs and m outputs:
 *
 * - one evaluation costs F;
 * - one tangent sweep (a jvp: the values, then ẏ = Σ ∂ᵢ·ẋᵢ) costs F + 2R: the
 *   values, each partial, and each product-and-sum; n of them give the Jacobian;
 * - one adjoint sweep (a vjp: x̄ᵢ += ∂ᵢ·ȳ) costs the same F + 2R; m of them;
 * - a sweep carrying D tangent directions computes the values and partials once
 *   and the products D times: F + ⌈n/D⌉·R + n·R for the whole Jacobian;
 * - centered differences cost 2n evaluations.
 *
 * So with one direction a sweep the model reduces to the sweep counts (forward
 * when n ≤ m), and several directions a sweep move the balance towards forward
 * mode. The model counts arithmetic only: what an engine adds per sweep (calls,
 * dispatch, memory traffic) is what `compareModes` measures.
 */

import { ArgumentError, describe } from '../errors.js';
import { checkNumber } from '../arguments.js';

/** A differentiation mode: tangents forward from the inputs, or adjoints back from the outputs. */
export type Mode = 'forward' | 'reverse';

/** The sizes and operation counts the model needs. */
export interface ModeProblem {
  /** Scalar inputs. */
  readonly n: number;
  /** Scalar outputs. */
  readonly m: number;
  /** Operations of a forward sweep (`stats.operations.forward`); default 1. */
  readonly forwardOps?: number;
  /** Partial terms of a sweep (`stats.operations.reverse`); default 1. */
  readonly partialTerms?: number;
  /** Tangent directions a forward sweep carries (default 1; a compiled program's Jacobian carries 32). */
  readonly directions?: number;
}

/** Modelled costs of a full Jacobian, in operations. */
export interface ModelledCosts {
  /** One evaluation (F). */
  readonly evaluation: number;
  /** n tangent sweeps of one direction each. */
  readonly forward: number;
  /** ⌈n/D⌉ sweeps of D directions (equal to `forward` when D = 1). */
  readonly forwardVector: number;
  /** m adjoint sweeps. */
  readonly reverse: number;
  /** 2n evaluations. */
  readonly differences: number;
}

/**
 * The modelled cost of each way to a full Jacobian (see the module comment).
 * @example
 * ```ts
 * modelledCosts({ n: 1000, m: 1, forwardOps: 9024, partialTerms: 15017 }).reverse; // 39058: one sweep
 * ```
 */
export function modelledCosts(problem: ModeProblem): ModelledCosts {
  return costsOf(checkedProblem('modelledCosts', problem));
}

/** The problem's fields checked (sizes whole and ≥ 1, counts finite and ≥ 0), with their defaults. */
function checkedProblem(where: string, problem: ModeProblem): Required<ModeProblem> {
  if (problem === null || typeof problem !== 'object' || Array.isArray(problem)) {
    throw new ArgumentError(`${where}: problem must be an object { n, m, forwardOps?, partialTerms?, directions? }, got ${describe(problem)}`);
  }
  const size = { integer: true, min: 1 } as const;
  const ops = { min: 0 } as const;
  return {
    n: checkNumber(where, 'n', problem.n, size),
    m: checkNumber(where, 'm', problem.m, size),
    forwardOps: problem.forwardOps === undefined ? 1 : checkNumber(where, 'forwardOps', problem.forwardOps, ops),
    partialTerms: problem.partialTerms === undefined ? 1 : checkNumber(where, 'partialTerms', problem.partialTerms, ops),
    directions: problem.directions === undefined ? 1 : checkNumber(where, 'directions', problem.directions, size),
  };
}

function costsOf(problem: Required<ModeProblem>): ModelledCosts {
  const { n, m } = problem;
  const F = problem.forwardOps;
  const R = problem.partialTerms;
  const D = Math.min(problem.directions, n);
  const sweep = F + 2 * R;
  return {
    evaluation: F,
    forward: n * sweep,
    forwardVector: D === 1 ? n * sweep : F + Math.ceil(n / D) * R + n * R,
    reverse: m * sweep,
    differences: 2 * n * F,
  };
}

/**
 * The mode the cost model predicts is cheaper for a full Jacobian (forward on a tie:
 * its sweeps need no stored values). With one direction a sweep this is n ≤ m.
 * @example
 * ```ts
 * cheaperMode({ n: 3, m: 1 }); // 'reverse'
 * cheaperMode({ n: 1, m: 1000 }); // 'forward'
 * cheaperMode({ n: 40, m: 32, forwardOps: 100, partialTerms: 150, directions: 32 }); // 'forward': 2 sweeps of 32 directions
 * ```
 */
export function cheaperMode(problem: ModeProblem): Mode {
  const c = costsOf(checkedProblem('cheaperMode', problem));
  return Math.min(c.forward, c.forwardVector) <= c.reverse ? 'forward' : 'reverse';
}

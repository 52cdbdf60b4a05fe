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
  const { n, m } = problem;
  const F = problem.forwardOps ?? 1;
  const R = problem.partialTerms ?? 1;
  const D = Math.max(1, Math.min(problem.directions ?? 1, n));
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
  const c = modelledCosts(problem);
  return Math.min(c.forward, c.forwardVector) <= c.reverse ? 'forward' : 'reverse';
}

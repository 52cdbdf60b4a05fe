/**
 * Sibling fusion: a loop that reads the same buffers as a later loop over the
 * same positions (or positions one holds within the other) runs inside that
 * later loop, when nothing in between needs its results — one pass over the
 * shared data instead of two, and the expressions they share computed once
 * (as the generated code computes equal expressions once per position). Each
 * effect keeps its own positions through a guard; a reduction still takes its
 * terms in row-major order.
 */
import type { Shape } from '../graph/shape.js';
import { destsOf, type Effect, type Expr, type LoopStep, type Plan, type Step } from './array-steps.js';
import type { Cond } from './array-views.js';

/** Loops merged into one at most (their effects). */
const MAX_EFFECTS = 4;
/** How far ahead a loop looks for a sibling. */
const WINDOW = 8;

/** Nodes of an expression, counted with repeats. */
function exprSize(e: Expr): number {
  if (e.kind === 'apply') return 1 + e.args.reduce((n, a) => n + exprSize(a), 0);
  if (e.kind === 'select') return 1 + exprSize(e.then) + exprSize(e.otherwise);
  return 1;
}

/** The larger of two shapes of one rank when one holds the other, else undefined. */
function enclosing(a: Shape, b: Shape): Shape | undefined {
  if (a.length !== b.length) return undefined;
  if (a.every((d, k) => d <= b[k])) return b;
  if (b.every((d, k) => d <= a[k])) return a;
  return undefined;
}

/** The effects of a loop over `shape`, run inside a loop over the larger `outer`: guarded to `shape`. */
function within(step: LoopStep, outer: Shape): Effect[] {
  const R = outer.length;
  const guard: Cond[] = [];
  step.shape.forEach((d, k) => {
    if (d < outer[k]) guard.push({ form: { c: 0, a: Array.from({ length: R }, (_, q) => (q === k ? 1 : 0)) }, lo: 0, hi: d });
  });
  return step.effects.map((e) => (guard.length === 0 ? e : { ...e, guard: [...e.guard, ...guard] }));
}

/**
 * Merges sibling loops (see the file comment), looking WINDOW steps ahead.
 * @example
 * ```ts
 * mergeSiblings(plan, MAX_EXPRESSION).steps.length; // ≤ plan.steps.length
 * ```
 */
export function mergeSiblings(plan: Plan, maxExpression: number): Plan {
  const steps: (Step | undefined)[] = plan.steps.slice();
  const reads = plan.reads.map((r) => r.slice());
  for (let t = 0; t < steps.length; t++) {
    const S = steps[t];
    if (S === undefined || S.kind !== 'loop') continue;
    const written = new Set(destsOf(S));
    const size = S.effects.reduce((n, e) => n + exprSize(e.expr), 0);
    for (let u = t + 1, seen = 0; u < steps.length && seen < WINDOW; u++) {
      const T = steps[u];
      if (T === undefined) continue;
      seen++;
      if (reads[u].some((r) => written.has(r))) break;
      if (T.kind !== 'loop' || !reads[u].some((r) => reads[t].includes(r))) continue;
      const shape = enclosing(S.shape, T.shape);
      if (shape === undefined || S.effects.length + T.effects.length > MAX_EFFECTS) continue;
      if (size + T.effects.reduce((n, e) => n + exprSize(e.expr), 0) > 2 * maxExpression) continue;
      steps[u] = { kind: 'loop', shape, effects: [...within(S, shape), ...within(T, shape)] };
      reads[u] = [...new Set([...reads[t], ...reads[u]])];
      steps[t] = undefined;
      break;
    }
  }
  const kept = steps.map((s, t) => t).filter((t) => steps[t] !== undefined);
  return { ...plan, steps: kept.map((t) => steps[t]!), reads: kept.map((t) => reads[t]) };
}

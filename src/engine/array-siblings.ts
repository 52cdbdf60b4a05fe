/**
 * Sibling fusion: a loop that reads the same buffers as a later loop over the
 * same positions (or positions one holds within the other) runs inside that
 * later loop, when nothing in between needs its results — one pass over the
 * shared data instead of two, and the expressions they share computed once
 * (as the generated code computes equal expressions once per position). Each
 * effect keeps its own positions through a guard; a reduction still takes its
 * terms in row-major order.
 *
 * Producer and consumer fuse the same way: a loop that reads values a loop
 * over the same positions stores, each at the position where it is stored
 * (a row sum of an elementwise result, exp(d) stored and summed), runs in
 * that loop and takes each value from the producer's expression at that
 * position instead of from memory — the producer still stores it for its
 * other readers. The merged loop runs where the producer ran (the consumer
 * moved earlier, when everything else it reads is ready by then) or where
 * the consumer ran (the producer moved later, when nothing in between reads
 * what it stores). The values are the same doubles either way: the same
 * expression at the same position.
 */
import type { Shape } from '../graph/shape.js';
import { destsOf, type Effect, type Expr, Exprs, type LoopStep, type Plan, type Step } from './array-steps.js';
import type { Cond, Form } from './array-views.js';

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

function sameForm(f: Form, g: Form): boolean {
  return f.c === g.c && f.a.length === g.a.length && f.a.every((a, k) => a === g.a[k]);
}

/**
 * `expr` with each read of a buffer in `written` replaced by the expression
 * `stores` has for it — undefined if one has none (a reduction) or is read at
 * another position (its value is not the one computed at this position).
 */
function forwarded(expr: Expr, written: ReadonlySet<number>, stores: ReadonlyMap<number, Effect>, E: Exprs, memo: Map<Expr, Expr | undefined>): Expr | undefined {
  if (memo.has(expr)) return memo.get(expr);
  let out: Expr | undefined = expr;
  if (expr.kind === 'read' && written.has(expr.slot)) {
    // a reduction's value is final only after the loop: never forwarded
    const producer = stores.get(expr.slot);
    out = producer !== undefined && sameForm(expr.form, producer.out) ? producer.expr : undefined;
  } else if (expr.kind === 'apply') {
    const args = expr.args.map((a) => forwarded(a, written, stores, E, memo));
    if (args.some((a) => a === undefined)) out = undefined;
    else if (args.some((a, k) => a !== expr.args[k])) out = E.apply(expr.op, args as Expr[]);
  } else if (expr.kind === 'select') {
    const then = forwarded(expr.then, written, stores, E, memo);
    const otherwise = forwarded(expr.otherwise, written, stores, E, memo);
    if (then === undefined || otherwise === undefined) out = undefined;
    else if (then !== expr.then || otherwise !== expr.otherwise) out = E.select(expr.conds, then, otherwise);
  }
  memo.set(expr, out);
  return out;
}

/**
 * T's effects reading S's stored values from S's expressions (see the file
 * comment), when both loops run over the same positions, every value of S
 * that T reads is stored everywhere (no guard, no reduction) and T reads each
 * where it is stored; else undefined.
 */
function consumer(S: LoopStep, T: LoopStep): Effect[] | undefined {
  if (S.shape.length !== T.shape.length || S.shape.some((d, k) => d !== T.shape[k])) return undefined;
  const written = new Set(destsOf(S));
  const stores = new Map<number, Effect>();
  for (const e of S.effects) if (e.kind === 'store' && e.guard.length === 0) stores.set(e.dest, e);
  const E = new Exprs();
  const memo = new Map<Expr, Expr | undefined>();
  const effects: Effect[] = [];
  for (const e of T.effects) {
    const expr = forwarded(e.expr, written, stores, E, memo);
    if (expr === undefined) return undefined;
    effects.push(expr === e.expr ? e : { ...e, expr });
  }
  return effects;
}

/**
 * Merges sibling loops, and producer and consumer loops (see the file
 * comment), looking WINDOW steps ahead.
 * @example
 * ```ts
 * mergeSiblings(plan, MAX_EXPRESSION).steps.length; // ≤ plan.steps.length
 * ```
 */
export function mergeSiblings(plan: Plan, maxExpression: number): Plan {
  const steps: (Step | undefined)[] = plan.steps.slice();
  const reads = plan.reads.map((r) => r.slice());
  // the step that writes each buffer (inputs and constants: none)
  const writer = new Map<number, number>();
  steps.forEach((st, t) => destsOf(st!).forEach((b) => writer.set(b, t)));
  for (let t = 0; t < steps.length; t++) {
    const S = steps[t];
    if (S === undefined || S.kind !== 'loop') continue;
    const written = new Set(destsOf(S));
    const size = S.effects.reduce((n, e) => n + exprSize(e.expr), 0);
    // once a step reads what S writes, S stays where it is: only a consumer can still move to S
    let pinned = false;
    for (let u = t + 1, seen = 0; u < steps.length && seen < WINDOW; u++) {
      const T = steps[u];
      if (T === undefined) continue;
      seen++;
      if (reads[u].some((r) => written.has(r))) {
        const effects = T.kind === 'loop' && S.effects.length + T.effects.length <= MAX_EFFECTS ? consumer(S, T) : undefined;
        const fits = effects !== undefined && size + effects.reduce((n, e) => n + exprSize(e.expr), 0) <= 2 * maxExpression;
        // to run at S's place, everything else T reads must be written by then
        const early = fits && reads[u].every((r) => written.has(r) || (writer.get(r) ?? -1) < t);
        if (fits && (!pinned || early)) {
          const merged: LoopStep = { kind: 'loop', shape: S.shape, effects: [...S.effects, ...effects] };
          const at = pinned ? t : u;
          steps[at] = merged;
          steps[at === t ? u : t] = undefined;
          reads[at] = [...new Set([...reads[t], ...reads[u].filter((r) => !written.has(r))])];
          for (const b of destsOf(merged)) writer.set(b, at);
          break;
        }
        pinned = true;
        continue;
      }
      if (pinned || T.kind !== 'loop' || !reads[u].some((r) => reads[t].includes(r))) continue;
      const shape = enclosing(S.shape, T.shape);
      if (shape === undefined || S.effects.length + T.effects.length > MAX_EFFECTS) continue;
      if (size + T.effects.reduce((n, e) => n + exprSize(e.expr), 0) > 2 * maxExpression) continue;
      steps[u] = { kind: 'loop', shape, effects: [...within(S, shape), ...within(T, shape)] };
      reads[u] = [...new Set([...reads[t], ...reads[u]])];
      steps[t] = undefined;
      // S's values are now ready only at u
      for (const b of written) writer.set(b, u);
      break;
    }
  }
  const kept = steps.map((s, t) => t).filter((t) => steps[t] !== undefined);
  return { ...plan, steps: kept.map((t) => steps[t]!), reads: kept.map((t) => reads[t]) };
}

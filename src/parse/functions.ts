/**
 * The functions an expression string may call: every primitive of the op
 * table under its own name (`exp`, `log1p`, `max`, `sum`, `dot`, `pow`, `add`,
 * `less`, `where` …), mathjs's `fix` for `trunc`, and the composites that take
 * nodes (`sub`, `div`, `square`, `sigmoid`, `softplus`, `logSumExp`, `mean`,
 * `exp2`, `deg2rad`, `rad2deg`, `remainder`).
 */
import { apply, type Node } from '../graph/node.js';
import { deg2rad, div, exp2, logSumExp, mean, rad2deg, sigmoid, softplus, square, sub } from '../ops/composites.js';
import { remainder } from '../ops/mod.js';
import { primitives } from '../ops/table.js';
import { trunc } from '../ops/trunc.js';

/**
 * How many arguments a function takes: an exact number, 'n' for one or more,
 * or 'pairs' for a positive even number (`dot(a₀, …, aₙ₋₁, b₀, …, bₙ₋₁)`).
 */
export type ExpressionArity = number | 'n' | 'pairs';

/** A function callable from an expression string. */
export interface ExpressionFunction {
  readonly name: string;
  readonly arity: ExpressionArity;
  build(args: readonly Node[]): Node;
}

/** Functions whose primitive takes its n-ary inputs in two halves, so needs an even number of them. */
const paired: ReadonlySet<string> = new Set(['dot']);

/** n-ary primitives that take a fixed number of inputs: `where(c, a, b)`. */
const fixed: ReadonlyMap<string, number> = new Map([['where', 3]]);

function table(): Map<string, ExpressionFunction> {
  const out = new Map<string, ExpressionFunction>();
  for (const [name, op] of primitives) {
    const arity: ExpressionArity = fixed.get(name) ?? (op.arity === 'n' && paired.has(name) ? 'pairs' : op.arity);
    out.set(name, { name, arity, build: (args) => apply(op, args) });
  }
  const composites: ExpressionFunction[] = [
    { name: 'sub', arity: 2, build: (a) => sub(a[0], a[1]) },
    { name: 'div', arity: 2, build: (a) => div(a[0], a[1]) },
    { name: 'square', arity: 1, build: (a) => square(a[0]) },
    { name: 'sigmoid', arity: 1, build: (a) => sigmoid(a[0]) },
    { name: 'softplus', arity: 1, build: (a) => softplus(a[0]) },
    { name: 'logSumExp', arity: 'n', build: (a) => logSumExp(a) },
    { name: 'mean', arity: 'n', build: (a) => mean(a) },
    { name: 'exp2', arity: 1, build: (a) => exp2(a[0]) },
    { name: 'deg2rad', arity: 1, build: (a) => deg2rad(a[0]) },
    { name: 'rad2deg', arity: 1, build: (a) => rad2deg(a[0]) },
    { name: 'remainder', arity: 2, build: (a) => remainder(a[0], a[1]) },
    // mathjs's name for rounding toward 0
    { name: 'fix', arity: 1, build: (a) => trunc(a[0]) },
  ];
  for (const f of composites) out.set(f.name, f);
  return out;
}

/** Every function an expression may call, by name. */
export const expressionFunctions: ReadonlyMap<string, ExpressionFunction> = table();

/** Whether a function of this arity can be called with `count` arguments. */
export function acceptsArguments(arity: ExpressionArity, count: number): boolean {
  if (arity === 'n') return count > 0;
  if (arity === 'pairs') return count > 0 && count % 2 === 0;
  return count === arity;
}

/** "1 argument", "2 arguments", "1 or more arguments", "an even number of arguments …". */
export function describeArity(arity: ExpressionArity): string {
  if (arity === 'n') return '1 or more arguments';
  if (arity === 'pairs') return 'an even number of arguments (a₀, …, aₙ₋₁, b₀, …, bₙ₋₁ for Σ aᵢ·bᵢ)';
  return `${arity} argument${arity === 1 ? '' : 's'}`;
}

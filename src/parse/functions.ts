/**
 * The functions an expression string may call: every primitive of the op
 * table under its own name (`exp`, `log1p`, `max`, `sum`, `pow`, `add` …), and
 * the composites that take nodes (`sub`, `div`, `square`, `sigmoid`,
 * `softplus`, `logSumExp`, `mean`).
 */
import { apply, type Node } from '../graph/node.js';
import { div, logSumExp, mean, sigmoid, softplus, square, sub } from '../ops/composites.js';
import { primitives } from '../ops/table.js';

/** A function callable from an expression string. */
export interface ExpressionFunction {
  readonly name: string;
  /** The exact number of arguments, or 'n' for one or more. */
  readonly arity: number | 'n';
  build(args: readonly Node[]): Node;
}

function table(): Map<string, ExpressionFunction> {
  const out = new Map<string, ExpressionFunction>();
  for (const [name, op] of primitives) {
    out.set(name, { name, arity: op.arity, build: (args) => apply(op, args) });
  }
  const composites: ExpressionFunction[] = [
    { name: 'sub', arity: 2, build: (a) => sub(a[0], a[1]) },
    { name: 'div', arity: 2, build: (a) => div(a[0], a[1]) },
    { name: 'square', arity: 1, build: (a) => square(a[0]) },
    { name: 'sigmoid', arity: 1, build: (a) => sigmoid(a[0]) },
    { name: 'softplus', arity: 1, build: (a) => softplus(a[0]) },
    { name: 'logSumExp', arity: 'n', build: (a) => logSumExp(a) },
    { name: 'mean', arity: 'n', build: (a) => mean(a) },
  ];
  for (const f of composites) out.set(f.name, f);
  return out;
}

/** Every function an expression may call, by name. */
export const expressionFunctions: ReadonlyMap<string, ExpressionFunction> = table();

/** "1 argument", "2 arguments", "1 or more arguments". */
export function describeArity(arity: number | 'n'): string {
  if (arity === 'n') return '1 or more arguments';
  return `${arity} argument${arity === 1 ? '' : 's'}`;
}

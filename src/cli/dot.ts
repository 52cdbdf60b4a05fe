/** `wengert dot "<expr>" [--at … --direction …]`: the graph as Graphviz DOT. */
import { parse } from '../parse/parse.js';
import { toDot } from '../viz/dot.js';
import { CliError, parsePoint } from './args.js';

/**
 * Runs `wengert dot`: the expression's graph as Graphviz DOT, annotated with values,
 * tangents and adjoints when `--at` (and `--direction`) are given.
 * @throws CliError when the expression is missing or `--at` misses a variable
 */
export function dotCommand(expression: string | undefined, flags: Record<string, string | undefined>): string {
  if (expression === undefined) throw new CliError('dot: give an expression, for example wengert dot "x*y + sin(x)" --at x=1,y=2');
  const { output, variables } = parse(expression);
  if (flags.at === undefined) {
    if (flags.direction !== undefined) throw new CliError('--direction needs --at');
    return toDot(output);
  }
  const at = parsePoint('--at', flags.at);
  for (const name of variables.keys()) if (!at.has(name)) throw new CliError(`--at: no value for '${name}'`);
  const direction = flags.direction === undefined ? undefined : parsePoint('--direction', flags.direction);
  return toDot(output, { at, direction });
}

/**
 * `wengert modes "<expr>[; <expr> …]" --at x=1,y=2`: every route to the full
 * Jacobian of the expressions timed on this machine (compareModes), as a table
 * with the cost model's prediction, and which mode wins and why.
 */
import { compareModes, formatMs, type ModeComparison } from '../ad/compare-modes.js';
import type { Node } from '../graph/node.js';
import { parse } from '../parse/parse.js';
import { CliError, parseNumber, parsePoint } from './args.js';
import { MAX_ROUTE_MS } from './limits.js';
import { SIGMOID_NEURON } from './grad.js';
import { table } from './table.js';

/**
 * Runs `wengert modes`: the expressions (one output each, separated by `;`) are
 * timed by every route at the point `--at`, and the table and verdict returned.
 * @throws CliError when `--at` misses a variable, an expression is empty or a flag is bad
 * @example
 * ```ts
 * modesCommand('x*y; x+y', { at: 'x=1,y=2' }); // the table, then 'verdict: forward — …'
 * ```
 */
export function modesCommand(expression: string | undefined, flags: Record<string, string | undefined>): string {
  const text = expression ?? SIGMOID_NEURON;
  const at = parsePoint('--at', flags.at ?? (expression === undefined ? 'x=3,w=2,b=1' : ''));
  const warmup = parseNumber('--warmup', flags.warmup, 200, { max: MAX_ROUTE_MS });
  const budget = parseNumber('--budget', flags.budget, 200, { max: MAX_ROUTE_MS });
  if (warmup < 0) throw new CliError(`--warmup: ${flags.warmup} must be ≥ 0`);
  if (budget < 0) throw new CliError(`--budget: ${flags.budget} must be ≥ 0`);
  const pieces = text.split(';');
  const outputs: Node[] = [];
  const variables = new Map<string, Node>();
  pieces.forEach((piece, k) => {
    if (piece.trim() === '' && pieces.length > 1) throw new CliError(`modes: expression ${k + 1} of ${pieces.length} is empty (expressions are separated by ';')`);
    const parsed = parse(piece);
    outputs.push(parsed.output);
    for (const [name, v] of parsed.variables) if (!variables.has(name)) variables.set(name, v);
  });
  if (variables.size === 0) throw new CliError('modes: the expression has no variables to differentiate with respect to');
  for (const name of variables.keys()) if (!at.has(name)) throw new CliError(`--at: no value for '${name}' (the expression uses ${[...variables.keys()].join(', ')})`);
  const result = compareModes(outputs, at, { warmup, budget, inputs: [...variables.values()] });
  const shown = pieces.length === 1 ? `f = ${clip(text)}` : `f = (${pieces.length} expressions: ${clip(pieces[0].trim())}; …)`;
  const point = [...at].map(([k, v]) => `${k} = ${v}`);
  return [shown, `at ${clip(point.join(', '))}${point.length > 8 ? ` (${point.length} values)` : ''}`, '', modesTable(result)].join('\n');
}

/** Text cut to about a line. */
const clip = (s: string) => (s.length > 100 ? `${s.slice(0, 97)}…` : s);

const fixed = (v: number) => (!Number.isFinite(v) ? String(v) : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toPrecision(2));

/**
 * A comparison as text: the sizes, a table of the routes (fastest first) and the verdict.
 * @example
 * ```ts
 * console.log(modesTable(compareModes(f, { x: 3, w: 2, b: 1 })));
 * ```
 */
export function modesTable(r: ModeComparison): string {
  const evaluation = Object.entries(r.evaluation)
    .map(([b, ms]) => `${b} ${formatMs(ms)}`)
    .join(', ');
  const head = [
    `n = ${r.n} input${r.n === 1 ? '' : 's'}, m = ${r.m} output${r.m === 1 ? '' : 's'}; ${r.operations.forward} operations a forward sweep, ${r.operations.reverse} partial terms a reverse sweep`,
    `one evaluation: ${evaluation}; every route after a warm-up, median per full Jacobian (≈: timed sweep by sweep, times the sweeps)`,
    '',
  ];
  const rows = r.rows.map((row) => [
    row.route,
    row.backend,
    String(row.sweeps),
    `${row.extrapolated ? '≈ ' : ''}${formatMs(row.ms)}`,
    `${fixed(row.ratio)}×`,
    fixed(row.evaluations),
    fixed(row.predicted),
    row.error === 0 ? '0' : row.error.toExponential(1),
  ]);
  const header = ['route', 'backend', 'sweeps', 'time', '× fastest', 'evaluations', 'model', 'error'];
  return [...head, table(header, rows), '', `verdict: ${r.recommendation.mode}, by ${r.recommendation.route}`, ...wrap(r.recommendation.reason, 100).map((l) => `  ${l}`)].join('\n');
}

/** Words into lines of at most `width` characters (a longer word gets a line of its own). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

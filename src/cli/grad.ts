/** `wengert grad "<expr>" --at x=3 [--mode …]`: the value and every partial derivative, by each mode, side by side. */
import { evaluate } from '../ad/evaluate.js';
import { forwardMode } from '../ad/forward.js';
import { reverseMode } from '../ad/reverse.js';
import { centeredDifference } from '../numeric/differences.js';
import { parse } from '../parse/parse.js';
import { CliError, parseChoice, parsePoint } from './args.js';
import { symbolicPartial } from './symbolic.js';
import { diff, full, table } from './table.js';

/** The course notes' sigmoid neuron, what `wengert grad` differentiates when given no expression. */
export const SIGMOID_NEURON = '1/(1+exp(-(w*x+b)))';
const MODES = ['all', 'both', 'forward', 'reverse', 'numeric', 'symbolic'] as const;

/**
 * Runs `wengert grad`: the value and every partial derivative by the chosen modes,
 * as a table with the differences to the first column.
 * @throws CliError when `--at` misses a variable or a flag is bad
 */
export function gradCommand(expression: string | undefined, flags: Record<string, string | undefined>): string {
  const text = expression ?? SIGMOID_NEURON;
  const at = parsePoint('--at', flags.at ?? (expression === undefined ? 'x=3,w=2,b=1' : ''));
  const mode = parseChoice('--mode', flags.mode, MODES, 'all');
  const { output, variables } = parse(text);
  for (const name of variables.keys()) if (!at.has(name)) throw new CliError(`--at: no value for '${name}' (the expression uses ${[...variables.keys()].join(', ')})`);
  const names = [...variables.keys()];
  const value = evaluate(output, at);
  const columns: { title: string; of: (name: string) => number | undefined }[] = [];
  const reverse = reverseMode(output, at).gradient;
  if (mode === 'all' || mode === 'both' || mode === 'reverse') columns.push({ title: 'reverse', of: (n) => reverse[n] });
  if (mode === 'all' || mode === 'both' || mode === 'forward') columns.push({ title: 'forward', of: (n) => forwardMode(output, at, { [n]: 1 }).derivative });
  if (mode === 'all' || mode === 'numeric') {
    columns.push({
      title: 'centered difference',
      of: (n) => centeredDifference((t) => evaluate(output, new Map([...at, [n, t]])), at.get(n)!),
    });
  }
  if (mode === 'all' || mode === 'symbolic') {
    // on the string parse accepted above; see symbolic.ts for what mathjs is and is not given
    columns.push({ title: 'mathjs symbolic', of: (n) => symbolicPartial(text, n, at) });
  }
  const reference = columns[0];
  const header = ['variable', ...columns.map((c) => c.title), ...columns.slice(1).map((c) => `${c.title} − ${reference.title}`)];
  const rows = names.map((n) => {
    const vs = columns.map((c) => c.of(n));
    return [n, ...vs.map((v) => (v === undefined ? 'n/a' : full(v))), ...vs.slice(1).map((v) => (v === undefined ? 'n/a' : diff(v - vs[0]!)))];
  });
  const at_ = [...at].map(([k, v]) => `${k} = ${v}`).join(', ');
  return [`f = ${text}`, `at ${at_ || 'no variables'}: f = ${full(value)}`, '', table(header, rows)].join('\n');
}

/**
 * The `wengert` command. Every failure prints one line naming the problem and
 * exits non-zero (2 for a bad command line, 1 for anything else); never a stack trace.
 */
import { parseArgs } from 'node:util';
import { WengertError } from '../errors.js';
import { CliError } from './args.js';
import { dotCommand } from './dot.js';
import { gradCommand } from './grad.js';

const HELP = `wengert — automatic differentiation on expression graphs

usage:
  wengert grad ["<expr>"] [--at x=3,w=2,b=1] [--mode all|both|forward|reverse|numeric|symbolic]
      the value and every partial derivative, by each mode, with their differences
      (no expression: the course notes' sigmoid neuron 1/(1+exp(-(w*x+b))) at x=3, w=2, b=1)
  wengert dot "<expr>" [--at x=1,y=2] [--direction x=1]
      the graph as Graphviz DOT, with values, tangents and adjoints when a point is given
  wengert help
      this text

expressions: numbers, variables, + - * / ^, unary minus, parentheses and the functions
exp log log1p sqrt sin cos tanh abs relu sign max min pow sum sigmoid softplus square mean logSumExp`;

type Command = (expression: string | undefined, flags: Record<string, string | undefined>) => string | Promise<string>;

const commands: Record<string, { run: Command; flags: string[] }> = {
  grad: { run: gradCommand, flags: ['at', 'mode'] },
  dot: { run: dotCommand, flags: ['at', 'direction'] },
};

/** Runs the command line `argv` (without node and the script); returns the exit code. */
export async function main(argv: readonly string[], out: (s: string) => void = console.log, err: (s: string) => void = console.error): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    out(HELP);
    return 0;
  }
  try {
    const command = commands[name];
    if (command === undefined) throw new CliError(`unknown command '${name}' (commands: ${Object.keys(commands).join(', ')}, help)`);
    let parsed;
    try {
      parsed = parseArgs({
        args: [...rest],
        options: Object.fromEntries(command.flags.map((f) => [f, { type: 'string' as const }])),
        allowPositionals: true,
        strict: true,
      });
    } catch (e) {
      throw new CliError(`${name}: ${(e as Error).message.split('\n')[0]}`);
    }
    if (parsed.positionals.length > 1) throw new CliError(`${name}: one expression expected, got ${parsed.positionals.length} (quote the expression)`);
    out(await command.run(parsed.positionals[0], parsed.values as Record<string, string | undefined>));
    return 0;
  } catch (e) {
    if (e instanceof CliError) {
      err(`wengert: ${e.message}`);
      return 2;
    }
    if (e instanceof WengertError) {
      err(`wengert: ${e.name}: ${e.message}`);
      return 1;
    }
    err(`wengert: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

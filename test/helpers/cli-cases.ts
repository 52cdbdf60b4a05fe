/**
 * Hostile command lines for every subcommand of `wengert`: each flag and each
 * positional argument replaced by hostile text, hostile `--plot` paths, and
 * the review's findings (issue 9) with what they must do. Run by
 * test/cli-hostile.test.ts through test/helpers/cli-child.ts.
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The scratch folder, shared by the test and its child processes through the environment. */
export const SCRATCH = process.env.WENGERT_CLI_SCRATCH ?? '';

/** Paths inside the scratch folder with something wrong with them. */
export const PATHS = {
  /** A regular file, used as a folder. */
  file: join(SCRATCH, 'a-file'),
  /** A folder without write permission (a root user can write there anyway: see /sys below). */
  readOnly: join(SCRATCH, 'read-only'),
  /** A folder that does not exist yet, two levels deep. */
  fresh: join(SCRATCH, 'fresh', 'deeper'),
};

/** Makes the scratch folder's contents (call once, in the parent). */
export function prepareScratch(): void {
  if (!existsSync(PATHS.file)) writeFileSync(PATHS.file, 'not a folder');
  if (!existsSync(PATHS.readOnly)) mkdirSync(PATHS.readOnly);
  chmodSync(PATHS.readOnly, 0o555);
}

/** What a case must do besides the general rules (exit 0, 1 or 2; one line on stderr when it fails; no stack trace). */
export interface Expect {
  /** The exit code (or any of several). */
  readonly code?: number | readonly number[];
  /** The one stderr line must match this. */
  readonly err?: RegExp;
  /** stdout must not match this (work that must not have started). */
  readonly notOut?: RegExp;
  /** stdout must match this. */
  readonly out?: RegExp;
  /** The command hands the terminal to a child process (bench): its stderr is not one of our lines. */
  readonly passthrough?: boolean;
}

export interface CliCase {
  readonly name: string;
  readonly argv: readonly string[];
  readonly expect?: Expect;
}

/** Text that is wrong for almost any flag. */
const HOSTILE_TEXT: readonly string[] = [
  '',
  ' ',
  'NaN',
  'Infinity',
  '-Infinity',
  '-1',
  '0',
  '1.5',
  '1e309',
  '1e15',
  'abc',
  '__proto__',
  'constructor',
  'toString',
  'x=',
  '=1',
  'x=1,x=2',
  'x=NaN',
  'x=1e400',
  '0x10',
  '1_000',
  '--',
  '-',
  'x'.repeat(70_000),
];

/** Expressions a hostile user might try. */
const HOSTILE_EXPRESSIONS: readonly string[] = [
  '',
  '__proto__',
  'constructor.constructor("return process")()',
  'x.y',
  'x[0]',
  'f(x) = x',
  'import("fs")',
  '1_000 * x',
  '1e * x',
  '('.repeat(200) + 'x' + ')'.repeat(200),
  'x+'.repeat(20_000) + 'x',
  'x'.repeat(70_000),
  'x^y^z^w',
  'log(0*x)',
  '1/0 + x',
];

const PLOT_PATHS: readonly string[] = [
  '/proc/nope/a.svg',
  '/proc/a.svg',
  '/sys/a.svg',
  '/sys/nope/a.svg',
  join(PATHS.file, 'a.svg'),
  join(PATHS.readOnly, 'a.svg'),
  join(PATHS.readOnly, 'sub', 'a.svg'),
  'a.txt',
  '.svg',
  '',
  '/',
  '/dev/null',
  join(PATHS.fresh, 'a.svg'),
  join(SCRATCH, 'plot.json'),
];

/** The command lines each subcommand starts from: valid and quick. */
const BASE: Readonly<Record<string, readonly string[]>> = {
  grad: ['grad', 'x*y + sin(x)', '--at', 'x=1,y=2'],
  dot: ['dot', 'x*y', '--at', 'x=1,y=2', '--direction', 'x=1'],
  modes: ['modes', 'x*y; sin(x)', '--at', 'x=1,y=2', '--warmup', '0', '--budget', '0'],
  minimize: ['minimize', 'x^2 - 6*x', '--from', 'x=1', '--steps', '20'],
  train: ['train', 'xor', '--epochs', '2'],
};

const FLAGS: Readonly<Record<string, readonly string[]>> = {
  grad: ['at', 'mode'],
  dot: ['at', 'direction'],
  modes: ['at', 'warmup', 'budget'],
  minimize: ['from', 'method', 'lr', 'steps', 'tol', 'plot'],
  train: ['hidden', 'optimizer', 'lr', 'epochs', 'batch', 'seed', 'activation', 'plot'],
};

/** `argv` with `--flag value` set (replaced if present). */
function withFlag(argv: readonly string[], flag: string, value: string): string[] {
  const out = [...argv];
  const at = out.indexOf(`--${flag}`);
  if (at >= 0) out[at + 1] = value;
  else out.push(`--${flag}`, value);
  return out;
}

const short = (s: string) => (s.length > 24 ? `${JSON.stringify(s.slice(0, 12))}… (${s.length} characters)` : JSON.stringify(s));

/** Every hostile command line, in a fixed order. */
export function cliCases(): CliCase[] {
  const cases: CliCase[] = [];
  for (const [command, base] of Object.entries(BASE)) {
    cases.push({ name: `${command}: the base command line`, argv: base, expect: { code: 0 } });
    for (const flag of FLAGS[command]) {
      const values = flag === 'plot' ? PLOT_PATHS : HOSTILE_TEXT;
      for (const value of values) cases.push({ name: `${command} --${flag} ${short(value)}`, argv: withFlag(base, flag, value) });
    }
    const positional = command === 'train' ? HOSTILE_TEXT : HOSTILE_EXPRESSIONS;
    for (const value of positional) {
      const argv = [...base];
      argv[1] = value;
      cases.push({ name: `${command} with the positional ${short(value)}`, argv });
    }
    cases.push({ name: `${command} with an unknown flag`, argv: [...base, '--nope', '1'], expect: { code: 2 } });
    cases.push({ name: `${command} with a flag missing its value`, argv: [...base, `--${FLAGS[command][0]}`], expect: { code: 2 } });
    cases.push({ name: `${command} with two positionals`, argv: [command, 'x', 'y'], expect: { code: 2 } });
  }
  for (const word of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'nope', '']) {
    cases.push({ name: `help ${short(word)}`, argv: ['help', word], expect: { code: 2, err: /unknown command/ } });
    cases.push({ name: `the command ${short(word)}`, argv: [word], expect: { code: 2, err: /unknown command/ } });
  }
  cases.push({ name: 'bench with an unknown suite', argv: ['bench', 'nope'], expect: { code: 2, passthrough: true } });
  cases.push({ name: 'bench --help', argv: ['bench', '--help'], expect: { code: 0 } });

  // the review's findings
  const plotFinding = (path: string, why: string): void => {
    cases.push({ name: `finding 1: minimize --plot into ${why}`, argv: [...BASE.minimize, '--plot', path], expect: { code: 2, err: /--plot/ } });
    cases.push({
      name: `finding 1: train --plot into ${why} stops before training`,
      argv: [...BASE.train, '--plot', path],
      expect: { code: 2, err: /--plot/, notOut: /epoch/ },
    });
  };
  plotFinding('/proc/nope/a.svg', 'a folder that cannot be created (/proc)');
  plotFinding('/sys/a.svg', 'a folder that cannot be written (/sys)');
  plotFinding(join(PATHS.file, 'a.svg'), 'a path whose parent is a file');
  if (process.getuid?.() !== 0) plotFinding(join(PATHS.readOnly, 'a.svg'), 'a read-only folder');
  cases.push({ name: 'finding 1: minimize --plot into a new folder writes it', argv: [...BASE.minimize, '--plot', join(PATHS.fresh, 'ok.svg')], expect: { code: 0, out: /plot: / } });
  cases.push({ name: 'finding 9: train --hidden 100000000', argv: ['train', 'xor', '--hidden', '100000000'], expect: { code: 2, err: /--hidden/, notOut: /epoch/ } });
  cases.push({ name: 'finding 9: train --hidden 1000000,1000000', argv: ['train', 'xor', '--hidden', '1000000,1000000'], expect: { code: 2, err: /--hidden/, notOut: /epoch/ } });
  cases.push({ name: 'finding 9: train --epochs 1e12', argv: ['train', 'xor', '--epochs', '1000000000000'], expect: { code: 2, err: /--epochs/, notOut: /epoch/ } });
  cases.push({ name: 'finding 9: train --batch 1e12', argv: ['train', 'xor', '--batch', '1000000000000'], expect: { code: 2, err: /--batch/, notOut: /epoch/ } });
  cases.push({ name: 'finding 9: minimize --steps 1e12', argv: [...BASE.minimize, '--steps', '1000000000000'], expect: { code: 2, err: /--steps/ } });
  cases.push({ name: 'finding 9: train --help states the bounds', argv: ['help', 'train'], expect: { code: 0, out: /--hidden[^\n]*\n?[^\n]*10\^?6|at most/ } });
  return cases;
}

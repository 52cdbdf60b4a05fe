/**
 * The `wengert` command: each command run in-process through `main` (argv in,
 * lines out, exit code back), the error cases, and the real executable once.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { benchCommand } from '../src/cli/bench.js';
import { main, type MainOptions } from '../src/cli/main.js';
import { full } from '../src/cli/table.js';
import { CliError } from '../src/cli/args.js';
import { Progress } from '../src/cli/progress.js';
import { reverseMode } from '../src/index.js';
import { parse } from '../src/parse/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'wengert-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  code: number;
  out: string;
  err: string[];
  /** Everything written without a newline (the progress bar on a terminal). */
  written: string;
}

async function run(argv: string[], options: Omit<MainOptions, 'write'> = {}): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  let written = '';
  const code = await main(argv, (s) => out.push(s), (s) => err.push(s), { ...options, write: (s) => (written += s) });
  return { code, out: out.join('\n'), err, written };
}

/** The number after `name = ` on the 'final point' line. */
function finalCoordinate(out: string, name: string): number {
  const line = out.split('\n').find((l) => l.startsWith('final point:'));
  const m = new RegExp(`\\b${name} = (\\S+?)(,|$)`).exec(line ?? '');
  return m === null ? NaN : Number(m[1]);
}

describe('wengert grad', () => {
  it('with no expression prints the sigmoid neuron at (3, 2, 1) with the exact reverse-mode values', async () => {
    const r = await run(['grad']);
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
    const { output } = parse('1/(1+exp(-(w*x+b)))');
    const at = { x: 3, w: 2, b: 1 };
    const { value, gradient } = reverseMode(output, at);
    expect(r.out).toContain(`f = ${full(value)}`);
    for (const name of ['x', 'w', 'b']) {
      const row = r.out.split('\n').find((l) => l.startsWith(`${name} `));
      expect(row, name).toBeDefined();
      expect(row!.trim().split(/\s+/)[1]).toBe(full(gradient[name]));
    }
    expect(r.out).toContain('0.0018204423602436533'); // ∂f/∂x, to the last digit
  });

  it.each([
    ['all', ['reverse', 'forward', 'centered difference', 'mathjs symbolic']],
    ['both', ['reverse', 'forward']],
    ['forward', ['forward']],
    ['reverse', ['reverse']],
    ['numeric', ['centered difference']],
    ['symbolic', ['mathjs symbolic']],
  ])('--mode %s shows its columns', async (mode, columns) => {
    const r = await run(['grad', 'x*y + sin(x)', '--at', 'x=1,y=2', '--mode', mode]);
    expect(r.code).toBe(0);
    const header = r.out.split('\n').find((l) => l.startsWith('variable'))!;
    for (const c of columns) expect(header).toContain(c);
    for (const c of ['reverse', 'forward', 'centered difference', 'mathjs symbolic'].filter((c) => !columns.includes(c))) expect(header).not.toContain(c);
    expect(r.out).toMatch(/^x\s/m);
    expect(r.out).toMatch(/^y\s/m);
  });
});

describe('wengert dot', () => {
  it('prints the graph as DOT, with values when a point is given', async () => {
    const plain = await run(['dot', 'x*y + sin(x)']);
    expect(plain.code).toBe(0);
    expect(plain.out).toMatch(/^digraph/);
    expect(plain.out.trimEnd().endsWith('}')).toBe(true);
    const valued = await run(['dot', 'x*y + sin(x)', '--at', 'x=1,y=2']);
    expect(valued.code).toBe(0);
    expect(valued.out).toMatch(/^digraph/);
    expect(valued.out.length).toBeGreaterThan(plain.out.length);
  });
});

describe('wengert minimize', () => {
  it.each(['gd', 'nelder-mead'])('x^2-6*x+5 from 15 with %s reaches 3', async (method) => {
    const r = await run(['minimize', 'x^2-6*x+5', '--from', 'x=15', '--method', method]);
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
    expect(finalCoordinate(r.out, 'x')).toBeCloseTo(3, 5);
    expect(r.out).toMatch(/^final value: f = -3\.99999|^final value: f = -4$/m);
    expect(r.out).toMatch(/^status: converged/m);
    expect(r.out).toMatch(/^\s+0\s+140\s+15$/m); // the first iteration
  });

  it('takes the optimizers with a learning rate, and shows first and last iterations', async () => {
    const r = await run(['minimize', 'x^2-6*x+5', '--from', 'x=15', '--method', 'adam', '--lr', '0.5', '--steps', '2000']);
    expect(r.code).toBe(0);
    expect(finalCoordinate(r.out, 'x')).toBeCloseTo(3, 4);
    expect(r.out).toContain('…');
  });

  it('plots a 1-D run over the function and a 2-D run over the contours', async () => {
    const one = join(scratch, 'one.svg');
    const r1 = await run(['minimize', 'x^2-6*x+5', '--from', 'x=15', '--lr', '0.1', '--plot', one]);
    expect(r1.code).toBe(0);
    expect(readFileSync(one, 'utf8')).toMatch(/^<svg/);
    const two = join(scratch, 'two.svg');
    const r2 = await run(['minimize', '(x-1)^2 + 3*(y+2)^2', '--from', 'x=4,y=1', '--method', 'momentum', '--lr', '0.05', '--plot', two]);
    expect(r2.code).toBe(0);
    expect(finalCoordinate(r2.out, 'x')).toBeCloseTo(1, 4);
    expect(finalCoordinate(r2.out, 'y')).toBeCloseTo(-2, 4);
    expect(readFileSync(two, 'utf8')).toMatch(/^<svg/);
  });
});

describe('wengert train', () => {
  it('learns XOR to accuracy 1, one progress line per epoch when not on a terminal', async () => {
    const r = await run(['train', 'xor', '--epochs', '300']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^train accuracy\s+100\.0% \(4\/4\)$/m);
    const epochs = r.out.split('\n').filter((l) => l.startsWith('epoch'));
    expect(epochs).toHaveLength(300);
    expect(epochs[0]).toMatch(/^epoch\s+1\/300 .*loss \S+ .*acc\s+\S+% .*left /);
    expect(epochs[299]).toMatch(/^epoch 300\/300 .*took /);
    expect(r.written).toBe('');
  });

  it('redraws one line with \\r on a terminal, and plots the loss and the decision boundary', async () => {
    const plot = join(scratch, 'xor.svg');
    const r = await run(['train', 'xor', '--epochs', '50', '--lr', '0.1', '--plot', plot], { tty: true });
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/^epoch/m);
    expect(r.written.match(/\r/g)).toHaveLength(50);
    expect(r.written.endsWith('\n')).toBe(true);
    expect(readFileSync(plot, 'utf8')).toMatch(/^<svg/);
    expect(readFileSync(join(scratch, 'xor-boundary.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('trains iris with a held-out test set', async () => {
    const r = await run(['train', 'iris', '--epochs', '60']);
    expect(r.code).toBe(0);
    const test = /^test accuracy\s+([\d.]+)%/m.exec(r.out);
    expect(Number(test?.[1])).toBeGreaterThanOrEqual(90);
  });
});

describe('bad input: one line, exit code 2 for the command line, 1 otherwise, never a stack trace', () => {
  it.each([
    [['frobnicate'], 2, /unknown command 'frobnicate'/],
    [['help', 'nothing'], 2, /unknown command 'nothing'/],
    [['grad', 'x+'], 1, /ExpressionSyntaxError: .*syntax error at position 2/],
    [['grad', 'foo(x)', '--at', 'x=1'], 1, /unknown function 'foo'/],
    [['grad', 'x*y', '--at', 'x=1'], 2, /--at: no value for 'y'/],
    [['grad', '--mode', 'magic'], 2, /--mode: 'magic' is not one of/],
    [['grad', '--at', 'x:3'], 2, /--at: 'x:3' is not name=number/],
    [['grad', '--bogus'], 2, /Unknown option '--bogus'/],
    [['grad', 'x', 'y'], 2, /one expression expected, got 2/],
    [['dot'], 2, /dot: give an expression/],
    [['dot', 'x*y', '--at', 'x=1'], 2, /--at: no value for 'y'/],
    [['minimize'], 2, /minimize: give an expression/],
    [['minimize', 'x^2'], 2, /--from is required/],
    [['minimize', 'x^2 + y', '--from', 'x=1'], 2, /--from: no starting value for 'y'/],
    [['minimize', 'x^2', '--from', 'x=1,z=2'], 2, /--from: 'z' is not a variable/],
    [['minimize', 'x^2', '--from', 'x=1', '--method', 'newton'], 2, /--method: 'newton' is not one of gd, nelder-mead, sgd, momentum, nesterov, rmsprop, adagrad, adam, adamw$/],
    [['minimize', 'x^2', '--from', 'x=1', '--lr', 'fast'], 2, /--lr: 'fast' is not a number/],
    [['minimize', 'x^2', '--from', 'x=1', '--lr=-1'], 2, /--lr: -1 must be positive/],
    [['minimize', 'x^2', '--from', 'x=1', '--steps', '2.5'], 2, /--steps: '2.5' is not a whole number/],
    [['minimize', 'x^2', '--from', 'x=1', '--plot', 'out.gif'], 2, /--plot: 'out.gif' must end in \.svg, \.png or \.json/],
    [['minimize', 'x^2', '--from', 'x=1', '--method', 'nelder-mead', '--lr', '0.1'], 2, /nelder-mead takes no learning rate/],
    [['minimize', 'x^2', '--from', 'x=1', '--method', 'adam', '--lr', 'armijo'], 2, /line search\) is for method gd only/],
    [['minimize', 'x^2', '--from', 'x=1', '--steps'], 2, /argument missing/],
    [['minimize', 'x^^2', '--from', 'x=1'], 1, /ExpressionSyntaxError/],
    [['minimize', 'sqr(x)', '--from', 'x=1'], 1, /unknown function 'sqr'/],
    [['minimize', '10*x^2', '--from', 'x=1', '--lr', '0.5'], 1, /NonFiniteLossError: .*step/],
    [['minimize', '7', '--from', 'x=1'], 2, /has no variables/],
    [['train'], 2, /train: name a dataset: xor, moons, iris, mnist/],
    [['train', 'cifar'], 2, /unknown dataset 'cifar' \(datasets: xor, moons, iris, mnist\)/],
    [['train', 'xor', '--hidden', '8,x'], 2, /--hidden: 'x' is not a number/],
    [['train', 'xor', '--optimizer', 'lbfgs'], 2, /--optimizer: 'lbfgs' is not one of/],
    [['train', 'xor', '--epochs', '0'], 2, /--epochs: 0 must be positive/],
    [['train', 'xor', '--batch', 'half'], 2, /--batch: 'half' is not a number/],
    [['train', 'xor', '--activation', 'gelu'], 2, /--activation: 'gelu' is not one of/],
    [['train', 'xor', '--plot', 'loss.pdf'], 2, /--plot: 'loss.pdf' must end in/],
    [['train', 'xor', 'moons'], 2, /one dataset expected, got 2/],
    [['train', 'xor', '--lr', '1e400'], 2, /--lr: '1e400' is not a number/],
  ])('%j → exit %i', async (argv, code, message) => {
    const r = await run(argv as string[]);
    expect(r.code).toBe(code);
    expect(r.out).toBe('');
    expect(r.err).toHaveLength(1);
    const [line] = r.err;
    expect(line).not.toContain('\n');
    expect(line).toMatch(/^wengert: /);
    expect(line).toMatch(message);
    expect(line).not.toMatch(/^\s+at /m);
    expect(line).not.toMatch(/\.ts:\d+/);
  });
});

describe('help', () => {
  it('prints the usage of every command, or of one', async () => {
    for (const argv of [[], ['help'], ['--help'], ['-h']]) {
      const r = await run(argv);
      expect(r.code).toBe(0);
      for (const c of ['grad', 'dot', 'minimize', 'train', 'bench']) expect(r.out).toContain(`wengert ${c}`);
    }
    const one = await run(['minimize', '--help']);
    expect(one.code).toBe(0);
    expect(one.out).toContain('wengert minimize');
    expect(one.out).not.toContain('wengert train');
    expect((await run(['help', 'train'])).out).toContain('wengert train');
  });
});

describe('wengert bench', () => {
  it('says in one line when there is no benchmark runner', async () => {
    const empty = join(scratch, 'no-bench');
    mkdirSync(empty, { recursive: true });
    await expect(benchCommand([], empty)).rejects.toThrow(CliError);
    await expect(benchCommand([], empty)).rejects.toThrow(/^bench: no benchmark runner at .*run\.ts/);
  });

  it('runs bench/run.ts with tsx from the package root, passing the arguments and the exit code through', async () => {
    const root = join(scratch, 'fake-package');
    mkdirSync(join(root, 'bench'), { recursive: true });
    writeFileSync(join(root, 'package.json'), '{"type":"module"}\n');
    const args = join(root, 'args.json');
    writeFileSync(
      join(root, 'bench', 'run.ts'),
      `import { writeFileSync } from 'node:fs';\nconst argv: string[] = process.argv.slice(2);\nwriteFileSync(${JSON.stringify(args)}, JSON.stringify({ argv, cwd: process.cwd() }));\nprocess.exit(3);\n`,
    );
    // tsx is found from the package root: link the real one in
    mkdirSync(join(root, 'node_modules'), { recursive: true });
    const { symlinkSync } = await import('node:fs');
    symlinkSync(join(ROOT, 'node_modules', 'tsx'), join(root, 'node_modules', 'tsx'), 'dir');
    expect(await benchCommand(['sigmoid', '--quick'], root)).toBe(3);
    expect(existsSync(args)).toBe(true);
    const seen = JSON.parse(readFileSync(args, 'utf8'));
    expect(seen.argv).toEqual(['sigmoid', '--quick']);
    expect(seen.cwd).toBe(root);
  });
});

describe('progress bar', () => {
  it('estimates the time left from the time per epoch', () => {
    let now = 0;
    const lines: string[] = [];
    const bar = new Progress(10, { tty: false, write: () => {}, line: (s) => lines.push(s) }, () => now);
    now = 2000;
    bar.update({ epoch: 2, loss: 0.5, accuracy: 0.75 });
    expect(lines[0]).toMatch(/^epoch  2\/10  \[#+·+\]  loss 0\.5000  acc  75\.0%  left 8\.0s$/);
  });
});

describe('the executable', () => {
  it('node bin/wengert.mjs --help exits 0 with the usage', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'wengert.mjs'), '--help'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('wengert minimize');
    expect(r.stderr).toBe('');
  });

  it('--version prints the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await run(['--version'])).toEqual({ code: 0, out: version, err: [], written: '' });
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'wengert.mjs'), '--version'], { encoding: 'utf8', timeout: 30_000 });
    expect([r.status, r.stdout, r.stderr]).toEqual([0, `${version}\n`, '']);
  });

  it('exits 2 with one line on stderr for a bad command line', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'wengert.mjs'), 'train', 'cifar'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

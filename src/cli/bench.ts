/**
 * `wengert bench [suite] [options]`: runs the benchmarks, as `npm run bench -- [suite] [options]`
 * does — bench/run.ts through tsx, from the package root — and passes its exit code through.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from './args.js';

/** The package root: two folders up from src/cli/ (or dist/cli/). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Spawns `tsx bench/run.ts …args` in `root` with the terminal's stdin, stdout
 * and stderr, and resolves to its exit code (128 + n if it died of signal n).
 */
export async function benchCommand(args: readonly string[], root: string = PACKAGE_ROOT): Promise<number> {
  const script = join(root, 'bench', 'run.ts');
  if (!existsSync(script)) throw new CliError(`bench: no benchmark runner at ${script} (the benchmarks come with the source checkout, not the published package)`);
  let tsx: string;
  try {
    tsx = createRequire(join(root, 'package.json')).resolve('tsx/cli');
  } catch {
    throw new CliError('bench: tsx is not installed (run npm install in the package root)');
  }
  return await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, [tsx, script, ...args], { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? signalExitCode(signal)));
  });
}

/** A shell's exit code for a death by signal (128 + its number), or 1. */
function signalExitCode(signal: NodeJS.Signals | null): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };
  const n = signal === null ? undefined : numbers[signal];
  return n === undefined ? 1 : 128 + n;
}

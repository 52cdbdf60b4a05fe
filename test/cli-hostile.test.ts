/**
 * The `wengert` command under hostile command lines: every subcommand with
 * hostile flag values, positionals and `--plot` paths, and the review's CLI
 * findings (issue 9: a plot path that cannot be created, `help __proto__`,
 * unbounded sizes). Each case runs in a child process with a watchdog, so a
 * hang fails its case instead of the run. Every case must end with exit code
 * 0, 1 or 2 and, when it fails, exactly one line on stderr and no stack trace.
 */
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const scratch = mkdtempSync(join(tmpdir(), 'wengert-cli-hostile-'));
process.env.WENGERT_CLI_SCRATCH = scratch;
const { cliCases, prepareScratch, PATHS } = await import('./helpers/cli-cases.js');
const { isLost, runCases } = await import('./helpers/sweep.js');

interface CliOutcome {
  readonly k: number;
  readonly code: number | string;
  readonly out: string;
  readonly err: string[];
}

const CASES = cliCases();
let outcomes: Awaited<ReturnType<typeof runCases<CliOutcome>>> = [];

beforeAll(async () => {
  prepareScratch();
  outcomes = await runCases<CliOutcome>(fileURLToPath(new URL('./helpers/cli-child.ts', import.meta.url)), { caseTimeout: 60_000 });
}, 900_000);

afterAll(() => {
  chmodSync(PATHS.readOnly, 0o755);
  rmSync(scratch, { recursive: true, force: true });
});

/** The problems of one case, empty when it held. */
function problems(k: number): string[] {
  const o = outcomes.find((x) => x.k === k);
  if (o === undefined) return ['no outcome'];
  if (isLost(o)) return [o.detail];
  const found: string[] = [];
  const { expect: want } = CASES[k];
  if (typeof o.code !== 'number' || ![0, 1, 2].includes(o.code)) found.push(`exit code ${String(o.code)}`);
  if (o.code !== 0 && want?.passthrough !== true && o.err.length !== 1) found.push(`${o.err.length} lines on stderr: ${JSON.stringify(o.err.slice(0, 3))}`);
  if (o.code !== 0 && o.err.length === 1 && !o.err[0].startsWith('wengert: ')) found.push(`stderr does not start with 'wengert: ': ${o.err[0]}`);
  const all = [o.out, ...o.err].join('\n');
  if (/\n\s+at .*(\.ts|\.js|node:)/.test(all) || /(^|[^A-Za-z])(TypeError|RangeError|ReferenceError|SyntaxError):/.test(all)) found.push(`a stack trace or raw error: ${all.slice(0, 300)}`);
  if (want?.code !== undefined && !(typeof want.code === 'number' ? [want.code] : want.code).includes(o.code as number)) {
    found.push(`exit code ${String(o.code)}, expected ${String(want.code)} (stderr: ${o.err.join(' | ').slice(0, 200)})`);
  }
  if (want?.err !== undefined && !want.err.test(o.err.join('\n'))) found.push(`stderr ${JSON.stringify(o.err.join('\n').slice(0, 200))} does not match ${want.err}`);
  if (want?.notOut !== undefined && want.notOut.test(o.out)) found.push(`stdout matches ${want.notOut}: work started that must not have`);
  if (want?.out !== undefined && !want.out.test(o.out)) found.push(`stdout does not match ${want.out}`);
  return found;
}

describe('wengert with hostile command lines', () => {
  it('ran every case', () => {
    expect(outcomes.length).toBe(CASES.length);
  });
  for (const [k, c] of CASES.entries()) {
    it(c.name, () => {
      expect(problems(k)).toEqual([]);
    });
  }
});

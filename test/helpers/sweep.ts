/**
 * Runs a list of cases in child processes with a watchdog. The child script
 * prints `begin <k>` before case k, `outcome <json>` after it (the JSON holds
 * `k`) and `end <count>` when done. A case that does not finish within
 * `caseTimeout` is recorded as a hang, its process killed, and the cases go
 * on in a new process from the next one; a process that dies in a case
 * records that case as a crash. Used by the hostile-argument sweep
 * (sweep-child.ts) and the hostile command lines (cli-child.ts).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What the parent records for a case whose process hung or died. */
export interface Lost {
  readonly k: number;
  readonly lost: 'hang' | 'crash';
  readonly detail: string;
}

/** Runs the script from case `first`; resolves with where it stopped. */
function runFrom<T extends { k: number }>(
  script: string,
  args: readonly string[],
  first: number,
  caseTimeout: number,
  outcomes: (T | Lost)[],
): Promise<{ total?: number; stuck?: number; crashed?: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, String(first), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let current: number | undefined;
    let last = first - 1;
    let total: number | undefined;
    let timer: NodeJS.Timeout | undefined;
    let stuck: number | undefined;
    let buffer = '';
    let stderr = '';
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        // between two cases counts as the next one (what runs there is that case's set-up)
        stuck = current ?? last + 1;
        child.kill('SIGKILL');
      }, caseTimeout);
    };
    arm();
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith('begin ')) {
          current = Number(line.slice(6));
          arm();
        } else if (line.startsWith('outcome ')) {
          const outcome = JSON.parse(line.slice(8)) as T;
          outcomes.push(outcome);
          last = outcome.k;
          current = undefined;
        } else if (line.startsWith('end ')) {
          total = Number(line.slice(4));
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      if (total !== undefined) resolve({ total, stderr });
      else if (stuck !== undefined) resolve({ stuck, stderr });
      else resolve({ crashed: current ?? last + 1, stderr });
    });
  });
}

/** Every case's outcome, in order, with a {@link Lost} entry for each case that hung or killed its process. */
export async function runCases<T extends { k: number }>(script: string, options: { caseTimeout?: number; args?: readonly string[] } = {}): Promise<(T | Lost)[]> {
  const caseTimeout = options.caseTimeout ?? 60_000;
  const outcomes: (T | Lost)[] = [];
  let first = 0;
  for (;;) {
    const r = await runFrom<T>(script, options.args ?? [], first, caseTimeout, outcomes);
    if (r.total !== undefined) return outcomes;
    const k = (r.stuck ?? r.crashed)!;
    outcomes.push(
      r.stuck !== undefined
        ? { k, lost: 'hang', detail: `did not finish within ${caseTimeout / 1000} s` }
        : { k, lost: 'crash', detail: `the process died: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}` },
    );
    first = k + 1;
  }
}

/** Whether an outcome is a lost case. */
export function isLost(o: object): o is Lost {
  return 'lost' in o;
}

/**
 * Runs the hostile command lines (test/helpers/cli-cases.ts) from a given one
 * on through the CLI's `main`, in this process, and reports on stdout for
 * test/helpers/sweep.ts: `begin <k>`, `outcome <json>` ({ k, code, out, err }),
 * `end <count>`.
 *
 * usage: node --import tsx test/helpers/cli-child.ts <first case>
 */
import { main } from '../../src/cli/main.js';
import { cliCases } from './cli-cases.js';

const first = Number(process.argv[2] ?? 0);
const all = cliCases();
const write = (line: string) => process.stdout.write(`${line}\n`);
process.chdir(process.env.WENGERT_CLI_SCRATCH ?? process.cwd()); // relative --plot paths land in the scratch folder
for (let k = first; k < all.length; k++) {
  write(`begin ${k}`);
  const out: string[] = [];
  const err: string[] = [];
  let code: number | string;
  try {
    code = await main(all[k].argv, (s) => out.push(s), (s) => err.push(s), { tty: false, write: (s) => out.push(s) });
  } catch (e) {
    code = `main threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
  }
  const text = out.join('\n');
  write(`outcome ${JSON.stringify({ k, code, out: text.length > 4000 ? `${text.slice(0, 2000)}\n…\n${text.slice(-2000)}` : text, err })}`);
}
write(`end ${all.length}`);

/**
 * Runs the hostile-argument sweep's cases from a given one on, in this process,
 * and reports on stdout for test/helpers/sweep.ts: `begin <k>` before case k,
 * `outcome <json>` after it, `end <count>` at the end.
 *
 * usage: node --import tsx test/helpers/sweep-child.ts <first case> [row name]
 */
import { HOSTILE, runCase } from './hostile.js';
import { cases, ROWS, scratch } from './export-table.js';

// A hostile string such as '3' is a valid relative path for writeModel and
// writePlot: it must land in the sweep's own folder, not in the checkout.
process.chdir(scratch);

const first = Number(process.argv[2] ?? 0);
const all = cases(process.argv[3]);
const write = (line: string) => process.stdout.write(`${line}\n`);
// a promise the library leaves rejected and unobserved is a problem of the case that made it
let unhandled: string | undefined;
process.on('unhandledRejection', (e) => (unhandled = String(e)));
for (let k = first; k < all.length; k++) {
  const c = all[k];
  write(`begin ${k}`);
  const outcome = await runCase(ROWS[c.row], c.position, HOSTILE[c.hostile]);
  await new Promise((resolve) => setImmediate(resolve));
  if (unhandled !== undefined) outcome.problems.push(`an unhandled rejection: ${unhandled}`);
  unhandled = undefined;
  write(`outcome ${JSON.stringify({ k, ...outcome })}`);
}
write(`end ${all.length}`);

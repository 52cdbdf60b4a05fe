/**
 * `npm run bench [-- suite …]`: runs each suite in a process of its own
 * (`tsx bench/<suite>.ts`), then the TensorFlow.js cases of those suites in one
 * more process, merges their rows into results/<suite>.json, and writes
 * results/RESULTS.md and results/forward-vs-reverse.svg from every results file
 * present. `npm run bench -- report` only rewrites the report.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { IMPL, RESULTS_DIR, type Row } from './harness.js';
import { writeReport } from './report.js';

const SUITES = ['sigmoid', 'gradients', 'mlp', 'compile'] as const;
type Suite = (typeof SUITES)[number];
const WITH_TFJS: readonly Suite[] = ['sigmoid', 'gradients', 'mlp'];
/** A suite still running after this long is stopped (its rows so far are kept). */
const TIMEOUT_SECONDS: Record<Suite | 'tfjs', number> = { sigmoid: 180, gradients: 600, mlp: 300, compile: 480, tfjs: 300 };

const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));

function runProcess(file: string, args: string[], timeoutSeconds: number): Promise<{ code: number | null; seconds: number; timedOut: boolean }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['--expose-gc', '--max-old-space-size=8192', file, ...args], { cwd: root, stdio: 'inherit' });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, timeoutSeconds * 1000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, seconds: (performance.now() - started) / 1e3, timedOut });
    });
  });
}

interface ResultsFile {
  rows: Row[];
  incomplete?: string;
  [key: string]: unknown;
}

const resultsPath = (name: string) => fileURLToPath(new URL(`${name}.json`, RESULTS_DIR));

function markIncomplete(name: string, why: string): void {
  const path = resultsPath(name);
  if (!existsSync(path)) return;
  const body = JSON.parse(readFileSync(path, 'utf8')) as ResultsFile;
  body.incomplete = why;
  writeFileSync(path, JSON.stringify(body, null, 1) + '\n');
}

/** Moves the TensorFlow.js rows of tfjs-<suite>.json into <suite>.json (replacing older ones). */
function mergeTfjs(suite: Suite): void {
  const from = resultsPath(`tfjs-${suite}`);
  const into = resultsPath(suite);
  if (!existsSync(from) || !existsSync(into)) return;
  const tf = JSON.parse(readFileSync(from, 'utf8')) as ResultsFile;
  const body = JSON.parse(readFileSync(into, 'utf8')) as ResultsFile;
  body.rows = [...body.rows.filter((r) => r.implementation !== IMPL.tfjs), ...tf.rows];
  body.tfjsProcess = { date: tf.date, machine: tf.machine, ...(tf.incomplete ? { incomplete: tf.incomplete } : {}) };
  writeFileSync(into, JSON.stringify(body, null, 1) + '\n');
  rmSync(from);
}

const args = process.argv.slice(2);
if (args.length === 1 && args[0] === 'report') {
  await writeReport();
  process.exit(0);
}
const unknown = args.filter((a) => !(SUITES as readonly string[]).includes(a));
if (unknown.length > 0) {
  console.error(`unknown suite ${unknown.join(', ')}: the suites are ${SUITES.join(', ')} (or 'report' alone)`);
  process.exit(2);
}
const selected: Suite[] = args.length === 0 ? [...SUITES] : SUITES.filter((s) => args.includes(s));
const started = performance.now();
let failed = false;
for (const suite of selected) {
  console.log(`\n━━ ${suite} ━━`);
  const r = await runProcess(`bench/${suite}.ts`, [], TIMEOUT_SECONDS[suite]);
  console.log(`━━ ${suite}: ${r.timedOut ? 'stopped after' : 'done in'} ${r.seconds.toFixed(0)} s`);
  if (r.timedOut) markIncomplete(suite, `stopped after ${TIMEOUT_SECONDS[suite]} s`);
  else if (r.code !== 0) markIncomplete(suite, `exited with code ${r.code}`);
  failed ||= r.timedOut || r.code !== 0;
}
const tfSuites = selected.filter((s) => WITH_TFJS.includes(s));
if (tfSuites.length > 0) {
  console.log(`\n━━ TensorFlow.js (${tfSuites.join(', ')}) ━━`);
  const r = await runProcess('bench/tfjs.ts', tfSuites, TIMEOUT_SECONDS.tfjs);
  console.log(`━━ TensorFlow.js: ${r.timedOut ? 'stopped after' : 'done in'} ${r.seconds.toFixed(0)} s`);
  for (const s of tfSuites) {
    if (r.timedOut || r.code !== 0) markIncomplete(`tfjs-${s}`, r.timedOut ? `stopped after ${TIMEOUT_SECONDS.tfjs} s` : `exited with code ${r.code}`);
    mergeTfjs(s);
  }
  failed ||= r.timedOut || r.code !== 0;
}
await writeReport();
console.log(`\nbench: ${((performance.now() - started) / 60e3).toFixed(1)} min; see bench/results/RESULTS.md`);
if (failed) process.exitCode = 1;

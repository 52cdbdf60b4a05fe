/**
 * `npm run bench [-- command …]`:
 *
 * - no argument: every suite, then `check`, then the report — what regenerates
 *   bench/results/ and the README's numbers;
 * - `sigmoid`, `gradients`, `mlp`, `compile`, `arrays` (one or more): those suites only,
 *   each in a process of its own, then each of their hand-written baselines
 *   alone in a fresh process (bench/fresh.ts), then their TensorFlow.js and
 *   jax-js cases (one process per peer library). Rows are merged into
 *   results/<suite>.json, the report is rewritten and the suites' tables are
 *   printed (paste them to compare before and after a change);
 * - `check [sigmoid|rosenbrock|micrograd|mlp|compile|arrays …]`: reruns just what the
 *   targets need, three times, each run in fresh processes, and prints for each
 *   target met / missed / unstable with the spread across runs (results/check.json);
 * - `report`: only rewrites results/RESULTS.md and the plot.
 */
import os from 'node:os';
import { HAND_WRITTEN } from './hand-written.js';
import { IMPL, machine, type Row, type Selector } from './harness.js';
import { failure, readResults, removeResults, runProcess, writeResults } from './processes.js';
import { provenance } from './provenance.js';
import { checkTable, suiteTables, writeReport } from './report.js';
import { type CheckFile, type CheckRun, type Suite, TARGETS, type Target } from './targets.js';

const SUITES: readonly Suite[] = ['sigmoid', 'gradients', 'mlp', 'compile', 'arrays'];
const PEERS = [
  { name: 'tfjs', file: 'bench/tfjs.ts', implementation: IMPL.tfjs, suites: ['sigmoid', 'gradients', 'mlp', 'arrays'] as Suite[] },
  { name: 'jax', file: 'bench/jax.ts', implementation: IMPL.jax, suites: ['sigmoid', 'gradients', 'mlp', 'arrays'] as Suite[] },
] as const;
/** A process still running after this long is stopped (its rows so far are kept, and a row says it was stopped). */
const TIMEOUT_SECONDS: Record<Suite | 'tfjs' | 'jax' | 'fresh', number> = { sigmoid: 300, gradients: 1800, mlp: 600, compile: 900, arrays: 900, tfjs: 900, jax: 900, fresh: 90 };
/** Fresh runs per target. */
const CHECK_RUNS = 3;
/** Processes each suite runs in within one check run (bench/targets.ts takes the faster); the compile suite bounds its slowest graph and runs once. */
const CHECK_PROCESSES: Record<Suite, number> = { sigmoid: 2, gradients: 2, mlp: 2, compile: 1, arrays: 2 };

/** A row saying that a process did not complete: its later cases are missing. */
function processRow(suite: string, what: string, status: 'timeout' | 'error', reason: string): Row {
  return { suite, group: '(process)', case: `${suite}: ${what}`, implementation: what, status, reason: `${reason}; the cases after its last row were not measured` };
}

/** Runs one suite's process; its rows go to results/<prefix><suite>.json. */
async function runSuite(suite: Suite, prefix: string, only?: Selector[]): Promise<void> {
  console.log(`\n━━ ${suite}${only ? ' (the rows the targets need)' : ''} ━━`);
  const env: Record<string, string> = { BENCH_FILE_PREFIX: prefix, ...(only ? { BENCH_ONLY: JSON.stringify(only) } : {}) };
  removeResults(`${prefix}${suite}`);
  const r = await runProcess(`bench/${suite}.ts`, [], env, TIMEOUT_SECONDS[suite]);
  console.log(`━━ ${suite}: ${r.timedOut ? 'stopped after' : 'done in'} ${r.seconds.toFixed(0)} s`);
  const f = failure(r, TIMEOUT_SECONDS[suite]);
  if (f === undefined) return;
  const body = readResults(`${prefix}${suite}`) ?? { suite, date: new Date().toISOString(), provenance: provenance(), machine: machine(), rows: [] };
  body.incomplete = f.reason;
  body.rows.push(processRow(suite, 'suite process', f.status, f.reason));
  writeResults(`${prefix}${suite}`, body);
}

/** Times each case's hand-written baseline alone in a fresh process; returns the rows (a failed process is a row too). */
async function runFresh(cases: readonly string[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const c of cases) {
    const h = HAND_WRITTEN.get(c)!;
    console.log(`━━ fresh process: hand-written, ${c}`);
    const r = await runProcess('bench/fresh.ts', [c], {}, TIMEOUT_SECONDS.fresh);
    const f = failure(r, TIMEOUT_SECONDS.fresh);
    if (f === undefined && r.printed.length > 0) rows.push(...r.printed);
    else rows.push({ suite: h.suite, ...h.meta, implementation: IMPL.handFresh, status: f?.status ?? 'error', reason: f?.reason ?? 'the process printed no row' });
  }
  return rows;
}

/** Runs a peer library's process for some suites; its rows go to results/<prefix><peer>-<suite>.json. */
async function runPeer(peer: (typeof PEERS)[number], suites: readonly Suite[], prefix: string, only?: Selector[]): Promise<void> {
  console.log(`\n━━ ${peer.implementation} (${suites.join(', ')}) ━━`);
  for (const s of suites) removeResults(`${prefix}${peer.name}-${s}`);
  const env: Record<string, string> = { BENCH_FILE_PREFIX: prefix, ...(only ? { BENCH_ONLY: JSON.stringify(only) } : {}) };
  const r = await runProcess(peer.file, suites, env, TIMEOUT_SECONDS[peer.name]);
  console.log(`━━ ${peer.implementation}: ${r.timedOut ? 'stopped after' : 'done in'} ${r.seconds.toFixed(0)} s`);
  const f = failure(r, TIMEOUT_SECONDS[peer.name]);
  if (f === undefined) return;
  for (const s of suites) {
    const name = `${prefix}${peer.name}-${s}`;
    const body = readResults(name) ?? { suite: s, date: new Date().toISOString(), rows: [] };
    body.incomplete = f.reason;
    body.rows.push(processRow(s, `${peer.implementation} process`, f.status, f.reason));
    writeResults(name, body);
  }
}

/** Moves the rows of results/<from>.json into <into>.json, replacing that implementation's older rows. */
function merge(into: string, from: string, implementation: string, key: string): void {
  const source = readResults(from);
  const target = readResults(into);
  if (source === undefined || target === undefined) return;
  // startsWith: a peer's variants too (jax-js's float32 rows)
  target.rows = [...target.rows.filter((r) => !r.implementation.startsWith(implementation)), ...source.rows];
  target[key] = { date: source.date, provenance: source.provenance, machine: source.machine, ...(source.incomplete ? { incomplete: source.incomplete } : {}) };
  writeResults(into, target);
  removeResults(from);
}

async function runSuites(selected: readonly Suite[]): Promise<void> {
  for (const suite of selected) {
    await runSuite(suite, '');
    const cases = [...HAND_WRITTEN.entries()].filter(([, h]) => h.suite === suite).map(([c]) => c);
    if (cases.length === 0) continue;
    const fresh = await runFresh(cases);
    const body = readResults(suite);
    if (body === undefined) continue;
    body.rows = [...body.rows.filter((r) => r.implementation !== IMPL.handFresh), ...fresh];
    writeResults(suite, body);
  }
  for (const peer of PEERS) {
    const suites = selected.filter((s) => peer.suites.includes(s));
    if (suites.length === 0) continue;
    await runPeer(peer, suites, '');
    for (const s of suites) merge(s, `${peer.name}-${s}`, peer.implementation, `${peer.name}Process`);
  }
}

/** Union of the selectors each suite (or peer) needs for these targets. */
function needs(targets: readonly Target[], field: 'suites' | 'tfjs' | 'jax'): Map<Suite, Selector[]> {
  const out = new Map<Suite, Selector[]>();
  for (const t of targets) {
    for (const [suite, selectors] of Object.entries(t[field] ?? {}) as [Suite, Selector[]][]) {
      out.set(suite, [...(out.get(suite) ?? []), ...selectors]);
    }
  }
  return out;
}


/** `check`: each target's rows, three times, in fresh processes (each suite in CHECK_PROCESSES of them a run). */
async function check(groups: readonly string[]): Promise<void> {
  const targets = groups.length === 0 ? TARGETS : TARGETS.filter((t) => groups.includes(t.group));
  const suites = needs(targets, 'suites');
  const peers = PEERS.map((peer) => ({ peer, only: needs(targets, peer.name) }));
  const fresh = [...new Set(targets.flatMap((t) => t.fresh))];
  const runs: CheckRun[] = [];
  const prefix = 'check-run-';
  for (let k = 1; k <= CHECK_RUNS; k++) {
    console.log(`\n━━━━ check: run ${k} of ${CHECK_RUNS} ━━━━`);
    const run: CheckRun = { run: k, date: new Date().toISOString(), provenance: provenance(), machine: machine(), rows: [] };
    for (const suite of SUITES) {
      const only = suites.get(suite);
      if (only === undefined) continue;
      for (let p = 1; p <= CHECK_PROCESSES[suite]; p++) {
        // an empty selector is the whole suite
        await runSuite(suite, prefix, only.some((s) => Object.keys(s).length === 0) ? undefined : only);
        run.rows.push(...(readResults(`${prefix}${suite}`)?.rows ?? []).map((r) => ({ ...r, process: p })));
        removeResults(`${prefix}${suite}`);
      }
    }
    run.rows.push(...(await runFresh(fresh)));
    for (const { peer, only } of peers) {
      if (only.size === 0) continue;
      await runPeer(peer, [...only.keys()], prefix, [...only.values()].flat());
      for (const s of only.keys()) {
        run.rows.push(...(readResults(`${prefix}${peer.name}-${s}`)?.rows ?? []));
        removeResults(`${prefix}${peer.name}-${s}`);
      }
    }
    runs.push(run);
  }
  // results/check.json holds the latest runs of each target group: a check of some groups replaces theirs only
  const covered: string[] = [...new Set(targets.map((t) => t.group))];
  const previous = (readResults('check') as unknown as CheckFile | undefined)?.checks ?? [];
  const checks = [
    ...previous.map((c) => ({ ...c, groups: c.groups.filter((g) => !covered.includes(g)) })).filter((c) => c.groups.length > 0),
    { groups: covered, date: new Date().toISOString(), runs },
  ];
  writeResults('check', { suite: 'check', date: new Date().toISOString(), rows: [], checks });
  console.log(`\n${checkTable(runs, targets).join('\n')}\n`);
}

const args = process.argv.slice(2);
const started = performance.now();
console.log(`bench: ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (1, 5, 15 min)`);
if (args.length === 1 && args[0] === 'report') {
  await writeReport();
} else if (args[0] === 'check') {
  const groups = args.slice(1);
  const known = new Set(TARGETS.map((t) => t.group));
  const unknown = groups.filter((g) => !known.has(g as Target['group']));
  if (unknown.length > 0) {
    console.error(`unknown target group ${unknown.join(', ')}: the groups are ${[...known].join(', ')}`);
    process.exit(2);
  }
  await check(groups);
  await writeReport();
} else {
  const unknown = args.filter((a) => !(SUITES as readonly string[]).includes(a));
  if (unknown.length > 0) {
    console.error(`unknown suite ${unknown.join(', ')}: the suites are ${SUITES.join(', ')} (or 'check [group …]', or 'report' alone)`);
    process.exit(2);
  }
  const selected = args.length === 0 ? [...SUITES] : SUITES.filter((s) => args.includes(s));
  await runSuites(selected);
  if (args.length === 0) await check([]);
  await writeReport();
  for (const s of selected) console.log(`\n${suiteTables(s).join('\n')}`);
}
console.log(`\nbench: ${((performance.now() - started) / 60e3).toFixed(1)} min; load average now ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}; see bench/results/RESULTS.md`);

/**
 * Turns results/<suite>.json and results/check.json into results/RESULTS.md and
 * results/forward-vs-reverse.svg (vega-lite, rendered headless by vega: no
 * canvas needed). Nothing is dropped: rows that errored, were skipped or timed
 * out are rows of their table and are listed again in one summary; results
 * older than the last change to the engine are flagged stale.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { formatSeconds, IMPL, RESULTS_DIR, type Row, WARMUP } from './harness.js';
import { type Provenance, staleness } from './provenance.js';
import { bestHandWritten, type CheckFile, type CheckRun, directAgainstMicrograd, ratio, type Target, TARGETS, verdict } from './targets.js';

const ORDER = ['sigmoid', 'gradients', 'mlp', 'compile', 'arrays'];
const TITLES: Record<string, string> = {
  sigmoid: 'Sigmoid neuron',
  gradients: 'Forward against reverse mode: ℝⁿ → ℝ gradients and an ℝ → ℝᵐ Jacobian',
  mlp: 'MLP training step',
  compile: 'Compile time and memory',
  arrays: 'Array programs: Rosenbrock with slices, MLP steps on whole batches, matmul',
};

interface ResultsFile {
  suite: string;
  date: string;
  provenance?: Provenance;
  machine: { node: string; v8: string; cpu: string; cores: number; load?: number[] };
  settings: unknown;
  rows: Row[];
  incomplete?: string;
  tfjsProcess?: { date: string; provenance?: Provenance; machine?: { load?: number[] }; incomplete?: string };
  jaxProcess?: { date: string; provenance?: Provenance; machine?: { load?: number[] }; incomplete?: string };
}

const how = (row: Row) => row.variant ?? '';
const cell = (s: string) => s.replace(/\|/g, '\\|');
const notOk = (r: Row) => `${r.status}: ${cell(r.reason ?? '')}`;

function load(): ResultsFile[] {
  return ORDER.map((name) => fileURLToPath(new URL(`${name}.json`, RESULTS_DIR)))
    .filter((path) => existsSync(path))
    .map((path) => JSON.parse(readFileSync(path, 'utf8')) as ResultsFile);
}

function loadChecks(): CheckFile | undefined {
  const path = fileURLToPath(new URL('check.json', RESULTS_DIR));
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as CheckFile) : undefined;
}

/** Rows grouped by case, in the order they were measured. */
function byCase(rows: readonly Row[]): Map<string, Row[]> {
  const cases = new Map<string, Row[]>();
  for (const row of rows) {
    if (!cases.has(row.case)) cases.set(row.case, []);
    cases.get(row.case)!.push(row);
  }
  return cases;
}

function okMedian(rows: readonly Row[], implementation: string): number | undefined {
  return rows.find((r) => r.implementation === implementation && r.status === 'ok')?.median;
}

function timingTable(rows: readonly Row[]): string[] {
  const best = bestHandWritten(rows, rows[0].case)?.row.median;
  const same = okMedian(rows, IMPL.hand);
  const tf = okMedian(rows, IMPL.tfjs);
  const jax = okMedian(rows, IMPL.jax);
  const lines = [
    '| implementation | how | median | min – max | samples | × hand-written | × same-process hand-written | × TensorFlow.js | × jax-js |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|',
  ];
  const of = (m: number, base: number | undefined) => (base ? ratio(m / base) : '—');
  // the two hand-written rows first, side by side
  const order = (r: Row) => (r.implementation === IMPL.hand ? 0 : r.implementation === IMPL.handFresh ? 1 : 2);
  for (const r of [...rows].sort((a, b) => order(a) - order(b))) {
    if (r.status !== 'ok') {
      lines.push(`| ${cell(r.implementation)} | ${cell(how(r))} | ${notOk(r)} | | | | | | |`);
      continue;
    }
    const m = r.median!;
    lines.push(
      `| ${cell(r.implementation)} | ${cell(how(r))} | ${formatSeconds(m)} | ${formatSeconds(r.min!)} – ${formatSeconds(r.max!)} | ${r.samples!.length} | ${of(m, best)} | ${of(m, same)} | ${of(m, tf)} | ${of(m, jax)} |`,
    );
  }
  return lines;
}

function compileTables(rows: readonly Row[]): string[] {
  const lines: string[] = [
    'Program nodes are slots after pruning, constant folding and CSE. Code may be generated on the first call, so the first gradient call is',
    'timed too, and bytes/node (program.stats.bytes) is read after it. "code generation" is 1 − (interpreter ÷ js) of compile + first gradient.',
    '',
  ];
  const extraOf = (r: Row) => r.extra as Record<string, number>;
  for (const shape of [...new Set(rows.map((r) => r.group))]) {
    lines.push(
      `### ${shape}`,
      '',
      '| nodes | backend | compile (median) | min – max | samples | first gradient call | program nodes | nodes/s (compile) | nodes/s (to first gradient) | bytes/node | code generation |',
      '|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    );
    for (const r of rows.filter((x) => x.group === shape && x.variant === 'compile')) {
      const first = rows.find((x) => x.case === r.case && x.implementation === r.implementation && x.variant !== 'compile');
      const firstCell = first === undefined ? '' : first.status === 'ok' ? formatSeconds(first.median!) : `${first.status}: ${cell(first.reason ?? '')}`;
      const size = r.n!.toExponential(0).replace('e+', 'e');
      if (r.status !== 'ok') {
        lines.push(`| ${size} | ${cell(r.implementation)} | ${r.status}: ${cell(r.reason ?? '')} | | | | | | | | |`);
        continue;
      }
      const e = extraOf(r);
      const other = rows.find((x) => x.case === r.case && x.variant === 'compile' && x.implementation !== r.implementation && x.status === 'ok');
      const share =
        r.implementation.includes('(js') && other !== undefined && Number.isFinite(e.compileAndFirstGradientSeconds)
          ? `${(100 * (1 - extraOf(other).compileAndFirstGradientSeconds / e.compileAndFirstGradientSeconds)).toFixed(0)}%`
          : '';
      const toFirst = Number.isFinite(e.nodesPerSecondToFirstGradient) ? e.nodesPerSecondToFirstGradient.toExponential(2) : '—';
      lines.push(
        `| ${size} | ${cell(r.implementation)} | ${formatSeconds(r.median!)} | ${formatSeconds(r.min!)} – ${formatSeconds(r.max!)} | ${r.samples!.length} | ${firstCell} | ${e.nodes} | ${e.nodesPerSecond.toExponential(2)} | ${toFirst} | ${e.bytesPerNode.toFixed(1)} | ${share} |`,
      );
    }
    lines.push('');
  }
  return lines;
}

/** The targets table: each target's value in each run, the spread and the verdict. */
export function checkTable(runs: readonly CheckRun[], targets: readonly Target[] = TARGETS): string[] {
  const lines = [
    `| target | ${runs.map((r) => `run ${r.run}`).join(' | ')} | min – max | verdict |`,
    `|---|${runs.map(() => '---|').join('')}--:|:-:|`,
  ];
  const notes: string[] = [];
  for (const t of targets) {
    const outcomes = runs.map((r) => t.evaluate(r.rows));
    const values = outcomes.map((o) => o.value).filter((v): v is number => v !== undefined);
    const spread = values.length === 0 ? '—' : `${t.format(Math.min(...values))} – ${t.format(Math.max(...values))}`;
    const v = verdict(outcomes);
    lines.push(`| ${cell(t.text)} | ${outcomes.map((o) => cell(o.text)).join(' | ')} | ${spread} | ${v === 'met' ? 'met' : `**${v}**`} |`);
    const failures = [...new Set(outcomes.flatMap((o, k) => o.failures.map((f) => `run ${k + 1}: ${f}`)))];
    if (failures.length > 0) notes.push(`- ${t.text}: ${failures.map(cell).join('; ')}`);
  }
  if (notes.length > 0) lines.push('', 'Not measured in the check runs:', '', ...notes);
  return lines;
}

/** Every row that did not measure, across the results files. */
function failuresTable(files: readonly ResultsFile[]): string[] {
  const rows = files.flatMap((f) => f.rows.filter((r) => r.status !== 'ok'));
  if (rows.length === 0) return ['Every case of every suite measured.'];
  const lines = ['| suite | case | implementation | how | status | reason |', '|---|---|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.suite} | ${cell(r.case)} | ${cell(r.implementation)} | ${cell(how(r))} | ${r.status} | ${cell(r.reason ?? '')} |`);
  return lines;
}

/** The two hand-written measurements of each case, and which is 1×. */
function baselinesTable(all: readonly Row[]): string[] {
  const lines = ['| case | same process | fresh process | same ÷ fresh | 1× is |', '|---|--:|--:|--:|---|'];
  for (const [c, rows] of byCase(all)) {
    const same = rows.find((r) => r.implementation === IMPL.hand);
    const fresh = rows.find((r) => r.implementation === IMPL.handFresh);
    if (same === undefined && fresh === undefined) continue;
    const show = (r: Row | undefined) => (r === undefined ? 'not measured' : r.status === 'ok' ? formatSeconds(r.median!) : r.status);
    const q = same?.status === 'ok' && fresh?.status === 'ok' ? ratio(same.median! / fresh.median!) : '—';
    const best = bestHandWritten(rows, c);
    lines.push(`| ${cell(c)} | ${show(same)} | ${show(fresh)} | ${q} | ${best === undefined ? '—' : best.fresh ? 'fresh process' : 'same process'} |`);
  }
  return lines;
}

function microgradTable(all: readonly Row[]): string[] {
  const lines = ['| case | wengert direct (reverse) | micrograd-style | micrograd ÷ direct |', '|---|--:|--:|--:|'];
  for (const p of directAgainstMicrograd(all)) {
    const show = (r: Row | undefined) => (r === undefined ? 'not measured' : r.status === 'ok' ? formatSeconds(r.median!) : r.status);
    lines.push(`| ${cell(p.case)} | ${show(p.direct)} | ${show(p.micrograd)} | ${p.quotient === undefined ? '—' : ratio(p.quotient)} |`);
  }
  return lines;
}

/** Key ratios, for the README: a few cases across suites, divided by the best hand-written time. */
function keyRatios(all: readonly Row[]): string[] {
  const implementations = [IMPL.js, IMPL.interpreter, IMPL.direct, IMPL.micrograd, IMPL.mathjs, IMPL.tfjs, IMPL.jax];
  const lines = ['| case | compiled (js) | compiled (interpreter) | direct sweeps | micrograd-style | mathjs | TensorFlow.js | jax-js |', '|---|--:|--:|--:|--:|--:|--:|--:|'];
  const picks: [string, string | undefined][] = [
    ['sigmoid neuron: value and gradient', 'valueAndGradient'],
    ['Rosenbrock, n = 10: gradient', 'reverse'],
    ['Rosenbrock, n = 1000: gradient', 'reverse'],
    ['Rosenbrock, n = 10000: gradient', 'reverse'],
    ['curve ℝ → ℝᵐ, m = 1000: Jacobian', 'forward'],
    ['MLP 2-16-16-1 tanh, MSE, batch 64: one SGD step', undefined],
    ['MLP 64-32-10 tanh, softmax cross-entropy, batch 32: one SGD step', undefined],
    ['Rosenbrock with slices, n = 1000000: value and gradient', undefined],
    ['MLP 784-128-10 tanh, softmax cross-entropy, batch 64 on arrays: one SGD step', undefined],
    ['matmul C = A·B, 512 × 512', undefined],
  ];
  for (const [c, prefer] of picks) {
    const rows = all.filter((r) => r.case === c);
    const hand = bestHandWritten(rows, c)?.row.median;
    if (hand === undefined) {
      if (rows.length > 0) lines.push(`| ${cell(c)} | ${implementations.map(() => 'no baseline').join(' | ')} |`);
      continue;
    }
    /** The fastest measured row of an implementation (among variants starting with `prefer`, if any match); else why none measured. */
    const best = (implementation: string) => {
      const mine = rows.filter((r) => r.implementation === implementation);
      let ok = mine.filter((r) => r.status === 'ok');
      const preferred = ok.filter((r) => prefer !== undefined && (r.variant ?? '').startsWith(prefer));
      if (preferred.length > 0) ok = preferred;
      ok.sort((a, b) => a.median! - b.median!);
      if (ok[0]) return ratio(ok[0].median! / hand);
      return mine.length === 0 ? '—' : [...new Set(mine.map((r) => r.status))].join(', ');
    };
    lines.push(`| ${cell(c)} | ${implementations.map(best).join(' | ')} |`);
  }
  return lines;
}

/** 1.8 · 10⁵ */
function sci(x: number): string {
  const [m, e] = x.toExponential(1).split('e');
  const sup = (k: string) => k.replace('+', '').replace('-', '⁻').split('').map((d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)] ?? d).join('');
  return `${m} · 10${sup(e)}`;
}

/** One sentence per compile backend, every graph that did not measure named. */
function compileSentences(all: readonly Row[]): string[] {
  const out: string[] = [];
  const compileRows = all.filter((r) => r.suite === 'compile');
  for (const [backend, name] of [
    ['wengert compile (js, the default)', 'the `js` backend'],
    ['wengert compile (interpreter)', 'the interpreter'],
  ] as const) {
    const compiled = compileRows.filter((r) => r.implementation === backend && r.variant === 'compile');
    const ok = compiled.filter((r) => r.status === 'ok');
    if (ok.length === 0) continue;
    const x = (r: Row) => r.extra as Record<string, number>;
    const range = (xs: number[]) => `${sci(Math.min(...xs))} – ${sci(Math.max(...xs))}`;
    const speeds = ok.map((r) => x(r).nodesPerSecond);
    const toFirst = ok.map((r) => x(r).nodesPerSecondToFirstGradient).filter((v) => v !== null && Number.isFinite(v));
    const bytes = ok.map((r) => x(r).bytesPerNode);
    const cold = ok.filter((r) => x(r).coldNodesPerSecond !== undefined).map((r) => `${sci(x(r).coldNodesPerSecond)} on the ${r.group} of ${sci(r.n!).replace('1.0 · ', '')} nodes`);
    const failed = compileRows
      .filter((r) => r.implementation === backend && r.status !== 'ok')
      .map((r) => `the ${r.group} of ${sci(r.n!).replace('1.0 · ', '')} nodes (${r.variant === 'compile' ? 'compile' : 'first gradient call'}: ${r.status}, ${r.reason})`);
    out.push(
      `With ${name}, compiling takes ${range(speeds)} program nodes/s over ${ok.length} graphs` +
        (toFirst.length > 0 ? ` (${range(toFirst)} counting the first gradient call${backend.includes('(js') ? ', where its code is generated' : ''})` : '') +
        ` and holds ${Math.min(...bytes).toFixed(0)} – ${Math.max(...bytes).toFixed(0)} bytes a node` +
        (cold.length > 0 ? `; the first compile in a fresh process, before the compiler is warm: ${cold.join(', ')}` : '') +
        (failed.length > 0 ? `; not measured: ${failed.join('; ')}.` : '.'),
    );
  }
  return out;
}

/** The targets in one table: spread over the three runs and the verdict. */
function targetSummary(checks: CheckFile | undefined): string[] {
  const lines = ['| target (issue 3; arrays: issue 13) | three fresh runs: min – max | verdict |', '|---|--:|:-:|'];
  for (const t of TARGETS) {
    const c = checks?.checks.find((x) => x.groups.includes(t.group));
    if (c === undefined) {
      lines.push(`| ${cell(t.text)} | not checked | — |`);
      continue;
    }
    const outcomes = c.runs.map((r) => t.evaluate(r.rows));
    const values = outcomes.map((o) => o.value).filter((v): v is number => v !== undefined);
    const spread = values.length === 0 ? 'not measured' : `${t.format(Math.min(...values))} – ${t.format(Math.max(...values))}`;
    const v = verdict(outcomes);
    lines.push(`| ${cell(t.text)} | ${spread} | ${v === 'met' ? 'met' : `**${v}**`} |`);
  }
  return lines;
}

/** Same-process ÷ fresh-process hand-written time, over the cases with both. */
function baselineSpread(all: readonly Row[]): string | undefined {
  const q: number[] = [];
  for (const [, rows] of byCase(all)) {
    const same = rows.find((r) => r.implementation === IMPL.hand && r.status === 'ok');
    const fresh = rows.find((r) => r.implementation === IMPL.handFresh && r.status === 'ok');
    if (same && fresh) q.push(same.median! / fresh.median!);
  }
  if (q.length === 0) return undefined;
  const slower = q.filter((x) => x > 1).length;
  return `Hand-written time in the same process ÷ alone in a fresh process: ${ratio(Math.min(...q))} – ${ratio(Math.max(...q))} over ${q.length} cases (${slower} of them faster alone); the faster of the two is 1×.`;
}

/** What the README quotes, word for word (written between its bench markers by writeReport). */
function summary(all: readonly Row[], checks: CheckFile | undefined): string[] {
  const spread = baselineSpread(all);
  return [
    ...targetSummary(checks),
    '',
    'Key ratios to hand-written (the fastest variant of each implementation; 1× is the faster of the same-process and fresh-process hand-written times):',
    '',
    ...keyRatios(all),
    '',
    ...(spread ? [spread, ''] : []),
    ...compileSentences(all).flatMap((l) => [l, '']),
  ];
}

const README = fileURLToPath(new URL('../README.md', import.meta.url));
const START = '<!-- bench:summary:start (written by npm run bench from bench/results/RESULTS.md; do not edit) -->';
const END = '<!-- bench:summary:end -->';

/** Replaces the README's summary block, if it has the markers. */
function writeReadmeSummary(lines: readonly string[]): void {
  if (!existsSync(README)) return;
  const text = readFileSync(README, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) return;
  writeFileSync(README, `${text.slice(0, a + START.length)}\n${lines.join('\n').trimEnd()}\n${text.slice(b)}`);
  console.log(`report: the README's summary block`);
}

/** Where a results file comes from, and whether it is current. */
function provenanceRow(name: string, date: string, p: Provenance | undefined, load: number[] | undefined, scalar: boolean, incomplete?: string): string {
  const stale = staleness(p, date, scalar);
  const state = [stale ? `**stale**: ${stale}` : 'current', ...(p?.dirty && !p.engineDirty ? ['uncommitted changes outside the engine'] : []), ...(incomplete ? [`**incomplete**: ${incomplete}`] : [])];
  return `| ${name} | ${date.slice(0, 16).replace('T', ' ')} UTC | ${p ? p.commit.slice(0, 7) : 'not recorded'} | ${load ? load.map((x) => x.toFixed(2)).join(' ') : 'not recorded'} | ${cell(state.join('; '))} |`;
}

/** The tables of one suite (what `npm run bench -- <suite>` prints). */
export function suiteTables(suite: string): string[] {
  const f = load().find((x) => x.suite === suite);
  if (f === undefined) return [`(no results for ${suite})`];
  return suiteSection(f);
}

function suiteSection(f: ResultsFile): string[] {
  const md = [`## ${TITLES[f.suite] ?? f.suite}`, ''];
  if (f.incomplete) md.push(`*Incomplete: ${f.incomplete}.*`, '');
  if (f.suite === 'compile') return [...md, ...compileTables(f.rows)];
  for (const [c, rows] of byCase(f.rows)) md.push(`### ${c}`, '', ...timingTable(rows), '');
  if (f.suite === 'arrays') md.push(...compileTimes(f.rows));
  return md;
}

/** The arrays suite: how long `compile` and the first call (which generates the code) took for each program — flat in n if compiling does not grow with the data. */
function compileTimes(rows: readonly Row[]): string[] {
  const timed = rows.filter((r) => r.status === 'ok' && r.extra?.compileSeconds !== undefined);
  if (timed.length === 0) return [];
  const lines = ['### Compile time of the array programs', '', '| case | implementation | compile | first call | program nodes |', '|---|---|--:|--:|--:|'];
  for (const r of timed) {
    const x = r.extra as Record<string, number>;
    lines.push(`| ${cell(r.case)} | ${cell(r.implementation)} | ${formatSeconds(x.compileSeconds)} | ${formatSeconds(x.firstCallSeconds)} | ${x.nodes} |`);
  }
  return [...lines, ''];
}

async function plot(all: readonly Row[]): Promise<string> {
  const problems: Record<string, string> = { rosenbrock: 'Rosenbrock ℝⁿ → ℝ: gradient', curve: 'curve ℝ → ℝᵐ: Jacobian' };
  const values = all
    .filter((r) => r.status === 'ok' && r.series !== undefined && problems[r.group] !== undefined)
    .map((r) => {
      const [implementation, mode = 'analytic'] = r.series!.split(', ');
      return { problem: problems[r.group], n: r.n!, seconds: r.median!, implementation, mode };
    });
  // the arrays suite's Rosenbrock (one array node, slices): value and gradient by one reverse sweep, compiled to loops
  const arrays: Record<string, string> = { 'wengert compiled (js)': 'arrays (js)', 'wengert compiled (interpreter)': 'arrays (interpreter)' };
  for (const r of all) {
    if (r.status === 'ok' && r.group === 'rosenbrock (slices)' && r.implementation !== undefined && arrays[r.implementation] !== undefined) {
      values.push({ problem: problems.rosenbrock, n: r.n!, seconds: r.median!, implementation: arrays[r.implementation], mode: 'reverse' });
    }
  }
  const spec: vl.TopLevelSpec = {
    title: { text: 'Median time per call against problem size (log–log)', subtitle: 'forward: n directions for ℝⁿ → ℝ, one sweep for ℝ → ℝᵐ; reverse: the other way round; arrays: Rosenbrock on one array node (slices), to n = 10⁶' },
    data: { values },
    facet: { column: { field: 'problem', type: 'nominal', title: null, sort: Object.values(problems) } },
    spec: {
      width: 360,
      height: 300,
      mark: { type: 'line', point: true },
      encoding: {
        x: {
          field: 'n',
          type: 'quantitative',
          scale: { type: 'log', domain: [8, 1.25e6] },
          axis: { values: [10, 100, 1000, 10000, 100000, 1000000], format: '~s' },
          title: 'n inputs (Rosenbrock) or m outputs (curve)',
        },
        y: { field: 'seconds', type: 'quantitative', scale: { type: 'log' }, axis: { format: '~s' }, title: 'median time per call (s)' },
        color: {
          field: 'implementation',
          type: 'nominal',
          title: 'implementation',
          scale: { domain: ['hand-written', 'compiled (js)', 'compiled (interpreter)', 'direct', 'arrays (js)', 'arrays (interpreter)', 'TensorFlow.js', 'jax-js'] },
          legend: { labelLimit: 400 },
        },
        strokeDash: { field: 'mode', type: 'nominal', title: 'mode', sort: ['reverse', 'forward', 'analytic'] },
        shape: { field: 'mode', type: 'nominal', title: 'mode', sort: ['reverse', 'forward', 'analytic'] },
      },
    },
    resolve: { scale: { y: 'shared' } },
    config: { font: 'sans-serif', background: 'white' },
  };
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

interface ScalingPoint {
  n: number;
  ratio: number;
  freshRatio?: number;
  compileSeconds: number;
  firstCall: number;
  compiled: number;
  hand: number;
}
interface ScalingFile {
  date: string;
  provenance?: Provenance;
  warmupSeconds: number;
  loadAverage: [number, number];
  points: ScalingPoint[];
}

function loadScaling(): ScalingFile | undefined {
  const path = fileURLToPath(new URL('scaling.json', RESULTS_DIR));
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as ScalingFile) : undefined;
}

/** Issue 12's curve: the compiled Rosenbrock gradient ÷ hand-written for n = 10 … 10⁵ (bench/scaling.ts). */
function scalingSection(f: ScalingFile): string[] {
  const stale = staleness(f.provenance, f.date, true);
  return [
    '## Scalar programs against the work: the Rosenbrock gradient for n = 10 … 10⁵ (issue 12)',
    '',
    `\`tsx bench/scaling.ts\`, ${f.date.slice(0, 10)}${stale === undefined ? '' : ` (**stale**: ${stale})`}: the compiled (js) gradient against the hand-written one, medians of 21 alternating rounds after ${f.warmupSeconds} s of warm-up a size, all sizes in one process and each again in a fresh one; load average ${f.loadAverage[0].toFixed(1)} → ${f.loadAverage[1].toFixed(1)}. Targets: n = 10³ ≤ 4×, and 10⁴ and 10⁵ within 1.5× of the 10³ ratio.`,
    '',
    '| n | compile | first call | compiled | hand-written | × (same process) | × (fresh process) |',
    '|--:|--:|--:|--:|--:|--:|--:|',
    ...f.points.map((p) => `| ${p.n} | ${formatSeconds(p.compileSeconds)} | ${formatSeconds(p.firstCall)} | ${formatSeconds(p.compiled)} | ${formatSeconds(p.hand)} | ${p.ratio.toFixed(2)}× | ${p.freshRatio === undefined ? '–' : `${p.freshRatio.toFixed(2)}×`} |`),
    '',
    '![compiled ÷ hand-written against n](scaling.svg)',
    '',
  ];
}

async function scalingPlot(f: ScalingFile): Promise<string> {
  const values = f.points.flatMap((p) => [
    { n: p.n, ratio: p.ratio, process: 'same process' },
    ...(p.freshRatio === undefined ? [] : [{ n: p.n, ratio: p.freshRatio, process: 'fresh process' }]),
  ]);
  const spec: vl.TopLevelSpec = {
    title: { text: 'Compiled Rosenbrock gradient ÷ hand-written, against n', subtitle: 'flat = the cost grows with the work' },
    data: { values },
    width: 420,
    height: 260,
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'n', type: 'quantitative', scale: { type: 'log' }, axis: { format: '~s' }, title: 'n inputs' },
      y: { field: 'ratio', type: 'quantitative', scale: { type: 'log' }, title: '× hand-written' },
      color: { field: 'process', type: 'nominal', title: null },
    },
    config: { font: 'sans-serif', background: 'white' },
  };
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

export async function writeReport(): Promise<void> {
  const files = load();
  const checks = loadChecks();
  const all = files.flatMap((f) => f.rows);
  const machine = files[0]?.machine;
  const md: string[] = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` from the results files of this folder${machine ? `; Node ${machine.node} (V8 ${machine.v8}), ${machine.cpu}, ${machine.cores} cores` : ''}.`,
    'Each row says when it ran, on which commit, with what load average (1, 5 and 15 minutes) when its process started, and whether it is',
    'stale (run before the last commit that changed src/graph, src/ops, src/engine or src/ad; for results of scalar programs only — every suite but arrays — not counting the files only array programs run: src/engine/array-*, src/ad/array-*, src/ad/compiled-array-program.ts). `npm run bench` regenerates everything;',
    '`npm run bench -- check` reruns the targets (three fresh runs, a few minutes a group); `npm run bench -- <suite>` reruns one suite.',
    '',
    '| results | started | commit | load average | state |',
    '|---|---|---|---|---|',
  ];
  for (const f of files) {
    const scalar = f.suite !== 'arrays';
    md.push(provenanceRow(f.suite, f.date, f.provenance, f.machine.load, scalar, f.incomplete));
    for (const [peer, p] of [['TensorFlow.js', f.tfjsProcess], ['jax-js', f.jaxProcess]] as const) {
      if (p !== undefined) md.push(provenanceRow(`${f.suite}: ${peer} process`, p.date, p.provenance, p.machine?.load, scalar, p.incomplete));
    }
  }
  for (const c of checks?.checks ?? []) {
    for (const r of c.runs) md.push(provenanceRow(`check (${c.groups.join(', ')}): run ${r.run}`, r.date, r.provenance, r.machine.load, !c.groups.includes('arrays')));
  }
  md.push(
    '',
    `**How to read.** Times are medians of CPU seconds per call (the process's user + system time, so the time spent waiting for a core on a busy machine is not counted) over the samples (each sample a batch of calls lasting at least 50 ms, at least 10 samples;`,
    `calls slower than 50 ms are timed one call a sample), after the same warm-up for every implementation, baselines included: up to`,
    `${WARMUP.calls.toLocaleString('en')} calls or ${WARMUP.seconds} s, whichever comes first. Every implementation is checked against the hand-written result before it is timed.`,
    '**× hand-written** divides a median by the hand-written analytic JavaScript of the same case, timed twice: in the same process as the',
    'other rows, and alone in a fresh process of its own (`bench/fresh.ts`); the faster of the two is 1×, so a baseline is never taken at its',
    'slow end. **× same-process hand-written** divides by the same-process time alone. 4× is four times slower, below 1× faster.',
    '**× TensorFlow.js** and **× jax-js** divide by those libraries\' medians of the same case, each measured in a process of its own:',
    'TensorFlow.js on its CPU backend in float32; jax-js (`@jax-js/jax`) in float64 on its wasm device, every function under `jit` — but',
    'its exp, log, tanh and sin are float32-quality even in float64 (relative errors 2·10⁻⁷ – 3·10⁻⁶), so its results in cases that use',
    'them are checked to 1e-5, its polynomial cases to 1e-12. Rows that errored, were skipped (with the reason) or ran out of time are rows',
    'of their tables and are listed again below. The machine is shared and noisy: compare ratios within a run, not absolute times across runs.',
    '',
    'The arrays suite (issue 13) also runs jax-js in float32 (its rows: `jax-js (float32)`), checked to 1e-4 (its Rosenbrock value, a float32 sum',
    'of up to 10⁶ terms, to 1e-3); its hand-written MLP step works on the whole batch by blocked matrix products, and the mlp suite\'s',
    'sample-by-sample step is a second hand-written row (ratios divide by the faster).',
    '',
  );
  md.push('## Targets of issues 3 and 13 (arrays)', '');
  const latest = (t: Target) => checks?.checks.find((c) => c.groups.includes(t.group));
  const checked = TARGETS.filter((t) => latest(t) !== undefined);
  if (checked.length === 0) md.push('Not checked yet: run `npm run bench -- check`.', '');
  else {
    md.push(
      'Each target measured in three fresh runs (`npm run bench -- check`: every row it needs in new processes, hand-written baselines',
      'also alone in fresh processes, 1× the faster): **met** if it holds in every run, **missed** if in none, **unstable** otherwise.',
      '',
    );
    for (const c of checks!.checks) md.push(...checkTable(c.runs, TARGETS.filter((t) => c.groups.includes(t.group))), '');
    const unchecked = TARGETS.filter((t) => latest(t) === undefined);
    if (unchecked.length > 0) md.push(`Not checked: ${unchecked.map((t) => t.text).join('; ')}.`, '');
  }
  md.push('## Everything that did not measure', '', ...failuresTable(files), '');
  md.push('## Hand-written baselines: same process against a fresh process', '', ...baselinesTable(all), '');
  md.push('## Direct reverse sweeps against the micrograd-style baseline', '', ...microgradTable(all), '');
  const quoted = summary(all, checks);
  md.push('## Summary (quoted in the README word for word)', '', ...quoted);
  md.push('![time against n, forward and reverse mode](forward-vs-reverse.svg)', '');
  const scaling = loadScaling();
  if (scaling !== undefined) md.push(...scalingSection(scaling));
  for (const f of files) md.push(...suiteSection(f));
  writeFileSync(new URL('RESULTS.md', RESULTS_DIR), md.join('\n'));
  writeReadmeSummary(quoted);
  if (all.some((r) => r.series !== undefined)) writeFileSync(new URL('forward-vs-reverse.svg', RESULTS_DIR), await plot(all));
  if (scaling !== undefined) writeFileSync(new URL('scaling.svg', RESULTS_DIR), await scalingPlot(scaling));
  console.log(`report: ${fileURLToPath(new URL('RESULTS.md', RESULTS_DIR))}`);
}

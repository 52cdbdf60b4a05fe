/**
 * Turns results/<suite>.json into results/RESULTS.md (one table per case, the
 * issue's targets on top) and results/forward-vs-reverse.svg (vega-lite, rendered
 * headless by vega: no canvas needed).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { formatSeconds, IMPL, RESULTS_DIR, type Row } from './harness.js';

const ORDER = ['sigmoid', 'gradients', 'mlp', 'compile'];
const TITLES: Record<string, string> = {
  sigmoid: 'Sigmoid neuron',
  gradients: 'Forward against reverse mode: ℝⁿ → ℝ gradients and an ℝ → ℝᵐ Jacobian',
  mlp: 'MLP training step',
  compile: 'Compile time and memory',
};

interface ResultsFile {
  suite: string;
  date: string;
  machine: { node: string; v8: string; cpu: string; cores: number };
  settings: unknown;
  rows: Row[];
  incomplete?: string;
}

const ratio = (x: number) =>
  !Number.isFinite(x) ? '—' : x >= 100 ? `${x.toFixed(0)}×` : x >= 10 ? `${x.toFixed(1)}×` : x >= 0.1 ? `${x.toFixed(2)}×` : `${x.toPrecision(2)}×`;
const how = (row: Row) => row.variant ?? '';
const cell = (s: string) => s.replace(/\|/g, '\\|');

function load(): ResultsFile[] {
  return ORDER.map((name) => fileURLToPath(new URL(`${name}.json`, RESULTS_DIR)))
    .filter((path) => existsSync(path))
    .map((path) => JSON.parse(readFileSync(path, 'utf8')) as ResultsFile);
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

function baseline(rows: readonly Row[], implementation: string): number | undefined {
  const row = rows.find((r) => r.implementation === implementation && r.status === 'ok');
  return row?.median;
}

function timingTable(rows: readonly Row[]): string[] {
  const hand = baseline(rows, IMPL.hand);
  const tf = baseline(rows, IMPL.tfjs);
  const lines = ['| implementation | how | median | min – max | samples | × hand-written | × TensorFlow.js |', '|---|---|--:|--:|--:|--:|--:|'];
  for (const r of rows) {
    if (r.status !== 'ok') {
      lines.push(`| ${cell(r.implementation)} | ${cell(how(r))} | ${r.status}: ${cell(r.reason ?? '')} | | | | |`);
      continue;
    }
    const m = r.median!;
    lines.push(
      `| ${cell(r.implementation)} | ${cell(how(r))} | ${formatSeconds(m)} | ${formatSeconds(r.min!)} – ${formatSeconds(r.max!)} | ${r.samples!.length} | ${hand ? ratio(m / hand) : '—'} | ${tf ? ratio(m / tf) : '—'} |`,
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

interface Target {
  target: string;
  measured: string;
  met: boolean | undefined;
}

function find(rows: readonly Row[], caseName: string, implementation: string, variant?: string): Row | undefined {
  return rows.find((r) => r.case === caseName && r.implementation === implementation && (variant === undefined || r.variant === variant) && r.status === 'ok');
}

function targets(all: readonly Row[]): { summary: Target[]; direct: string[] } {
  const out: Target[] = [];
  const verdict = (ok: boolean | undefined) => ok;
  const missing = (target: string) => out.push({ target, measured: 'not measured', met: undefined });

  // sigmoid
  {
    const c = 'sigmoid neuron: value and gradient';
    const hand = find(all, c, IMPL.hand);
    for (const variant of ['valueAndGradient', 'gradient']) {
      const t = `sigmoid ${variant}, compiled (js) ≤ 1.5× hand-written`;
      const js = find(all, c, IMPL.js, variant);
      if (!hand || !js) missing(t);
      else out.push({ target: t, measured: `${ratio(js.median! / hand.median!)} (${formatSeconds(js.median!)} vs ${formatSeconds(hand.median!)})`, met: verdict(js.median! / hand.median! <= 1.5) });
    }
  }
  // Rosenbrock n = 1000
  {
    const c = 'Rosenbrock, n = 1000: gradient';
    const hand = find(all, c, IMPL.hand);
    const js = find(all, c, IMPL.js, 'reverse: gradient (one sweep)');
    const ev = find(all, 'Rosenbrock, n = 1000: value', IMPL.js, 'evaluate');
    let t = 'Rosenbrock n = 1000 gradient, compiled (js) reverse ≤ 4× hand-written (goal 2×)';
    if (!hand || !js) missing(t);
    else out.push({ target: t, measured: `${ratio(js.median! / hand.median!)} (${formatSeconds(js.median!)} vs ${formatSeconds(hand.median!)})`, met: js.median! / hand.median! <= 4 });
    t = 'Rosenbrock n = 1000, compiled (js): gradient ≤ 4× evaluation';
    if (!ev || !js) missing(t);
    else out.push({ target: t, measured: `${ratio(js.median! / ev.median!)} (${formatSeconds(js.median!)} vs ${formatSeconds(ev.median!)})`, met: js.median! / ev.median! <= 4 });
  }
  // direct reverse sweeps against micrograd, every case that has both
  const direct = ['| case | wengert direct (reverse) | micrograd-style | micrograd ÷ direct |', '|---|--:|--:|--:|'];
  {
    let all_ok: boolean | undefined;
    let worst = Infinity;
    for (const [c, rows] of byCase(all)) {
      const micro = rows.find((r) => r.implementation === IMPL.micrograd);
      const d = rows.find((r) => r.implementation === IMPL.direct && (r.variant ?? '').includes('reverseMode'));
      if (!micro || !d) continue;
      if (micro.status === 'ok' && d.status === 'ok') {
        const q = micro.median! / d.median!;
        worst = Math.min(worst, q);
        all_ok = (all_ok ?? true) && q > 1;
        direct.push(`| ${cell(c)} | ${formatSeconds(d.median!)} | ${formatSeconds(micro.median!)} | ${ratio(q)} |`);
      } else {
        direct.push(`| ${cell(c)} | ${d.status === 'ok' ? formatSeconds(d.median!) : d.status} | ${micro.status === 'ok' ? formatSeconds(micro.median!) : micro.status} | — |`);
      }
    }
    out.push({
      target: 'direct reverseMode faster than the micrograd-style baseline on every case',
      measured: Number.isFinite(worst) ? `slowest case: micrograd ÷ direct = ${ratio(worst)} (table below)` : 'not measured',
      met: all_ok,
    });
  }
  // MLP
  for (const c of [...byCase(all).keys()].filter((k) => k.startsWith('MLP '))) {
    const hand = find(all, c, IMPL.hand);
    const tf = find(all, c, IMPL.tfjs);
    const ours = all.filter((r) => r.case === c && r.implementation === IMPL.js && r.status === 'ok').sort((a, b) => a.median! - b.median!);
    const best = ours[0];
    const name = c.replace(/^MLP /, '').replace(/: one SGD step$/, '');
    let t = `MLP ${name}: step, compiled (js) ≤ 2× hand-written`;
    if (!hand || !best) missing(t);
    else out.push({ target: t, measured: `${ratio(best.median! / hand.median!)} (${formatSeconds(best.median!)} vs ${formatSeconds(hand.median!)}; best variant: ${best.variant})`, met: best.median! / hand.median! <= 2 });
    t = `MLP ${name}: step, compiled (js) ≥ 2.5× faster than TensorFlow.js`;
    if (!tf || !best) missing(t);
    else out.push({ target: t, measured: `${ratio(tf.median! / best.median!)} faster (${formatSeconds(best.median!)} vs ${formatSeconds(tf.median!)})`, met: tf.median! / best.median! >= 2.5 });
  }
  // compile
  {
    const rows = all.filter((r) => r.suite === 'compile' && r.variant === 'compile');
    for (const backend of [...new Set(rows.map((r) => r.implementation))]) {
      const ok = rows.filter((r) => r.implementation === backend && r.status === 'ok');
      if (ok.length === 0) continue;
      const speeds = ok.map((r) => (r.extra as Record<string, number>).nodesPerSecond);
      const toFirst = ok.map((r) => (r.extra as Record<string, number>).nodesPerSecondToFirstGradient).filter(Number.isFinite);
      const bytes = ok.map((r) => (r.extra as Record<string, number>).bytesPerNode);
      const skipped = rows.filter((r) => r.implementation === backend && r.status !== 'ok').map((r) => `${r.group} ${r.n!.toExponential(0).replace('e+', 'e')}`);
      const note = skipped.length ? `; not measured: ${skipped.join(', ')}` : '';
      out.push({
        target: `${backend}: ≥ 10⁶ nodes/s`,
        measured:
          `compile: ${Math.min(...speeds).toExponential(2)} – ${Math.max(...speeds).toExponential(2)} nodes/s over ${ok.length} graphs` +
          (toFirst.length ? `; compile + first gradient: ${Math.min(...toFirst).toExponential(2)} – ${Math.max(...toFirst).toExponential(2)}` : '') +
          note,
        met: Math.min(...speeds, ...toFirst) >= 1e6,
      });
      out.push({
        target: `${backend}: ≤ 100 bytes/node`,
        measured: `${Math.min(...bytes).toFixed(1)} – ${Math.max(...bytes).toFixed(1)} bytes/node`,
        met: Math.max(...bytes) <= 100,
      });
    }
  }
  return { summary: out, direct };
}

/** Key ratios, for the README: a few cases across suites. */
function keyRatios(all: readonly Row[]): string[] {
  const lines = ['| case | compiled (js) | compiled (interpreter) | direct sweeps | micrograd-style | mathjs | TensorFlow.js |', '|---|--:|--:|--:|--:|--:|--:|'];
  const picks: [string, string | undefined][] = [
    ['sigmoid neuron: value and gradient', 'valueAndGradient'],
    ['Rosenbrock, n = 10: gradient', 'reverse'],
    ['Rosenbrock, n = 1000: gradient', 'reverse'],
    ['Rosenbrock, n = 10000: gradient', 'reverse'],
    ['curve ℝ → ℝᵐ, m = 1000: Jacobian', 'forward'],
    ['MLP 2-16-16-1 tanh, MSE, batch 64: one SGD step', undefined],
    ['MLP 64-32-10 tanh, softmax cross-entropy, batch 32: one SGD step', undefined],
  ];
  for (const [c, prefer] of picks) {
    const rows = all.filter((r) => r.case === c);
    const hand = baseline(rows, IMPL.hand);
    if (!hand) continue;
    /** The fastest measured row of an implementation (among variants starting with `prefer`, if any match). */
    const best = (implementation: string) => {
      let ok = rows.filter((r) => r.implementation === implementation && r.status === 'ok');
      const preferred = ok.filter((r) => prefer !== undefined && (r.variant ?? '').startsWith(prefer));
      if (preferred.length > 0) ok = preferred;
      ok.sort((a, b) => a.median! - b.median!);
      return ok[0] ? ratio(ok[0].median! / hand) : rows.some((r) => r.implementation === implementation) ? 'skipped' : '—';
    };
    lines.push(`| ${cell(c)} | ${[IMPL.js, IMPL.interpreter, IMPL.direct, IMPL.micrograd, IMPL.mathjs, IMPL.tfjs].map(best).join(' | ')} |`);
  }
  return lines;
}

async function plot(all: readonly Row[]): Promise<string> {
  const problems: Record<string, string> = { rosenbrock: 'Rosenbrock ℝⁿ → ℝ: gradient', curve: 'curve ℝ → ℝᵐ: Jacobian' };
  const values = all
    .filter((r) => r.status === 'ok' && r.series !== undefined && problems[r.group] !== undefined)
    .map((r) => {
      const [implementation, mode = 'analytic'] = r.series!.split(', ');
      return { problem: problems[r.group], n: r.n!, seconds: r.median!, implementation, mode };
    });
  const spec: vl.TopLevelSpec = {
    title: { text: 'Median time per call against problem size (log–log)', subtitle: 'forward: n directions for ℝⁿ → ℝ, one sweep for ℝ → ℝᵐ; reverse: the other way round' },
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
          scale: { type: 'log', domain: [8, 12500] },
          axis: { values: [10, 100, 1000, 10000], format: ',' },
          title: 'n inputs (Rosenbrock) or m outputs (curve)',
        },
        y: { field: 'seconds', type: 'quantitative', scale: { type: 'log' }, axis: { format: '~s' }, title: 'median time per call (s)' },
        color: {
          field: 'implementation',
          type: 'nominal',
          title: 'implementation',
          scale: { domain: ['hand-written', 'compiled (js)', 'compiled (interpreter)', 'direct', 'TensorFlow.js'] },
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

export async function writeReport(): Promise<void> {
  const files = load();
  const all = files.flatMap((f) => f.rows);
  const machine = files[0]?.machine;
  const md: string[] = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` from the results files of this folder${machine ? `; Node ${machine.node} (V8 ${machine.v8}), ${machine.cpu}, ${machine.cores} cores` : ''}.`,
    files.map((f) => `${f.suite}: ${f.date}${f.incomplete ? ` (incomplete: ${f.incomplete})` : ''}`).join('; ') + '.',
    '',
    '**How to read.** Times are medians of seconds per call over the samples (benny: each sample a cycle of at least 50 ms, at least 5 samples;',
    'calls slower than 50 ms are timed one call a sample), after a warm-up of up to 3,000 calls or 1 s (20,000 calls or 4 s for generated code,',
    'which V8 optimizes late). **× hand-written** divides a median by the',
    'hand-written analytic JavaScript of the same case, measured in the same process: 1× is the hand-written speed, 4× four times slower.',
    '**× TensorFlow.js** divides by the TensorFlow.js median of the same case (measured in its own process, CPU backend, float32): below 1× is',
    'faster than TensorFlow.js. Every implementation is checked against the hand-written result before it is timed. The machine is shared and',
    'noisy: compare ratios within a run, not absolute times across runs.',
    '',
  ];
  const { summary, direct } = targets(all);
  md.push('## Targets of issue 3', '', '| target | measured | met |', '|---|---|:-:|');
  for (const t of summary) md.push(`| ${cell(t.target)} | ${cell(t.measured)} | ${t.met === undefined ? '—' : t.met ? 'yes' : '**no**'} |`);
  md.push('', '### Direct reverse sweeps against the micrograd-style baseline', '', ...direct, '');
  md.push('## Key ratios to hand-written (fastest variant of each)', '', ...keyRatios(all), '');
  md.push('![time against n, forward and reverse mode](forward-vs-reverse.svg)', '');
  for (const f of files) {
    md.push(`## ${TITLES[f.suite] ?? f.suite}`, '');
    if (f.incomplete) md.push(`*Incomplete: ${f.incomplete}.*`, '');
    if (f.suite === 'compile') {
      md.push(...compileTables(f.rows));
      continue;
    }
    for (const [c, rows] of byCase(f.rows)) md.push(`### ${c}`, '', ...timingTable(rows), '');
  }
  writeFileSync(new URL('RESULTS.md', RESULTS_DIR), md.join('\n'));
  if (all.some((r) => r.series !== undefined)) writeFileSync(new URL('forward-vs-reverse.svg', RESULTS_DIR), await plot(all));
  console.log(`report: ${fileURLToPath(new URL('RESULTS.md', RESULTS_DIR))}`);
}

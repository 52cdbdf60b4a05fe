/**
 * The tour that `npm start` prints: wengert on the course notes' examples.
 *
 * Each section is a function in `sections` below that prints under its own
 * heading; add a section by writing one more function and listing it. The
 * sections after the first three reuse examples/notes/ (the notes' cells, one
 * module each), time forward against reverse mode, train a small MLP with a
 * progress bar, and write every plot to ./out/ (SVG, and PNG where
 * @resvg/resvg-js is installed).
 */
// mathjs's number-only build: the same parser and symbolic derivative over
// doubles, and about half the start-up time of the full build.
import { derivative, parse as mathjsParse } from 'mathjs/number';
import { stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import {
  accuracy,
  adam,
  add,
  compareModes,
  compile,
  evaluate,
  exp,
  forwardMode,
  grad,
  makeMoons,
  minimize,
  MLP,
  mul,
  neg,
  reciprocal,
  reverseMode,
  sigmoid,
  sin,
  slice,
  square,
  sub,
  sum,
  train,
  trainTestSplit,
  valueAndGrad,
  variable,
  type ClassificationDataset,
  type MinimizeOptions,
  type Node,
} from '../src/index.js';
import {
  contour2d,
  decisionBoundary,
  lossCurve,
  pngAvailable,
  timingPlot,
  type TimingRow,
  type VegaLiteSpec,
} from '../src/viz/index.js';
import { writePlot } from '../src/node/index.js';
import { centeredDifference } from '../src/numeric/differences.js';
import { gradcheck } from '../src/numeric/gradcheck.js';
import { examples } from './notes/index.js';
import { median, timeCalls } from '../src/ad/timing.js';
import { modesTable } from '../src/cli/modes.js';

// ── formatting ──────────────────────────────────────────────────────────────

/** A number with 17 significant digits: enough to tell any two doubles apart. */
const num = (v: number) => v.toPrecision(17);
/** A difference in e-notation, signed; exact agreement prints as 0. */
const delta = (d: number) => (d === 0 ? '0' : `${d > 0 ? '+' : ''}${d.toExponential(2)}`);

interface Column {
  title: string;
  align?: 'left' | 'right';
}

/** A fixed-width table, indented by two spaces; an empty row prints as a blank line. */
function table(columns: Column[], rows: string[][]): void {
  const widths = columns.map((c, j) => Math.max(c.title.length, ...rows.map((r) => (r[j] ?? '').length)));
  const line = (cells: string[]) =>
    '  ' +
    cells
      .map((cell, j) => (columns[j].align === 'right' ? cell.padStart(widths[j]) : cell.padEnd(widths[j])))
      .join('   ')
      .trimEnd();
  console.log(line(columns.map((c) => c.title)));
  console.log(line(widths.map((w) => '─'.repeat(w))));
  for (const r of rows) console.log(r.length === 0 ? '' : line(r));
}

function heading(n: number, title: string): void {
  console.log(`\n${n}. ${title}\n`);
}

// ── the running example: the notes' sigmoid neuron ─────────────────────────

const x = variable('x');
const w = variable('w');
const b = variable('b');
/** f(x, w, b) = 1 / (1 + e^−(w·x + b)), op by op as the notes' Wengert list writes it. */
const f: Node = reciprocal(add(1, exp(neg(add(mul(w, x), b)))));
const at = { x: 3, w: 2, b: 1 };
const names = ['x', 'w', 'b'] as const;
/** The same function as a string, for mathjs. */
const source = '1 / (1 + exp(-(w * x + b)))';

// ── sections ────────────────────────────────────────────────────────────────

function sigmoidNeuron(): void {
  console.log('  f(x, w, b) = 1 / (1 + e^−(w·x + b)) at (x, w, b) = (3, 2, 1), by four methods.');
  console.log('  Differences are from reverse mode.\n');

  const reverse = reverseMode(f, at); // one adjoint sweep: every partial at once
  const forward = names.map((v) => forwardMode(f, at, { [v]: 1 })); // one tangent sweep per direction
  const numeric = names.map((v) => centeredDifference((t) => evaluate(f, { ...at, [v]: t }), at[v])); // h = 1e-6
  const symbolic = names.map((v) => derivative(source, v).evaluate(at) as number);
  const symbolicValue = mathjsParse(source).evaluate(at) as number;

  const rows: string[][] = [];
  const row = (quantity: string, method: string, value: number, reference: number | undefined) =>
    rows.push([quantity, method, num(value), reference === undefined ? '(reference)' : delta(value - reference)]);

  row('f', 'reverse mode', reverse.value, undefined);
  row('', 'forward mode', forward[0].value, reverse.value);
  row('', 'evaluate', evaluate(f, at), reverse.value);
  row('', 'mathjs', symbolicValue, reverse.value);
  names.forEach((v, i) => {
    const g = reverse.gradient[v];
    rows.push([]);
    row(`∂f/∂${v}`, 'reverse mode: 1 sweep for all 3', g, undefined);
    row('', 'forward mode: 1 sweep, direction ' + v, forward[i].derivative, g);
    row('', 'centered difference, h = 1e-6', numeric[i], g);
    row('', 'mathjs symbolic derivative', symbolic[i], g);
  });
  table(
    [{ title: '' }, { title: 'method' }, { title: 'value', align: 'right' }, { title: '− reverse', align: 'right' }],
    rows,
  );
  console.log(`\n  mathjs: ∂f/∂x = ${derivative(source, 'x').toString()}`);
}

function otherForms(): void {
  console.log('  The fluent form builds the same graph, reading left to right:');
  const fluent = w.mul(x).add(b).neg().exp().add(1).reciprocal();
  const rf = reverseMode(fluent, at);
  const same = rf.value === reverseMode(f, at).value && names.every((v) => rf.gradient[v] === reverseMode(f, at).gradient[v]);
  console.log('    const f = w.mul(x).add(b).neg().exp().add(1).reciprocal();');
  console.log(`    reverseMode(f, { x: 3, w: 2, b: 1 })  →  value ${num(rf.value)}, gradient identical: ${same ? 'yes' : 'NO'}`);

  console.log('\n  Function transforms in the style of JAX, here with the stable `sigmoid` composite:');
  const g = grad((x: Node, w: Node, b: Node) => sigmoid(w.mul(x).add(b)));
  const gx = g(3, 2, 1) as number[];
  console.log('    const g = grad((x, w, b) => sigmoid(w.mul(x).add(b)));');
  console.log(`    g(3, 2, 1)  →  [${gx.map(num).join(', ')}]`);
  const exact = reverseMode(f, at).gradient;
  console.log(`    − reverse mode on the op-by-op graph: [${gx.map((d, i) => delta(d - exact[names[i]])).join(', ')}]`);
  const vg = valueAndGrad((x: Node, w: Node, b: Node) => sigmoid(w.mul(x).add(b)))(3, 2, 1);
  console.log(`    valueAndGrad(…)(3, 2, 1).value  →  ${num(vg.value)}`);
}

function checking(): void {
  console.log('  gradcheck compares reverse mode with centered differences, with PyTorch\'s');
  console.log('  criterion and defaults: |analytic − numeric| ≤ atol + rtol·|numeric|.\n');
  const report = gradcheck(f, at);
  table(
    [
      { title: 'variable' },
      { title: 'analytic', align: 'right' },
      { title: 'numeric', align: 'right' },
      { title: 'error', align: 'right' },
      { title: 'tolerance', align: 'right' },
      { title: 'ok' },
    ],
    report.parameters.map((p) => [p.name, num(p.analytic), num(p.numeric), p.error.toExponential(2), p.tolerance.toExponential(2), p.ok ? 'yes' : 'NO']),
  );
  console.log(`\n  ${report.message}`);

  console.log('\n  On your own code, a value function and the gradient you wrote for it; here');
  console.log('  ∂/∂b of f(a, b) = a²·b with a slip (2a instead of a²):\n');
  const value = (v: number[]) => v[0] ** 2 * v[1];
  const slip = (v: number[]) => [2 * v[0] * v[1], 2 * v[0]];
  console.log(`  ${gradcheck({ value, gradient: slip }, [3, 2], { names: ['a', 'b'] }).message}`);
}

// ── the notes' examples (examples/notes/) ───────────────────────────────────

/** Plots gathered by the sections, written by the last one. */
const plots: { name: string; spec: () => VegaLiteSpec }[] = [];

function notesExamples(): void {
  console.log("  Each code cell of the course notes, redone with wengert (examples/notes/, one module per");
  console.log('  cell; `npx tsx examples/notes/<file>.ts` prints the full version). Where a cell prints, the');
  console.log("  first lines are what it prints, and test/notes.test.ts checks them against the notes.");
  for (const e of examples) {
    const cells = /^\[\d+\]$/.test(e.cells) ? `cell ${e.cells}` : e.cells.startsWith('[') ? `cells ${e.cells}` : e.cells;
    console.log(`\n  ${cells} — ${e.title}   (examples/notes/${e.file}.ts)`);
    for (const line of e.run({ brief: true })) console.log(line === '' ? '' : `    ${line}`);
    for (const p of e.plots?.() ?? []) plots.push({ name: p.name, spec: () => p.spec });
  }
}

// ── forward vs reverse mode ────────────────────────────────────────────────

/** Σᵢ 100·(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², i = 0 … n − 2, as a graph of n variables. */
function rosenbrock(n: number): { f: Node; xs: Node[] } {
  const xs = Array.from({ length: n }, (_, i) => variable(`x${i}`));
  const terms: Node[] = [];
  for (let i = 0; i + 1 < n; i++) terms.push(add(mul(100, square(sub(xs[i + 1], square(xs[i])))), square(sub(1, xs[i]))));
  return { f: sum(terms), xs };
}

/** The same function on one array node: Σ 100·(x[1:] − x[:-1]²)² + (1 − x[:-1])², a graph of 15 nodes whatever n. */
function rosenbrockArray(n: number): { f: Node; x: Node } {
  const x = variable('x', [n]);
  const [next, head] = [slice(x, [[1, null]]), slice(x, [[null, -1]])];
  return { f: sum(add(mul(100, square(sub(next, square(head)))), square(sub(1, head)))), x };
}

/** Milliseconds per call of fn, sample by sample, after a warm-up (src/ad/timing.ts, as compareModes times). */
const samplesOf = (fn: () => void, budget: number) => timeCalls(fn, { budget }).samples;

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v >= 0.01 ? v.toFixed(3) : v.toExponential(1));

function forwardVsReverse(): void {
  console.log('  The gradient of Rosenbrock in n variables, f: ℝⁿ → ℝ, from one compiled program:');
  console.log('  reverse mode takes one adjoint sweep for all n partials (program.gradient); forward mode one');
  console.log("  tangent per input (program.jacobian(x, { mode: 'forward' }), 32 tangents a sweep). Both on the");
  console.log('  interpreter backend, so the two modes run the same kind of code. Median of repeated calls.\n');
  const rows: string[][] = [];
  const timings: TimingRow[] = [];
  for (const n of [10, 100, 1000]) {
    const { f, xs } = rosenbrock(n);
    const program = compile(f, xs, { backend: 'interpreter' });
    const x = Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
    const g = new Float64Array(n);
    const reverse = samplesOf(() => program.gradient(x, g), 250);
    const forward = samplesOf(() => program.jacobian(x, { mode: 'forward' }), 400);
    const J = program.jacobian(x, { mode: 'forward' })[0];
    program.gradient(x, g);
    let scale = 0;
    let diff = 0;
    for (let i = 0; i < n; i++) {
      scale = Math.max(scale, Math.abs(g[i]));
      diff = Math.max(diff, Math.abs(J[i] - g[i]));
    }
    for (const t of reverse) timings.push({ n, mode: 'reverse', ms: t });
    for (const t of forward) timings.push({ n, mode: 'forward', ms: t });
    const [r, fw] = [median(reverse), median(forward)];
    rows.push([String(n), String(program.stats.operations.forward), ms(r), String(Math.ceil(n / 32)), ms(fw), `${(fw / r).toFixed(fw / r < 10 ? 1 : 0)}×`, diff === 0 ? '0 (identical)' : (diff / scale).toExponential(0)]);
  }
  table(
    [
      { title: 'n', align: 'right' },
      { title: 'ops', align: 'right' },
      { title: 'reverse (ms)', align: 'right' },
      { title: 'forward sweeps', align: 'right' },
      { title: 'forward (ms)', align: 'right' },
      { title: 'forward / reverse', align: 'right' },
      { title: 'forward − reverse', align: 'right' },
    ],
    rows,
  );
  console.log('\n  The gap grows with n: reverse mode is the notes\' backpropagation, one sweep however many inputs.');
  console.log('\n  The same function on one array node x of shape [n] (slices x[1:] and x[:-1]: 15 nodes at every n),');
  console.log('  compiled to loops (js backend): reverse mode is one pass over the arrays; forward mode one tangent');
  console.log('  pass per input, n passes of n elements.\n');
  const arrayRows: string[][] = [];
  for (const n of [10, 100, 1000, 10_000]) {
    const { f, x: xNode } = rosenbrockArray(n);
    const program = compile(f, [xNode]);
    const x = Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
    const g = new Float64Array(n);
    const reverse = samplesOf(() => program.gradient(x, g), 250);
    for (const t of reverse) timings.push({ n, mode: 'reverse (arrays)', ms: t });
    let forward: number[] | undefined;
    if (n <= 1000) {
      forward = samplesOf(() => program.jacobian(x, { mode: 'forward' }), 400);
      for (const t of forward) timings.push({ n, mode: 'forward (arrays)', ms: t });
    }
    const r = median(reverse);
    const fw = forward === undefined ? undefined : median(forward);
    arrayRows.push([String(n), ms(r), fw === undefined ? '—' : ms(fw), fw === undefined ? '—' : `${(fw / r).toFixed(fw / r < 10 ? 1 : 0)}×`]);
  }
  table(
    [
      { title: 'n', align: 'right' },
      { title: 'reverse (ms)', align: 'right' },
      { title: 'forward (ms)', align: 'right' },
      { title: 'forward / reverse', align: 'right' },
    ],
    arrayRows,
  );
  plots.push({ name: 'forward-vs-reverse', spec: () => timingPlot(timings, { title: 'Gradient of Rosenbrock in n variables: forward vs reverse mode, scalar graphs and arrays' }) });
}

function yourFunction(): void {
  console.log('  compareModes(f, at) times every route to the full Jacobian of your own function on this machine,');
  console.log('  after a warm-up, next to the operation-count model, and says which mode wins and why');
  console.log('  (`wengert modes "<expr>" --at …` prints the same). The notes\' sigmoid neuron, f: ℝ³ → ℝ:\n');
  const quick = { warmup: 100, budget: 100 };
  for (const line of modesTable(compareModes(f, at, quick)).split('\n')) console.log(line === '' ? '' : `  ${line}`);
  console.log('\n  A curve ℝ → ℝ¹⁰⁰⁰, yᵢ = sin(cᵢ·x)·x, written as a function of a number:\n');
  const curve = (t: Node) => Array.from({ length: 1000 }, (_, i) => mul(sin(mul(1 + i / 1000, t)), t));
  for (const line of modesTable(compareModes(curve, [0.7], quick)).split('\n')) console.log(line === '' ? '' : `  ${line}`);
}

// ── optimizers on 2-D Rosenbrock ───────────────────────────────────────────

function rosenbrockOptimizers(): void {
  const [x, y] = [variable('x'), variable('y')];
  const f = add(square(sub(1, x)), mul(100, square(sub(y, square(x)))));
  const f2 = (u: number, v: number) => (1 - u) ** 2 + 100 * (v - u * u) ** 2;
  const start = [-1.2, 1];
  console.log('  (1 − x)² + 100·(y − x²)² from (−1.2, 1), minimum at (1, 1), until ‖∇f‖ ≤ 1e-6 (at most 20 000');
  console.log('  iterations); Nelder-Mead uses values only, until its simplex is smaller than 1e-10.\n');
  const runs: [string, MinimizeOptions][] = [
    ['gd, Armijo steps', { method: 'gd' }],
    ['momentum 0.9, lr 1e-3', { method: 'momentum', learningRate: 1e-3 }],
    ['nesterov 0.9, lr 1e-3', { method: 'nesterov', learningRate: 1e-3 }],
    ['rmsprop, lr 1e-3', { method: 'rmsprop', learningRate: 1e-3 }],
    ['adam, lr 0.02', { method: 'adam', learningRate: 0.02 }],
    ['nelder-mead', { method: 'nelder-mead', tolerance: 1e-10 }],
  ];
  const paths: { name: string; points: Float64Array[] }[] = [];
  // the paths along the valley overlap: the plot draws four of them, for legibility
  const drawn = ['gd, Armijo steps', 'momentum 0.9, lr 1e-3', 'adam, lr 0.02', 'nelder-mead'];
  const rows = runs.map(([name, options]) => {
    const r =
      options.method === 'nelder-mead'
        ? minimize((v) => f2(v[0], v[1]), start, options)
        : minimize(f, start, { inputs: [x, y], maxIterations: 20_000, tolerance: 1e-6, ...options });
    // at most ~300 points a path: every early iterate, then evenly spaced ones, and the last
    const pts = r.history.points;
    const every = Math.max(1, Math.ceil(pts.length / 250));
    if (drawn.includes(name)) paths.push({ name, points: pts.filter((_, t) => t < 50 || t % every === 0 || t === pts.length - 1) });
    return [name, String(r.iterations), r.status, `(${r.x[0].toFixed(6)}, ${r.x[1].toFixed(6)})`, r.value.toExponential(1)];
  });
  table(
    [{ title: 'method' }, { title: 'iterations', align: 'right' }, { title: 'status' }, { title: 'x', align: 'right' }, { title: 'f(x)', align: 'right' }],
    rows,
  );
  console.log('\n  rmsprop\'s steps stay near its learning rate however small the gradient, so it circles the');
  console.log('  minimum at that scale; the others settle. The contour plot draws gd, momentum, adam and Nelder-Mead.');
  plots.push({
    name: 'rosenbrock-contours',
    spec: () =>
      contour2d(f2, { xDomain: [-2, 2], yDomain: [-1, 3], logLevels: true, levels: 14, minimum: [1, 1], title: 'Rosenbrock: the paths of several optimizers from (−1.2, 1)' }, paths),
  });
}

// ── a small MLP on the moons ───────────────────────────────────────────────

/** A progress bar on one line (\r) on a terminal; on a pipe or file, a plain line every tenth of the run. */
function progressBar(total: number) {
  const tty = process.stdout.isTTY === true;
  const started = performance.now();
  const width = 24;
  return {
    update(done: number, text: string): void {
      const elapsed = (performance.now() - started) / 1000;
      const left = (elapsed / done) * (total - done);
      const filled = Math.round((width * done) / total);
      const line = `  epoch ${String(done).padStart(String(total).length)}/${total} ${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${text}  ${left.toFixed(1)} s left`;
      if (tty) process.stdout.write(`\r${line}\x1b[K`);
      else if (done === total || done % Math.max(1, Math.round(total / 10)) === 0) console.log(line);
    },
    done(): number {
      if (tty) process.stdout.write('\n');
      return (performance.now() - started) / 1000;
    },
  };
}

function moons(): void {
  const data = makeMoons(500, { noise: 0.1, seed: 1 });
  const { train: trainSet, test } = trainTestSplit(data, { testFraction: 0.3, seed: 1 });
  const model = new MLP([2, 16, 16, 1], { seed: 1 });
  const epochs = 200;
  console.log(`  makeMoons(500, noise 0.1): ${trainSet.rows} training and ${test.rows} test points; an MLP 2-16-16-1 (tanh,`);
  console.log(`  ${model.params.length} parameters), sigmoid cross-entropy, Adam (lr 0.003), mini-batches of 32, ${epochs} epochs.\n`);
  const bar = progressBar(epochs);
  const losses: number[] = [];
  const run = train(model, trainSet, {
    optimizer: adam({ learningRate: 0.003 }),
    epochs,
    batchSize: 32,
    seed: 1,
    onEpoch: ({ epoch, loss }) => {
      losses.push(loss);
      bar.update(epoch + 1, `loss ${loss.toFixed(4)}  accuracy ${(100 * accuracy(model, trainSet)).toFixed(1)}%`);
    },
  });
  const seconds = bar.done();
  console.log(`\n  ${run.epochs} epochs, ${run.steps} steps in ${seconds.toFixed(1)} s: train accuracy ${(100 * accuracy(model, trainSet)).toFixed(1)}%, test accuracy ${(100 * accuracy(model, test)).toFixed(1)}%`);

  const probability = (u: number, v: number) => 1 / (1 + Math.exp(-model.predict([u, v])[0]));
  const points = (ds: ClassificationDataset) => Array.from({ length: ds.rows }, (_, r) => ({ x: ds.features[2 * r], y: ds.features[2 * r + 1], label: ds.labels[r] }));
  plots.push({ name: 'moons-loss', spec: () => lossCurve({ loss: losses }, { logScale: true, xTitle: 'Epoch', yTitle: 'Mean loss (sigmoid cross-entropy)', title: 'MLP 2-16-16-1 on the moons: training loss' }) });
  plots.push({
    name: 'moons-boundary',
    spec: () =>
      decisionBoundary(probability, points(test), {
        kind: 'probability',
        resolution: 80,
        classNames: ['upper moon', 'lower moon'],
        title: `The trained MLP on the moons' test points (accuracy ${(100 * accuracy(model, test)).toFixed(1)}%)`,
      }),
  });
}

// ── plots ──────────────────────────────────────────────────────────────────

async function writePlots(): Promise<void> {
  const dir = join(process.cwd(), 'out');
  const png = await pngAvailable();
  console.log(`  The plots of the sections above, rendered by Vega-Lite to SVG${png ? ' and PNG' : ' (PNG needs @resvg/resvg-js, not installed here)'}:\n`);
  const rows: string[][] = [];
  for (const { name, spec } of plots) {
    const started = performance.now();
    const s = spec();
    const files = [await writePlot(s, join(dir, `${name}.svg`))];
    if (png) files.push(await writePlot(s, join(dir, `${name}.png`), { scale: 2 }));
    const sizes = await Promise.all(files.map(async (f) => `${((await stat(f)).size / 1024).toFixed(0)} kB`));
    rows.push([relative(process.cwd(), files[0]).replace(/\.svg$/, png ? '.{svg,png}' : '.svg'), sizes.join(', '), `${((performance.now() - started) / 1000).toFixed(1)} s`]);
  }
  table([{ title: 'file' }, { title: 'size', align: 'right' }, { title: 'time', align: 'right' }], rows);
}

const sections: { title: string; run: () => void | Promise<void> }[] = [
  { title: "The notes' sigmoid neuron: forward mode, reverse mode, finite differences, mathjs", run: sigmoidNeuron },
  { title: 'The fluent form and the JAX-style transforms', run: otherForms },
  { title: 'Checking a gradient', run: checking },
  { title: "The course notes' examples", run: notesExamples },
  { title: 'Forward vs reverse mode on growing n', run: forwardVsReverse },
  { title: 'Forward or reverse for your own function: compareModes', run: yourFunction },
  { title: 'Several optimizers on the Rosenbrock function', run: rosenbrockOptimizers },
  { title: 'A small MLP on the moons, trained with a progress bar', run: moons },
  { title: 'Plots, written to ./out/', run: writePlots },
];

const tourStarted = performance.now();
console.log('wengert — automatic differentiation on expression graphs: a tour');
for (const [i, s] of sections.entries()) {
  heading(i + 1, s.title);
  await s.run();
}
console.log(`\n(${((performance.now() - tourStarted) / 1000).toFixed(1)} s)\n`);

/**
 * The tour that `npm start` prints: wengert on the course notes' examples.
 *
 * Each section is a function in `sections` below that prints under its own
 * heading; add a section by writing one more function and listing it.
 */
// mathjs's number-only build: the same parser and symbolic derivative over
// doubles, and about half the start-up time of the full build.
import { derivative, parse as mathjsParse } from 'mathjs/number';
import {
  add,
  evaluate,
  exp,
  forwardMode,
  grad,
  mul,
  neg,
  reciprocal,
  reverseMode,
  sigmoid,
  valueAndGrad,
  variable,
  type Node,
} from '../src/index.js';
import { centeredDifference } from '../src/numeric/differences.js';
import { gradcheck } from '../src/numeric/gradcheck.js';

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

const sections: { title: string; run: () => void }[] = [
  { title: "The notes' sigmoid neuron: forward mode, reverse mode, finite differences, mathjs", run: sigmoidNeuron },
  { title: 'The fluent form and the JAX-style transforms', run: otherForms },
  { title: 'Checking a gradient', run: checking },
];

console.log('wengert — automatic differentiation on expression graphs: a tour');
sections.forEach((s, i) => {
  heading(i + 1, s.title);
  s.run();
});
console.log();

/**
 * The notes' cells [12] and [13]: the one-layer neuron f(x) = 1 / (1 + e^−(w·x + b))
 * at (x, w, b) = (3, 2, 1), written op by op as a Wengert list, with e written
 * 2.718281828459 and the power `2.718281828459 ** f3`:
 *
 *   f1 = w * x; f2 = f1 + b; f3 = -f2; f4 = 2.718281828459 ** f3; f5 = 1.0 + f4; f = 1.0/f5
 *
 * Cell [12] prints the value, the forward difference (h = 1e-5) and the notes'
 * hand-written forward-mode derivative; cell [13] the hand-written reverse-mode
 * derivative. Python prints (two spaces: the label ends in a space and print's
 * separator adds one; the notes' text squeezes them to one):
 *
 *   Value of the function at (3, 2, 1):  0.9990889488055992
 *   df/dx Derivative (fin diff) at (3, 2, 1):  0.0018204242002717306
 *   df/dx Derivative (aut diff) at (3, 2, 1):  0.0018204423602438651      ← cell [12]
 *   df/dx Derivative (aut diff) at (3, 2, 1):  0.0018204423602438348      ← cell [13]
 *
 * Redone with wengert on the same graph (`pow(2.718281828459, f3)`): the value
 * by `evaluate`, the forward difference by `forwardDifference` of that
 * evaluation — both the notes' doubles, bit for bit — and the derivative by
 * `forwardMode` (one tangent sweep, direction x) and `reverseMode` (one adjoint
 * sweep, all three partials).
 *
 * The notes' forward-mode cell is wrong in one factor: it sets
 * `p4 = p3 * 2.718281828459 ** f3`, but d(aᵘ)/du = aᵘ·ln a, and ln a is not 1
 * for a = 2.718281828459 (it is 0.9999999999999832, a differing from e in the
 * 13th digit). Leaving it out makes cell [12]'s result too large by the factor
 * 1/ln a = 1 + 1.7e-14 (138 ulps): 0.0018204423602438651. Cell [13] keeps the factor (`np.log(2.718281828459)`)
 * and gets 0.0018204423602438348. wengert's pow rule has it, so its forward and
 * reverse modes agree: 0.0018204423602438352. That is the double nearest the
 * exact derivative (computed below with BigInt arithmetic to 50 digits);
 * cell [13]'s value is two ulps below it, from rounding in a different order.
 * The first four printed lines are what Python prints for the notes' cells (the
 * two hand-written derivatives by transcriptions of the notes' code, for
 * comparison); wengert's own results follow.
 *
 * Run: npx tsx examples/notes/sigmoid-neuron.ts
 */
import { add, div, evaluate, forwardDifference, forwardMode, mul, neg, pow, reverseMode, variable, type Node } from '../../src/index.js';
import { printWhenMain, pyFloat, pyPrint } from './print.js';

export const cells = '[12], [13]';
export const title = 'The sigmoid neuron by forward and reverse mode';
/** What the notes print for cells [12] and [13], as they show it. */
export const notesPrint = [
  'Value of the function at (3, 2, 1): 0.9990889488055992',
  'df/dx Derivative (fin diff) at (3, 2, 1): 0.0018204242002717306',
  'df/dx Derivative (aut diff) at (3, 2, 1): 0.0018204423602438651',
  'df/dx Derivative (aut diff) at (3, 2, 1): 0.0018204423602438348',
];

/** The notes' e. */
const A = 2.718281828459;
const at = { x: 3, w: 2, b: 1 };

/** The notes' Wengert list as a wengert graph. */
export function neuronGraph(): Node {
  const [x, w, b] = [variable('x'), variable('w'), variable('b')];
  const f1 = mul(w, x);
  const f2 = add(f1, b);
  const f3 = neg(f2);
  const f4 = pow(A, f3);
  const f5 = add(1.0, f4);
  return div(1.0, f5);
}

/** The notes' dfdx_forward (cell [12]), transcribed as written: p4 leaves out ln a. */
export function notesForward(x: number, w: number, b: number): number {
  const f1 = w * x;
  const p1 = w;
  const f2 = f1 + b;
  const p2 = p1 * 1.0;
  const f3 = -f2;
  const p3 = p2 * -1.0;
  const p4 = p3 * A ** f3; // should be p3 * A ** f3 * ln(A)
  const f4 = A ** f3;
  const f5 = 1.0 + f4;
  const p5 = p4 * 1.0;
  return (p5 * -1.0) / f5 ** 2.0;
}

/**
 * The notes' dfdx_backward (cell [13]), transcribed. `np.log(2.718281828459)` is
 * the correctly rounded 0.9999999999999832 (NumPy calls the C library's log);
 * V8's Math.log returns 0.9999999999999833, one ulp above, which would move the
 * result by a few ulps. So the transcription takes the correctly rounded
 * logarithm, computed exactly below.
 */
export function notesBackward(x: number, w: number, b: number): number {
  const f1 = w * x;
  const f2 = f1 + b;
  const f3 = -f2;
  const f4 = A ** f3;
  const f5 = 1.0 + f4;
  const pf = 1.0;
  const p5 = ((1.0 * -1.0) / (f5 * f5)) * pf;
  const p4 = p5 * 1.0;
  const p3 = p4 * lnA() * A ** f3;
  const p2 = p3 * -1.0;
  const p1 = p2 * 1.0;
  return p1 * w;
}

// ── the exact derivative, for the ulp comparison ──────────────────────────────

const DIGITS = 50n;
const S = 10n ** DIGITS;

/** A double as an exact fraction m / 2ᵏ. */
function exactly(v: number): { m: bigint; k: bigint } {
  let k = 0;
  while (!Number.isInteger(v * 2 ** k)) k++; // exact: multiplying by a power of two only moves the exponent
  return { m: BigInt(v * 2 ** k), k: BigInt(k) };
}

/** v in fixed point: ⌊v·10⁵⁰⌋. */
function fixed(v: number): bigint {
  const { m, k } = exactly(v);
  return (m * S) >> k;
}

/** ln a in fixed point: 2·atanh((a − 1)/(a + 1)) by its series. */
function lnFixed(): bigint {
  const { m, k } = exactly(A);
  const D = 1n << k; // a = m / D
  const t = ((m - D) * S) / (m + D);
  const t2 = (t * t) / S;
  let term = t;
  let atanh = 0n;
  for (let j = 1n; term !== 0n; j += 2n) {
    atanh += term / j;
    term = (term * t2) / S;
  }
  return 2n * atanh;
}

/** The double nearest a fixed-point number (to within the fixed point's 1e-50). */
function nearest(v: bigint): number {
  const guess = Number(v) / Number(S);
  const ulp = 2 ** (Math.floor(Math.log2(guess)) - 52);
  const distance = (c: number) => {
    const d = fixed(c) - v;
    return d < 0n ? -d : d;
  };
  return [guess - ulp, guess, guess + ulp].reduce((best, c) => (distance(c) < distance(best) ? c : best));
}

/** ln 2.718281828459, correctly rounded: 0.9999999999999832. */
export function lnA(): number {
  return nearest(lnFixed());
}

/** ∂f/∂x = w·ln a·aᵘ / (1 + aᵘ)² with u = −(w·x + b) = −7, for the double a, to 50 decimals. */
export function exactDerivative(): bigint {
  const { m, k } = exactly(A);
  const D = 1n << k;
  const q = (D ** 7n * S) / m ** 7n; // a⁻⁷
  const numerator = (2n * lnFixed() * q) / S;
  const denominator = ((S + q) * (S + q)) / S;
  return (numerator * S) / denominator;
}

/** (v − exact) in units of v's last place. */
function ulpsFrom(v: number, exact: bigint): number {
  const ulp = 2 ** (Math.floor(Math.log2(v)) - 52);
  return Number(fixed(v) - exact) / Number(fixed(ulp));
}

/** A fixed-point number with `shown` decimals. */
function decimal(v: bigint, shown = 30): string {
  return `0.${v.toString().padStart(Number(DIGITS), '0').slice(0, shown)}…`;
}

/** The lines it prints; `brief`: the notes' output and the key wengert lines only (for the tour). */
export function run({ brief = false }: { brief?: boolean } = {}): string[] {
  const f = neuronGraph();
  const value = evaluate(f, at);
  const der = forwardDifference((t) => evaluate(f, { ...at, x: t }), 3, 0.00001);
  const forward = forwardMode(f, at, { x: 1 });
  const reverse = reverseMode(f, at);
  const exact = exactDerivative();
  const ulps = (v: number) => {
    const u = ulpsFrom(v, exact);
    return `${u >= 0 ? '+' : ''}${Math.abs(u) < 10 ? u.toFixed(2) : u.toFixed(0)} ulp`;
  };
  const label = 'df/dx Derivative (aut diff) at (3, 2, 1): ';
  const notesF = notesForward(3, 2, 1);
  const notesB = notesBackward(3, 2, 1);
  const lines = [
    pyPrint('Value of the function at (3, 2, 1): ', pyFloat(value)),
    pyPrint('df/dx Derivative (fin diff) at (3, 2, 1): ', pyFloat(der)),
    pyPrint(label, pyFloat(notesF)),
    pyPrint(label, pyFloat(notesB)),
    '',
    `the notes' cell [12] (dfdx_forward) leaves ln a = ${lnA()} out of d(aᵘ)/du = aᵘ·ln a: too large by 1/ln a = 1 + ${(1 / lnA() - 1).toExponential(1)}`,
    `wengert forwardMode (1 tangent sweep, direction x):  ∂f/∂x = ${pyFloat(forward.derivative)}   value ${pyFloat(forward.value)}`,
    `wengert reverseMode (1 adjoint sweep, all partials): ∂f/∂x = ${pyFloat(reverse.gradient.x)}   ∂f/∂w = ${pyFloat(reverse.gradient.w)}   ∂f/∂b = ${pyFloat(reverse.gradient.b)}`,
    `exact ∂f/∂x for a = 2.718281828459 (BigInt, 50 digits): ${decimal(exact)}`,
    `  wengert's is the nearest double (${ulps(reverse.gradient.x)}); the notes' [13] is ${ulps(notesB)} (rounding order), [12] ${ulps(notesF)} (the missing ln a)`,
    `  the forward difference is off by ${((der - reverse.gradient.x) / reverse.gradient.x).toExponential(1)} (relative): truncation, O(h) with h = 1e-5`,
  ];
  return brief ? [...lines.slice(0, 4), ...lines.slice(5, 8)] : lines;
}

printWhenMain(import.meta, run);

/**
 * The notes' cell [9]: the gradient of f(x) = Σ xᵢ² at (1, 1, 1) by centered
 * differences, h = 1e-6, each partial rounded to 10 decimals:
 *
 *   def gradient_centered(x, f, h=1e-6):
 *       return [round(fin_dif_partial_centered(x,f,i,h), 10) for i,_ in enumerate(x)]
 *   print('{: .6f}'.format(f(x)), gradient_centered(x,f))
 *
 * The notes show `3.000000 [2.00000000001, 2.00000000001, 2.00000000001]`, but
 * round(·, 10) cannot return a number with 11 decimals: python3 prints
 * ` 3.000000 [2.0000000001, 2.0000000001, 2.0000000001]` (the leading space is
 * the format's sign = ' '). We print what Python prints; both say (2, 2, 2) to
 * ten significant digits, and the notes' text agrees: "el vector gradiente en
 * este punto es (2, 2, 2)". Each unrounded partial is 2.0000000000575113 (the
 * same double in python3 and here): 2 plus rounding error of about ε·f/h.
 *
 * Redone with wengert's `numericalGradient` (2n evaluations of f), and then by
 * reverse mode on the graph Σ xᵢ², which gives [2, 2, 2] exactly in one sweep.
 *
 * Run: npx tsx examples/notes/gradient-centered.ts
 */
import { numericalGradient, reverseMode, square, sum, variable } from '../../src/index.js';
import { printWhenMain, pyFixed, pyFloat, pyList, pyPrint, pyRound } from './print.js';

export const cells = '[9]';
export const title = 'The gradient of Σ xᵢ² at (1, 1, 1) by centered differences';
/** What the notes print for cell [9], as they show it (not what Python prints: see the header). */
export const notesPrint = ['3.000000 [2.00000000001, 2.00000000001, 2.00000000001]'];
/** What python3 prints for the notes' cell [9]. */
export const pythonPrint = [' 3.000000 [2.0000000001, 2.0000000001, 2.0000000001]'];

/** The notes' f: Python's sum(x_i**2 for x_i in x), i.e. 0 + x₀² + x₁² + x₂². */
const f = (x: number[]) => x.reduce((s, xi) => s + xi ** 2, 0);

/** The lines it prints; `brief`: the notes' output and the key wengert lines only (for the tour). */
export function run({ brief = false }: { brief?: boolean } = {}): string[] {
  const x = [1.0, 1.0, 1.0];
  const g = numericalGradient(f, x); // h = 1e-6, the notes' default
  const vars = x.map((_, i) => variable(`x${i + 1}`));
  const exact = reverseMode(sum(vars.map((v) => square(v))), { x1: 1, x2: 1, x3: 1 });
  const printed = pyPrint(pyFixed(f(x), 6, { sign: ' ' }), pyList(Array.from(g, (v) => pyRound(v, 10))));
  const notesSay = `the notes show 2.00000000001, which round(·, 10) cannot give; python3 prints 2.0000000001`;
  const byGraph = `reverse mode on the graph Σ xᵢ² (one sweep): f = ${pyFloat(exact.value)}, gradient ${pyList(vars.map((v) => exact.gradient[v.name!]))}`;
  if (brief) return [printed, notesSay, byGraph];
  return [printed, '', `numericalGradient, unrounded (2n = 6 evaluations of f): ${pyList(g)}`, notesSay, byGraph];
}

printWhenMain(import.meta, run);

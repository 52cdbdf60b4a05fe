/**
 * The notes' cell [1] ("numerical derivative at a point x by using finite
 * differences"): the forward difference (f(x + h) − f(x)) / h of f(x) = x² at
 * x = 2 with h = 0.00001, printed "{:2.4f}" → 4.0000.
 *
 *   def fin_dif(x, f, h = 0.00001): return (f(x+h) - f(x))/h
 *   print("{:2.4f}".format(fin_dif(2.0, f)))
 *
 * Redone with wengert's `forwardDifference` (same formula, same default h), and
 * then with the graph: reverse mode gives f′(2) = 4 exactly, where the finite
 * difference carries the truncation error h (f″ = 2, so ½·f″·h = 1e-5).
 *
 * Run: npx tsx examples/notes/finite-difference.ts
 */
import { centeredDifference, forwardDifference, reverseMode, variable } from '../../src/index.js';
import { printWhenMain, pyFixed } from './print.js';

export const cells = '[1]';
export const title = 'Finite differences: the derivative of x² at 2';
/** What the notes print for cell [1], as they show it. */
export const notesPrint = ['4.0000'];

/** The notes' f(x) = x**2. */
const f = (x: number) => x ** 2;

/** The lines it prints; `brief`: the notes' output and the key wengert lines only (for the tour). */
export function run({ brief = false }: { brief?: boolean } = {}): string[] {
  const d = forwardDifference(f, 2.0); // h = 1e-5, the notes' default
  const x = variable('x');
  const exact = reverseMode(x.square(), { x: 2 }).gradient.x;
  const centered = centeredDifference(f, 2.0, 1e-5);
  const printed = pyFixed(d, 4, { width: 2 }); // "{:2.4f}".format(fin_dif(x, f))
  const byGraph = `reverse mode on the graph:     ${exact}`;
  if (brief) return [printed, byGraph];
  return [
    printed,
    '',
    `forward difference, h = 1e-5:  ${d}   (python3 computes the same double)`,
    `centered difference, h = 1e-5: ${centered}   (error O(h²): exact for x² up to rounding)`,
    byGraph,
  ];
}

printWhenMain(import.meta, run);

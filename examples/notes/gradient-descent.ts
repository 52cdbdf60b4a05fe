/**
 * The notes' cells [3]–[8]: gradient descent on f(x) = x² − 6x + 5 (minimum at
 * x = 3).
 *
 * Cell [4] — the one with printed output — starts from 15 with a constant step
 * of 0.01 and stops when an iterate moves by no more than the precision, 0.01:
 *
 *   while abs(temp_min - old_min) > precision:
 *       old_min = temp_min; move = f_derivative(old_min) * step_size; temp_min = old_min - move
 *   print("El mínimo local ocurre en {:.2f}.".format(round(temp_min,2)))   →  3.48
 *
 * Redone with wengert's `gradientDescent` on the graph of x² − 6x + 5 (the
 * derivative by reverse mode), `step: 0.01, tolerance: 0.01, stopWhen: 'step'`:
 * the same 159 iterates, bit for bit, hence the same 3.48. It is 3.48 and not 3
 * because a move is 0.01·f′(x) = 0.02·(x − 3), which falls below 0.01 once
 * x − 3 < 0.5: the stopping rule, not the minimum, decides where the loop ends.
 *
 * Cell [5] is the same loop behind sliders (start 15, step 0.1, precision 0.001
 * by default) printing "{:.3f}" of the rounded result; the notes show the widget,
 * not its output, so that line is ours.
 *
 * The plots (written by the tour, `npm start`, into ./out/): cell [3]'s default
 * (10 steps of 0.1 from 15 with the finite-difference derivative) and cells
 * [5]/[8]'s trajectory of cell [4], both on the curve of f; and cells [6]/[7]'s
 * cost per iteration, the notes' `cost` list (3 − xₜ)². (Cell [8] draws its
 * points at that cost, (3 − x)² = f(x) + 4, so they float 4 above the curve;
 * ours sit on it, at f(x).)
 *
 * Run: npx tsx examples/notes/gradient-descent.ts
 */
import { forwardDifference, gradientDescent, variable } from '../../src/index.js';
import { lossCurve, trajectory1d, type VegaLiteSpec } from '../../src/viz/index.js';
import { printWhenMain, pyFixed, pyRound } from './print.js';

export const cells = '[3]–[8]';
export const title = 'Gradient descent on x² − 6x + 5 from 15';
/** What the notes print for cell [4]. */
export const notesPrint = ['El mínimo local ocurre en 3.48.'];

/** The notes' cost_function, as numbers (for the plots). */
const cost = (x: number) => x ** 2 - 6 * x + 5;

/** x² − 6x + 5 as a wengert graph: gradientDescent compiles it and takes f′ by reverse mode. */
function graph() {
  const x = variable('x');
  return x.square().sub(x.mul(6)).add(5);
}

/** Cells [4]/[5]: gradient descent with the notes' loop semantics (constant step, stop when |Δx| ≤ precision). */
export function descend(start = 15, stepSize = 0.01, precision = 0.01) {
  return gradientDescent(graph(), [start], { step: stepSize, tolerance: precision, stopWhen: 'step' });
}

/** A direct transcription of the notes' cell [4] loop, to check the iterates against. */
function notesLoop(start: number, stepSize: number, precision: number): number[] {
  let oldMin = 0;
  let tempMin = start;
  const mins: number[] = [];
  while (Math.abs(tempMin - oldMin) > precision) {
    oldMin = tempMin;
    const move = (2 * oldMin - 6) * stepSize;
    tempMin = oldMin - move;
    mins.push(tempMin);
  }
  return mins;
}

/** The lines it prints; `brief`: the notes' output and the key wengert lines only (for the tour). */
export function run({ brief = false }: { brief?: boolean } = {}): string[] {
  const r = descend();
  const iterates = r.history.points.slice(1).map((p) => p[0]);
  const mins = notesLoop(15, 0.01, 0.01);
  const same = iterates.length === mins.length && iterates.every((v, i) => v === mins[i]);
  const exact = gradientDescent(graph(), [15], { step: 'exact', tolerance: 0.01, stopWhen: 'step' });
  const widget = descend(15, 0.1, 0.001);
  const printed = `El mínimo local ocurre en ${pyFixed(pyRound(r.x[0], 2), 2)}.`;
  const ours = `gradientDescent(x² − 6x + 5, [15], { step: 0.01, tolerance: 0.01, stopWhen: 'step' }): ${r.iterations} steps, x = ${r.x[0]}`;
  const check = `  the notes' loop, transcribed: ${mins.length} steps, the same iterates bit for bit: ${same ? 'yes' : 'NO'}`;
  if (brief) return [printed, ours, check];
  return [
    printed,
    '',
    ours,
    check,
    `  it stops at 3.48, not 3: a move is 0.01·f′(x) = 0.02·(x − 3), below the precision 0.01 once x − 3 < 0.5`,
    `  with the best step at each iteration (exact line search): x = ${exact.x[0]} after ${exact.iterations} step`,
    `cell [5] with its sliders' defaults (start 15, step 0.1, precision 0.001; a widget in the notes):`,
    `El mínimo local ocurre en ${pyFixed(pyRound(widget.x[0], 2), 3)}.`,
  ];
}

/** The notes' plots of cells [3], [6]/[7] and [5]/[8], as Vega-Lite specs. */
export function plots(): { name: string; spec: VegaLiteSpec }[] {
  // cell [3], the sliders' defaults: 10 steps of 0.1 from 15, the derivative by forward differences
  const xs = [15];
  for (let k = 0; k < 10; k++) xs.push(xs[k] - 0.1 * forwardDifference(cost, xs[k]));
  const r = descend();
  const mins = r.history.points.slice(1).map((p) => p[0]);
  // the notes' x range; their y range, [-10, 250], would leave no room under the minimum for the 'End' label,
  // so the y range is trajectory1d's default (the curve's range with room for the labels)
  const common = { domain: [-10, 20] as const, xTitle: 'Valor de x', curveName: 'Función de costo', pathName: 'Gradiente descendente' };
  return [
    {
      name: 'notes-cell3-descent',
      spec: trajectory1d(cost, xs, { ...common, yTitle: 'Valor de la función de costo', title: 'Gradiente Descendente: Evolución del Costo (celda [3]: paso 0.1, 10 iteraciones)' }),
    },
    {
      name: 'notes-cell8-trajectory',
      spec: trajectory1d(cost, r.history.points, { ...common, yTitle: 'Costo', title: 'Evolución del Costo con Gradiente Descendente (celda [8]: paso 0.01)' }),
    },
    {
      name: 'notes-cell7-cost',
      // the notes' cost list: (3 − temp_min)² after each step
      spec: lossCurve(
        mins.map((m) => (3 - m) ** 2),
        { xTitle: 'Iteraciones', yTitle: 'Costo', title: 'Evolución del Costo en el Gradiente Descendente (celdas [6]/[7])' },
      ),
    },
  ];
}

printWhenMain(import.meta, run);

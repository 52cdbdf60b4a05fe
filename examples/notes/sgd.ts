/**
 * The notes' cell [11]: the data table (x and y = 2x for x = 0 … 9, printed
 * '{:3d} {:3d}', then an empty line), and stochastic gradient descent of w·x on
 * it — one sample per step, in a random order every epoch — with the notes' step
 * adaptation: after an epoch that does not improve the cost by more than 1e-6
 * the step is multiplied by 0.95, after one that does it is reset to α₀ = 0.01;
 * at most 100 epochs, and 100 epochs in a row without improvement end the run;
 * the best w seen is returned. The notes print 'w: {:.6f}' → w: 2.000000.
 *
 * Redone with wengert's `fit`: `batchSize: 1`, seeded shuffles (the notes use
 * `random.shuffle`, unseeded), `stepDecayOnPlateau: 0.95`, `patience: 100`,
 * `tolerance: 1e-6`, `restoreBest: true`, `epochs: 100`. As in cell [10] the
 * notes' per-sample gradient_f is twice the derivative of (y − x·w)², so their
 * α₀ = 0.01 is `sgd({ learningRate: 0.02 })` on the true gradient.
 *
 * Why the notes get 2.000000 from any start: a step on sample x multiplies
 * w − 2 by 1 − 0.02·2·x², which is 0 for x = 5. That sample puts w on 2 (to
 * the last bit, or within a few ulps), every later gradient is 0 or nearly,
 * and w stays there; the large samples (x = 9: ×(−2.24)) overshoot, but every
 * epoch visits x = 5. The epochs after that cannot improve on a cost of 0, so
 * the step decays for the rest of the 100 epochs, harmlessly.
 *
 * One difference in bookkeeping: the notes measure an epoch by the full cost at
 * its start, `fit` by the mean of the epoch's per-step losses.
 *
 * Python prints the table with its widths, `  0   0`; the notes' text shows
 * `0  0`, the spaces squeezed out in extraction. We print Python's.
 *
 * Run: npx tsx examples/notes/sgd.ts
 */
import { fit, sgd } from '../../src/index.js';
import { lossProgram, randomStart, samples, xs, ys } from './data.js';
import { printWhenMain, pyFixed, pyInt } from './print.js';

export const cells = '[11]';
export const title = 'Stochastic gradient descent on y = 2x, with the notes’ step adaptation';
/** What the notes print for cell [11], as they show it. */
export const notesPrint = ['0  0', '1  2', '2  4', '3  6', '4  8', '5 10', '6 12', '7 14', '8 16', '9 18', '', 'w: 2.000000'];

/** The SGD fit from the seeded start. */
export function sgdFit(seed = 0) {
  const w0 = randomStart(seed);
  const run = fit(
    { program: lossProgram(), params: new Float64Array([w0]), samples },
    {
      batchSize: 1,
      epochs: 100,
      seed,
      tolerance: 1e-6,
      patience: 100,
      stepDecayOnPlateau: 0.95,
      restoreBest: true,
      optimizer: sgd({ learningRate: 0.02 }),
    },
  );
  return { w0, run };
}

/** The lines it prints; `brief`: the notes' output and the key wengert lines only (for the tour). */
export function run({ brief = false }: { brief?: boolean } = {}): string[] {
  const table = xs.map((x, i) => `${pyInt(x, 3)} ${pyInt(ys[i], 3)}`); // '{:3d} {:3d}'.format(x_i, y_i)
  const { w0, run: r } = sgdFit();
  const reduced = r.history.stepScale.filter((s) => s < 1).length;
  const exact = r.history.trajectory.findIndex((p) => p[0] === 2);
  const printed = [...table, '', `w: ${pyFixed(r.params[0], 6)}`];
  const ours = `fit, one sample a step, sgd({ learningRate: 0.02 }), step × 0.95 after an epoch without improvement:`;
  if (brief) return [...printed, ours, `  best w = ${r.params[0]} after ${r.epochs} epochs (${r.steps} steps)`];
  return [
    ...printed,
    '',
    ours,
    `  w₀ = ${pyFixed(w0, 6)} (seed 0) → best w = ${r.params[0]} (epoch loss ${r.loss}); ${r.epochs} epochs (${r.steps} steps), ${reduced} epochs at a reduced step`,
    `  w is 2 exactly from epoch ${exact + 1} on: a step on x = 5 multiplies w − 2 by 1 − 0.02·2·5² = 0`,
  ];
}

printWhenMain(import.meta, run);

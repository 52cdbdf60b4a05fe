/**
 * Not a notes cell: the fit of cells [10]/[11] (w·x on y = 2x, mini-batches of
 * 2, reshuffled every epoch with seed 0, from the seeded w₀) driven by every
 * optimizer of wengert — the methods the notes name at the end of their SGD
 * section ("SGD con momentum, RMSprop o Adam"), and more. Each optimizer gets
 * the best learning rate of a small grid (1e-3 … 1, by epochs to
 * |w − 2| < 1e-6; rates that diverge are skipped), so the table compares the
 * methods, not one arbitrary rate. Other options are torch.optim's defaults;
 * for AdamW that includes decoupled weight decay λ = 0.01, which pulls w
 * towards 0, so AdamW settles a little below 2 and may never get within 1e-6.
 *
 * The tour (`npm start`) also draws the loss curves of these runs to ./out/.
 *
 * Run: npx tsx examples/notes/optimizers.ts
 */
import {
  adagrad,
  adam,
  adamw,
  fit,
  momentum,
  nesterov,
  NonFiniteLossError,
  rmsprop,
  sgd,
  type FitResult,
  type Optimizer,
} from '../../src/index.js';
import { lossCurve, type VegaLiteSpec } from '../../src/viz/index.js';
import { lossProgram, randomStart, samples } from './data.js';
import { printWhenMain, pyFixed, textTable } from './print.js';

export const cells = 'not in the notes (after cell [11])';
export const title = 'The same fit driven by every optimizer';
export const notesPrint: string[] = [];

const RATES = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1];
const EPOCHS = 300;
const ACCURACY = 1e-6;

/** Each optimizer by name, as a function of its learning rate. */
export const OPTIMIZERS: Record<string, (learningRate: number) => Optimizer> = {
  sgd: (learningRate) => sgd({ learningRate }),
  'momentum 0.9': (learningRate) => momentum({ learningRate, momentum: 0.9 }),
  'nesterov 0.9': (learningRate) => nesterov({ learningRate, momentum: 0.9 }),
  rmsprop: (learningRate) => rmsprop({ learningRate }),
  adagrad: (learningRate) => adagrad({ learningRate }),
  adam: (learningRate) => adam({ learningRate }),
  adamw: (learningRate) => adamw({ learningRate }),
};

interface Attempt {
  learningRate: number;
  run: FitResult;
  /** The first epoch after which |w − 2| < 1e-6. */
  reached: number | undefined;
}

function attempt(make: (learningRate: number) => Optimizer, learningRate: number): Attempt | undefined {
  let reached: number | undefined;
  try {
    const run = fit(
      { program: lossProgram(), params: new Float64Array([randomStart(0)]), samples },
      {
        batchSize: 2,
        epochs: EPOCHS,
        seed: 0,
        optimizer: make(learningRate),
        onEpoch: ({ epoch, params }) => {
          if (Math.abs(params[0] - 2) < ACCURACY) {
            reached = epoch + 1;
            return false;
          }
        },
      },
    );
    return Number.isFinite(run.params[0]) ? { learningRate, run, reached } : undefined;
  } catch (e) {
    if (e instanceof NonFiniteLossError) return undefined; // this rate diverges
    throw e;
  }
}

/** Each optimizer's best attempt: the fewest epochs to |w − 2| < 1e-6, else the smallest final |w − 2|. */
export function compareOptimizers(): { name: string; best: Attempt }[] {
  return Object.entries(OPTIMIZERS).map(([name, make]) => {
    const attempts = RATES.map((rate) => attempt(make, rate)).filter((a): a is Attempt => a !== undefined);
    const score = (a: Attempt) => (a.reached !== undefined ? a.reached : EPOCHS + Math.abs(a.run.params[0] - 2));
    const best = attempts.reduce((b, a) => (score(a) < score(b) ? a : b));
    return { name, best };
  });
}

/** The lines it prints; `brief`: the notes' output and the key wengert lines only (for the tour). */
export function run({ brief = false }: { brief?: boolean } = {}): string[] {
  const rows = compareOptimizers().map(({ name, best }) => [
    name,
    String(best.learningRate),
    pyFixed(best.run.params[0], 9),
    best.reached === undefined ? `— (not in ${EPOCHS})` : String(best.reached),
    String(best.run.steps),
  ]);
  const results = textTable(['optimizer', 'learning rate', 'final w', 'epochs', 'steps'], rows, 'lrrrr');
  const adamwNote = `adamw's decoupled weight decay (λ = 0.01, torch's default) pulls w towards 0: it settles below 2`;
  if (brief) return [`mini-batches of 2, until |w − 2| < 1e-6; each at the best learning rate of ${RATES[0]} … ${RATES[RATES.length - 1]}:`, ...results, adamwNote];
  return [
    `fit of w·x to y = 2x, mini-batches of 2, from w₀ = ${pyFixed(randomStart(0), 6)}, until |w − 2| < 1e-6 (at most ${EPOCHS} epochs);`,
    `learning rate: the best of ${RATES.join(', ')} for each`,
    ...results,
    adamwNote,
  ];
}

/** The loss per epoch of each optimizer's best run, on a log scale. */
export function plots(): { name: string; spec: VegaLiteSpec }[] {
  const runs = compareOptimizers().map(({ name, best }) => ({ name: `${name} (lr ${best.learningRate})`, loss: best.run.history.epochLoss }));
  return [
    {
      name: 'optimizers-loss',
      spec: lossCurve(runs, { logScale: true, xTitle: 'Epoch', yTitle: 'Mean loss (y − w·x)²', title: 'The fit of y = 2x by every optimizer (mini-batches of 2)' }),
    },
  ];
}

printWhenMain(import.meta, run);

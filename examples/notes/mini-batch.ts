/**
 * The notes' section 3 ("Mini-batch Gradient Descend"), which has pseudocode
 * but no runnable cell:
 *
 *   for i in range(nb_epochs):
 *       np.random.shuffle(data)
 *       for batch in get_batches(data, batch_size=50):
 *           grad = evaluate_gradient(target_f, batch, w); w = w - learning_rate * grad
 *
 * Done with wengert's `fit` on the data of cells [10]/[11] (y = 2x, x = 0 … 9;
 * so batches of 3 rather than 50): each step takes the mean gradient of one
 * mini-batch, the samples reshuffled every epoch (seeded). Then the same fit
 * with every batch size from 1 (the notes' SGD) to 10 (their batch gradient
 * descent), at one learning rate, counting the epochs and steps until
 * |w − 2| < 1e-6: smaller batches take more, cheaper steps per epoch.
 *
 * The notes print nothing here; the first line follows cell [11]'s format.
 *
 * Run: npx tsx examples/notes/mini-batch.ts
 */
import { fit, sgd } from '../../src/index.js';
import { lossProgram, randomStart, samples } from './data.js';
import { printWhenMain, pyFixed, textTable } from './print.js';

export const cells = 'section 3, pseudocode only';
export const title = 'Mini-batch gradient descent on y = 2x';
export const notesPrint: string[] = [];

const LEARNING_RATE = 0.005;
const ACCURACY = 1e-6;

/** fit with the given batch size until |w − 2| < 1e-6 (at most `epochs`). */
export function miniBatchFit(batchSize: number | 'full', epochs = 1000, seed = 0) {
  let reached: number | undefined;
  const run = fit(
    { program: lossProgram(), params: new Float64Array([randomStart(seed)]), samples },
    {
      batchSize,
      epochs,
      seed,
      optimizer: sgd({ learningRate: LEARNING_RATE }),
      onEpoch: ({ epoch, params }) => {
        if (Math.abs(params[0] - 2) < ACCURACY) {
          reached = epoch + 1;
          return false;
        }
      },
    },
  );
  return { run, reached };
}

/** The lines it prints; `brief`: the notes' output and the key wengert lines only (for the tour). */
export function run({ brief = false }: { brief?: boolean } = {}): string[] {
  const three = fit(
    { program: lossProgram(), params: new Float64Array([randomStart(0)]), samples },
    { batchSize: 3, epochs: 100, seed: 0, optimizer: sgd({ learningRate: LEARNING_RATE }) },
  );
  const rows = ([1, 2, 3, 5, 'full'] as const).map((size) => {
    const { run: r, reached } = miniBatchFit(size);
    const n = size === 'full' ? 10 : size;
    return [
      size === 1 ? '1 (SGD)' : size === 'full' ? '10 (batch)' : String(size),
      String(Math.ceil(10 / n)),
      reached === undefined ? '—' : String(reached),
      String(r.steps),
      pyFixed(r.params[0], 9),
    ];
  });
  const sizes = [`the same fit by batch size, until |w − 2| < 1e-6:`, ...textTable(['batch size', 'steps an epoch', 'epochs', 'steps', 'w'], rows, 'lrrrr')];
  if (brief) return sizes;
  return [
    `w: ${pyFixed(three.params[0], 6)}`,
    '',
    `fit, mini-batches of 3 (4 steps an epoch, reshuffled with seed 0), sgd({ learningRate: ${LEARNING_RATE} }), 100 epochs from w₀ = ${pyFixed(randomStart(0), 6)}`,
    ...sizes,
  ];
}

printWhenMain(import.meta, run);

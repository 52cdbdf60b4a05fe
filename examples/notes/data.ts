/**
 * The data of the notes' cells [10] and [11] — y = 2x for x = 0 … 9 — and the
 * model they fit, w·x, with the notes' per-sample loss (y − x·w)², compiled
 * once over (w, x, y) for wengert's `fit`. Shared by the batch, stochastic,
 * mini-batch and optimizer examples.
 */
import { compile, mul, Random, square, sub, variable, type Program } from '../../src/index.js';

/** x = np.arange(10), y = 2x. */
export const xs = Array.from({ length: 10 }, (_, i) => i);
export const ys = xs.map((x) => 2 * x);

/** The samples as fit takes them: one row (x, y) per sample. */
export const samples = xs.flatMap((x, i) => [x, ys[i]]);

let program: Program | undefined;

/**
 * One sample's loss (y − x·w)², the notes' target_f for n = 1, compiled over
 * (w, x, y) on first use and shared (a Program keeps no state between calls).
 */
export function lossProgram(): Program {
  if (program === undefined) {
    const [w, x, y] = [variable('w'), variable('x'), variable('y')];
    program = compile(square(sub(y, mul(x, w))), [w, x, y]);
  }
  return program;
}

/** The notes' target_f: 1/n Σ (y − x·w)². */
export function target(w: number): number {
  return xs.reduce((s, x, i) => s + (ys[i] - x * w) ** 2, 0) / xs.length;
}

/**
 * The notes start from w = random.random(); ours is seeded: the first draw of
 * wengert's `Random(seed)`, uniform in [0, 1) like Python's.
 */
export function randomStart(seed = 0): number {
  return new Random(seed).float();
}

/**
 * The course notes' code cells, redone with wengert: one module per cell or
 * topic, in the notes' order. Each exports `run()` (the lines it prints), the
 * cells it reproduces, a title, and `notesPrint` (what the notes show the cell
 * printing); some export `plots()` (Vega-Lite specs of the notes' figures).
 * test/notes.test.ts checks every `run()` against the notes; the tour
 * (`npm start`) prints them and writes the plots to ./out/.
 */
import type { VegaLiteSpec } from '../../src/viz/index.js';
import * as batchGradientDescent from './batch-gradient-descent.js';
import * as finiteDifference from './finite-difference.js';
import * as gradientCentered from './gradient-centered.js';
import * as gradientDescent from './gradient-descent.js';
import * as miniBatch from './mini-batch.js';
import * as optimizers from './optimizers.js';
import * as sgd from './sgd.js';
import * as sigmoidNeuron from './sigmoid-neuron.js';

export interface NotesExample {
  /** The module's file name, without extension. */
  readonly file: string;
  /** The notes' cells it reproduces, e.g. '[10]'. */
  readonly cells: string;
  readonly title: string;
  /** What the notes show the cells printing (empty when they print nothing). */
  readonly notesPrint: readonly string[];
  /** The lines the example prints. */
  run(options?: { brief?: boolean }): string[];
  /** The notes' figures, when the example draws any. */
  plots?(): { name: string; spec: VegaLiteSpec }[];
}

export const examples: readonly NotesExample[] = [
  { file: 'finite-difference', ...finiteDifference },
  { file: 'gradient-descent', ...gradientDescent },
  { file: 'gradient-centered', ...gradientCentered },
  { file: 'batch-gradient-descent', ...batchGradientDescent },
  { file: 'sgd', ...sgd },
  { file: 'mini-batch', ...miniBatch },
  { file: 'optimizers', ...optimizers },
  { file: 'sigmoid-neuron', ...sigmoidNeuron },
];

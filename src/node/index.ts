/**
 * `wengert/node`: what needs Node's file system — plots written as SVG, PNG or
 * JSON files, and models saved to and read from files. Everything else,
 * including `saveModel` / `loadModel` on strings, is in the browser-safe core.
 *
 * @example
 * ```ts
 * import { writePlot, writeModel } from 'wengert/node';
 * import { lossCurve } from 'wengert/plot';
 * await writePlot(lossCurve({ loss: [3, 2, 1.5] }), 'out/loss.svg');
 * ```
 * @module
 */
export { writePlot } from './write-plot.js';
export { writeModel, readModel } from './model-file.js';

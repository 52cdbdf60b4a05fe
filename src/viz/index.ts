/**
 * `wengert/plot`: plots as Vega-Lite specs (plain JSON, built without any
 * package), rendered to SVG by the optional packages vega and vega-lite, and
 * to PNG in Node where `@resvg/resvg-js` is installed. Each package is
 * imported on the first render; a render without it rejects with a
 * MissingPackageError naming it. Writing plots to files is `wengert/node`.
 *
 * @example
 * ```ts
 * import { lossCurve, renderSvg } from 'wengert/plot';
 * const svg = await renderSvg(lossCurve({ loss: [3, 2, 1.5, 1.2] }));
 * ```
 * @module
 */
export type { VegaLiteSpec, PlotOptions } from './theme.js';
export { lossCurve, type LossHistory, type LossRun, type LossCurveInput, type LossCurveOptions } from './loss-curve.js';
export { trajectory1d, type Trajectory1dOptions } from './trajectory-1d.js';
export { contour2d, type OptimizerPath, type Contour2dOptions } from './contour-2d.js';
export { decisionBoundary, type LabeledPoint, type DecisionBoundaryOptions } from './decision-boundary.js';
export { timingPlot, type TimingRow, type TimingPlotOptions } from './timing-plot.js';
export { renderSvg, type RenderSvgOptions } from './render.js';
export { renderPng, svgToPng, pngAvailable, type PngOptions } from './render-png.js';
export { MissingPackageError } from '../errors.js';

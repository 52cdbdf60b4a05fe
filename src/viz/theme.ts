/**
 * The look shared by every plot of src/viz, and the spec type they return. The
 * plot area is the notes' light grey-blue (`#EAEAF2`, seaborn's darkgrid) with
 * white grid lines; colors are matplotlib's, so a plot reads like the notes'.
 *
 * Plain data only: no Node API, no vega runtime — a spec built here is JSON
 * that vega-embed can show in a browser as it is.
 */
import type { Config, TopLevelSpec } from 'vega-lite';

/**
 * A Vega-Lite specification, as every plot builder of wengert returns it: plain
 * JSON (data inlined), to render with {@link renderSvg}, to save with
 * `JSON.stringify`, or to show in a browser with vega-embed.
 */
export type VegaLiteSpec = TopLevelSpec;

/** One layer of a layered Vega-Lite spec. */
export type Layer = Extract<VegaLiteSpec, { layer: unknown }>['layer'][number];

/** Size and title, common to every plot builder. */
export interface PlotOptions {
  /** The title above the plot. */
  title?: string;
  /** Width of the plot area in pixels (default 560). */
  width?: number;
  /** Height of the plot area in pixels (default 360). */
  height?: number;
}

/** The notes' figure background (`fig.set_facecolor('#EAEAF2')`). */
export const NOTES_BACKGROUND = '#EAEAF2';

/** matplotlib's default colors (tab10), in order. */
export const PALETTE: readonly string[] = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd',
  '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf',
];

/** The Vega-Lite schema the specs are written against. */
export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

function config(): Config {
  return {
    font: FONT,
    background: 'white',
    padding: 12,
    view: { fill: NOTES_BACKGROUND, stroke: null },
    axis: {
      gridColor: 'white',
      gridWidth: 1,
      domain: false,
      tickColor: '#9a9aa8',
      labelColor: '#333',
      titleColor: '#222',
      labelFontSize: 11,
      titleFontSize: 12,
      titleFontWeight: 'normal',
      titlePadding: 8,
    },
    title: { fontSize: 15, fontWeight: 'normal', color: '#222', offset: 10 },
    legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', labelLimit: 220 },
    range: { category: [...PALETTE] },
  };
}

/** The top of every spec: schema, size, title and the shared config. */
export function frame(options: PlotOptions, defaults: PlotOptions = {}): {
  $schema: string;
  width: number;
  height: number;
  title?: string;
  config: Config;
} {
  const title = options.title ?? defaults.title;
  return {
    $schema: SCHEMA,
    width: options.width ?? defaults.width ?? 560,
    height: options.height ?? defaults.height ?? 360,
    ...(title ? { title } : {}),
    config: config(),
  };
}

/**
 * The x and y encodings of a plot over a plane region: quantitative fields `x`
 * and `y` fixed to the given domains (no padding, no zero), x labels about 80 px apart.
 */
export function planeAxes(
  xDomain: readonly [number, number],
  yDomain: readonly [number, number],
  titles: { x: string; y: string },
  width: number,
) {
  const x = {
    field: 'x',
    type: 'quantitative' as const,
    title: titles.x,
    scale: { domain: [xDomain[0], xDomain[1]], nice: false, zero: false },
    axis: { tickCount: Math.max(3, Math.round(width / 80)) },
  };
  const y = { field: 'y', type: 'quantitative' as const, title: titles.y, scale: { domain: [yDomain[0], yDomain[1]], nice: false, zero: false } };
  return { x, y };
}

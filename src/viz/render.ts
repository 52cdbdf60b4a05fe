/**
 * A Vega-Lite spec to an SVG string, headless: vega-lite compiles it to a Vega
 * spec and a vega View with no renderer draws it with `toSVG`. No canvas, no
 * DOM, no Node API: runs the same in Node and in a browser. vega and vega-lite
 * are optional packages, imported on the first render.
 */
import { optionsOf } from '../arguments.js';
import { ArgumentError, describe } from '../errors.js';
import { importPeer } from '../peers.js';
import type { VegaLiteSpec } from './theme.js';

interface Renderer {
  readonly vegaLite: typeof import('vega-lite');
  readonly vega: typeof import('vega');
}

let loading: Promise<Renderer> | undefined;

function loadRenderer(): Promise<Renderer> {
  loading ??= (async () => {
    const vegaLite = await importPeer('vega-lite', () => import('vega-lite'), 'renderSvg', 'vega vega-lite');
    const vega = await importPeer('vega', () => import('vega'), 'renderSvg', 'vega vega-lite');
    return { vegaLite, vega };
  })();
  loading.catch(() => (loading = undefined)); // installed later, it loads on the next call
  return loading;
}

/** Options of {@link renderSvg}. */
export interface RenderSvgOptions {
  /**
   * Prefixed to the SVG's internal ids (clip paths, gradients), so that several
   * SVGs inlined in one HTML page don't share ids. Without it the ids restart at
   * every render, which makes the output deterministic.
   */
  idPrefix?: string;
  /** Called with each warning of the Vega-Lite compiler (default: the warnings are dropped). */
  onWarning?: (message: string) => void;
}

/** Path data with coordinates to 2 decimals (a hundredth of a pixel): vega writes them to 15 digits. */
function compact(svg: string): string {
  return svg.replace(/ d="([^"]*)"/g, (_, d: string) => ` d="${d.replace(/(\d*\.\d\d)\d+/g, '$1')}"`);
}

/**
 * Renders a Vega-Lite spec (from {@link lossCurve}, {@link trajectory1d} and the
 * other builders, or your own) to an SVG document. Deterministic: the same spec
 * gives the same string. Text widths are estimated (no canvas), so labels are
 * laid out a little wider than the fonts need.
 *
 * @throws MissingPackageError if vega or vega-lite is not installed
 * @example
 * ```ts
 * const svg = await renderSvg(lossCurve([3, 2, 1.5, 1.2]));
 * svg.startsWith('<svg'); // true
 * ```
 */
export async function renderSvg(spec: VegaLiteSpec, options: RenderSvgOptions = {}): Promise<string> {
  const where = 'renderSvg';
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw new ArgumentError(`${where}: spec must be a Vega-Lite spec (an object), got ${describe(spec)}`);
  const o = optionsOf(where, options);
  if (o.onWarning !== undefined && typeof o.onWarning !== 'function') throw new ArgumentError(`${where}: onWarning must be a function, got ${describe(o.onWarning)}`);
  if (o.idPrefix !== undefined && typeof o.idPrefix !== 'string') throw new ArgumentError(`${where}: idPrefix must be a string, got ${describe(o.idPrefix)}`);
  const { vegaLite, vega } = await loadRenderer();
  const { logger, parse, resetSVGDefIds, View, Warn } = vega;
  const warn = o.onWarning ?? (() => {});
  const log = logger(Warn, 'warn', (_method, _level, args) => warn(args.map(String).join(' ')));
  // vega tags the data objects it ingests: compile a copy, so the caller's spec is left as it was
  let vgSpec;
  try {
    vgSpec = vegaLite.compile(structuredClone(spec), { logger: log }).spec;
  } catch (e) {
    // Vega-Lite's own errors (an invalid specification) are about the spec argument
    throw new ArgumentError(`${where}: spec is not a valid Vega-Lite spec: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
  }
  resetSVGDefIds();
  const view = new View(parse(vgSpec), { renderer: 'none' });
  try {
    const svg = compact(await view.toSVG());
    const prefix = o.idPrefix;
    if (!prefix) return svg;
    return svg.replace(/\b(clip\d+|gradient_\d+)\b/g, `${prefix}$1`);
  } finally {
    view.finalize();
  }
}

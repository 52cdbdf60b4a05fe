/**
 * SVG to PNG in Node, with resvg (`@resvg/resvg-js`: a Rust renderer shipped as
 * prebuilt binaries inside npm packages, no native build, no browser). It is an
 * optional package, loaded only when a PNG is asked for, so a browser bundle
 * or an install without it loses PNG output and nothing else.
 */
import { checkNumber, optionsOf } from '../arguments.js';
import { ArgumentError, describe } from '../errors.js';
import { importPeer } from '../peers.js';
import { renderSvg } from './render.js';
import type { VegaLiteSpec } from './theme.js';

/** Options of {@link renderPng} and {@link svgToPng}. */
export interface PngOptions {
  /** Pixels per SVG unit (default 2: a 560-wide plot becomes about 1300 pixels wide). */
  scale?: number;
  /** The font family for text whose own families aren't installed (default 'DejaVu Sans'). */
  fontFamily?: string;
}

/** The part of `@resvg/resvg-js` used here, declared so that type checks pass without it installed. */
interface ResvgModule {
  Resvg: new (
    svg: string,
    options: {
      fitTo: { mode: 'zoom'; value: number };
      background: string;
      font: { loadSystemFonts: boolean; defaultFontFamily: string; sansSerifFamily: string };
    },
  ) => { render(): { asPng(): Uint8Array } };
}

const RESVG = '@resvg/resvg-js';

let loading: Promise<ResvgModule> | undefined;

function loadResvg(): Promise<ResvgModule> {
  // a computed specifier: bundlers for the browser leave the native module alone
  const specifier = ['@resvg', 'resvg-js'].join('/');
  loading ??= importPeer(RESVG, () => import(specifier) as Promise<Partial<ResvgModule> & { default?: ResvgModule }>, 'PNG output', RESVG).then(
    (m) => (m.Resvg ? (m as ResvgModule) : (m.default as ResvgModule)),
  );
  loading.catch(() => (loading = undefined));
  return loading;
}

/**
 * Whether PNG output works here: true when `@resvg/resvg-js` and its binary for
 * this platform are installed.
 *
 * @example
 * ```ts
 * const out = (await pngAvailable()) ? 'loss.png' : 'loss.svg';
 * ```
 */
export async function pngAvailable(): Promise<boolean> {
  return loadResvg().then(
    () => true,
    () => false,
  );
}

/**
 * resvg 2.6 aborts the whole process (a Rust panic, not an exception) on a
 * clipped group whose content lies entirely outside its clip — as when the last
 * iterate of a diverging run is far off the plot. A transparent 1×1 square at
 * the group's origin, inside every clip that vega writes (its clip rectangles
 * start at 0,0), keeps such groups from being empty; it draws nothing.
 */
function anchorClippedGroups(svg: string): string {
  return svg.replace(/<g\b[^>]*\bclip-path="url\(#[^)"]+\)"[^>]*>/g, (g) => `${g}<path d="M0,0h1v1h-1Z" fill="#fff" fill-opacity="0"/>`);
}

/**
 * Rasterizes an SVG string (from {@link renderSvg}) to PNG bytes, on a white
 * background. Text is drawn with the system's fonts. The bytes are a `Buffer`
 * in Node (typed as `Uint8Array`, so the types need no Node declarations).
 *
 * @throws MissingPackageError if `@resvg/resvg-js` is not installed (SVG works without it)
 * @example
 * ```ts
 * const png = await svgToPng(await renderSvg(lossCurve([3, 2, 1])), { scale: 1 });
 * new TextDecoder().decode(png.subarray(1, 4)); // 'PNG'
 * ```
 */
export async function svgToPng(svg: string, options: PngOptions = {}): Promise<Uint8Array> {
  const where = 'svgToPng';
  if (typeof svg !== 'string') throw new ArgumentError(`${where}: svg must be SVG text (a string), got ${describe(svg)}`);
  const o = optionsOf(where, options);
  const scale = checkNumber(where, 'scale', o.scale ?? 2, { min: 0, minOpen: true, max: 16 });
  const fontFamily = o.fontFamily ?? 'DejaVu Sans';
  if (typeof fontFamily !== 'string') throw new ArgumentError(`${where}: fontFamily must be a string, got ${describe(fontFamily)}`);
  const resvg = await loadResvg();
  let renderer;
  try {
    renderer = new resvg.Resvg(anchorClippedGroups(svg), {
      fitTo: { mode: 'zoom', value: scale },
      background: 'white',
      font: { loadSystemFonts: true, defaultFontFamily: fontFamily, sansSerifFamily: fontFamily },
    });
  } catch (e) {
    throw new ArgumentError(`${where}: svg is not valid SVG: ${e instanceof Error ? e.message : String(e)}`);
  }
  return renderer.render().asPng();
}

/**
 * Renders a Vega-Lite spec (from {@link lossCurve} and the other builders) to
 * PNG bytes: {@link renderSvg}, then {@link svgToPng}. Node only.
 *
 * @throws MissingPackageError if `@resvg/resvg-js` is not installed
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * await writeFile('loss.png', await renderPng(lossCurve([3, 2, 1.5, 1.2])));
 * ```
 */
export async function renderPng(spec: VegaLiteSpec, options: PngOptions = {}): Promise<Uint8Array> {
  optionsOf('renderPng', options); // before the rendering work
  return svgToPng(await renderSvg(spec), options);
}

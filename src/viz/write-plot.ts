/**
 * A plot to a file, in the format its extension names: `.svg`, `.png`, or
 * `.json` / `.vl.json` for the Vega-Lite spec itself. Node only (file system),
 * kept apart from the builders, which run anywhere.
 */
import { ArgumentError } from '../errors.js';
import { renderSvg } from './render.js';
import { renderPng, type PngOptions } from './render-png.js';
import type { VegaLiteSpec } from './theme.js';

/**
 * Writes `spec` to `path` as SVG, PNG or JSON, by the extension, creating the
 * folder if needed, and returns the path.
 *
 * @throws ArgumentError if the extension is not .svg, .png or .json
 * @throws WengertError for .png when `@resvg/resvg-js` is not installed
 * @example
 * ```ts
 * const spec = lossCurve({ loss: [3, 2, 1.5] });
 * await writePlot(spec, 'out/loss.svg');
 * if (await pngAvailable()) await writePlot(spec, 'out/loss.png', { scale: 2 });
 * ```
 */
export async function writePlot(spec: VegaLiteSpec, path: string, options: PngOptions = {}): Promise<string> {
  const extension = /\.(svg|png|json)$/i.exec(path)?.[1]?.toLowerCase();
  if (!extension) throw new ArgumentError(`writePlot: '${path}' must end in .svg, .png or .json`);
  const contents =
    extension === 'svg' ? await renderSvg(spec) : extension === 'png' ? await renderPng(spec, options) : `${JSON.stringify(spec, null, 1)}\n`;
  const { mkdir, writeFile } = await import('node:fs/promises');
  const { dirname } = await import('node:path');
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, contents);
  return path;
}

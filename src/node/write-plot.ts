/**
 * A plot to a file, in the format its extension names: `.svg`, `.png`, or
 * `.json` / `.vl.json` for the Vega-Lite spec itself. Node only (file system),
 * kept apart from the builders, which run anywhere.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ArgumentError } from '../errors.js';
import { renderSvg } from '../viz/render.js';
import { renderPng, type PngOptions } from '../viz/render-png.js';
import type { VegaLiteSpec } from '../viz/theme.js';

/**
 * Writes `spec` to `path` as SVG, PNG or JSON, by the extension, creating the
 * folder if needed, and returns the path.
 *
 * @throws ArgumentError if the extension is not .svg, .png or .json
 * @throws MissingPackageError for .svg without vega and vega-lite, for .png without `@resvg/resvg-js`
 * @example
 * ```ts
 * import { lossCurve, pngAvailable } from 'wengert/plot';
 * import { writePlot } from 'wengert/node';
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
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, contents);
  return path;
}

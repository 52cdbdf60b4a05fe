/**
 * A plot to a file, in the format its extension names: `.svg`, `.png`, or
 * `.json` / `.vl.json` for the Vega-Lite spec itself. Node only (file system),
 * kept apart from the builders, which run anywhere.
 */
import { ArgumentError, describe } from '../errors.js';
import { optionsOf } from '../arguments.js';
import { renderSvg } from '../viz/render.js';
import { renderPng, type PngOptions } from '../viz/render-png.js';
import type { VegaLiteSpec } from '../viz/theme.js';
import { extensionOf, preparePlotPath, reason } from './file-path.js';

/**
 * Writes `spec` to `path` as SVG, PNG or JSON, by the extension, creating the
 * folder if needed, and returns the path. The path is checked (and its folder
 * made) before the plot is rendered.
 *
 * @throws ArgumentError if the extension is not .svg, .png or .json, or the path cannot be written
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
  checkSpec(spec);
  optionsOf('writePlot', options);
  await preparePlotPath(path);
  const extension = extensionOf(path);
  const contents = extension === 'svg' ? await renderSvg(spec) : extension === 'png' ? await renderPng(spec, options) : `${JSON.stringify(spec, null, 1)}\n`;
  const { writeFile } = await import('node:fs/promises');
  try {
    await writeFile(path, contents);
  } catch (e) {
    throw new ArgumentError(`writePlot: cannot write '${path}' (${reason(e)})`);
  }
  return path;
}

/** A spec must be an object (the renderers check it themselves). */
function checkSpec(spec: unknown): VegaLiteSpec {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw new ArgumentError(`writePlot: spec must be a Vega-Lite spec (an object), got ${describe(spec)}`);
  return spec as VegaLiteSpec;
}

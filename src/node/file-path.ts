/**
 * Where a file can be written: the checks `writePlot`, `writeModel` and the
 * `--plot` flag of the command make before any work. Node only (file system);
 * it imports no renderer, so a command can check its paths before loading one.
 */
import { ArgumentError, describe } from '../errors.js';

/** The extension of a plot path, lower case, or undefined when it is not .svg, .png or .json. */
export function extensionOf(path: string): 'svg' | 'png' | 'json' | undefined {
  return /\.(svg|png|json)$/i.exec(path)?.[1]?.toLowerCase() as 'svg' | 'png' | 'json' | undefined;
}

/** A file-system error's code (ENOENT, EACCES …), or its message, for ours. */
export function reason(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? code : e instanceof Error ? e.message : String(e);
}

/**
 * Makes sure a plot can be written to `path` before any work is done: the
 * extension is .svg, .png or .json, the folder exists or is created, and a
 * file can be opened there (a file made only to find out is removed again).
 * Folders are created one level at a time, so every step returns at once:
 * Node's recursive `mkdir` never returns for a folder under /proc.
 *
 * @param where - the name for messages (the function, or a command-line flag)
 * @throws ArgumentError naming the path and what is wrong with it
 * @example
 * ```ts
 * await preparePlotPath('out/plots/loss.svg'); // creates out/plots if needed
 * await preparePlotPath('/proc/nope/a.svg');   // ArgumentError: … the folder '/proc/nope' cannot be created (ENOENT)
 * ```
 */
export async function preparePlotPath(path: string, where = 'writePlot'): Promise<void> {
  if (typeof path !== 'string' || path === '') throw new ArgumentError(`${where}: path must be a file name ending in .svg, .png or .json, got ${describe(path)}`);
  if (extensionOf(path) === undefined) throw new ArgumentError(`${where}: '${path}' must end in .svg, .png or .json (the path of the plot)`);
  await prepareFilePath(path, where);
}

/**
 * Makes sure a file can be written to `path`: its folder exists or is created
 * (one level at a time), and a file can be opened there.
 * @throws ArgumentError naming the path and what is wrong with it
 * @example
 * ```ts
 * await prepareFilePath('out/models/moons.json', 'writeModel');
 * ```
 */
export async function prepareFilePath(path: string, where: string): Promise<void> {
  if (typeof path !== 'string' || path === '') throw new ArgumentError(`${where}: path must be a non-empty file name, got ${describe(path)}`);
  const { mkdir, open, rm, stat } = await import('node:fs/promises');
  const { dirname } = await import('node:path');
  // the folders to create, deepest first: walk up to the first one that exists
  const missing: string[] = [];
  for (let dir = dirname(path); ; ) {
    let info;
    try {
      info = await stat(dir);
    } catch (e) {
      if (reason(e) !== 'ENOENT') throw new ArgumentError(`${where}: cannot write '${path}': the folder '${dir}' cannot be read (${reason(e)})`);
      missing.push(dir);
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
      continue;
    }
    if (!info.isDirectory()) throw new ArgumentError(`${where}: cannot write '${path}': '${dir}' is a file, not a folder`);
    break;
  }
  for (let k = missing.length - 1; k >= 0; k--) {
    try {
      await mkdir(missing[k]);
    } catch (e) {
      if (reason(e) !== 'EEXIST') throw new ArgumentError(`${where}: cannot write '${path}': the folder '${missing[k]}' cannot be created (${reason(e)})`);
    }
  }
  let existed = true;
  try {
    await stat(path);
  } catch {
    existed = false;
  }
  try {
    await (await open(path, 'a')).close();
  } catch (e) {
    throw new ArgumentError(`${where}: cannot write '${path}' (${reason(e)})`);
  }
  if (!existed) await rm(path, { force: true });
}

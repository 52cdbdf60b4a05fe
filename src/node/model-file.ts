/**
 * Models to and from files: the JSON of {@link saveModel}, written and read
 * with node:fs. Node only; in a browser, keep the string `saveModel` returns.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { ArgumentError, describe } from '../errors.js';
import type { MLP } from '../nn/mlp.js';
import { loadModel, saveModel } from '../nn/serialize.js';
import { prepareFilePath, reason } from './file-path.js';

function checkPath(where: string, path: unknown): asserts path is string {
  if (typeof path !== 'string' || path === '') throw new ArgumentError(`${where}: path must be a non-empty string, got ${describe(path)}`);
}

/**
 * Writes `model` to `path` as the JSON of {@link saveModel} (every parameter
 * bit for bit), creating the folder if needed, and returns the path.
 *
 * @throws ArgumentError if `model` is not an MLP or `path` is not a non-empty string
 * @example
 * ```ts
 * import { MLP } from 'wengert';
 * import { writeModel } from 'wengert/node';
 * await writeModel(new MLP([2, 8, 1], { seed: 0 }), 'out/model.json');
 * ```
 */
export async function writeModel(model: MLP, path: string): Promise<string> {
  checkPath('writeModel', path);
  const text = saveModel(model); // checks the model before anything touches the disk
  await prepareFilePath(path, 'writeModel');
  try {
    await writeFile(path, `${text}\n`);
  } catch (e) {
    throw new ArgumentError(`writeModel: cannot write '${path}' (${reason(e)})`, { cause: e });
  }
  return path;
}

/**
 * Reads a model written by {@link writeModel} (or any file holding the JSON of
 * {@link saveModel}), checked as {@link loadModel} checks it.
 *
 * @throws ArgumentError if the file cannot be read, or does not hold a saved model
 * @example
 * ```ts
 * import { readModel } from 'wengert/node';
 * const model = await readModel('out/model.json');
 * model.predict([0.5, -1]);
 * ```
 */
export async function readModel(path: string): Promise<MLP> {
  checkPath('readModel', path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new ArgumentError(`readModel: cannot read '${path}' (${(e as Error).message})`, { cause: e });
  }
  return loadModel(text);
}

/**
 * Saving a model to JSON and loading it back bit for bit: the parameters are
 * stored as the base64 of their little-endian IEEE bytes, so −0, NaN payloads
 * and every last bit survive (decimal text would not keep −0 or NaN).
 */
import { ArgumentError, describe, ShapeError } from '../errors.js';
import { ACTIVATIONS, type Activation } from './activations.js';
import { MAX_LAYER_SIZE, MLP } from './mlp.js';

const FORMAT = 'wengert-mlp';

/** The saved form of a model. */
export interface SavedModel {
  format: typeof FORMAT;
  version: 1;
  sizes: number[];
  activation: Activation;
  outputActivation: Activation;
  /** base64 of the parameters as little-endian float64s. */
  params: string;
}

function encode(values: Float64Array): string {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat64(i * 8, v, true));
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function decode(text: string, expected: number): Float64Array {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new ArgumentError('loadModel: params is not valid base64');
  }
  if (binary.length !== expected * 8) throw new ShapeError(`loadModel: params hold ${Math.floor(binary.length / 8)} numbers, the sizes need ${expected}`);
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) view.setUint8(i, binary.charCodeAt(i));
  return Float64Array.from({ length: expected }, (_, i) => view.getFloat64(i * 8, true));
}

/**
 * The model as a JSON string (sizes, activations, parameters).
 * @example
 * ```ts
 * const model = new MLP([2, 3, 1], { seed: 2 });
 * const copy = loadModel(saveModel(model));
 * copy.params.every((p, i) => Object.is(p, model.params[i])); // true
 * ```
 */
export function saveModel(model: MLP): string {
  if (!(model instanceof MLP)) throw new ArgumentError(`saveModel: model must be an MLP, got ${describe(model)}`);
  const saved: SavedModel = {
    format: FORMAT,
    version: 1,
    sizes: [...model.sizes],
    activation: model.activation,
    outputActivation: model.outputActivation,
    params: encode(model.params),
  };
  return JSON.stringify(saved);
}

/**
 * A model from `saveModel`'s JSON (a string or the parsed object). Everything
 * is checked: format, version, sizes, activations and the parameter count.
 * @example
 * ```ts
 * const model = loadModel(text);
 * model.predict([0.5, -1]);
 * ```
 */
export function loadModel(json: string | SavedModel): MLP {
  let saved: unknown = json;
  if (typeof json === 'string') {
    try {
      saved = JSON.parse(json);
    } catch (e) {
      throw new ArgumentError(`loadModel: not JSON (${(e as Error).message})`);
    }
  }
  const s = saved as Partial<SavedModel> | null;
  if (s === null || typeof s !== 'object' || s.format !== FORMAT) throw new ArgumentError(`loadModel: not a saved wengert model (format must be '${FORMAT}')`);
  if (s.version !== 1) throw new ArgumentError(`loadModel: unsupported version ${describe(s.version)}`);
  if (!Array.isArray(s.sizes) || s.sizes.length < 2 || s.sizes.some((n) => !Number.isInteger(n) || n < 1 || n > MAX_LAYER_SIZE)) {
    throw new ArgumentError(`loadModel: sizes must be 2 or more whole numbers in 1 … 10^6, got ${describe(s.sizes)}`);
  }
  for (const key of ['activation', 'outputActivation'] as const) {
    if (!(ACTIVATIONS as readonly unknown[]).includes(s[key])) throw new ArgumentError(`loadModel: ${key} must be one of ${ACTIVATIONS.join(', ')}, got ${describe(s[key])}`);
  }
  if (typeof s.params !== 'string') throw new ArgumentError(`loadModel: params must be a base64 string, got ${describe(s.params)}`);
  // the parameter count must match before anything is allocated: a short file must not make a huge model
  let count = 0;
  for (let l = 0; l + 1 < s.sizes.length; l++) count += s.sizes[l] * s.sizes[l + 1] + s.sizes[l + 1];
  const params = decode(s.params, count);
  const model = new MLP(s.sizes, { activation: s.activation, outputActivation: s.outputActivation });
  model.params.set(params);
  return model;
}

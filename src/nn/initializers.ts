/** Seeded weight initializers. */
import { checkNumber } from '../arguments.js';
import { ArgumentError, describe } from '../errors.js';
import { Random } from '../data/random.js';

/** The weight initializers. */
export const INITIALIZERS = ['glorot', 'he'] as const;
/** An initializer's name. */
export type Initializer = (typeof INITIALIZERS)[number];

/**
 * Fills `weights` (a fanOut × fanIn matrix) with a seeded draw: Glorot (Xavier)
 * uniform, U(±√(6/(fanIn + fanOut))), suited to tanh and sigmoid; or He
 * normal, N(0, 2/fanIn), suited to relu. Biases start at 0.
 * @example
 * ```ts
 * const w = new Float64Array(6);
 * initialize(w, 3, 2, 'glorot', new Random(0)); // six draws from U(±1.095…)
 * ```
 */
export function initialize(weights: Float64Array, fanIn: number, fanOut: number, kind: Initializer, random: Random): void {
  const where = 'initialize';
  if (!(weights instanceof Float64Array)) throw new ArgumentError(`${where}: weights must be a Float64Array, got ${describe(weights)}`);
  checkNumber(where, 'fanIn', fanIn, { integer: true, min: 1 });
  checkNumber(where, 'fanOut', fanOut, { integer: true, min: 1 });
  if (!(INITIALIZERS as readonly unknown[]).includes(kind)) throw new ArgumentError(`${where}: kind must be one of ${INITIALIZERS.join(', ')}, got ${describe(kind)}`);
  if (!(random instanceof Random)) throw new ArgumentError(`${where}: random must be a Random, got ${describe(random)}`);
  if (kind === 'glorot') {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    for (let i = 0; i < weights.length; i++) weights[i] = random.uniform(-limit, limit);
  } else {
    const std = Math.sqrt(2 / fanIn);
    for (let i = 0; i < weights.length; i++) weights[i] = random.normal(0, std);
  }
}

/**
 * Argument checks shared by the data helpers (internal). Every failure is an
 * {@link ArgumentError} whose message starts with the public function's name
 * and names the option at fault.
 * @internal
 */
import { ArgumentError, describe } from '../errors.js';

/**
 * Checks that `options` is undefined or a plain object whose keys are all in
 * `keys`; returns it (or `{}`), so that a misspelt option is an error, not a
 * silently ignored default.
 */
export function readOptions<T extends object>(where: string, options: T | undefined, keys: readonly string[]): Partial<T> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ArgumentError(`${where}: options must be an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!keys.includes(key)) throw new ArgumentError(`${where}: unknown option '${key}' (known: ${keys.join(', ')})`);
  }
  return options;
}

/** An integer in [min, max] (max defaults to 2⁵³ − 1). */
export function integer(where: string, what: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`;
    throw new ArgumentError(`${where}: ${what} is ${describe(value)}, expected ${range}`);
  }
  return value;
}

/** A finite number (optionally ≥ min, or > min when `strict`). */
export function finite(where: string, what: string, value: unknown, min = -Infinity, strict = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || (strict ? value <= min : value < min)) {
    const bound = min === -Infinity ? '' : strict ? ` > ${min}` : ` ≥ ${min}`;
    throw new ArgumentError(`${where}: ${what} is ${describe(value)}, expected a finite number${bound}`);
  }
  return value;
}

/** A boolean. */
export function boolean(where: string, what: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ArgumentError(`${where}: ${what} is ${describe(value)}, expected true or false`);
  return value;
}

/** A seed: a safe integer (negative allowed). */
export function seedOf(where: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new ArgumentError(`${where}: seed is ${describe(value)}, expected a safe integer`);
  }
  return value;
}

/** The most samples a generator makes: 10⁷. */
export const MAX_SAMPLES = 10_000_000;

/** Throws unless a rows × cols table fits in one typed array (2³¹ − 1 values), naming `what`. */
export function tableSize(where: string, what: string, rows: number, cols: number): void {
  if (rows * cols > 2 ** 31 - 1) throw new ArgumentError(`${where}: ${what} would hold ${rows} × ${cols} values; the limit is 2^31 − 1`);
}

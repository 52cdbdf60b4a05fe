/**
 * Argument checks shared by every layer: an options object, and a number
 * within a range. Each failure is an {@link ArgumentError} whose message names
 * the function, the argument or option, what it must be and what it got:
 * `adam: b1 must be a number in [0, 1), got the number 1`.
 * @internal
 */
import { ArgumentError, describe } from './errors.js';

/**
 * What a numeric argument must be. Bounds are closed unless `minOpen` /
 * `maxOpen`; NaN is always refused, ±∞ unless `infinite` (and a bound allows it).
 */
export interface NumberSpec {
  readonly min?: number;
  readonly max?: number;
  readonly minOpen?: boolean;
  readonly maxOpen?: boolean;
  /** A whole number (a count, a size, an index); always finite. */
  readonly integer?: boolean;
  /** +∞ or −∞ are allowed where the bounds allow them. */
  readonly infinite?: boolean;
}

/** How a {@link NumberSpec} reads in a message: `a finite number > 0`, `a whole number ≥ 1`, `a number in [0, 1)`. */
function specText(spec: NumberSpec): string {
  const { min, max, minOpen = false, maxOpen = false } = spec;
  const noun = spec.integer ? 'a whole number' : spec.infinite || (min !== undefined && max !== undefined) ? 'a number' : 'a finite number';
  if (min !== undefined && max !== undefined) return `${noun} in ${minOpen ? '(' : '['}${min}, ${max}${maxOpen ? ')' : ']'}`;
  if (min !== undefined) return `${noun} ${minOpen ? '>' : '≥'} ${min}`;
  if (max !== undefined) return `${noun} ${maxOpen ? '<' : '≤'} ${max}`;
  return noun;
}

/** Whether `value` is a number that meets `spec`. */
function meets(value: unknown, spec: NumberSpec): value is number {
  if (typeof value !== 'number' || Number.isNaN(value)) return false;
  if (spec.integer ? !Number.isInteger(value) : !spec.infinite && !Number.isFinite(value)) return false;
  const { min, max } = spec;
  if (min !== undefined && (spec.minOpen ? !(value > min) : !(value >= min))) return false;
  if (max !== undefined && (spec.maxOpen ? !(value < max) : !(value <= max))) return false;
  return true;
}

/**
 * Returns `value` if it is a number meeting `spec`; otherwise throws an
 * ArgumentError naming `where` (the function) and `name` (the argument or option).
 * @example
 * ```ts
 * checkNumber('adam', 'b1', 0.9, { min: 0, max: 1, maxOpen: true }); // 0.9
 * checkNumber('minimize', 'maxIterations', -1, { integer: true, min: 0 });
 * // ArgumentError: minimize: maxIterations must be a whole number ≥ 0, got the number -1
 * ```
 */
export function checkNumber(where: string, name: string, value: unknown, spec: NumberSpec = {}): number {
  if (!meets(value, spec)) throw new ArgumentError(`${where}: ${name} must be ${specText(spec)}, got ${describe(value)}`);
  return value;
}

/**
 * An options argument: undefined (every default) or an object. Returns it, or
 * `{}` for undefined; null, numbers, strings, functions and arrays are refused.
 * @example
 * ```ts
 * const o = optionsOf('sgd', options); // {} when options is undefined
 * ```
 */
export function optionsOf<T extends object>(where: string, options: T | undefined, what = 'options'): Partial<T> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ArgumentError(`${where}: ${what} must be an object, got ${describe(options)}`);
  }
  return options;
}

/**
 * A boolean option: `fallback` when undefined, else it must be true or false
 * (a string such as `'false'` is refused rather than read as true).
 * @example
 * ```ts
 * checkBoolean('adam', 'amsgrad', options.amsgrad, false); // false when not given
 * ```
 */
export function checkBoolean(where: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new ArgumentError(`${where}: ${name} must be true or false, got ${describe(value)}`);
  return value;
}

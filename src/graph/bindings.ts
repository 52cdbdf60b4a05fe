import { ArgumentError, describe } from '../errors.js';

import { BindingTypeError, ShapeError, UnboundVariableError } from '../errors.js';
import { fromNested } from './node.js';
import { formatShape, sameShape, type Shape } from './shape.js';
import { type ArrayValue, type BindingValue, isArrayValue } from './values.js';

/**
 * Values of variables by name: a plain object or a Map. A scalar variable is
 * bound to a number; an array variable to a Float64Array, an `{ data, shape }`
 * array value or nested arrays (see {@link BindingValue}).
 */
export type Bindings = Readonly<Record<string, BindingValue>> | ReadonlyMap<string, BindingValue>;

/** Throws unless `at` can hold bindings: an object (not an array) or a Map. `what` names the argument. */
export function checkBindings(at: unknown, where: string, what: string): asserts at is Bindings {
  if (at instanceof Map) return;
  if (at === null || typeof at !== 'object' || Array.isArray(at)) {
    throw new ArgumentError(`${where}: ${what} must be an object or a Map of numbers by variable name, got ${describe(at)}`);
  }
}

/** The names bound in `at`: its own enumerable keys, or a Map's keys. */
export function boundNames(at: Bindings): unknown[] {
  return at instanceof Map ? [...at.keys()] : Object.keys(at);
}

/** The value bound to `name`, or undefined. Own properties only: `toString` is not a binding. */
export function lookup(at: Bindings, name: string): unknown {
  if (at instanceof Map) return at.get(name);
  return Object.hasOwn(at, name) ? (at as Record<string, unknown>)[name] : undefined;
}

/** A fresh object with one own property per entry (safe for names like `__proto__`). */
export function record(entries: Iterable<readonly [string, number]>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of entries) {
    // only __proto__ is an accessor on Object.prototype: assigning it would set the prototype
    if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = v;
  }
  return out;
}

/**
 * The rule of every gradient record (reverseMode, vjp on a graph): one entry per
 * name bound in `at`, 0 — or zeros of the bound array's shape — where the output
 * does not reach it. Adds those entries to `gradient` (which has the graph's
 * variables) and returns it; a bound value that is neither a number nor an
 * array is a BindingTypeError, as it is for a variable of the graph.
 * @example
 * ```ts
 * reverseMode(constant(1), { x: 2 }).gradient; // { x: 0 }
 * ```
 */
export function withUnreached<V>(gradient: Record<string, V | number | ArrayValue>, at: Bindings): Record<string, V | number | ArrayValue> {
  const names = boundNames(at);
  if (names.length === Object.keys(gradient).length) return gradient; // every bound name is a variable of the graph (the graph's are all bound)
  for (const name of names) {
    if (typeof name !== 'string' || Object.hasOwn(gradient, name)) continue;
    const value = lookup(at, name);
    if (value === undefined) continue;
    let zero: number | ArrayValue;
    if (typeof value === 'number') zero = 0;
    else if (value instanceof Float64Array) zero = { data: new Float64Array(value.length), shape: [value.length] };
    else if (Array.isArray(value)) {
      const { data, shape } = fromNested(`variable '${name}'`, value);
      zero = { data: new Float64Array(data.length), shape };
    } else if (isArrayValue(value)) {
      zero = { data: new Float64Array(value.data.length), shape: value.shape.slice() };
    } else throw new BindingTypeError(name, value);
    if (name === '__proto__') Object.defineProperty(gradient, name, { value: zero, enumerable: true, writable: true, configurable: true });
    else gradient[name] = zero;
  }
  return gradient;
}

/**
 * The values bound to a variable of `shape`, as a Float64Array: a number (for a
 * scalar), a Float64Array of the right length, an `{ data, shape }` array value
 * or nested arrays of that shape.
 */
export function bindArray(name: string, shape: Shape, value: unknown, into: Float64Array): void {
  if (value === undefined) throw new UnboundVariableError(name);
  const n = into.length;
  if (typeof value === 'number') {
    if (shape.length > 0) throw new ShapeError(`variable '${name}' has shape ${formatShape(shape)}, but is bound to a number`);
    into[0] = value;
    return;
  }
  if (value instanceof Float64Array) {
    // a scalar variable takes a number, as in a scalar graph
    if (shape.length === 0) throw new BindingTypeError(name, value);
    if (value.length !== n) throw new ShapeError(`variable '${name}' has shape ${formatShape(shape)} (${n} values), but is bound to ${value.length} values`);
    into.set(value);
    return;
  }
  if (Array.isArray(value)) {
    const { data, shape: given } = fromNested(`variable '${name}'`, value);
    if (!sameShape(given, shape)) throw new ShapeError(`variable '${name}' has shape ${formatShape(shape)}, but is bound to nested arrays of shape ${formatShape(given)}`);
    into.set(data);
    return;
  }
  if (isArrayValue(value)) {
    const a = value;
    if (!sameShape(a.shape, shape)) throw new ShapeError(`variable '${name}' has shape ${formatShape(shape)}, but is bound to an array of shape ${formatShape(a.shape)}`);
    if (a.data.length !== n) throw new ShapeError(`variable '${name}' is bound to an array of shape ${formatShape(a.shape)} holding ${a.data.length} values, not ${n}`);
    into.set(a.data);
    return;
  }
  throw new BindingTypeError(name, value);
}

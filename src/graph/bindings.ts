import { ArgumentError, describe } from '../errors.js';

/** Values of variables by name: a plain object or a Map. */
export type Bindings = Readonly<Record<string, number>> | ReadonlyMap<string, number>;

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

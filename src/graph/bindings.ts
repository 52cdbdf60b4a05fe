import { BindingTypeError, UnboundVariableError } from '../errors.js';
import type { Tape } from './tape.js';

/** Values of variables by name: a plain object or a Map. */
export type Bindings = Readonly<Record<string, number>> | ReadonlyMap<string, number>;

/** The value bound to `name`, or undefined. Own properties only: `toString` is not a binding. */
export function lookup(at: Bindings, name: string): unknown {
  if (at instanceof Map) return at.get(name);
  return Object.hasOwn(at, name) ? (at as Record<string, unknown>)[name] : undefined;
}

/** Writes every variable's value into its slots; throws for unbound or non-numeric bindings. */
export function bindVariables(t: Tape, at: Bindings, values: Float64Array): void {
  for (const [name, slots] of t.variables) {
    const v = lookup(at, name);
    if (typeof v !== 'number') {
      if (v === undefined) throw new UnboundVariableError(name);
      throw new BindingTypeError(name, v);
    }
    for (const s of slots) values[s] = v;
  }
}

/** Writes each variable's tangent (0 where the direction does not name it). */
export function bindDirection(t: Tape, direction: Bindings, tangents: Float64Array): void {
  for (const [name, slots] of t.variables) {
    const v = lookup(direction, name);
    if (v === undefined) continue;
    if (typeof v !== 'number') throw new BindingTypeError(name, v);
    for (const s of slots) tangents[s] = v;
  }
}

/** A fresh object with one own property per entry (safe for names like `__proto__`). */
export function record(entries: Iterable<readonly [string, number]>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

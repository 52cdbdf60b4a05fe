/**
 * Values crossing the API: what a binding may hold and what a sweep returns.
 * A scalar is a number; an array is `{ data, shape }` (row-major float64).
 */
import type { ArrayNode, NestedArray, Node } from './node.js';

/** An array value: its row-major elements and its shape. */
export interface ArrayValue {
  readonly data: Float64Array;
  readonly shape: readonly number[];
}

/**
 * Whether a value is an array value `{ data, shape }` (a Float64Array and a list of extents).
 * @example
 * ```ts
 * isArrayValue({ data: new Float64Array(2), shape: [2] }); // true
 * isArrayValue([1, 2]); // false
 * ```
 */
export function isArrayValue(a: unknown): a is ArrayValue {
  return typeof a === 'object' && a !== null && (a as ArrayValue).data instanceof Float64Array && Array.isArray((a as ArrayValue).shape);
}

/** A sweep's result for one node: a number for a scalar, an array value for an array. */
export type Value = number | ArrayValue;

/**
 * What a variable may be bound to: a number (a scalar variable), or for an
 * array variable a `Float64Array` of its size, an array value of its shape, or
 * nested arrays of its shape.
 */
export type BindingValue = number | Float64Array | ArrayValue | NestedArray;

/** The result type for a node: an array value for an {@link ArrayNode}, else a number. */
export type ValueOf<N> = N extends ArrayNode ? ArrayValue : number;

/** The result type for each of several nodes. */
export type ValuesOf<T extends readonly Node[]> = { -readonly [K in keyof T]: ValueOf<T[K]> };

/** What a binding of type V comes back as in a gradient: a number for a number, else an array value. */
type Returned<V> = V extends number ? number : ArrayValue;

/**
 * The gradient of a sweep, by variable name, typed after the bindings: numbers
 * for variables bound to numbers, array values for the others.
 */
export type GradientOf<B> = B extends ReadonlyMap<string, infer V>
  ? Record<string, Returned<V>>
  : Record<string, Returned<B[keyof B]>> & { -readonly [K in keyof B]: Returned<B[K]> };

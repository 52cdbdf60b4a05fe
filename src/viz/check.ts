/**
 * Argument checks shared by the plot builders: every bad input is an
 * {@link ArgumentError} naming the builder and the argument.
 */
import { ArgumentError, describe } from '../errors.js';

/** A closed interval `[low, high]` of one axis. */
export type Domain = readonly [number, number];

/** `[a, b]` with finite a < b, or an ArgumentError. */
export function checkDomain(where: string, name: string, domain: unknown): [number, number] {
  if (!Array.isArray(domain) || domain.length !== 2) {
    throw new ArgumentError(`${where}: ${name} must be [low, high], got ${describe(domain)}`);
  }
  const [a, b] = domain as unknown[];
  if (typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b) || !(a < b)) {
    throw new ArgumentError(`${where}: ${name} must be [low, high] with finite low < high, got [${String(a)}, ${String(b)}]`);
  }
  return [a, b];
}

/** An integer in [min, max], or an ArgumentError. */
export function checkCount(where: string, name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ArgumentError(`${where}: ${name} must be an integer from ${min} to ${max}, got ${describe(value)}`);
  }
  return value;
}

/** A function, or an ArgumentError. */
export function checkFunction(where: string, name: string, value: unknown): void {
  if (typeof value !== 'function') {
    throw new ArgumentError(`${where}: ${name} must be a function, got ${describe(value)}`);
  }
}

/** The extent of the finite numbers of `values`, or undefined if there is none. */
export function extent(values: Iterable<number>): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** `[lo, hi]` widened by `fraction` of its width on each side (and made non-empty). */
export function pad([lo, hi]: [number, number], fraction: number): [number, number] {
  const width = hi - lo || Math.max(Math.abs(lo), 1);
  return [lo - width * fraction, hi + width * fraction];
}

/** `n` evenly spaced numbers from a to b, both ends included. */
export function linspace(a: number, b: number, n: number): number[] {
  if (n === 1) return [(a + b) / 2];
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = i === n - 1 ? b : a + ((b - a) * i) / (n - 1);
  return out;
}

/** A number rounded to 6 significant digits, so inlined data stays short. */
export function round6(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(6)) : v;
}

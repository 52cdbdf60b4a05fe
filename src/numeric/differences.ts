/**
 * Finite differences: derivatives approximated from function values alone, as
 * the course notes' `fin_dif` and `gradient_centered` compute them. They are
 * for checking exact derivatives, not for replacing them: the forward
 * difference has truncation error O(h), the centered one O(h²), and both lose
 * about |f|·ε/h to rounding (ε ≈ 2.2e-16), which is why h cannot be taken
 * much smaller than the defaults.
 */
import { ArgumentError, describe } from '../errors.js';

/** A vector of parameters: a plain array or a Float64Array. */
export type Vector = number[] | Float64Array;

/** Throws unless `f` is a function. */
export function checkFunction(where: string, what: string, f: unknown): void {
  if (typeof f !== 'function') throw new ArgumentError(`${where}: ${what} must be a function, got ${describe(f)}`);
}

/** Throws unless `x` is a number (NaN and ±∞ are numbers: IEEE rules then apply). */
export function checkNumber(where: string, what: string, x: unknown): void {
  if (typeof x !== 'number') throw new ArgumentError(`${where}: ${what} is ${describe(x)}, expected a number`);
}

/** Throws unless the step is a finite number other than 0. */
export function checkStep(where: string, what: string, h: unknown): void {
  checkNumber(where, what, h);
  if (!Number.isFinite(h as number) || h === 0) {
    throw new ArgumentError(`${where}: ${what} must be finite and non-zero, got ${String(h)}`);
  }
}

/** Throws unless `x` is a plain array of numbers or a Float64Array. */
export function checkVector(where: string, what: string, x: unknown): void {
  if (x instanceof Float64Array) return;
  if (!Array.isArray(x)) throw new ArgumentError(`${where}: ${what} must be an array of numbers or a Float64Array, got ${describe(x)}`);
  x.forEach((v, i) => checkNumber(where, `${what}[${i}]`, v));
}

/** Calls f and checks that it returned a number. */
export function call<A>(where: string, f: (x: A) => number, x: A): number {
  const y = f(x);
  if (typeof y !== 'number') throw new ArgumentError(`${where}: f returned ${describe(y)}, expected a number`);
  return y;
}

/**
 * The forward difference (f(x + h) − f(x)) / h, the notes' `fin_dif`: an
 * approximation of f′(x) with truncation error O(h) (about ½·f″(x)·h).
 * A negative h gives the backward difference.
 *
 * @param f - a function of one number
 * @param x - the point
 * @param h - the step (default 1e-5, as in the notes)
 * @throws ArgumentError if f is not a function, x is not a number, or h is not finite and non-zero
 * @example
 * ```ts
 * forwardDifference((x) => x * x, 2).toFixed(4); // '4.0000'
 * ```
 */
export function forwardDifference(f: (x: number) => number, x: number, h = 1e-5): number {
  const where = 'forwardDifference';
  checkFunction(where, 'f', f);
  checkNumber(where, 'x', x);
  checkStep(where, 'h', h);
  return (call(where, f, x + h) - call(where, f, x)) / h;
}

/**
 * The centered difference (f(x + h) − f(x − h)) / 2h: an approximation of
 * f′(x) with truncation error O(h²) (about f‴(x)·h²/6), exact for quadratics
 * up to rounding.
 *
 * @param f - a function of one number
 * @param x - the point
 * @param h - the step (default 1e-6, as in the notes' `gradient_centered`)
 * @throws ArgumentError if f is not a function, x is not a number, or h is not finite and non-zero
 * @example
 * ```ts
 * centeredDifference(Math.sin, 0); // 0.9999999999998334 (cos 0 = 1)
 * ```
 */
export function centeredDifference(f: (x: number) => number, x: number, h = 1e-6): number {
  const where = 'centeredDifference';
  checkFunction(where, 'f', f);
  checkNumber(where, 'x', x);
  checkStep(where, 'h', h);
  return (call(where, f, x + h) - call(where, f, x - h)) / (2 * h);
}

/**
 * The gradient of f: ℝⁿ → ℝ by centered differences, one partial derivative
 * per component (2n calls of f), as the notes' `gradient_centered` (without its
 * rounding). The i-th partial is (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h.
 *
 * f receives an array of the same kind as `x` (a plain array or a
 * Float64Array): one scratch copy of x, perturbed in place between calls, so
 * copy it if you keep it. `x` itself is never modified.
 *
 * @param f - a function of a vector
 * @param x - the point
 * @param h - the step (default 1e-6, as in the notes)
 * @returns the gradient as a Float64Array of x's length (the optimizers' format)
 * @throws ArgumentError if f is not a function, x is not a vector of numbers, h is not finite and non-zero, or f returns a non-number
 * @example
 * ```ts
 * const f = (x: number[]) => x.reduce((s, v) => s + v ** 2, 0);
 * numericalGradient(f, [1, 1, 1]); // Float64Array [2.0000000000575113, 2.0000000000575113, 2.0000000000575113]
 * ```
 */
export function numericalGradient<V extends Vector>(f: (x: V) => number, x: V, h = 1e-6): Float64Array {
  const where = 'numericalGradient';
  checkFunction(where, 'f', f);
  checkVector(where, 'x', x);
  checkStep(where, 'h', h);
  const n = x.length;
  const scratch = x.slice() as V;
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    scratch[i] = xi + h;
    const up = call(where, f, scratch);
    scratch[i] = xi - h;
    const down = call(where, f, scratch);
    scratch[i] = xi;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

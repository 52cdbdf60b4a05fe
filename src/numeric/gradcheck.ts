/**
 * Gradient checking, as PyTorch's `torch.autograd.gradcheck`: an analytic
 * gradient is compared, parameter by parameter, with the centered finite
 * difference, and passes where |analytic − numeric| ≤ atol + rtol·|numeric|.
 */
import { ArgumentError, describe, ShapeError } from '../errors.js';
import { bindArray, checkBindings, lookup, type Bindings } from '../graph/bindings.js';
import { evaluate } from '../ad/evaluate.js';
import { Node } from '../graph/node.js';
import { reverseMode } from '../ad/reverse.js';
import { call, checkFunction, checkNumber, checkVector, numericalGradient, type Vector } from './differences.js';

/** Step and tolerances of a gradient check; the defaults are PyTorch's `gradcheck` defaults. */
export interface GradcheckOptions {
  /** Step of the centered difference (default 1e-6). */
  eps?: number;
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance, relative to the numeric value (default 1e-3). */
  rtol?: number;
}

/** Options of a check on a graph. */
export interface GraphGradcheckOptions extends GradcheckOptions {
  /** The variables to check, by name or as variable nodes (default: every variable of the graph). */
  wrt?: readonly (string | Node)[];
}

/** Options of a check on a value function and its gradient function. */
export interface FunctionGradcheckOptions extends GradcheckOptions {
  /** A name for each parameter, for the report (default `x[0]`, `x[1]`, …). */
  names?: readonly string[];
}

/** Your own code to check: a function of a vector and a function that returns its gradient. */
export interface GradientPair<V extends Vector = Vector> {
  value: (x: V) => number;
  gradient: (x: V) => ArrayLike<number>;
}

/** The check of one parameter. */
export interface GradcheckEntry {
  /** The variable's name, or the parameter's name (`x[i]` by default). */
  readonly name: string;
  /** ∂f/∂name from reverse mode, or from the gradient function. */
  readonly analytic: number;
  /** ∂f/∂name by the centered difference with step eps. */
  readonly numeric: number;
  /** |analytic − numeric| (NaN if either is NaN). */
  readonly error: number;
  /** atol + rtol·|numeric|: the largest error that passes. */
  readonly tolerance: number;
  /** error ≤ tolerance (false when anything is NaN). */
  readonly ok: boolean;
}

/** The result of {@link gradcheck}. */
export interface GradcheckReport {
  /** Every parameter passed. */
  readonly ok: boolean;
  /** f at the point. */
  readonly value: number;
  /** One entry per parameter, in order. */
  readonly parameters: readonly GradcheckEntry[];
  /** Names of the parameters that failed, in order (empty when ok). */
  readonly failed: readonly string[];
  /** One line saying whether the check passed, naming each failing parameter with its values. */
  readonly message: string;
  /** The step and tolerances used. */
  readonly eps: number;
  readonly atol: number;
  readonly rtol: number;
}

const where = 'gradcheck';
const optionKeys = new Set(['eps', 'atol', 'rtol', 'wrt', 'names']);

function settings(options: unknown): { eps: number; atol: number; rtol: number } {
  if (options === undefined) return { eps: 1e-6, atol: 1e-5, rtol: 1e-3 };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ArgumentError(`${where}: options must be an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!optionKeys.has(key)) throw new ArgumentError(`${where}: unknown option '${key}' (known: eps, atol, rtol, wrt, names)`);
  }
  const o = options as GradcheckOptions;
  const eps = o.eps ?? 1e-6;
  const atol = o.atol ?? 1e-5;
  const rtol = o.rtol ?? 1e-3;
  checkNumber(where, 'eps', eps);
  checkNumber(where, 'atol', atol);
  checkNumber(where, 'rtol', rtol);
  if (!(eps > 0 && Number.isFinite(eps))) throw new ArgumentError(`${where}: eps must be finite and positive, got ${eps}`);
  if (!(atol >= 0 && Number.isFinite(atol))) throw new ArgumentError(`${where}: atol must be finite and ≥ 0, got ${atol}`);
  if (!(rtol >= 0 && Number.isFinite(rtol))) throw new ArgumentError(`${where}: rtol must be finite and ≥ 0, got ${rtol}`);
  return { eps, atol, rtol };
}

function entry(name: string, analytic: number, numeric: number, atol: number, rtol: number): GradcheckEntry {
  const error = Math.abs(analytic - numeric);
  const tolerance = atol + rtol * Math.abs(numeric);
  return { name, analytic, numeric, error, tolerance, ok: error <= tolerance };
}

/** A short form for small settings and errors: 1e-6 rather than 0.000001. */
function short(v: number): string {
  return v !== 0 && Math.abs(v) < 0.01 ? v.toExponential() : String(v);
}

function report(value: number, parameters: GradcheckEntry[], s: { eps: number; atol: number; rtol: number }): GradcheckReport {
  if (parameters.length === 0) throw new ShapeError(`${where}: there are no parameters to check`);
  const bad = parameters.filter((p) => !p.ok);
  const n = parameters.length;
  const settings = `(eps ${short(s.eps)}, atol ${short(s.atol)}, rtol ${short(s.rtol)})`;
  const message =
    bad.length === 0
      ? `gradcheck passed for ${n} parameter${n === 1 ? '' : 's'} ${settings}`
      : `gradcheck failed for ${bad.length} of ${n} parameter${n === 1 ? '' : 's'} ${settings}: ` +
        bad
          .map((p) => `${p.name}: analytic ${p.analytic}, numeric ${p.numeric}, error ${p.error.toPrecision(3)} > tolerance ${p.tolerance.toPrecision(3)}`)
          .join('; ');
  return { ok: bad.length === 0, value, parameters, failed: bad.map((p) => p.name), message, ...s };
}

function wrtNames(wrt: unknown, variables: readonly string[]): string[] {
  if (wrt === undefined) return [...variables];
  if (!Array.isArray(wrt)) throw new ArgumentError(`${where}: wrt must be an array of variable names or nodes, got ${describe(wrt)}`);
  return wrt.map((w, i) => {
    const name = w instanceof Node ? w.name : typeof w === 'string' ? w : undefined;
    if (name === undefined) throw new ArgumentError(`${where}: wrt[${i}] is ${w instanceof Node ? `the node ${w}` : describe(w)}, expected a variable or its name`);
    if (!variables.includes(name)) {
      throw new ArgumentError(`${where}: '${name}' is not a variable of the graph (its variables: ${variables.join(', ') || 'none'})`);
    }
    return name;
  });
}

function checkGraph(f: Node, at: Bindings, options: GraphGradcheckOptions | undefined): GradcheckReport {
  const s = settings(options);
  checkBindings(at, where, 'at (the bindings)');
  const { value, gradient } = reverseMode(f, at);
  const variables = Object.keys(gradient);
  const names = wrtNames(options?.wrt, variables);
  // Perturb one scalar at a time: a scalar variable's binding, or one element of a copy of an array's
  const point = new Map<string, number | Float64Array>(
    variables.map((name) => {
      const g = gradient[name];
      return [name, typeof g === 'number' ? (lookup(at, name) as number) : arrayBinding(name, lookup(at, name), g.shape)];
    }),
  );
  const parameters = names.flatMap((name) => {
    const g = gradient[name];
    if (typeof g === 'number') {
      const v = point.get(name) as number;
      point.set(name, v + s.eps);
      const up = evaluate(f, point) as number;
      point.set(name, v - s.eps);
      const down = evaluate(f, point) as number;
      point.set(name, v);
      return [entry(name, g, (up - down) / (2 * s.eps), s.atol, s.rtol)];
    }
    const data = point.get(name) as Float64Array;
    return Array.from(g.data, (analytic, e) => {
      const v = data[e];
      data[e] = v + s.eps;
      const up = evaluate(f, point) as number;
      data[e] = v - s.eps;
      const down = evaluate(f, point) as number;
      data[e] = v;
      return entry(`${name}${elementName(e, g.shape)}`, analytic, (up - down) / (2 * s.eps), s.atol, s.rtol);
    });
  });
  return report(value, parameters, s);
}

/** `[i][j]` for flat element e of an array of `shape`. */
function elementName(e: number, shape: readonly number[]): string {
  const index: number[] = [];
  for (let k = shape.length - 1; k >= 0; k--) {
    index.unshift(e % shape[k]);
    e = Math.floor(e / shape[k]);
  }
  return index.map((i) => `[${i}]`).join('');
}

/** A copy of an array variable's bound values, to perturb element by element. */
function arrayBinding(name: string, bound: unknown, shape: readonly number[]): Float64Array {
  const data = new Float64Array(shape.reduce((p, d) => p * d, 1));
  bindArray(name, shape, bound, data);
  return data;
}

function checkPair<V extends Vector>(f: GradientPair<V>, x: V, options: FunctionGradcheckOptions | undefined): GradcheckReport {
  const s = settings(options);
  checkFunction(where, 'value', f.value);
  checkFunction(where, 'gradient', f.gradient);
  checkVector(where, 'x', x);
  const n = x.length;
  const names = options?.names ?? Array.from({ length: n }, (_, i) => `x[${i}]`);
  if (!Array.isArray(names)) throw new ArgumentError(`${where}: names must be an array of strings, got ${describe(names)}`);
  if (names.length !== n) throw new ShapeError(`${where}: names has length ${names.length}, expected ${n} (one per parameter)`);
  const value = call(where, f.value, x);
  const analytic = f.gradient(x);
  if (analytic === null || typeof analytic !== 'object' || typeof analytic.length !== 'number') {
    throw new ArgumentError(`${where}: the gradient function returned ${describe(analytic)}, expected an array of numbers`);
  }
  if (analytic.length !== n) throw new ShapeError(`${where}: the gradient has length ${analytic.length}, expected ${n} (one per parameter)`);
  for (let i = 0; i < n; i++) checkNumber(where, `gradient[${i}] (${names[i]})`, analytic[i]);
  const numeric = numericalGradient(f.value, x, s.eps);
  const parameters = names.map((name, i) => entry(String(name), analytic[i], numeric[i], s.atol, s.rtol));
  return report(value, parameters, s);
}

/**
 * Checks a gradient against centered finite differences, parameter by
 * parameter, with PyTorch's `gradcheck` criterion and defaults:
 * |analytic − numeric| ≤ atol + rtol·|numeric|, eps = 1e-6, atol = 1e-5,
 * rtol = 1e-3. Never throws for a mismatch: read `ok`, `failed` and `message`.
 * Where a value or a derivative is NaN, that parameter fails.
 *
 * Two forms:
 * - `gradcheck(node, bindings, { wrt? })`: a graph, checked at the bindings.
 *   The analytic gradient comes from {@link reverseMode}, the numeric one from
 *   {@link evaluate} with one variable moved by ±eps. `wrt` picks variables
 *   (default: all of the graph's).
 * - `gradcheck({ value, gradient }, x, { names? })`: your own code, a value
 *   function of a vector and the function you wrote for its gradient.
 *
 * @throws ArgumentError for a bad argument or option (unknown option, eps ≤ 0, a `wrt` name that is not a variable of the graph, a non-number from your functions)
 * @throws ShapeError if the gradient or `names` does not have one entry per parameter, or there is no parameter
 * @throws UnboundVariableError / BindingTypeError if the bindings miss a variable of the graph or bind it to a non-number
 * @example
 * ```ts
 * const [x, w, b] = [variable('x'), variable('w'), variable('b')];
 * gradcheck(sigmoid(w.mul(x).add(b)), { x: 3, w: 2, b: 1 }).ok; // true
 *
 * const value = (v: number[]) => v[0] ** 2 * v[1];
 * const gradient = (v: number[]) => [2 * v[0] * v[1], v[0] ** 2];
 * gradcheck({ value, gradient }, [3, 2], { names: ['a', 'b'] }).ok; // true
 * gradcheck({ value, gradient: (v: number[]) => [v[0] * v[1], v[0] ** 2] }, [3, 2]).failed; // ['x[0]']
 * ```
 */
export function gradcheck(f: Node, at: Bindings, options?: GraphGradcheckOptions): GradcheckReport;
export function gradcheck<V extends Vector>(f: GradientPair<V>, x: V, options?: FunctionGradcheckOptions): GradcheckReport;
export function gradcheck(f: Node | GradientPair, x: Bindings | Vector, options?: GraphGradcheckOptions & FunctionGradcheckOptions): GradcheckReport {
  if (f instanceof Node) {
    if (options?.names !== undefined) throw new ArgumentError(`${where}: 'names' is for a value/gradient pair; a graph's parameters are its variables (pick them with 'wrt')`);
    return checkGraph(f, x as Bindings, options);
  }
  if (typeof f === 'object' && f !== null && 'value' in f && 'gradient' in f) {
    if (options?.wrt !== undefined) throw new ArgumentError(`${where}: 'wrt' is for a graph; name a pair's parameters with 'names'`);
    return checkPair(f, x as Vector, options);
  }
  throw new ArgumentError(`${where}: expected a graph Node or an object { value, gradient } of two functions, got ${describe(f)}`);
}

/**
 * The objective an optimizer minimizes: a value function of a parameter
 * vector, and (for gradient methods) its gradient. {@link objective} builds one
 * from a graph (compiled once), a compiled {@link Program}, a plain function,
 * or an object of functions.
 */
import { compile, Program } from '../ad/program.js';
import { optionsOf } from '../arguments.js';
import { ArgumentError, describe, ShapeError, WengertError } from '../errors.js';
import { Node } from '../graph/node.js';
import { tape } from '../graph/tape.js';

/**
 * A function to minimize over ℝⁿ. `x` is only valid during a call (optimizers
 * reuse their buffers): copy it to keep it, and do not modify it.
 */
export interface Objective {
  /** Number of parameters, when known (graphs and programs know it). */
  readonly dimension?: number;
  /** f(x). */
  value(x: Float64Array): number;
  /** Writes ∇f(x) into `out` and returns `out`. Absent for derivative-free objectives. */
  gradient?(x: Float64Array, out: Float64Array): Float64Array;
  /** f(x), writing ∇f(x) into `out` — one forward and one reverse sweep for a compiled graph. Optional fast path. */
  valueAndGradient?(x: Float64Array, out: Float64Array): number;
}

/** Anything {@link objective} turns into an {@link Objective}. */
export type ObjectiveLike = Objective | Node | Program | ((x: Float64Array) => number);

/** Options of {@link objective}. */
export interface ObjectiveOptions {
  /**
   * For a graph: its variables (or their names) in the order of the parameter
   * vector. May be left out when the graph has a single variable.
   */
  inputs?: readonly (Node | string)[];
}

/**
 * Normalizes an objective: a graph is compiled once over its inputs (so every
 * value and gradient is a sweep of the compiled program), a {@link Program}
 * with one output is wrapped, a plain function becomes a derivative-free
 * objective, and an object `{ value, gradient? }` is checked and returned as is.
 *
 * @throws ArgumentError if the source is none of these, a program has several
 * outputs, or a graph with several variables is given no `inputs`.
 * @example
 * ```ts
 * import { variable, objective } from 'wengert';
 * const x = variable('x'), y = variable('y');
 * const f = objective(x.sub(1).square().add(y.square()), { inputs: [x, y] });
 * f.value(new Float64Array([3, 2]));                           // 8
 * f.gradient!(new Float64Array([3, 2]), new Float64Array(2));  // Float64Array [4, 4]
 * ```
 */
export function objective(source: ObjectiveLike, options: ObjectiveOptions = {}): Objective {
  return toObjective(source, optionsOf('objective', options), 'objective');
}

/** @internal {@link objective} with the caller's name in error messages. */
export function toObjective(source: unknown, options: ObjectiveOptions, where: string): Objective {
  if (source instanceof Node) {
    let inputs = options.inputs;
    if (inputs === undefined) {
      const names = [...tape(source, where).variables.keys()];
      if (names.length !== 1) {
        throw new ArgumentError(
          `${where}: the graph has ${names.length === 0 ? 'no variables' : `the variables ${names.map((n) => `'${n}'`).join(', ')}`}; ` +
            'pass { inputs: [...] } to fix the order of the parameter vector',
        );
      }
      inputs = names;
    }
    return fromProgram(compile(source, inputs), where);
  }
  if (source instanceof Program) return fromProgram(source, where);
  if (typeof source === 'function') {
    const value = source as (x: Float64Array) => number;
    return { value };
  }
  if (source !== null && typeof source === 'object' && typeof (source as Objective).value === 'function') {
    const o = source as Objective;
    if (o.gradient !== undefined && typeof o.gradient !== 'function') {
      throw new ArgumentError(`${where}: the objective's gradient is ${describe(o.gradient)}, expected a function`);
    }
    if (o.valueAndGradient !== undefined && typeof o.valueAndGradient !== 'function') {
      throw new ArgumentError(`${where}: the objective's valueAndGradient is ${describe(o.valueAndGradient)}, expected a function`);
    }
    return o;
  }
  throw new ArgumentError(
    `${where}: the objective is ${describe(source)}; expected a graph (Node), a compiled Program, a function of x, or { value, gradient }`,
  );
}

function fromProgram(p: Program, where: string): Objective {
  if (p.outputCount !== 1) throw new ArgumentError(`${where}: the program has ${p.outputCount} outputs; an objective has one`);
  const out = new Float64Array(1);
  return {
    dimension: p.layout.inputSize,
    value: (x) => (p.evaluate(x, out) as Float64Array)[0],
    gradient: (x, g) => p.gradient(x, g) as Float64Array,
    valueAndGradient: (x, g) => p.valueAndGradient(x, g).value,
  };
}

/** @internal Calls `f.value` and checks that it returned a number. */
export function valueOf(f: Objective, x: Float64Array, where: string): number {
  const v = f.value(x);
  if (typeof v !== 'number') throw new ArgumentError(`${where}: the objective returned ${describe(v)}, expected a number`);
  return v;
}

/** @internal f(x) with ∇f(x) written into `g`, through the fast path when there is one. */
export function valueAndGradientOf(f: Objective, x: Float64Array, g: Float64Array, where: string): number {
  if (f.valueAndGradient !== undefined) {
    const v = f.valueAndGradient(x, g);
    if (typeof v !== 'number') throw new ArgumentError(`${where}: the objective returned ${describe(v)}, expected a number`);
    return v;
  }
  if (f.gradient === undefined) {
    throw new ArgumentError(
      `${where}: the objective has no gradient; pass a graph, a compiled Program or { value, gradient } ` +
        '(or use nelderMead, which needs values only)',
    );
  }
  f.gradient(x, g);
  return valueOf(f, x, where);
}

/** @internal Copies a parameter vector into a new Float64Array, checking its entries (before allocating anything). */
export function toVector(x: unknown, where: string, what = 'x0'): Float64Array {
  const a = x as ArrayLike<unknown>;
  if (x === null || typeof x !== 'object' || !Number.isSafeInteger(a.length) || a.length < 0) {
    throw new ArgumentError(`${where}: ${what} must be an array of numbers or a Float64Array, got ${describe(x)}`);
  }
  if (a.length === 0) throw new ArgumentError(`${where}: ${what} is empty`);
  if (!(x instanceof Float64Array) || !x.every(Number.isFinite)) {
    for (let i = 0; i < a.length; i++) {
      const e = a[i];
      if (typeof e !== 'number' || !Number.isFinite(e)) throw new ArgumentError(`${where}: ${what}[${i}] is ${describe(e)}, expected a finite number`);
    }
  }
  return Float64Array.from(a as ArrayLike<number>);
}

/** @internal Throws a ShapeError unless x0 has the length the objective takes (when it knows it). */
export function checkDimension(objective: Objective, x0: Float64Array, where: string, inputs?: readonly unknown[]): void {
  const n = objective.dimension;
  if (n === undefined || n === x0.length) return;
  const names = inputs === undefined ? '' : ` (inputs: ${inputs.map((v) => (typeof v === 'string' ? v : v instanceof Node ? v.name : describe(v))).join(', ')})`;
  throw new ShapeError(`${where}: x0 has length ${x0.length}, but the objective takes ${n} parameters${names}`);
}

/**
 * An optimizer's loss (or its gradient) became NaN or ±∞ at an iterate. The
 * message names the step; `history` holds the run up to and including that
 * step, so the divergence can be plotted.
 *
 * @example
 * ```ts
 * const x = variable('x');
 * try { gradientDescent(x.square().sub(x.mul(6)).add(5), [15], { step: 10 }); } // |1 − 2·10| > 1: diverges
 * catch (e) { if (e instanceof NonFiniteLossError) console.log(e.step, e.value); } // 120 Infinity
 * ```
 */
export class NonFiniteLossError extends WengertError {
  override name = 'NonFiniteLossError';
  constructor(
    /** Iteration at which the loss became non-finite (0: the starting point). */
    readonly step: number,
    /** The loss there (NaN, +∞ or −∞; finite if only the gradient was not). */
    readonly value: number,
    /** What was non-finite. */
    readonly quantity: 'loss' | 'gradient',
    /** The run so far, ending with the offending iterate. */
    readonly history: unknown,
    where: string,
    /** The best point with a finite loss seen before (Nelder-Mead, whose history keeps only the best vertex). */
    readonly best?: { readonly x: Float64Array; readonly value: number },
  ) {
    super(
      `${where}: the ${quantity} became ${quantity === 'loss' ? String(value) : 'non-finite'} at step ${step}` +
        (step === 0 ? ' (the starting point)' : '') +
        (best === undefined
          ? '; try a smaller step or a line search'
          : `; the best finite point was x = [${Array.from(best.x).join(', ')}] with f = ${best.value} (is f bounded below?)`),
    );
  }
}

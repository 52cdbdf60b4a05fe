/**
 * Forward or reverse, for the user's own function: `compareModes` compiles it
 * once per backend and times every way to its full Jacobian after a warm-up —
 * forward mode one direction a sweep (n sweeps), forward mode with many
 * directions a sweep (the compiled Jacobian's 32), reverse mode (m sweeps),
 * each on generated JavaScript and on the interpreter, and centered
 * differences (2n evaluations) — next to the cost model of mode-choice.ts.
 * It says which mode wins, by how much, and why.
 *
 * A route whose full Jacobian would take longer than `maxCall` is timed sweep
 * by sweep (each sweep costs the same) and the time per sweep multiplied by
 * the sweeps: the row says so.
 */
import { ArgumentError, describe } from '../errors.js';
import { checkNumber, optionsOf } from '../arguments.js';
import { checkBindings, lookup, bindArray, type Bindings } from '../graph/bindings.js';
import { internalVariable, lift, Node, type NodeLike } from '../graph/node.js';
import { outputList, tape } from '../graph/tape.js';
import type { ArrayValue } from '../graph/values.js';
import type { Backend } from '../engine/program-io.js';
import { compile, type Program } from './program.js';
import type { ProgramLayout } from './compiled-array-program.js';
import { JACOBIAN_DIRECTIONS } from './compiled-scalar-program.js';
import { cheaperMode, modelledCosts, type Mode } from './mode-choice.js';
import { timeCalls } from './timing.js';

/** Options of {@link compareModes}; times are in milliseconds. */
export interface CompareModesOptions {
  /** Warm-up of each route before its samples (default 200 ms). */
  warmup?: number;
  /** Sampling time of each route (default 200 ms). */
  budget?: number;
  /** A route whose full Jacobian would take longer is timed sweep by sweep and extrapolated (default 250 ms). */
  maxCall?: number;
  /** Backends to time (default both, `['js', 'interpreter']`). */
  backends?: readonly Backend[];
  /** The step of the centered differences (default 1e-6, as `numericalGradient`). */
  h?: number;
  /** For a graph: its inputs, variables or names, in order (default: the graph's variables in the order `at` binds them). */
  inputs?: readonly (Node | string)[];
}

/** One way to the full Jacobian, measured. */
export interface ModeRow {
  /** What it does, e.g. `forward, 1 direction a sweep`. */
  route: string;
  mode: Mode | 'differences';
  backend: Backend;
  /** Sweeps per Jacobian (evaluation pairs, for differences). */
  sweeps: number;
  /** Milliseconds per full Jacobian: the median of the samples. */
  ms: number;
  /** `ms` over the fastest row's. */
  ratio: number;
  /** `ms` in evaluations of the function on the same backend. */
  evaluations: number;
  /** The cost model's operations for the route (see mode-choice.ts). */
  operations: number;
  /** The cost model's prediction, in evaluations: `operations` over one evaluation's. */
  predicted: number;
  /** Timed sweep by sweep and multiplied by `sweeps` (the full Jacobian would exceed `maxCall`). */
  extrapolated: boolean;
  /** Largest |J − reference| over the entries the route computed, relative to max(1, max |reference|). */
  error: number;
}

/** What {@link compareModes} measured, and its verdict. */
export interface ModeComparison {
  /** Scalar inputs and outputs. */
  n: number;
  m: number;
  /** The program's operation counts (`stats.operations`). */
  operations: { forward: number; reverse: number };
  /** Milliseconds of one evaluation, by backend. */
  evaluation: Partial<Record<Backend, number>>;
  /** Every route, fastest first. */
  rows: ModeRow[];
  /** The mode the cost model predicts cheaper (what `jacobian`'s `'auto'` picks). */
  predicted: Mode;
  /** The mode of the fastest route of either mode. */
  measured: Mode;
  /** The best time of the slower mode over the best of the faster (≥ 1). */
  gap: number;
  /** The mode to use, its fastest route, and why, in words. */
  recommendation: { mode: Mode; route: string; reason: string };
  /** The Jacobian (one row per output), from the compiled program in the predicted mode. */
  jacobian: Float64Array[];
}

/** A measured gap narrower than this is within a shared machine's noise: the model decides. */
export const DECISIVE_GAP = 1.5;

interface Route {
  readonly route: string;
  readonly mode: Mode | 'differences';
  readonly backend: Backend;
  readonly sweeps: number;
  readonly operations: number;
  /** Sweep k, writing its column(s) or row into J; or undefined when the route runs whole (`whole`). */
  readonly sweep?: (k: number, J: Float64Array[]) => void;
  readonly whole?: () => Float64Array[];
  /** Whether sweep k fills column k (forward, differences) or row k (reverse). */
  readonly columns: boolean;
}

/**
 * Times every route to the full Jacobian of `f` — forward mode (one direction a
 * sweep, and 32 a sweep), reverse mode, on generated JavaScript and on the
 * interpreter, and centered differences — after a warm-up, and says which mode
 * wins and why. `f` is a graph (a node or a list of nodes, with bindings by
 * variable name) or a function of nodes with its arguments, as the transforms
 * take them (numbers, arrays of numbers, Float64Arrays, `{ data, shape }`).
 * @example
 * ```ts
 * const xs = Array.from({ length: 1000 }, (_, i) => variable(`x${i}`));
 * const r = compareModes(rosenbrock(xs), Object.fromEntries(xs.map((v) => [v.name, 1.5])));
 * r.recommendation.reason; // 'reverse: m = 1 output, n = 1000 inputs: 1 reverse sweep (model ≈ 4.3 evaluations) …'
 * compareModes((x: Node) => [x.sin(), x.cos()], [0.5]).measured; // 'forward'
 * ```
 */
export function compareModes(f: Node | readonly Node[], at: Bindings, options?: CompareModesOptions): ModeComparison;
export function compareModes(f: (...args: any[]) => unknown, args: readonly (number | readonly number[] | Float64Array | ArrayValue)[], options?: CompareModesOptions): ModeComparison;
export function compareModes(f: unknown, at: unknown, options: CompareModesOptions = {}): ModeComparison {
  const where = 'compareModes';
  const o = optionsOf(where, options);
  const warmup = o.warmup === undefined ? 200 : checkNumber(where, 'warmup', o.warmup, { min: 0, max: 600_000 });
  const budget = o.budget === undefined ? 200 : checkNumber(where, 'budget', o.budget, { min: 0, max: 600_000 });
  const maxCall = o.maxCall === undefined ? 250 : checkNumber(where, 'maxCall', o.maxCall, { min: 0, max: 600_000 });
  const h = o.h === undefined ? 1e-6 : checkNumber(where, 'h', o.h, { min: 0, minOpen: true });
  const backends = backendsOf(where, o.backends);
  const { outputs, inputs, point } = typeof f === 'function' ? traced(where, f as (...a: unknown[]) => unknown, at, o.inputs) : graphOf(where, f, at, o.inputs);

  const programs = new Map<Backend, Program>(backends.map((b) => [b, compile(outputs, inputs, { backend: b })]));
  const first = programs.get(backends[0])!;
  const x = point(first.layout);
  const n = first.layout.inputSize;
  const m = first.layout.outputSize;
  const arrays = first.layout.inputs.some((s) => s.shape.length > 0) || first.layout.outputs.some((s) => s.shape.length > 0) || outputs.some((node) => node.hasArrays);
  const stats = first.stats.operations;
  // an array program counts its reverse sweep's whole derivative graph (and only for one scalar output): the model takes R = F there
  const F = Math.max(1, stats.forward);
  const R = arrays ? F : Math.max(1, stats.reverse);
  const directions = arrays ? 1 : JACOBIAN_DIRECTIONS;
  const model = modelledCosts({ n, m, forwardOps: F, partialTerms: R, directions });
  const predicted = cheaperMode({ n, m, forwardOps: F, partialTerms: R, directions });
  const reference = first.jacobian(x, { mode: predicted });

  const evaluation: Partial<Record<Backend, number>> = {};
  const out = new Float64Array(m);
  for (const [b, p] of programs) evaluation[b] = timeCalls(() => p.evaluate(x, out), { warmup, budget }).median;

  const routes: Route[] = [];
  for (const [b, p] of programs) routes.push(forwardRoute(p, b, x, n, m, model.forward), reverseRoute(p, b, x, n, m, model.reverse));
  if (!arrays) {
    // the compiled Jacobian's tangent sweeps run on the interpreter whatever the backend (see CompiledScalarProgram.jacobian)
    const b: Backend = programs.has('interpreter') ? 'interpreter' : backends[0];
    const p = programs.get(b)!;
    routes.push({
      route: `forward, ${JACOBIAN_DIRECTIONS} directions a sweep`,
      mode: 'forward',
      backend: 'interpreter',
      sweeps: Math.ceil(n / JACOBIAN_DIRECTIONS),
      operations: model.forwardVector,
      whole: () => p.jacobian(x, { mode: 'forward' }),
      columns: true,
    });
  }
  const fdBackend: Backend = programs.has('js') ? 'js' : backends[0];
  routes.push(differencesRoute(programs.get(fdBackend)!, fdBackend, x, n, m, h, model.differences));

  const rows = routes.map((r) => measure(r, reference, { warmup, budget, maxCall, evaluation: evaluation[r.backend]!, F, n, m }));
  const fastest = Math.min(...rows.map((r) => r.ms));
  for (const r of rows) r.ratio = r.ms / fastest;
  rows.sort((a, b) => a.ms - b.ms);

  const best = (mode: Mode) => rows.find((r) => r.mode === mode)!;
  const [fw, rv] = [best('forward'), best('reverse')];
  const measured: Mode = fw.ms <= rv.ms ? 'forward' : 'reverse';
  const gap = Math.max(fw.ms, rv.ms) / Math.min(fw.ms, rv.ms);
  const mode = gap >= DECISIVE_GAP ? measured : predicted;
  const recommendation = { mode, route: `${best(mode).route} (${best(mode).backend})`, reason: reason({ n, m, mode, predicted, measured, gap, fw, rv, model, F }) };
  return { n, m, operations: { ...stats }, evaluation, rows, predicted, measured, gap, recommendation, jacobian: reference };
}

function backendsOf(where: string, given: unknown): Backend[] {
  if (given === undefined) return ['js', 'interpreter'];
  if (!Array.isArray(given) || given.length === 0) throw new ArgumentError(`${where}: backends must be a non-empty array of 'js' and 'interpreter', got ${describe(given)}`);
  given.forEach((b, k) => {
    if (b !== 'js' && b !== 'interpreter') throw new ArgumentError(`${where}: backends[${k}] must be 'js' or 'interpreter', got ${describe(b)}`);
  });
  return [...new Set(given as Backend[])];
}

/** A graph's outputs and inputs, and the flat point from bindings by name once the program's layout is known. */
function graphOf(where: string, f: unknown, at: unknown, given: readonly (Node | string)[] | undefined): Traced {
  const outputs = outputList(f, where);
  checkBindings(at, where, 'at');
  const t = tape(outputs, where);
  // by default the variables in the order `at` binds them (then any it misses, which binding reports)
  const graphVariables = new Map([...t.variables].map(([name, slots]) => [name, t.nodes[slots[0]]]));
  const bound = (at instanceof Map ? [...at.keys()] : Object.keys(at)).filter((name) => graphVariables.has(name));
  const inputs = given ?? [...new Set([...bound, ...graphVariables.keys()])].map((name) => graphVariables.get(name)!);
  if (!Array.isArray(inputs)) throw new ArgumentError(`${where}: inputs must be an array of variables or names, got ${describe(inputs)}`);
  if (inputs.length === 0) throw new ArgumentError(`${where}: the outputs have no variables to differentiate with respect to`);
  const point = (layout: ProgramLayout) => {
    const x = new Float64Array(layout.inputSize);
    for (const s of layout.inputs) bindArray(s.name, s.shape, lookup(at, s.name), x.subarray(s.offset, s.offset + s.size));
    return x;
  };
  return { outputs, inputs, point };
}

interface Traced {
  readonly outputs: readonly Node[];
  readonly inputs: readonly (Node | string)[];
  readonly point: (layout: ProgramLayout) => Float64Array;
}

/** A function's graph over variables of its own, one per scalar argument (a scalar list gives one per element). */
function traced(where: string, f: (...a: unknown[]) => unknown, args: unknown, given: unknown): Traced {
  if (given !== undefined) throw new ArgumentError(`${where}: inputs is for a graph; a function's inputs are its arguments`);
  if (!Array.isArray(args)) throw new ArgumentError(`${where}: args must be an array with one entry per argument of the function, got ${describe(args)}`);
  if (args.length === 0) throw new ArgumentError(`${where}: args is empty: the function needs at least one argument to differentiate with respect to`);
  const inputs: Node[] = [];
  const values: number[] = [];
  const prefix = `compareModes ${traceCount++}:`;
  const params = args.map((a, i) => {
    const name = `${prefix}${i}`;
    if (typeof a === 'number') {
      checkNumber(where, `argument ${i + 1}`, a, { infinite: true });
      values.push(a);
      inputs.push(internalVariable(name));
      return inputs[inputs.length - 1];
    }
    if (Array.isArray(a)) {
      return a.map((v, j) => {
        if (typeof v !== 'number') throw new ArgumentError(`${where}: argument ${i + 1}[${j}] is ${describe(v)}, expected a number`);
        values.push(v);
        inputs.push(internalVariable(`${name}.${j}`));
        return inputs[inputs.length - 1];
      });
    }
    const array = a instanceof Float64Array ? { data: a, shape: [a.length] } : isArrayValue(a) ? a : undefined;
    if (array === undefined) throw new ArgumentError(`${where}: argument ${i + 1} is ${describe(a)}, expected a number, an array of numbers, a Float64Array or { data, shape }`);
    const size = array.shape.reduce((p, d) => p * d, 1);
    if (array.data.length !== size) throw new ArgumentError(`${where}: argument ${i + 1} has ${array.data.length} values for shape [${array.shape.join(', ')}]`);
    for (const v of array.data) values.push(v);
    inputs.push(internalVariable(name, array.shape));
    return inputs[inputs.length - 1];
  });
  const result = f(...params);
  const outputs = Array.isArray(result) ? result.map((r, k) => lift(r as NodeLike, `${where}: output`, k)) : [lift(result as NodeLike, `${where}: the function's result`, 0)];
  if (outputs.length === 0) throw new ArgumentError(`${where}: the function returned no outputs`);
  const x = Float64Array.from(values);
  return { outputs, inputs, point: () => x };
}

let traceCount = 0;

function isArrayValue(a: unknown): a is ArrayValue {
  return typeof a === 'object' && a !== null && (a as ArrayValue).data instanceof Float64Array && Array.isArray((a as ArrayValue).shape);
}

/** n tangent sweeps of one direction each: column k from J·eₖ. */
function forwardRoute(p: Program, backend: Backend, x: Float64Array, n: number, m: number, operations: number): Route {
  const direction = new Float64Array(n);
  const column = new Float64Array(m);
  return {
    route: 'forward, 1 direction a sweep',
    mode: 'forward',
    backend,
    sweeps: n,
    operations,
    columns: true,
    sweep: (k, J) => {
      direction[k] = 1;
      p.jvp(x, direction, column);
      direction[k] = 0;
      for (let r = 0; r < m; r++) J[r][k] = column[r];
    },
  };
}

/** m adjoint sweeps: row r from eᵣᵀ·J (for one scalar output, the program's gradient). */
function reverseRoute(p: Program, backend: Backend, x: Float64Array, n: number, m: number, operations: number): Route {
  const cotangent = new Float64Array(m);
  const scalar = m === 1 && p.layout.outputs[0].shape.length === 0;
  return {
    route: m === 1 ? 'reverse, 1 sweep (gradient)' : 'reverse, 1 sweep an output',
    mode: 'reverse',
    backend,
    sweeps: m,
    operations,
    columns: false,
    sweep: scalar
      ? (_, J) => p.gradient(x, J[0])
      : (r, J) => {
          cotangent[r] = 1;
          p.vjp(x, cotangent, J[r]);
          cotangent[r] = 0;
        },
  };
}

/** Column k from (f(x + h·eₖ) − f(x − h·eₖ)) / 2h: two evaluations a column. */
function differencesRoute(p: Program, backend: Backend, x: Float64Array, n: number, m: number, h: number, operations: number): Route {
  const xp = Float64Array.from(x);
  const up = new Float64Array(m);
  const down = new Float64Array(m);
  return {
    route: `centered differences (h = ${h < 1e-3 ? h.toExponential() : h})`,
    mode: 'differences',
    backend,
    sweeps: n,
    operations,
    columns: true,
    sweep: (k, J) => {
      xp[k] = x[k] + h;
      p.evaluate(xp, up);
      xp[k] = x[k] - h;
      p.evaluate(xp, down);
      xp[k] = x[k];
      for (let r = 0; r < m; r++) J[r][k] = (up[r] - down[r]) / (2 * h);
    },
  };
}

interface Measure {
  readonly warmup: number;
  readonly budget: number;
  readonly maxCall: number;
  readonly evaluation: number;
  readonly F: number;
  readonly n: number;
  readonly m: number;
}

function measure(route: Route, reference: readonly Float64Array[], s: Measure): ModeRow {
  const J = Array.from({ length: s.m }, () => new Float64Array(s.n));
  const touched = new Uint8Array(route.sweeps);
  let ms: number;
  let extrapolated = false;
  if (route.whole !== undefined) {
    let result: Float64Array[] = [];
    const t = performance.now();
    result = route.whole();
    const cold = performance.now() - t;
    ms = timeCalls(() => (result = route.whole!()), { warmup: s.warmup, budget: s.budget, minSamples: cold > s.budget ? 1 : 3 }).median;
    result.forEach((row, r) => J[r].set(row));
    touched.fill(1);
  } else {
    const sweep = route.sweep!;
    sweep(0, J); // the first call may generate and compile code: the estimate is from the second
    touched[0] = 1;
    const t = performance.now();
    sweep(0, J);
    const second = performance.now() - t;
    if (route.sweeps === 1 || second * route.sweeps <= s.maxCall) {
      const whole = () => {
        for (let k = 0; k < route.sweeps; k++) sweep(k, J);
      };
      ms = timeCalls(whole, { warmup: s.warmup, budget: s.budget }).median;
      touched.fill(1);
    } else {
      let k = 0;
      const one = () => {
        sweep(k, J);
        touched[k] = 1;
        k = k + 1 === route.sweeps ? 0 : k + 1;
      };
      ms = timeCalls(one, { warmup: s.warmup, budget: s.budget }).median * route.sweeps;
      extrapolated = true;
    }
  }
  return {
    route: route.route,
    mode: route.mode,
    backend: route.backend,
    sweeps: route.sweeps,
    ms,
    ratio: NaN,
    evaluations: ms / s.evaluation,
    operations: route.operations,
    predicted: route.operations / s.F,
    extrapolated,
    error: jacobianError(J, reference, touched, route.columns, route.whole !== undefined),
  };
}

/** The largest |J − reference| over the columns (or rows) the route computed, relative to max(1, max |reference|). */
function jacobianError(J: readonly Float64Array[], reference: readonly Float64Array[], touched: Uint8Array, columns: boolean, all: boolean): number {
  let scale = 1;
  for (const row of reference) for (const v of row) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  reference.forEach((row, r) => {
    for (let k = 0; k < row.length; k++) {
      if (!all && !touched[columns ? k : r]) continue;
      const d = Math.abs(J[r][k] - row[k]);
      worst = Math.max(worst, Number.isNaN(d) ? Infinity : d);
    }
  });
  return worst / scale;
}

const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
const evaluations = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toPrecision(2));

/**
 * Formats milliseconds: 3 significant digits, in µs below 1 ms and in s from 1000 ms.
 * @example
 * ```ts
 * formatMs(0.0123); // '12.3 µs'
 * formatMs(2500); // '2.50 s'
 * ```
 */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 1e-3) return `${(ms * 1e6).toPrecision(3)} ns`;
  if (ms < 1) return `${(ms * 1000).toPrecision(3)} µs`;
  if (ms < 1000) return `${ms.toPrecision(3)} ms`;
  return `${(ms / 1000).toPrecision(3)} s`;
}

/** The verdict in words: the sizes, the model's sweep counts, and the measured times. */
function reason(v: {
  n: number;
  m: number;
  mode: Mode;
  predicted: Mode;
  measured: Mode;
  gap: number;
  fw: ModeRow;
  rv: ModeRow;
  model: ReturnType<typeof modelledCosts>;
  F: number;
}): string {
  const { n, m, model, F } = v;
  const sizes = `m = ${plural(m, 'output')}, n = ${plural(n, 'input')}`;
  const vector = model.forwardVector < model.forward ? `; ${evaluations(model.forwardVector / F)} with ${JACOBIAN_DIRECTIONS} directions a sweep` : '';
  const sweeps =
    v.mode === 'reverse'
      ? `${plural(m, 'reverse sweep')} (model ≈ ${evaluations(model.reverse / F)} evaluations) against ${plural(n, 'forward sweep')} (≈ ${evaluations(model.forward / F)}${vector})`
      : `${plural(n, 'forward sweep')} (model ≈ ${evaluations(model.forward / F)} evaluations${vector}) against ${plural(m, 'reverse sweep')} (≈ ${evaluations(model.reverse / F)})`;
  const [win, lose] = v.measured === 'forward' ? [v.fw, v.rv] : [v.rv, v.fw];
  const times = `measured: ${v.measured} ${formatMs(win.ms)} (${win.route}, ${win.backend}) against ${formatMs(lose.ms)} (${lose.route}, ${lose.backend}), ${v.gap.toFixed(v.gap < 10 ? 1 : 0)}× apart`;
  let note = '';
  if (v.gap < DECISIVE_GAP) note = `; within ${DECISIVE_GAP}×, timing noise on a shared machine can swap them: the model decides`;
  else if (v.predicted !== v.measured) note = `; the operation-count model predicted ${v.predicted}: this engine's per-sweep costs differ from the model's here`;
  return `${v.mode}: ${sizes}: ${sweeps}; ${times}${note}`;
}

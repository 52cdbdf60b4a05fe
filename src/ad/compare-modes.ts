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
import { Node } from '../graph/node.js';
import { traceAt } from './transforms.js';
import { outputList, tape } from '../graph/tape.js';
import type { ArrayValue } from '../graph/values.js';
import type { Backend } from '../engine/program-io.js';
import { compile, type Program } from './program.js';
import type { ProgramLayout } from './compiled-array-program.js';
import { JACOBIAN_DIRECTIONS } from './compiled-scalar-program.js';
import { cheaperMode, modelledCosts, type Mode } from './mode-choice.js';
import { timeCalls } from './timing.js';
import { differencesRoute, forwardRoute, measure, type ModeRow, reverseRoute, type Route } from './mode-routes.js';

export type { ModeRow } from './mode-routes.js';

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

/** A function's graph over the variables the transforms would trace it with, and the point its arguments make. */
function traced(where: string, f: (...a: unknown[]) => unknown, args: unknown, given: unknown): Traced {
  if (given !== undefined) throw new ArgumentError(`${where}: inputs is for a graph; a function's inputs are its arguments`);
  if (!Array.isArray(args)) throw new ArgumentError(`${where}: args must be an array with one entry per argument of the function, got ${describe(args)}`);
  if (args.length === 0) throw new ArgumentError(`${where}: args is empty: the function needs at least one argument to differentiate with respect to`);
  args.forEach((a, i) => {
    if (typeof a === 'number') checkNumber(where, `argument ${i + 1}`, a, { infinite: true });
  });
  const { outputs, inputs, point } = traceAt(f, args, where);
  if (outputs.length === 0) throw new ArgumentError(`${where}: the function returned no outputs`);
  return { outputs, inputs, point: () => point };
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

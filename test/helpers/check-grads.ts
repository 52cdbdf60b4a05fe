/**
 * Gradient checks in the manner of the peers' test utilities, over wengert's
 * function transforms, so their suites can be ported case for case.
 *
 * `checkGrads(f, args)` follows JAX's `check_grads` (jax/_src/public_test_util.py):
 * - forward mode: `jvp(f, args, t)` along one random direction t must match the
 *   centered difference (f(x + εt) − f(x − εt)) / 2ε (ε = 1e-4), and its primal
 *   output must match f(x);
 * - reverse mode: for random t and a random cotangent c, ⟨t, vjp(c)⟩ must match
 *   ⟨numerical jvp(t), c⟩ (the dot-product identity);
 * - to order k: the same checks, recursively, on (x, t) ↦ jvp(f, x, t) at (x, x)
 *   and on x ↦ vjp(f, x)(f(x)), built with the transforms themselves, so each
 *   order differentiates the derivative graph of the one below;
 * - closeness as `numpy.testing.assert_allclose` with JAX's float64 gradient
 *   tolerance: |actual − expected| ≤ atol·n + rtol·n·|expected| per output of n
 *   elements, atol = rtol = 1e-5; NaN matches NaN, ±∞ matches itself.
 *
 * With `convention: 'autograd'` it follows HIPS/autograd's `check_grads`
 * (autograd/test_util.py) instead: ε = 1e-6 with steps of ±ε/2, every product
 * compared through a random projection, close when |a − b| < 1e-6 or
 * |a − b| / |a + b| < 1e-6, and the order-k recursion on (x, v) ↦ jvp(f, x)(v)
 * and (x, v) ↦ vjp(f, x)(v) at a random v. Autograd's own checks only the first
 * argument unless told otherwise; this one checks every argument.
 *
 * Arguments are numbers, lists of numbers, or arrays ({ data, shape } or a
 * Float64Array); `f` takes nodes (a list argument as a list of scalar nodes)
 * and returns a node or a list of nodes. f(x) itself is computed by calling f
 * once on variables of the check's own and evaluating that graph at each point
 * (or, where f cannot be traced so, by calling it on constants at each point).
 */
import { constant, evaluate, jvp, Node, UnboundVariableError, variable, vjp, type ArrayValue, type Value } from '../../src/index.js';
import { seeded, uniform53 } from './array-reference.js';

/** An argument of a checked function. */
export type CheckArg = number | readonly number[] | Float64Array | ArrayValue;

type Fn = (...args: any[]) => unknown;

export interface CheckGradsOptions {
  /** Derivatives are checked up to this order (default 2, as both peers). */
  order?: number;
  /** Which modes to check (default both). */
  modes?: readonly ('fwd' | 'rev')[];
  /** Absolute and relative tolerance (JAX convention; default 1e-5, JAX's float64 gradient tolerance). */
  atol?: number;
  rtol?: number;
  /** Step of the centered differences (default 1e-4 for JAX, 1e-6 for autograd). */
  eps?: number;
  /** Whose check to run (default 'jax'). */
  convention?: 'jax' | 'autograd';
  /** Seed of the random directions (default 0, as JAX's RandomState(0)). */
  seed?: number;
}

/** JAX's default finite-difference step (`EPS`). */
export const JAX_EPS = 1e-4;
/** JAX's `default_gradient_tolerance` for float64, used as both atol and rtol. */
export const JAX_FLOAT64_GRADIENT_TOLERANCE = 1e-5;
/** autograd's `EPS`, `TOL` and `RTOL`. */
export const AUTOGRAD_EPS = 1e-6;
export const AUTOGRAD_TOL = 1e-6;

/** Thrown when a check fails; the message names the route (e.g. `VJP of JVP`) and the numbers. */
export class GradientCheckError extends Error {}

// ---------------------------------------------------------------------------
// Flattening: arguments and outputs as flat vectors plus a layout

type Leaf = { readonly tag: 'scalar' } | { readonly tag: 'list'; readonly n: number } | { readonly tag: 'array'; readonly shape: readonly number[] };

function leafOf(a: unknown): Leaf {
  if (typeof a === 'number') return { tag: 'scalar' };
  if (a instanceof Float64Array) return { tag: 'array', shape: [a.length] };
  if (Array.isArray(a)) return { tag: 'list', n: a.length };
  const v = a as ArrayValue;
  if (v !== null && typeof v === 'object' && v.data instanceof Float64Array) return { tag: 'array', shape: v.shape };
  throw new TypeError(`checkGrads: cannot check a value ${String(a)}`);
}

function leafSize(l: Leaf): number {
  return l.tag === 'scalar' ? 1 : l.tag === 'list' ? l.n : l.shape.reduce((p, d) => p * d, 1);
}

function flatten(values: readonly unknown[]): Float64Array {
  const out: number[] = [];
  for (const v of values) {
    if (typeof v === 'number') out.push(v);
    else if (v instanceof Float64Array) out.push(...v);
    else if (Array.isArray(v)) out.push(...(v as number[]));
    else out.push(...(v as ArrayValue).data);
  }
  return Float64Array.from(out);
}

function rebuild(layout: readonly Leaf[], flat: ArrayLike<number>): CheckArg[] {
  let k = 0;
  return layout.map((l) => {
    const n = leafSize(l);
    const part = Array.from({ length: n }, (_, i) => flat[k + i]);
    k += n;
    if (l.tag === 'scalar') return part[0];
    if (l.tag === 'list') return part;
    return { data: Float64Array.from(part), shape: l.shape.slice() };
  });
}

/** A function's outputs as a list (a single output becomes a list of one). */
function asList<T>(v: T | readonly T[]): T[] {
  return Array.isArray(v) ? (v as T[]).slice() : [v as T];
}

/** f called once on variables of its own: its outputs, and those variables' names by argument. */
interface Traced {
  readonly outputs: Node[];
  readonly names: readonly (string | string[])[];
}

/** Per function and argument layout: its trace, or 'constants' when it cannot be traced on free variables. */
const traced = new WeakMap<Fn, Map<string, Traced | 'constants'>>();
let traceCount = 0;

function layoutKey(layout: readonly Leaf[]): string {
  return layout.map((l) => (l.tag === 'scalar' ? 's' : l.tag === 'list' ? `l${l.n}` : `a${l.shape.join('x')}`)).join(',');
}

function outputsOf(f: Fn, params: unknown[]): Node[] {
  return asList(f(...params) as Node | number | readonly (Node | number)[]).map((o) => (o instanceof Node ? o : constant(o)));
}

/**
 * f traced on variables named for this check alone, once per argument layout.
 * A function that calls a transform on numbers inside, closing over its
 * argument (autograd's "enclosing scope" tests), needs its argument's value to
 * trace: it cannot be traced on a free variable, and is called on constants at
 * each point instead.
 */
function traceOf(f: Fn, layout: readonly Leaf[]): Traced | 'constants' {
  let byLayout = traced.get(f);
  if (byLayout === undefined) traced.set(f, (byLayout = new Map()));
  const key = layoutKey(layout);
  const hit = byLayout.get(key);
  if (hit !== undefined) return hit;
  const id = traceCount++;
  const names = layout.map((l, i) => (l.tag === 'list' ? Array.from({ length: l.n }, (_, j) => `checkGrads ${id}:${i}.${j}`) : `checkGrads ${id}:${i}`));
  const params = layout.map((l, i) => {
    if (l.tag === 'scalar') return variable(names[i] as string);
    if (l.tag === 'list') return (names[i] as string[]).map((name) => variable(name));
    return variable(names[i] as string, l.shape);
  });
  let t: Traced | 'constants';
  try {
    t = { outputs: outputsOf(f, params), names };
  } catch (e) {
    if (!(e instanceof UnboundVariableError)) throw e;
    t = 'constants';
  }
  byLayout.set(key, t);
  return t;
}

/** f(args): its trace evaluated at the arguments (or f called on constants, see traceOf). */
function evaluateAt(f: Fn, args: readonly CheckArg[]): Value[] {
  const layout = args.map(leafOf);
  const t = traceOf(f, layout);
  if (t === 'constants') {
    const nodes = args.map((a, i) => {
      const l = layout[i];
      if (l.tag === 'scalar') return constant(a as number);
      if (l.tag === 'list') return (a as number[]).map((v) => constant(v));
      return constant(a instanceof Float64Array ? a : (a as ArrayValue).data, l.shape);
    });
    return evaluate(outputsOf(f, nodes), {}) as Value[];
  }
  const at: Record<string, number | ArrayValue> = {};
  args.forEach((a, i) => {
    const l = layout[i];
    if (l.tag === 'scalar') at[t.names[i] as string] = a as number;
    else if (l.tag === 'list') (t.names[i] as string[]).forEach((name, j) => (at[name] = (a as number[])[j]));
    else at[t.names[i] as string] = { data: a instanceof Float64Array ? a : (a as ArrayValue).data, shape: l.shape.slice() };
  });
  return evaluate(t.outputs, at) as Value[];
}

// ---------------------------------------------------------------------------
// Random directions

/** Standard normal numbers (Box–Muller over a seeded 53-bit uniform). */
export function gaussian(seed: number): () => number {
  const rand = seeded(seed);
  return () => {
    const u = 1 - uniform53(rand);
    const v = uniform53(rand);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

function randomLike(randn: () => number, layout: readonly Leaf[]): CheckArg[] {
  const n = layout.reduce((s, l) => s + leafSize(l), 0);
  return rebuild(layout, Array.from({ length: n }, randn));
}

function inner(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

// ---------------------------------------------------------------------------
// Closeness

interface Tolerance {
  atol: number;
  rtol: number;
}

/** numpy's assert_allclose per output leaf, tolerances scaled by the leaf's size as JAX's check_close does. */
function assertClose(what: string, actual: Float64Array, expected: Float64Array, layout: readonly Leaf[], tol: Tolerance): void {
  if (actual.length !== expected.length) throw new GradientCheckError(`${what}: ${actual.length} values, expected ${expected.length}`);
  let k = 0;
  for (const l of layout) {
    const n = leafSize(l);
    for (let i = k; i < k + n; i++) {
      const a = actual[i];
      const b = expected[i];
      if (a === b || (Number.isNaN(a) && Number.isNaN(b))) continue;
      if (!(Math.abs(a - b) <= tol.atol * n + tol.rtol * n * Math.abs(b))) {
        throw new GradientCheckError(`${what}: element ${i} is ${a}, expected ${b} (difference ${a - b}, tolerance ${tol.atol * n + tol.rtol * n * Math.abs(b)})`);
      }
    }
    k += n;
  }
}

/** autograd's scalar_close. */
function assertScalarClose(what: string, a: number, b: number): void {
  const d = Math.abs(a - b);
  if (!(d < AUTOGRAD_TOL || d / Math.abs(a + b) < AUTOGRAD_TOL)) {
    throw new GradientCheckError(`${what}: ${a} and ${b} differ by ${a - b}`);
  }
}

// ---------------------------------------------------------------------------
// Numerical Jacobian-vector products

/** JAX's numerical_jvp: (f(x + εt) − f(x − εt)) · ½/ε, with ∞ − ∞ taken as 0 where the two sides are equal. */
function jaxNumericalJvp(f: Fn, layout: readonly Leaf[], x: Float64Array, t: Float64Array, eps: number): { tangent: Float64Array; outputs: Leaf[] } {
  const plus = evaluateAt(f, rebuild(layout, x.map((v, i) => v + eps * t[i])));
  const minus = evaluateAt(f, rebuild(layout, x.map((v, i) => v - eps * t[i])));
  const p = flatten(plus);
  const m = flatten(minus);
  return { tangent: p.map((v, i) => (v === m[i] ? 0 : v - m[i]) * (0.5 / eps)), outputs: plus.map(leafOf) };
}

/** autograd's make_numerical_jvp: (f(x + tε/2) − f(x − tε/2)) / ε. */
function autogradNumericalJvp(f: Fn, layout: readonly Leaf[], x: Float64Array, t: Float64Array, eps: number): Float64Array {
  const p = flatten(evaluateAt(f, rebuild(layout, x.map((v, i) => v + (eps / 2) * t[i]))));
  const m = flatten(evaluateAt(f, rebuild(layout, x.map((v, i) => v - (eps / 2) * t[i]))));
  return p.map((v, i) => (v - m[i]) / eps);
}

// ---------------------------------------------------------------------------
// JAX's check_jvp, check_vjp and check_grads

interface Settings extends Tolerance {
  eps: number;
  order: number;
  modes: readonly ('fwd' | 'rev')[];
  seed: number;
}

function jaxCheckJvp(f: Fn, args: readonly CheckArg[], s: Settings, what: string): void {
  const layout = args.map(leafOf);
  const randn = gaussian(s.seed);
  const tangent = randomLike(randn, layout);
  const { value, tangent: out } = jvp(f, args as never, tangent as never) as { value: Value | Value[]; tangent: Value | Value[] };
  const expectedValue = evaluateAt(f, args);
  const outputs = expectedValue.map(leafOf);
  const numeric = jaxNumericalJvp(f, layout, flatten(args), flatten(tangent), s.eps);
  assertClose(`${what} primal`, flatten(asList(value)), flatten(expectedValue), outputs, s);
  assertClose(`${what} tangent`, flatten(asList(out)), numeric.tangent, outputs, s);
}

function jaxCheckVjp(f: Fn, args: readonly CheckArg[], s: Settings, what: string): void {
  const layout = args.map(leafOf);
  const randn = gaussian(s.seed);
  const { value, vjp: pullback } = vjp(f, ...(args as never[])) as { value: Value | Value[]; vjp: (c: unknown) => unknown[] };
  const expectedValue = evaluateAt(f, args);
  const outputs = expectedValue.map(leafOf);
  assertClose(`${what} primal`, flatten(asList(value)), flatten(expectedValue), outputs, s);
  const tangent = randomLike(randn, layout);
  const tangentOut = jaxNumericalJvp(f, layout, flatten(args), flatten(tangent), s.eps).tangent;
  const cotangent = randomLike(randn, outputs);
  const single = !Array.isArray(value);
  const cotangentOut = pullback(single ? cotangent[0] : cotangent);
  const ip = inner(flatten(tangent), flatten(cotangentOut));
  const expected = inner(tangentOut, flatten(cotangent));
  assertClose(`${what} cotangent projection`, Float64Array.of(ip), Float64Array.of(expected), [{ tag: 'scalar' }], s);
}

/** Every node of a transform's per-argument result, in order (list arguments give several). */
function nodesOf(results: readonly unknown[]): Node[] {
  return results.flatMap((r) => asList(r as Node | Node[]));
}

function jaxCheckGrads(f: Fn, args: readonly CheckArg[], order: number, s: Settings, what: string): void {
  if (s.modes.includes('fwd')) {
    const msg = what ? `JVP of ${what}` : 'JVP';
    jaxCheckJvp(f, args, s, msg);
    if (order > 1) {
      const n = args.length;
      // (primals, tangents) ↦ (outputs, output tangents), at (args, args)
      const f_jvp = (...xs: unknown[]) => {
        const r = jvp(f, xs.slice(0, n) as never, xs.slice(n) as never) as unknown as { value: Node | Node[]; tangent: Node | Node[] };
        return [...asList(r.value), ...asList(r.tangent)];
      };
      jaxCheckGrads(f_jvp, [...args, ...args], order - 1, s, msg);
    }
  }
  if (s.modes.includes('rev')) {
    const msg = what ? `VJP of ${what}` : 'VJP';
    jaxCheckVjp(f, args, s, msg);
    if (order > 1) {
      // x ↦ vjp(f, x) applied to f(x) itself
      const f_vjp = (...xs: unknown[]) => {
        const { value, vjp: pullback } = vjp(f, ...(xs as never[])) as { value: Node | Node[]; vjp: (c: unknown) => unknown[] };
        return nodesOf(pullback(value));
      };
      jaxCheckGrads(f_vjp, args, order - 1, s, msg);
    }
  }
}

// ---------------------------------------------------------------------------
// autograd's check_jvp, check_vjp and check_grads

function autogradCheckJvp(f: Fn, args: readonly CheckArg[], s: Settings, randn: () => number, what: string): void {
  const layout = args.map(leafOf);
  const v = randomLike(randn, layout);
  const { tangent } = jvp(f, args as never, v as never) as { tangent: Value | Value[] };
  const exact = flatten(asList(tangent));
  const numeric = autogradNumericalJvp(f, layout, flatten(args), flatten(v), s.eps);
  // check_equivalent: both projected on one random vector of the output space
  const w = Array.from({ length: exact.length }, randn);
  assertScalarClose(`${what} (JVP)`, inner(exact, w), inner(numeric, w));
}

function autogradCheckVjp(f: Fn, args: readonly CheckArg[], s: Settings, randn: () => number, what: string): void {
  const layout = args.map(leafOf);
  const { value, vjp: pullback } = vjp(f, ...(args as never[])) as { value: Value | Value[]; vjp: (c: unknown) => unknown[] };
  const outputs = asList(value).map(leafOf);
  const xv = randomLike(randn, layout);
  const yv = randomLike(randn, outputs);
  const pulled = flatten(pullback(Array.isArray(value) ? yv : yv[0]));
  const exact = inner(flatten(xv), pulled);
  const numeric = inner(flatten(yv), autogradNumericalJvp(f, layout, flatten(args), flatten(xv), s.eps));
  assertScalarClose(`${what} (VJP)`, numeric, exact);
}

function autogradCheckGrads(f: Fn, args: readonly CheckArg[], order: number, s: Settings, randn: () => number, what: string): void {
  const n = args.length;
  if (s.modes.includes('fwd')) {
    autogradCheckJvp(f, args, s, randn, what);
    if (order > 1) {
      // (x, v) ↦ the tangent of f at x along v, at a random v
      const grad_f = (...xs: unknown[]) => asList((jvp(f, xs.slice(0, n) as never, xs.slice(n) as never) as unknown as { tangent: Node | Node[] }).tangent);
      const v = randomLike(randn, args.map(leafOf));
      autogradCheckGrads(grad_f, [...args, ...v], order - 1, s, randn, `jvp_${what}`);
    }
  }
  if (s.modes.includes('rev')) {
    autogradCheckVjp(f, args, s, randn, what);
    if (order > 1) {
      // (x, v) ↦ vᵀ·∂f/∂x, at a random v of the output space
      const outputs = evaluateAt(f, args);
      const single = !Array.isArray((vjp(f, ...(args as never[])) as { value: unknown }).value);
      const grad_f = (...xs: unknown[]) => {
        const { vjp: pullback } = vjp(f, ...(xs.slice(0, n) as never[])) as { vjp: (c: unknown) => unknown[] };
        const cts = xs.slice(n);
        return nodesOf(pullback(single ? cts[0] : cts));
      };
      const v = randomLike(randn, outputs.map(leafOf));
      autogradCheckGrads(grad_f, [...args, ...v], order - 1, s, randn, `vjp_${what}`);
    }
  }
}

/**
 * Checks f's derivatives at `args` against centered differences, forward and
 * reverse, to `order` (default 2), as JAX's `check_grads` (or autograd's, with
 * `convention: 'autograd'`). Throws a {@link GradientCheckError} naming the
 * failing route and numbers.
 * @example
 * ```ts
 * checkGrads((x) => sin(x), [0.3]);                    // order 2, fwd and rev
 * checkGrads((x, y) => atan2(x, y), [0.3, -1.2], { convention: 'autograd' });
 * ```
 */
export function checkGrads(f: Fn, args: readonly CheckArg[], options: CheckGradsOptions = {}): void {
  const convention = options.convention ?? 'jax';
  const s: Settings = {
    order: options.order ?? 2,
    modes: options.modes ?? ['fwd', 'rev'],
    eps: options.eps ?? (convention === 'jax' ? JAX_EPS : AUTOGRAD_EPS),
    atol: options.atol ?? JAX_FLOAT64_GRADIENT_TOLERANCE,
    rtol: options.rtol ?? JAX_FLOAT64_GRADIENT_TOLERANCE,
    seed: options.seed ?? 0,
  };
  if (convention === 'jax') jaxCheckGrads(f, args, s.order, s, '');
  else autogradCheckGrads(f, args, s.order, s, gaussian(s.seed), 'f');
}

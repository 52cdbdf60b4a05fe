/**
 * Function transforms in the style of JAX: `grad`, `valueAndGrad`, `jvp`, `vjp`,
 * `jacobian`, `hessian`, `hvp` over TypeScript functions of nodes.
 *
 * A function is traced once per argument shape: it is called with variables,
 * and the graph it returns is kept (and its tape cached), so later calls only
 * sweep. Arguments are numbers or arrays of numbers; results mirror them.
 * Unlike JAX's default, derivatives are taken with respect to every argument.
 */
import { ArgumentError, describe, ShapeError } from '../errors.js';
import { lift, Node, variable, type NodeLike } from './node.js';
import type { Bindings } from './bindings.js';
import { checkLength, jvpGraph } from './forward.js';
import { gradientNodes } from './gradient-nodes.js';
import { vjpGraph } from './reverse.js';
import { outputList } from './tape.js';
import { adjoints, atOutputs, type Flat, flatten as flattenGraph, tangentBuffer, tangents as tangentSweep, valueBuffer } from './sweeps.js';

/** An argument of a traced function: a scalar or a vector. */
export type Arg = number | readonly number[];
/** What a traced function receives for an argument: a node, or an array of nodes. */
export type Traced<A extends Arg> = A extends number ? Node : Node[];
/** The numeric value mirroring an argument's shape. */
export type Shaped<A extends Arg> = A extends number ? number : number[];
type Fn = (...args: any[]) => NodeLike | readonly NodeLike[];

interface Trace {
  /** Flat input variables, argument by argument. */
  readonly inputs: Node[];
  /** Shape of each argument: -1 for a scalar, else the array length. */
  readonly shapes: number[];
  readonly outputs: Node[];
  /** The function returned a single node (not an array). */
  readonly scalar: boolean;
  /** The graph over the inputs, in order: input k is slot k. */
  readonly flat: Flat;
  /** The derivative graphs (gradient of the single output), made on first use. */
  gradient?: Flat;
}

/** The shape of each argument; `what(i)` names argument i in messages (`argument 2`, `tangents[1]`). */
function shapesOf(where: string, args: readonly unknown[], what: (i: number) => string = (i) => `argument ${i + 1}`): number[] {
  return args.map((a, i) => {
    if (typeof a === 'number') return -1;
    if (Array.isArray(a)) {
      a.forEach((v, j) => {
        if (typeof v !== 'number') throw new ArgumentError(`${where}: ${what(i)}[${j}] is ${describe(v)}, expected a number`);
      });
      return a.length;
    }
    throw new ArgumentError(`${where}: ${what(i)} is ${describe(a)}, expected a number or an array of numbers`);
  });
}

/** Throws unless the two lists of arguments have one entry each per argument. */
function samePerArgument(where: string, primals: string, others: string, a: readonly unknown[], b: readonly unknown[]): void {
  if (a.length !== b.length) {
    throw new ShapeError(`${where}: ${primals} has ${a.length} entries and ${others} ${b.length}; they need one entry per argument of the function`);
  }
}

function flatten(args: readonly Arg[], total: number): Float64Array {
  const out = new Float64Array(total);
  let k = 0;
  for (const a of args) {
    if (typeof a === 'number') out[k++] = a;
    else for (const v of a) out[k++] = v;
  }
  return out;
}

function unflatten(flat: ArrayLike<number>, shapes: readonly number[]): (number | number[])[] {
  let k = 0;
  return shapes.map((s) => {
    if (s < 0) return flat[k++];
    const a = Array.from({ length: s }, (_, j) => flat[k + j]);
    k += s;
    return a;
  });
}

/** Traces `f` once per argument shape. */
function tracer(f: Fn, where: string): (args: readonly unknown[]) => Trace {
  if (typeof f !== 'function') throw new ArgumentError(`${where}: expected a function, got ${describe(f)}`);
  const traces = new Map<string, Trace>();
  return (args) => {
    const shapes = shapesOf(where, args);
    const key = shapes.join(',');
    const hit = traces.get(key);
    if (hit !== undefined) return hit;
    const inputs: Node[] = [];
    const params = shapes.map((s, i) => {
      if (s < 0) {
        const v = variable(`#${i}`);
        inputs.push(v);
        return v;
      }
      return Array.from({ length: s }, (_, j) => {
        const v = variable(`#${i}.${j}`);
        inputs.push(v);
        return v;
      });
    });
    const result = f(...params);
    const scalar = !Array.isArray(result);
    const outputs = scalar
      ? [lift(result as NodeLike, where, 0)]
      : (result as readonly NodeLike[]).map((o, i) => lift(o, `${where}: output`, i));
    const trace: Trace = { inputs, shapes, outputs, scalar, flat: flattenGraph(outputs, where, inputs) };
    traces.set(key, trace);
    return trace;
  };
}

function requireScalar(where: string, trace: Trace): void {
  if (!trace.scalar) throw new ArgumentError(`${where}: the function must return a single node, it returned ${trace.outputs.length}`);
}

function gradientOf(trace: Trace, where: string): Flat {
  if (trace.gradient === undefined) {
    requireScalar(where, trace);
    trace.gradient = flattenGraph(gradientNodes(trace.outputs[0], trace.inputs), where, trace.inputs);
  }
  return trace.gradient;
}

/** A value buffer with the inputs at flat x. */
function valuesAt(flat: Flat, x: Float64Array): Float64Array {
  const v = valueBuffer(flat);
  v.set(x);
  return v;
}

/** Value and the adjoints of the inputs (the first slots), seeded with one cotangent per output. */
function pullback(flat: Flat, x: Float64Array, cotangents: ArrayLike<number>): { values: number[]; gradient: Float64Array } {
  const v = valuesAt(flat, x);
  const a = adjoints(flat, v, cotangents);
  return { values: atOutputs(flat.ir, v), gradient: a.slice(0, x.length) };
}

/** Outputs and their tangents along flat direction d at flat x (one forward sweep). */
function flatJvp(flat: Flat, x: Float64Array, d: ArrayLike<number>): { values: number[]; tangents: number[] } {
  const v = valuesAt(flat, x);
  const T = tangentBuffer(flat);
  for (let k = 0; k < x.length; k++) T[k] = d[k];
  tangentSweep(flat, v, T);
  return { values: atOutputs(flat.ir, v), tangents: atOutputs(flat.ir, T, flat.ir.active) };
}

/**
 * The gradient of a scalar function with respect to every argument.
 * @example
 * ```ts
 * const g = grad((x, w, b) => sigmoid(w.mul(x).add(b)));
 * g(3, 2, 1); // [∂f/∂x, ∂f/∂w, ∂f/∂b]
 * grad((v: Node[]) => dot(v, v))([1, 2]); // [[2, 4]]
 * ```
 */
export function grad(f: Fn): (...args: Arg[]) => (number | number[])[] {
  const trace = tracer(f, 'grad');
  return (...args) => {
    const tr = trace(args);
    const x = flatten(args, tr.inputs.length);
    requireScalar('grad', tr);
    return unflatten(pullback(tr.flat, x, [1]).gradient, tr.shapes);
  };
}

/**
 * The value and the gradient of a scalar function, from one sweep each way.
 * @example
 * ```ts
 * valueAndGrad((x) => x.mul(x))(3); // { value: 9, gradient: [6] }
 * ```
 */
export function valueAndGrad(f: Fn): (...args: Arg[]) => { value: number; gradient: (number | number[])[] } {
  const trace = tracer(f, 'valueAndGrad');
  return (...args) => {
    const tr = trace(args);
    requireScalar('valueAndGrad', tr);
    const { values, gradient } = pullback(tr.flat, flatten(args, tr.inputs.length), [1]);
    return { value: values[0], gradient: unflatten(gradient, tr.shapes) };
  };
}

/** Result of a Jacobian-vector product: outputs and their tangents (arrays when there are several outputs). */
export interface JvpResult<V = number | number[]> {
  value: V;
  tangent: V;
}

/**
 * Jacobian-vector product (forward mode). On a function: `jvp(f, primals, tangents)`,
 * one forward sweep. On a graph: `jvp(outputs, at, direction)` with bindings by name.
 * @example
 * ```ts
 * jvp((x, y) => x.mul(y), [3, 4], [1, 0]);              // { value: 12, tangent: 4 }
 * jvp([f, g], { x: 1, y: 2 }, { x: 1 });               // { value: [f, g], tangent: [∂f/∂x, ∂g/∂x] }
 * ```
 */
export function jvp(f: Fn, primals: readonly Arg[], tangents: readonly Arg[]): JvpResult;
export function jvp(outputs: Node, at: Bindings, direction: Bindings): JvpResult<number>;
export function jvp(outputs: readonly Node[], at: Bindings, direction: Bindings): JvpResult<number[]>;
export function jvp(first: Fn | Node | readonly Node[], a: any, b: any): JvpResult {
  if (typeof first !== 'function') {
    const { values, tangents } = jvpGraph(first, a, b, 'jvp');
    return Array.isArray(first) ? { value: values, tangent: tangents } : { value: values[0], tangent: tangents[0] };
  }
  if (!Array.isArray(a)) throw new ArgumentError(`jvp: primals must be an array with one entry per argument, got ${describe(a)}`);
  if (!Array.isArray(b)) throw new ArgumentError(`jvp: tangents must be an array with one entry per argument, got ${describe(b)}`);
  samePerArgument('jvp', 'primals', 'tangents', a, b);
  const tr = tracer(first, 'jvp')(a);
  const ts = shapesOf('jvp', b, (i) => `tangents[${i}]`);
  ts.forEach((s, i) => {
    if (s !== tr.shapes[i]) throw new ArgumentError(`jvp: tangent ${i + 1} does not have the shape of argument ${i + 1}`);
  });
  const n = tr.inputs.length;
  const { values, tangents } = flatJvp(tr.flat, flatten(a, n), flatten(b, n));
  return tr.scalar ? { value: values[0], tangent: tangents[0] } : { value: values, tangent: tangents };
}

/** Result of `vjp` on a function: the value(s), and the pullback from output cotangents to argument cotangents. */
export interface VjpResult {
  value: number | number[];
  vjp: (cotangent: number | readonly number[]) => (number | number[])[];
}

/**
 * Vector-Jacobian product (reverse mode). On a function: `vjp(f, ...primals)` returns
 * the value and a pullback `ct ↦ ctᵀJ`, one adjoint sweep per call. On a graph:
 * `vjp(outputs, at, cotangent)` returns the value(s) and the gradient by variable name.
 * @example
 * ```ts
 * const { value, vjp: pullback } = vjp((x, y) => [x.mul(y), x.add(y)], 3, 4);
 * pullback([1, 1]); // [5, 4]
 * vjp(f, { x: 3, w: 2, b: 1 }, 1).gradient; // { x, w, b }
 * ```
 */
export function vjp(f: Fn, ...primals: Arg[]): VjpResult;
export function vjp(outputs: Node, at: Bindings, cotangent: number): { value: number; gradient: Record<string, number> };
export function vjp(outputs: readonly Node[], at: Bindings, cotangent: readonly number[]): { value: number[]; gradient: Record<string, number> };
export function vjp(first: Fn | Node | readonly Node[], ...rest: any[]): any {
  if (typeof first !== 'function') {
    const [at, ct] = rest;
    outputList(first, 'vjp'); // the outputs are checked before the cotangent that must match them
    const single = !Array.isArray(first);
    const cts = single ? [ct] : ct;
    if (!Array.isArray(cts)) throw new ArgumentError(`vjp: the cotangent must be an array with one entry per output, got ${describe(ct)}`);
    const { values, gradient } = vjpGraph(first, at, cts, 'vjp');
    return { value: single ? values[0] : values, gradient };
  }
  const tr = tracer(first, 'vjp')(rest);
  const x = flatten(rest, tr.inputs.length);
  const v = valuesAt(tr.flat, x);
  tr.flat.kernels.forward(v);
  const outs = atOutputs(tr.flat.ir, v);
  return {
    value: tr.scalar ? outs[0] : outs,
    vjp: (cotangent: number | readonly number[]) => {
      const cts = typeof cotangent === 'number' ? [cotangent] : cotangent;
      if (!Array.isArray(cts)) throw new ArgumentError(`vjp: the cotangent must be a number or an array, got ${describe(cotangent)}`);
      checkLength('vjp', 'the cotangent', cts.length, tr.outputs.length);
      cts.forEach((c, r) => {
        if (typeof c !== 'number') throw new ArgumentError(`vjp: cotangent[${r}] is ${describe(c)}, expected a number`);
      });
      const { gradient: g } = pullback(tr.flat, x, cts);
      return unflatten(g, tr.shapes);
    },
  };
}

/**
 * The Jacobian matrix (one row per output, one column per scalar input, arguments
 * flattened in order). `mode: 'forward'` takes one tangent sweep per input,
 * `'reverse'` one adjoint sweep per output, `'auto'` (default) whichever is fewer.
 * @example
 * ```ts
 * jacobian((x, y) => [x.mul(y), x.add(y)])(3, 4); // [[4, 3], [1, 1]]
 * ```
 */
export function jacobian(f: Fn, options: { mode?: 'forward' | 'reverse' | 'auto' } = {}): (...args: Arg[]) => number[][] {
  const trace = tracer(f, 'jacobian');
  const mode = options.mode ?? 'auto';
  if (mode !== 'forward' && mode !== 'reverse' && mode !== 'auto') {
    throw new ArgumentError(`jacobian: mode must be 'forward', 'reverse' or 'auto', got ${describe(mode)}`);
  }
  return (...args) => {
    const tr = trace(args);
    const n = tr.inputs.length;
    const m = tr.outputs.length;
    const x = flatten(args, n);
    const J = Array.from({ length: m }, () => new Array<number>(n).fill(0));
    if (mode === 'forward' || (mode === 'auto' && n <= m)) {
      const e = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        e[k] = 1;
        const { tangents } = flatJvp(tr.flat, x, e);
        e[k] = 0;
        for (let r = 0; r < m; r++) J[r][k] = tangents[r];
      }
    } else {
      const ct = new Float64Array(m);
      for (let r = 0; r < m; r++) {
        ct[r] = 1;
        const { gradient } = pullback(tr.flat, x, ct);
        ct[r] = 0;
        for (let k = 0; k < n; k++) J[r][k] = gradient[k];
      }
    }
    return J;
  };
}

/**
 * The Hessian matrix of a scalar function (arguments flattened in order), by
 * forward mode over the reverse-mode derivative graph: one tangent sweep per input.
 * @example
 * ```ts
 * hessian((x, y) => x.mul(x).mul(y))(3, 2); // [[4, 6], [6, 0]]
 * ```
 */
export function hessian(f: Fn): (...args: Arg[]) => number[][] {
  const trace = tracer(f, 'hessian');
  return (...args: Arg[]) => {
    const tr = trace(args);
    const g = gradientOf(tr, 'hessian');
    const n = tr.inputs.length;
    const x = flatten(args, n);
    const e = new Float64Array(n);
    const H = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let k = 0; k < n; k++) {
      e[k] = 1;
      const { tangents } = flatJvp(g, x, e);
      e[k] = 0;
      for (let r = 0; r < n; r++) H[r][k] = tangents[r];
    }
    return H;
  };
}

/**
 * The Hessian-vector product H·v of a scalar function, by one forward sweep over
 * its reverse-mode derivative graph (forward-over-reverse); the result has the
 * arguments' shapes.
 * @example
 * ```ts
 * hvp((x, y) => x.mul(x).mul(y))([3, 2], [1, 0]); // [4, 6]
 * ```
 */
export function hvp(f: Fn): (primals: readonly Arg[], v: readonly Arg[]) => (number | number[])[] {
  const trace = tracer(f, 'hvp');
  return (primals, v) => {
    if (!Array.isArray(primals)) throw new ArgumentError(`hvp: primals must be an array with one entry per argument, got ${describe(primals)}`);
    if (!Array.isArray(v)) throw new ArgumentError(`hvp: v must be an array with one entry per argument, got ${describe(v)}`);
    samePerArgument('hvp', 'primals', 'v', primals, v);
    const tr = trace(primals);
    shapesOf('hvp', v, (i) => `v[${i}]`).forEach((s, i) => {
      if (s !== tr.shapes[i]) throw new ArgumentError(`hvp: v[${i}] does not have the shape of argument ${i + 1}`);
    });
    const n = tr.inputs.length;
    const { tangents } = flatJvp(gradientOf(tr, 'hvp'), flatten(primals, n), flatten(v, n));
    return unflatten(tangents, tr.shapes);
  };
}

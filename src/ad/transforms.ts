/**
 * Function transforms in the style of JAX: `grad`, `valueAndGrad`, `jvp`, `vjp`,
 * `jacobian`, `hessian`, `hvp` over TypeScript functions of nodes.
 *
 * A function is traced once per argument kind (a scalar, a list of n scalars,
 * an array of a given shape): it is called with variables of its own — scoped
 * to the transform, so an inner variable never merges with an outer one — and
 * the graph it returns is kept, so later calls only sweep. Arguments are
 * numbers, arrays of numbers (a list of scalar nodes), `Float64Array`s or
 * `{ data, shape }` array values (one array node); results mirror them.
 * Unlike JAX's default, derivatives are taken with respect to every argument.
 *
 * Transforms compose: called with nodes (from an outer transform's trace), a
 * transformed function builds its derivative as a graph instead of computing
 * numbers, so `grad(grad(f))`, `jvp(grad(f))` and forward-over-forward work to
 * any order.
 *
 * Scoping, as in JAX: a transform differentiates with respect to its own
 * arguments only. A value of an enclosing trace that the function closes over
 * is a constant to this derivative and a variable to the enclosing one. A user
 * `variable('x')` inside the function is a free input of the graph (global by
 * name, bound when the result is swept), never one of the arguments.
 */
import { ArgumentError, describe, ShapeError } from '../errors.js';
import { evaluateArrays } from './array-sweeps.js';
import type { Bindings } from '../graph/bindings.js';
import { checkLength, jvpGraph } from './forward.js';
import { byColumns } from './jacobians.js';
import { adjointNodes, gather, gradientNodes } from './gradient-nodes.js';
import { constant, internalVariable, lift, Node, type NodeLike } from '../graph/node.js';
import { vjpGraph } from './reverse.js';
import { formatShape, type Shape } from '../graph/shape.js';
import { substitute } from '../graph/substitute.js';
import { outputList, tape } from '../graph/tape.js';
import { adjoints, atOutputs, type DirectProgram, directProgram, tangentBuffer, tangents as tangentSweep, valueBuffer } from '../engine/direct-sweeps.js';
import { tangentNodes } from './tangent-nodes.js';
import { reshape } from '../ops/reshape.js';
import { take } from '../ops/take.js';
import { type ArrayValue, type GradientOf, isArrayValue, type Value, type ValueOf, type ValuesOf } from '../graph/values.js';

/** A numeric argument: a scalar, a list of scalars, or an array (a Float64Array, or `{ data, shape }`). */
export type Arg = number | readonly number[] | Float64Array | ArrayValue;
/** A traced argument, from an outer transform: a node, or a list of scalar nodes. */
export type TracedArg = Node | readonly NodeLike[];
/** What a transformed function returns per argument: mirrors the argument. */
export type ArgResult = number | number[] | ArrayValue;
/** What a transformed function returns per argument when traced by an outer transform. */
export type TracedResult = Node | Node[];

/** A function of nodes returning a node or an array of nodes (checked when traced). */
type Fn = (...args: any[]) => unknown;

/**
 * A transformed function: called with numbers it computes numbers (`R`); called
 * with nodes by an outer transform, it builds nodes (`T`).
 */
export interface Transformed<R, T> {
  (...args: Arg[]): R;
  (...args: (Arg | TracedArg)[]): T;
}

/** How an argument is traced: one scalar variable, a list of n, or one array variable. */
type Kind = { readonly tag: 'scalar' } | { readonly tag: 'list'; readonly n: number } | { readonly tag: 'array'; readonly shape: Shape };

interface Trace {
  readonly kinds: readonly Kind[];
  /** The trace's own variables, argument by argument (a list argument has n of them). */
  readonly inputs: readonly Node[];
  /** Indices into `inputs` of each argument's variables. */
  readonly groups: readonly (readonly number[])[];
  readonly outputs: Node[];
  /** The function returned a single node (not an array). */
  readonly scalar: boolean;
  /** Some node holds an array: the array sweeps run it. */
  readonly arrays: boolean;
  /**
   * The graph uses variables of an enclosing transform's trace (the function
   * closes over them): it can only be differentiated as a graph, inside that trace.
   */
  readonly enclosed: boolean;
  /** Scalar traces: the graph over the inputs (input k is slot k), made on first numeric use. */
  flat?: DirectProgram;
  /** The gradient of the single output, as nodes (one per input), made on first use. */
  gradient?: Node[];
  gradientFlat?: DirectProgram;
}

let traceCount = 0;

/**
 * A trace's own variables are named `\u0000<trace>:<argument>` (and `.<element>` for
 * lists): a NUL no expression or reasonable name contains, so a user's variable
 * never merges with them, and the trace they belong to is known.
 */
const TRACE = '\u0000';


/** The kind of argument i, and whether it holds nodes (a traced call); `name` names it in messages. */
function kindOf(where: string, a: unknown, name: string): { kind: Kind; traced: boolean } {
  if (typeof a === 'number') return { kind: { tag: 'scalar' }, traced: false };
  if (a instanceof Node) return { kind: a.shape.length === 0 ? { tag: 'scalar' } : { tag: 'array', shape: a.shape }, traced: true };
  if (a instanceof Float64Array) return { kind: { tag: 'array', shape: [a.length] }, traced: false };
  if (isArrayValue(a)) {
    if (a.data.length !== a.shape.reduce((p, d) => p * d, 1)) throw new ArgumentError(`${where}: ${name} has ${a.data.length} values for shape ${formatShape(a.shape)}`);
    return { kind: { tag: 'array', shape: a.shape.slice() }, traced: false };
  }
  if (Array.isArray(a)) {
    let traced = false;
    a.forEach((v, j) => {
      if (v instanceof Node) {
        if (v.shape.length > 0) throw new ArgumentError(`${where}: ${name}[${j}] is an array node; a list holds scalars (pass the array node itself)`);
        traced = true;
      } else if (typeof v !== 'number') throw new ArgumentError(`${where}: ${name}[${j}] is ${describe(v)}, expected a number`);
    });
    return { kind: { tag: 'list', n: a.length }, traced };
  }
  throw new ArgumentError(`${where}: ${name} is ${describe(a)}, expected a number, an array of numbers, a Float64Array or { data, shape }`);
}

function kindsOf(where: string, args: readonly unknown[], what: (i: number) => string = (i) => `argument ${i + 1}`): { kinds: Kind[]; traced: boolean } {
  let traced = false;
  const kinds = args.map((a, i) => {
    const k = kindOf(where, a, what(i));
    if (k.traced) traced = true;
    return k.kind;
  });
  return { kinds, traced };
}

function keyOf(kinds: readonly Kind[]): string {
  return kinds.map((k) => (k.tag === 'scalar' ? 's' : k.tag === 'list' ? `l${k.n}` : `a${k.shape.join('x')}`)).join(',');
}

function sameKinds(a: readonly Kind[], b: readonly Kind[]): boolean {
  return keyOf(a) === keyOf(b);
}

/** Traces `f` once per argument kind. */
function tracer(f: Fn, where: string): (kinds: readonly Kind[]) => Trace {
  if (typeof f !== 'function') throw new ArgumentError(`${where}: expected a function, got ${describe(f)}`);
  const traces = new Map<string, Trace>();
  return (kinds) => {
    const key = keyOf(kinds);
    const hit = traces.get(key);
    if (hit !== undefined) return hit;
    const id = traceCount++;
    const inputs: Node[] = [];
    const groups: number[][] = [];
    const params = kinds.map((k, i) => {
      const group: number[] = [];
      groups.push(group);
      const add = (v: Node) => {
        group.push(inputs.length);
        inputs.push(v);
        return v;
      };
      if (k.tag === 'scalar') return add(internalVariable(`${id}:${i}`));
      if (k.tag === 'array') return add(internalVariable(`${id}:${i}`, k.shape));
      return Array.from({ length: k.n }, (_, j) => add(internalVariable(`${id}:${i}.${j}`)));
    });
    const result = f(...params);
    const scalar = !Array.isArray(result);
    const outputs = scalar ? [lift(result as NodeLike, `${where}: the function's result`, 0)] : (result as readonly NodeLike[]).map((o, i) => lift(o, `${where}: output`, i));
    const arrays = outputs.some((o) => o.hasArrays) || inputs.some((v) => v.shape.length > 0);
    const own = new Set(inputs.map((v) => v.name!));
    const enclosed = [...tape(outputs, where).variables.keys()].some((name) => name.startsWith(TRACE) && !own.has(name));
    const trace: Trace = { kinds: kinds.slice(), inputs, groups, outputs, scalar, arrays, enclosed };
    traces.set(key, trace);
    return trace;
  };
}

/**
 * Checks that the function returns one scalar node. A one-element list counts as
 * its element: that is what a transformed function of one argument returns, so
 * `grad(grad(f))` works.
 */
function requireScalar(where: string, trace: Trace): void {
  if (trace.outputs.length !== 1) throw new ArgumentError(`${where}: the function must return a single node, it returned ${trace.outputs.length}`);
  if (trace.outputs[0].shape.length > 0) {
    throw new ArgumentError(`${where}: the function must return a scalar, it returned an array of shape ${formatShape(trace.outputs[0].shape)} (reduce it with sum, or use vjp)`);
  }
}

// ---------------------------------------------------------------------------
// Numeric calls

/** Bindings of the trace's variables to numeric arguments (checked against the traced kinds). */
function bindingsOf(trace: Trace, args: readonly unknown[]): Map<string, number | ArrayValue> {
  const at = new Map<string, number | ArrayValue>();
  args.forEach((a, i) => {
    const group = trace.groups[i];
    const kind = trace.kinds[i];
    if (kind.tag === 'scalar') at.set(trace.inputs[group[0]].name!, a as number);
    else if (kind.tag === 'list') (a as readonly number[]).forEach((v, j) => at.set(trace.inputs[group[j]].name!, v));
    // with its shape: a gradient the output does not reach is zeros of the binding's shape
    else at.set(trace.inputs[group[0]].name!, { data: a instanceof Float64Array ? a : (a as ArrayValue).data, shape: kind.shape });
  });
  return at;
}

/** Flat scalar inputs, argument by argument (scalar traces only). */
function flatInputs(args: readonly unknown[], total: number): Float64Array {
  const out = new Float64Array(total);
  let k = 0;
  for (const a of args) {
    if (typeof a === 'number') out[k++] = a;
    else for (const v of a as readonly number[]) out[k++] = v;
  }
  return out;
}

/**
 * Traces `f` at numeric arguments as the transforms do — one variable of the
 * trace per scalar argument and per element of a list, one array variable per
 * array argument — and lays the arguments out in the order of those
 * variables: a user's function as a graph and a point, for tools outside the
 * transforms (compareModes) that compile it.
 * @example
 * ```ts
 * const { outputs, inputs, point } = traceAt((a: Node, b: Node[]) => mul(a, sum(b)), [2, [3, 4]], 'compareModes');
 * // inputs: the trace's 3 variables; point: Float64Array [2, 3, 4]
 * ```
 */
export function traceAt(f: Fn, args: readonly unknown[], where: string): { outputs: Node[]; inputs: readonly Node[]; point: Float64Array } {
  const { kinds, traced } = kindsOf(where, args);
  if (traced) throw new ArgumentError(`${where}: the arguments must be numbers, lists of numbers or arrays, not graph nodes`);
  const trace = tracer(f, where)(kinds);
  const point = new Float64Array(trace.inputs.reduce((n, v) => n + v.shape.reduce((p, d) => p * d, 1), 0));
  let k = 0;
  for (const a of args) {
    if (typeof a === 'number') point[k++] = a;
    else {
      const values = Array.isArray(a) || a instanceof Float64Array ? (a as ArrayLike<number>) : (a as ArrayValue).data;
      point.set(values, k);
      k += values.length;
    }
  }
  return { outputs: trace.outputs, inputs: trace.inputs, point };
}

/** Per-argument results from values by input (numbers, or array values for array inputs). */
function perArgument(trace: Trace, valueOfInput: (k: number) => Value): ArgResult[] {
  return trace.kinds.map((kind, i) => {
    const group = trace.groups[i];
    if (kind.tag === 'list') return group.map((k) => valueOfInput(k) as number);
    return valueOfInput(group[0]) as number | ArrayValue;
  });
}

function flatOf(trace: Trace, where: string): DirectProgram {
  return (trace.flat ??= directProgram(trace.outputs, where, trace.inputs));
}

function valuesAt(flat: DirectProgram, x: Float64Array): Float64Array {
  const v = valueBuffer(flat);
  v.set(x);
  return v;
}

/** Values, and the gradient of Σ cotangentᵣ·outputᵣ by input, from one reverse sweep. */
function pullback(trace: Trace, args: readonly unknown[], cotangents: readonly unknown[], where: string): { values: Value[]; gradient: ArgResult[] } {
  if (trace.arrays) {
    const { values, gradient } = vjpGraph(trace.outputs, bindingsOf(trace, args), cotangents, where);
    return { values, gradient: perArgument(trace, (k) => gradient[trace.inputs[k].name!]) };
  }
  const flat = flatOf(trace, where);
  const x = flatInputs(args, trace.inputs.length);
  const v = valuesAt(flat, x);
  const a = adjoints(flat, v, cotangents as readonly number[]);
  return { values: atOutputs(flat.ir, v), gradient: perArgument(trace, (k) => a[k]) };
}

/** Outputs and their tangents along the tangent arguments (one forward sweep). */
function pushforward(trace: Trace, flat: DirectProgram | undefined, outputs: Node[], args: readonly unknown[], tangents: readonly unknown[], where: string): { values: Value[]; tangents: Value[] } {
  if (trace.arrays) {
    const direction = bindingsOf(trace, tangents);
    return jvpGraph(outputs, bindingsOf(trace, args), direction, where);
  }
  const f = flat!;
  const n = trace.inputs.length;
  const v = valuesAt(f, flatInputs(args, n));
  const T = tangentBuffer(f);
  T.set(flatInputs(tangents, n));
  tangentSweep(f, v, T);
  return { values: atOutputs(f.ir, v), tangents: atOutputs(f.ir, T, f.ir.active) };
}

function gradientNodesOf(trace: Trace, where: string): Node[] {
  requireScalar(where, trace);
  return (trace.gradient ??= gradientNodes(trace.outputs[0], trace.inputs));
}

function gradientFlatOf(trace: Trace, where: string): DirectProgram {
  return (trace.gradientFlat ??= directProgram(gradientNodesOf(trace, where), where, trace.inputs));
}

/** The number of scalars in each argument, and in all. */
function sizes(trace: Trace): number[] {
  return trace.kinds.map((k) => (k.tag === 'scalar' ? 1 : k.tag === 'list' ? k.n : k.shape.reduce((p, d) => p * d, 1)));
}

/** A tangent (or cotangent) argument i of the shape of `kind`, all zeros but flat entry e = 1. */
function unitArguments(trace: Trace, e: number): unknown[] {
  let rest = e;
  return trace.kinds.map((kind, i) => {
    const size = sizes(trace)[i];
    const hit = rest >= 0 && rest < size ? rest : -1;
    rest -= size;
    if (kind.tag === 'scalar') return hit === 0 ? 1 : 0;
    if (kind.tag === 'list') return Array.from({ length: kind.n }, (_, j) => (j === hit ? 1 : 0));
    const data = new Float64Array(size);
    if (hit >= 0) data[hit] = 1;
    return data;
  });
}

/** A result flattened to its scalars, in row-major order. */
function scalarsOf(v: Value | ArgResult): ArrayLike<number> {
  if (typeof v === 'number') return [v];
  if (Array.isArray(v)) return v;
  return (v as ArrayValue).data;
}

function concatScalars(values: readonly (Value | ArgResult)[]): number[] {
  const out: number[] = [];
  for (const v of values) for (const x of Array.from(scalarsOf(v))) out.push(x);
  return out;
}

/** Throws unless the two lists of arguments have one entry each per argument. */
function samePerArgument(where: string, primals: string, others: string, a: readonly unknown[], b: readonly unknown[]): void {
  if (a.length !== b.length) {
    throw new ShapeError(`${where}: ${primals} has ${a.length} entries and ${others} ${b.length}; they need one entry per argument of the function`);
  }
}

/** Checks that each tangent (`list[i]`) has the kind and shape of argument i. */
function checkTangents(where: string, trace: Trace, tangents: readonly unknown[], list: string): void {
  const { kinds } = kindsOf(where, tangents, (i) => `${list}[${i}]`);
  kinds.forEach((k, i) => {
    if (!sameKinds([k], [trace.kinds[i]])) throw new ArgumentError(`${where}: ${list}[${i}] does not have the shape of argument ${i + 1}`);
  });
}

// ---------------------------------------------------------------------------
// Traced calls: derivatives as graphs over the outer trace's nodes

/** The argument nodes, one per trace input (list arguments give one per element; numbers become constants). */
function argumentNodes(trace: Trace, args: readonly unknown[], where: string): Map<string, Node> {
  const replace = new Map<string, Node>();
  args.forEach((a, i) => {
    const group = trace.groups[i];
    const kind = trace.kinds[i];
    if (kind.tag === 'list') (a as readonly NodeLike[]).forEach((v, j) => replace.set(trace.inputs[group[j]].name!, lift(v, where, j)));
    else if (kind.tag === 'scalar') replace.set(trace.inputs[group[0]].name!, lift(a as NodeLike, where, i));
    else replace.set(trace.inputs[group[0]].name!, a instanceof Node ? a : constant((a as ArrayValue).data ?? (a as Float64Array), kind.shape));
  });
  return replace;
}

/** Per-argument nodes from nodes by input. */
function perArgumentNodes(trace: Trace, nodes: readonly Node[]): TracedResult[] {
  return trace.kinds.map((kind, i) => (kind.tag === 'list' ? trace.groups[i].map((k) => nodes[k]) : nodes[trace.groups[i][0]]));
}

/** Tangent variables of the trace's inputs (made once per transform call site). */
function tangentVariables(trace: Trace, prefix: string): Node[] {
  return trace.inputs.map((v) => internalVariable(`${prefix}${v.name}`, v.shape));
}

// ---------------------------------------------------------------------------
// The transforms

/**
 * The gradient of a scalar function with respect to every argument.
 * @example
 * ```ts
 * const g = grad((x, w, b) => sigmoid(w.mul(x).add(b)));
 * g(3, 2, 1); // [∂f/∂x, ∂f/∂w, ∂f/∂b]
 * grad((v: Node[]) => dot(v, v))([1, 2]); // [[2, 4]]
 * grad((x: Node) => grad((y: Node) => y.mul(y).mul(y))(x))(2); // [12]: d²(y³)/dy² at 2
 * ```
 */
export function grad(f: Fn): Transformed<ArgResult[], TracedResult[]> {
  const trace = tracer(f, 'grad');
  return ((...args: unknown[]) => {
    const { kinds, traced } = kindsOf('grad', args);
    const tr = trace(kinds);
    requireScalar('grad', tr);
    if (traced || tr.enclosed) return perArgumentNodes(tr, substitute(gradientNodesOf(tr, 'grad'), argumentNodes(tr, args, 'grad')));
    return pullback(tr, args, [1], 'grad').gradient;
  }) as Transformed<ArgResult[], TracedResult[]>;
}

/**
 * The value and the gradient of a scalar function, from one sweep each way.
 * @example
 * ```ts
 * valueAndGrad((x) => x.mul(x))(3); // { value: 9, gradient: [6] }
 * ```
 */
export function valueAndGrad(f: Fn): Transformed<{ value: number; gradient: ArgResult[] }, { value: Node; gradient: TracedResult[] }> {
  const trace = tracer(f, 'valueAndGrad');
  return ((...args: unknown[]) => {
    const { kinds, traced } = kindsOf('valueAndGrad', args);
    const tr = trace(kinds);
    requireScalar('valueAndGrad', tr);
    if (traced || tr.enclosed) {
      const [value, ...g] = substitute([tr.outputs[0], ...gradientNodesOf(tr, 'valueAndGrad')], argumentNodes(tr, args, 'valueAndGrad'));
      return { value, gradient: perArgumentNodes(tr, g) };
    }
    const { values, gradient } = pullback(tr, args, [1], 'valueAndGrad');
    return { value: values[0], gradient };
  }) as Transformed<{ value: number; gradient: ArgResult[] }, { value: Node; gradient: TracedResult[] }>;
}

/** Result of a Jacobian-vector product: outputs and their tangents (arrays when there are several outputs). */
export interface JvpResult<V = Value | Value[]> {
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
export function jvp(f: Fn, primals: readonly (Arg | TracedArg)[], tangents: readonly (Arg | TracedArg)[]): JvpResult<Node | Node[]>;
export function jvp<N extends Node>(outputs: N, at: Bindings, direction: Bindings): JvpResult<ValueOf<N>>;
export function jvp<T extends readonly Node[]>(outputs: readonly [...T], at: Bindings, direction: Bindings): JvpResult<ValuesOf<T>>;
export function jvp(first: Fn | Node | readonly Node[], a: any, b: any): JvpResult<any> {
  if (typeof first !== 'function') {
    const { values, tangents } = jvpGraph(first, a, b, 'jvp');
    return Array.isArray(first) ? { value: values, tangent: tangents } : { value: values[0], tangent: tangents[0] };
  }
  if (!Array.isArray(a)) throw new ArgumentError(`jvp: primals must be an array with one entry per argument, got ${describe(a)}`);
  if (!Array.isArray(b)) throw new ArgumentError(`jvp: tangents must be an array with one entry per argument, got ${describe(b)}`);
  samePerArgument('jvp', 'primals', 'tangents', a, b);
  const { kinds, traced } = kindsOf('jvp', a);
  const tr = tracer(first, 'jvp')(kinds);
  checkTangents('jvp', tr, b, 'tangents');
  if (traced || tr.enclosed || kindsOf('jvp', b).traced) {
    const ts = tangentVariables(tr, 'jvp ');
    const byName = new Map(tr.inputs.map((v, k) => [v.name!, ts[k]]));
    const tangentGraph = tangentNodes(tr.outputs, (name) => byName.get(name), 'jvp');
    const replace = argumentNodes(tr, a, 'jvp');
    const tangentArgs = argumentNodes(tr, b, 'jvp');
    tr.inputs.forEach((v, k) => replace.set(ts[k].name!, tangentArgs.get(v.name!)!));
    const out = substitute([...tr.outputs, ...tangentGraph], replace);
    const m = tr.outputs.length;
    return tr.scalar ? { value: out[0], tangent: out[m] } : { value: out.slice(0, m), tangent: out.slice(m) };
  }
  const { values, tangents } = pushforward(tr, tr.arrays ? undefined : flatOf(tr, 'jvp'), tr.outputs, a, b, 'jvp');
  return tr.scalar ? { value: values[0], tangent: tangents[0] } : { value: values, tangent: tangents };
}

/** Result of `vjp` on a function: the value(s), and the pullback from output cotangents to argument cotangents. */
export interface VjpResult<V = Value | Value[], C = number | Float64Array | ArrayValue | readonly (number | Float64Array | ArrayValue)[], R = ArgResult> {
  value: V;
  vjp: (cotangent: C) => R[];
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
export function vjp(f: Fn, ...primals: (Arg | TracedArg)[]): VjpResult<Node | Node[], NodeLike | readonly NodeLike[], TracedResult>;
export function vjp<N extends Node, B extends Bindings>(outputs: N, at: B, cotangent: number | Float64Array | ArrayValue): { value: ValueOf<N>; gradient: GradientOf<B> };
export function vjp<T extends readonly Node[], B extends Bindings>(outputs: readonly [...T], at: B, cotangent: readonly (number | Float64Array | ArrayValue)[]): { value: ValuesOf<T>; gradient: GradientOf<B> };
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
  const { kinds, traced } = kindsOf('vjp', rest);
  const tr = tracer(first, 'vjp')(kinds);
  const m = tr.outputs.length;
  const symbolic = traced || tr.enclosed;
  const cotangentsOf = (cotangent: unknown): readonly unknown[] => {
    const cts = tr.scalar ? [cotangent] : cotangent;
    if (!Array.isArray(cts)) throw new ArgumentError(`vjp: the cotangent must be a value per output, got ${describe(cotangent)}`);
    checkLength('vjp', 'the cotangent', cts.length, m);
    cts.forEach((c, r) => {
      const ok = typeof c === 'number' || c instanceof Float64Array || isArrayValue(c) || (symbolic && c instanceof Node);
      if (!ok) throw new ArgumentError(`vjp: cotangent[${r}] is ${describe(c)}, expected a number${tr.outputs[r].shape.length > 0 ? ' or an array of the output’s shape' : ''}`);
    });
    return cts;
  };
  if (symbolic) {
    const replace = argumentNodes(tr, rest, 'vjp');
    const value = substitute(tr.outputs, replace);
    const seeds = tr.outputs.map((o, r) => internalVariable(`vjp ${r}`, o.shape));
    const { t, adjoints: adj } = adjointNodes(tr.outputs, seeds, 'vjp');
    const pulled = gather(t, adj, tr.inputs);
    return {
      value: tr.scalar ? value[0] : value,
      vjp: (cotangent: unknown) => {
        const cts = cotangentsOf(cotangent);
        const r = new Map(replace);
        cts.forEach((c, k) => r.set(seeds[k].name!, lift(c as NodeLike, 'vjp: cotangent', k)));
        return perArgumentNodes(tr, substitute(pulled, r));
      },
    };
  }
  const values = valuesOf(tr, rest);
  return {
    value: tr.scalar ? values[0] : values,
    vjp: (cotangent: unknown) => pullback(tr, rest, cotangentsOf(cotangent), 'vjp').gradient,
  };
}

/** The outputs' values at numeric arguments. */
function valuesOf(trace: Trace, args: readonly unknown[]): Value[] {
  if (trace.arrays) return evaluateArrays(trace.outputs, bindingsOf(trace, args), 'vjp');
  const flat = flatOf(trace, 'vjp');
  const v = valuesAt(flat, flatInputs(args, trace.inputs.length));
  flat.kernels.forward(v);
  return atOutputs(flat.ir, v);
}

/**
 * The Jacobian matrix (one row per scalar output, one column per scalar input,
 * arguments and array elements flattened in order). `mode: 'forward'` takes one
 * tangent sweep per input, `'reverse'` one adjoint sweep per output, `'auto'`
 * (default) whichever is fewer.
 * @example
 * ```ts
 * jacobian((x, y) => [x.mul(y), x.add(y)])(3, 4); // [[4, 3], [1, 1]]
 * ```
 */
export function jacobian(f: Fn, options: { mode?: 'forward' | 'reverse' | 'auto' } = {}): Transformed<number[][], Node[][]> {
  const trace = tracer(f, 'jacobian');
  const mode = options.mode ?? 'auto';
  if (mode !== 'forward' && mode !== 'reverse' && mode !== 'auto') {
    throw new ArgumentError(`jacobian: mode must be 'forward', 'reverse' or 'auto', got ${describe(mode)}`);
  }
  return ((...args: unknown[]) => {
    const { kinds, traced } = kindsOf('jacobian', args);
    const tr = trace(kinds);
    if (traced || tr.enclosed) return symbolicJacobian(tr, tr.outputs, args, 'jacobian');
    return numericJacobian(tr, mode, args);
  }) as Transformed<number[][], Node[][]>;
}

function numericJacobian(tr: Trace, mode: 'forward' | 'reverse' | 'auto', args: readonly unknown[]): number[][] {
  const n = sizes(tr).reduce((p, s) => p + s, 0);
  const outputSizes = tr.outputs.map((o) => o.shape.reduce((p, d) => p * d, 1));
  const m = outputSizes.reduce((p, s) => p + s, 0);
  const J = Array.from({ length: m }, () => new Array<number>(n).fill(0));
  const flat = tr.arrays ? undefined : flatOf(tr, 'jacobian');
  if (byColumns(mode, n, m)) {
    for (let k = 0; k < n; k++) {
      const column = concatScalars(pushforward(tr, flat, tr.outputs, args, unitArguments(tr, k), 'jacobian').tangents);
      for (let r = 0; r < m; r++) J[r][k] = column[r];
    }
  } else {
    for (let r = 0; r < m; r++) {
      // a unit cotangent on scalar output entry r
      let rest = r;
      const cts = tr.outputs.map((o, q) => {
        const size = outputSizes[q];
        const hit = rest >= 0 && rest < size ? rest : -1;
        rest -= size;
        if (o.shape.length === 0) return hit === 0 ? 1 : 0;
        const data = new Float64Array(size);
        if (hit >= 0) data[hit] = 1;
        return data;
      });
      J[r] = concatScalars(pullback(tr, args, cts, 'jacobian').gradient);
    }
  }
  return J;
}

/** The scalar entries of a node, row-major (the node itself for a scalar). */
function entries(node: Node): Node[] {
  if (node.shape.length === 0) return [node];
  const flat = reshape(node, [node.size]);
  return Array.from({ length: node.size }, (_, j) => reshape(take(flat, [j]), []));
}

/**
 * Rows of ∂outputs/∂inputs as scalar nodes, one row per scalar output entry and
 * one column per scalar input entry (arrays flattened row-major, as the numeric
 * Jacobian): one derivative graph per output entry.
 */
function symbolicJacobian(tr: Trace, outputs: readonly Node[], args: readonly unknown[], where: string): Node[][] {
  const replace = argumentNodes(tr, args, where);
  return outputs.flatMap(entries).map((o) => substitute(gradientNodes(o, tr.inputs).flatMap(entries), replace));
}

/**
 * The Hessian matrix of a scalar function (arguments and array elements
 * flattened in order), by forward mode over the reverse-mode derivative graph:
 * one tangent sweep per input.
 * @example
 * ```ts
 * hessian((x, y) => x.mul(x).mul(y))(3, 2); // [[4, 6], [6, 0]]
 * ```
 */
export function hessian(f: Fn): Transformed<number[][], Node[][]> {
  const trace = tracer(f, 'hessian');
  return ((...args: unknown[]) => {
    const { kinds, traced } = kindsOf('hessian', args);
    const tr = trace(kinds);
    const g = gradientNodesOf(tr, 'hessian');
    if (traced || tr.enclosed) return symbolicJacobian(tr, g, args, 'hessian');
    const n = sizes(tr).reduce((p, s) => p + s, 0);
    const flat = tr.arrays ? undefined : gradientFlatOf(tr, 'hessian');
    const H = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let k = 0; k < n; k++) {
      const column = concatScalars(pushforward(tr, flat, g, args, unitArguments(tr, k), 'hessian').tangents);
      for (let r = 0; r < n; r++) H[r][k] = column[r];
    }
    return H;
  }) as Transformed<number[][], Node[][]>;
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
export function hvp(f: Fn): {
  (primals: readonly Arg[], v: readonly Arg[]): ArgResult[];
  (primals: readonly (Arg | TracedArg)[], v: readonly (Arg | TracedArg)[]): TracedResult[];
} {
  const trace = tracer(f, 'hvp');
  return ((primals: readonly unknown[], v: readonly unknown[]) => {
    if (!Array.isArray(primals)) throw new ArgumentError(`hvp: primals must be an array with one entry per argument, got ${describe(primals)}`);
    if (!Array.isArray(v)) throw new ArgumentError(`hvp: v must be an array with one entry per argument, got ${describe(v)}`);
    samePerArgument('hvp', 'primals', 'v', primals, v);
    const { kinds, traced } = kindsOf('hvp', primals);
    const tr = trace(kinds);
    checkTangents('hvp', tr, v, 'v');
    const g = gradientNodesOf(tr, 'hvp');
    if (traced || tr.enclosed || kindsOf('hvp', v).traced) {
      const ts = tangentVariables(tr, 'hvp ');
      const byName = new Map(tr.inputs.map((x, k) => [x.name!, ts[k]]));
      const tangentGraph = tangentNodes(g, (name) => byName.get(name), 'hvp');
      const replace = argumentNodes(tr, primals, 'hvp');
      const vs = argumentNodes(tr, v, 'hvp');
      tr.inputs.forEach((x, k) => replace.set(ts[k].name!, vs.get(x.name!)!));
      return perArgumentNodes(tr, substitute(tangentGraph, replace));
    }
    const { tangents } = pushforward(tr, tr.arrays ? undefined : gradientFlatOf(tr, 'hvp'), g, primals, v, 'hvp');
    return perArgument(tr, (k) => tangents[k]);
  }) as ReturnType<typeof hvp>;
}


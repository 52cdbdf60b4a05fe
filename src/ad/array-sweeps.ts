/**
 * The direct sweeps on array graphs. Their derivatives are graphs (reverse mode
 * by {@link adjointNodes}, forward mode by {@link tangentNodes}), built once per
 * output (and per set of directions) and cached with their compiled program —
 * the array IR, buffers placed by liveness, the interpreter backend (no
 * generated code for a graph that may run once) — which each call binds and
 * runs, values and derivatives together; in check mode the same program checks
 * every value it computes.
 */
import { O, U, X } from '../engine/array-memory.js';
import { type CompiledSweep, compileSweep } from '../engine/array-sweep.js';
import { checksEnabled } from '../engine/checks.js';
import { ArgumentError, describe, ShapeError } from '../errors.js';
import { bindArray, lookup, type Bindings } from '../graph/bindings.js';
import { adjointNodes, gather } from './gradient-nodes.js';
import { internalVariable, Node } from '../graph/node.js';
import { formatShape, type Shape, sizeOf } from '../graph/shape.js';
import { tangentNodes } from './tangent-nodes.js';
import { tape } from '../graph/tape.js';
import type { Value } from '../graph/values.js';

/** True when any of the outputs depends on an array: the array sweeps run it. */
export function hasArrays(outputs: Node | readonly Node[]): boolean {
  if (outputs instanceof Node) return outputs.hasArrays;
  return Array.isArray(outputs) && outputs.some((o) => o instanceof Node && o.hasArrays);
}

/** Names no user variable collides with: internal cotangent and tangent variables. */
const COTANGENT_NAME = 'cotangent ';
const COTANGENT = `\u0000${COTANGENT_NAME}`;
const TANGENT_NAME = 'tangent ';
const TANGENT = `\u0000${TANGENT_NAME}`;

const NONE: Float64Array = new Float64Array(0);

/** An array laid out in a flat vector. */
interface Part {
  readonly name: string;
  readonly shape: Shape;
  readonly offset: number;
  readonly size: number;
}

function layout(items: readonly { name: string; shape: Shape }[]): { parts: Part[]; size: number } {
  let offset = 0;
  const parts = items.map(({ name, shape }) => {
    const part = { name, shape, offset, size: sizeOf(shape) };
    offset += part.size;
    return part;
  });
  return { parts, size: offset };
}

/**
 * A compiled direct sweep: the graph's variables in x (tape order), the seeds
 * (cotangents or tangents) in u, the results in o.
 */
interface Direct {
  readonly sweep: CompiledSweep;
  readonly variables: readonly Part[];
  readonly seeds: readonly Part[];
  readonly results: readonly Part[];
  readonly x: Float64Array;
  readonly u: Float64Array;
  readonly size: number;
}

/** Compiles `results` over the graph's `variables` (bound in x) and `seeds` (bound in u, by their internal names). */
function direct(results: readonly Node[], variables: readonly { name: string; shape: Shape }[], seeds: readonly { name: string; label: string; shape: Shape; at?: number }[], sweep: 'forward' | 'reverse' | 'tangent', primal: readonly Node[], where: string): Direct {
  const vs = layout(variables);
  const ss = layout(seeds);
  const rs = layout(results.map((r, k) => ({ name: `${k}`, shape: r.shape })));
  const byName = new Map<string, { array: number; offset: number; label: string }>();
  vs.parts.forEach((p) => byName.set(p.name, { array: X, offset: p.offset, label: p.name }));
  ss.parts.forEach((p, k) => byName.set(p.name, { array: U, offset: seeds[k].at ?? p.offset, label: seeds[k].label }));
  const compiled = compileSweep(
    results,
    rs.parts.map((p) => ({ array: O, offset: p.offset })),
    (name) => byName.get(name),
    { where, backend: 'interpreter', sweep, primal },
  );
  return { sweep: compiled, variables: vs.parts, seeds: ss.parts, results: rs.parts, x: new Float64Array(vs.size), u: new Float64Array(ss.size), size: rs.size };
}

/** Binds the variables from `at` (and the seeds by `seed`), runs, and returns each result as the API gives it. */
function run(d: Direct, at: Bindings, seed?: (part: Part, k: number, into: Float64Array) => void): Value[] {
  for (const v of d.variables) bindArray(v.name, v.shape, lookup(at, v.name), d.x.subarray(v.offset, v.offset + v.size));
  if (seed !== undefined) d.seeds.forEach((p, k) => seed(p, k, d.u.subarray(p.offset, p.offset + p.size)));
  const o = new Float64Array(d.size);
  const arrays = d.sweep.arrays;
  arrays[X] = d.x;
  arrays[U] = d.u;
  arrays[O] = o;
  d.sweep.program.run(arrays, checksEnabled());
  // the results are copies: the output buffer is not kept until the next call
  arrays[O] = NONE;
  return d.results.map((r) => (r.shape.length === 0 ? o[r.offset] : { data: o.slice(r.offset, r.offset + r.size), shape: r.shape.slice() }));
}

interface Derived {
  /** values only */
  plain?: Direct;
  /** outputs, then the gradient of every variable (one cotangent seed per output) */
  reverse?: { sweep: Direct; names: string[] };
  /** outputs, then their tangents, per set of named directions */
  forward: Map<string, Direct>;
}

const cache = new WeakMap<Node, Derived>();
const arrayCache = new WeakMap<readonly Node[], Derived & { nodes: readonly Node[] }>();

function derived(outputs: Node | readonly Node[]): Derived {
  if (outputs instanceof Node) {
    let d = cache.get(outputs);
    if (d === undefined) cache.set(outputs, (d = { forward: new Map() }));
    return d;
  }
  const hit = arrayCache.get(outputs);
  if (hit !== undefined && hit.nodes.length === outputs.length && hit.nodes.every((n, i) => n === outputs[i])) return hit;
  const d = { forward: new Map<string, Direct>(), nodes: outputs.slice() };
  arrayCache.set(outputs, d);
  return d;
}

function list(outputs: Node | readonly Node[]): readonly Node[] {
  return outputs instanceof Node ? [outputs] : outputs;
}

/** The variables of a graph, in tape order, with their shapes. */
function variablesOf(t: ReturnType<typeof tape>, skip = (_: string) => false): { name: string; shape: Shape }[] {
  return [...t.variables]
    .filter(([name]) => !skip(name))
    .map(([name, slots]) => ({ name, shape: t.nodes[slots[0]].shape }));
}

/** The outputs' values at `at`. */
export function evaluateArrays(outputs: Node | readonly Node[], at: Bindings, where: string): Value[] {
  const d = derived(outputs);
  const outs = list(outputs);
  d.plain ??= direct(outs, variablesOf(tape(outs, where)), [], 'forward', outs, where);
  return run(d.plain, at);
}

/**
 * Values of the outputs and the gradient of Σ ⟨cotangentᵣ, outputᵣ⟩ with respect
 * to every variable, by name (reverse mode on the graph, then one evaluation).
 */
export function vjpArrays(outputs: Node | readonly Node[], at: Bindings, cotangents: readonly unknown[], where: string): { values: Value[]; gradient: Record<string, Value> } {
  const outs = list(outputs);
  if (cotangents.length !== outs.length) throw new ShapeError(`${where}: the cotangent has length ${cotangents.length}, expected ${outs.length}`);
  const d = derived(outputs);
  if (d.reverse === undefined) {
    const seeds = outs.map((o, r) => internalVariable(`${COTANGENT_NAME}${r}`, o.shape));
    const { t, adjoints } = adjointNodes(outs, seeds, where);
    const variables = variablesOf(t, (name) => name.startsWith(COTANGENT));
    const names = variables.map((v) => v.name);
    const grads = gather(t, adjoints, names.map((n) => t.nodes[t.variables.get(n)![0]]));
    const seedParts = seeds.map((v, r) => ({ name: v.name!, label: `cotangent ${r + 1}`, shape: v.shape }));
    d.reverse = { sweep: direct([...outs, ...grads], variables, seedParts, 'reverse', outs, where), names };
  }
  const { sweep, names } = d.reverse;
  const results = run(sweep, at, (part, r, into) => {
    const value = cotangents[r];
    if (value === undefined || value === null) throw new ArgumentError(`${where}: cotangent ${r + 1} is ${describe(value)}, expected a number or an array of the output's shape`);
    bindArray(`cotangent ${r + 1}`, part.shape, value, into);
  });
  const gradient: Record<string, Value> = {};
  names.forEach((name, k) => {
    const v = results[outs.length + k];
    if (name === '__proto__') Object.defineProperty(gradient, name, { value: v, enumerable: true, writable: true, configurable: true });
    else gradient[name] = v;
  });
  return { values: results.slice(0, outs.length), gradient };
}

/** Values and tangents of the outputs along `direction` (by variable name; others do not move). */
export function jvpArrays(outputs: Node | readonly Node[], at: Bindings, direction: Bindings, where: string): { values: Value[]; tangents: Value[] } {
  const outs = list(outputs);
  const d = derived(outputs);
  const t = tape(outs, where);
  const named: string[] = [];
  const keys = direction instanceof Map ? [...direction.keys()] : Object.keys(direction);
  for (const name of keys) {
    if (t.variables.has(name)) named.push(name);
    // a name bound in `at` that the graph does not use moves nothing; any other is a misspelling
    else if (lookup(at, name) === undefined) throw new ArgumentError(`${where}: the direction names '${name}', which is not a variable of the graph, nor bound in at`);
  }
  named.sort();
  const key = named.join('\u0000');
  let sweep = d.forward.get(key);
  if (sweep === undefined) {
    const chosen = new Set(named);
    const ts = tangentNodes(outs, (name, v) => (chosen.has(name) ? internalVariable(`${TANGENT_NAME}${name}`, v.shape) : undefined), where);
    const variables = variablesOf(t);
    const seeds = variables.filter((v) => chosen.has(v.name)).map((v) => ({ name: `${TANGENT}${v.name}`, label: `the direction of '${v.name}'`, shape: v.shape }));
    sweep = direct([...outs, ...ts], variables, seeds, 'tangent', outs, where);
    d.forward.set(key, sweep);
  }
  const results = run(sweep, at, (part, _, into) => {
    const name = part.name.slice(TANGENT.length);
    bindArray(`the direction of '${name}'`, part.shape, lookup(direction, name), into);
  });
  return { values: results.slice(0, outs.length), tangents: results.slice(outs.length) };
}

/** Throws unless `output` is a scalar (gradients need one). */
export function requireScalarOutput(where: string, output: Node): void {
  if (output.shape.length > 0) throw new ShapeError(`${where}: the output has shape ${formatShape(output.shape)}; a gradient needs a scalar output (reduce it with sum, or use vjp)`);
}

/**
 * The direct sweeps on array graphs. Their derivatives are graphs (reverse mode
 * by {@link adjointNodes}, forward mode by {@link tangentNodes}), built once per
 * output (and per set of directions) and cached, then evaluated by the array
 * interpreter together with the values.
 */
import { type ArrayTape, arrayTape, bindAll, bindArray, runArrays, valueOf } from '../compile/array-interpreter.js';
import { ArgumentError, describe, ShapeError } from '../errors.js';
import { lookup, type Bindings } from './bindings.js';
import { adjointNodes, gather } from './gradient-nodes.js';
import { internalVariable, Node } from './node.js';
import { formatShape } from './shape.js';
import { tangentNodes } from './tangent-nodes.js';
import { tape } from './tape.js';
import type { Value } from './values.js';


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

interface Derived {
  /** values only */
  plain?: ArrayTape;
  /** outputs, then the gradient of every variable (cotangent variables per output) */
  reverse?: { tape: ArrayTape; names: string[] };
  /** outputs, then their tangents, per set of named directions */
  forward: Map<string, ArrayTape>;
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
  const d = { forward: new Map<string, ArrayTape>(), nodes: outputs.slice() };
  arrayCache.set(outputs, d);
  return d;
}

function list(outputs: Node | readonly Node[]): readonly Node[] {
  return outputs instanceof Node ? [outputs] : outputs;
}

/** The outputs' values at `at`. */
export function evaluateArrays(outputs: Node | readonly Node[], at: Bindings, where: string): Value[] {
  const d = derived(outputs);
  const t = (d.plain ??= arrayTape(outputs, where));
  bindAll(t, at);
  runArrays(t);
  return Array.from(t.outputs, (o) => valueOf(t, o));
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
    const names = [...t.variables.keys()].filter((n) => !n.startsWith(COTANGENT));
    const grads = gather(t, adjoints, names.map((n) => t.nodes[t.variables.get(n)![0]]));
    d.reverse = { tape: arrayTape([...outs, ...grads], where, { primal: outs.length, sweep: 'reverse' }), names };
  }
  const { tape: t, names } = d.reverse;
  const withCotangents = (name: string): unknown => {
    if (!name.startsWith(COTANGENT)) return lookup(at, name);
    const r = Number(name.slice(COTANGENT.length));
    return cotangents[r];
  };
  for (const [name, { shape, slots }] of t.variables) {
    const value = withCotangents(name);
    if (name.startsWith(COTANGENT) && (value === undefined || value === null)) throw new ArgumentError(`${where}: cotangent ${Number(name.slice(COTANGENT.length)) + 1} is ${describe(value)}, expected a number or an array of the output's shape`);
    const first = t.buffers[slots[0]];
    bindArray(name.startsWith(COTANGENT) ? `cotangent ${Number(name.slice(COTANGENT.length)) + 1}` : name, shape, value, first);
    for (let s = 1; s < slots.length; s++) t.buffers[slots[s]].set(first);
  }
  runArrays(t);
  const values = outs.map((_, r) => valueOf(t, t.outputs[r]));
  const gradient: Record<string, Value> = {};
  names.forEach((name, k) => {
    const v = valueOf(t, t.outputs[outs.length + k]);
    if (name === '__proto__') Object.defineProperty(gradient, name, { value: v, enumerable: true, writable: true, configurable: true });
    else gradient[name] = v;
  });
  return { values, gradient };
}

/** Values and tangents of the outputs along `direction` (by variable name; others do not move). */
export function jvpArrays(outputs: Node | readonly Node[], at: Bindings, direction: Bindings, where: string): { values: Value[]; tangents: Value[] } {
  const outs = list(outputs);
  const d = derived(outputs);
  const variables = tape(outs, where).variables;
  const named: string[] = [];
  const keys = direction instanceof Map ? [...direction.keys()] : Object.keys(direction);
  for (const name of keys) {
    if (!variables.has(name)) throw new ArgumentError(`${where}: the direction names '${name}', which is not a variable of the graph`);
    named.push(name);
  }
  named.sort();
  const key = named.join('\u0000');
  let t = d.forward.get(key);
  if (t === undefined) {
    const chosen = new Set(named);
    const ts = tangentNodes(outs, (name, v) => (chosen.has(name) ? internalVariable(`${TANGENT_NAME}${name}`, v.shape) : undefined), where);
    t = arrayTape([...outs, ...ts], where, { primal: outs.length, sweep: 'tangent' });
    d.forward.set(key, t);
  }
  for (const [name, { shape, slots }] of t.variables) {
    const tangent = name.startsWith(TANGENT);
    const original = tangent ? name.slice(TANGENT.length) : name;
    const first = t.buffers[slots[0]];
    bindArray(tangent ? `the direction of '${original}'` : name, shape, lookup(tangent ? direction : at, original), first);
    for (let s = 1; s < slots.length; s++) t.buffers[slots[s]].set(first);
  }
  runArrays(t);
  return {
    values: outs.map((_, r) => valueOf(t, t.outputs[r])),
    tangents: outs.map((_, r) => valueOf(t, t.outputs[outs.length + r])),
  };
}

/** Throws unless `output` is a scalar (gradients need one). */
export function requireScalarOutput(where: string, output: Node): void {
  if (output.shape.length > 0) throw new ShapeError(`${where}: the output has shape ${formatShape(output.shape)}; a gradient needs a scalar output (reduce it with sum, or use vjp)`);
}

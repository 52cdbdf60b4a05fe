import { ArgumentError, describe, ShapeError } from '../errors.js';
import type { Attrs, Primitive, StructuralPrimitive } from '../ops/primitive.js';
import { broadcastShapes, checkShape, formatShape, MAX_SIZE, SCALAR, type Shape, sizeOf } from './shape.js';

/** A structural primitive with its rules at the graph's nodes. */
export type StructuralOp = StructuralPrimitive<Attrs, Node>;
/** Anything a node can apply: an elementwise primitive or a structural one. */
export type Op = Primitive | StructuralOp;

let nextId = 0;

/**
 * A node of an expression graph: a variable (a named input), a constant, or a
 * primitive applied to earlier nodes. Nodes are immutable, and every node is
 * created after its inputs, so ids increase along every path from the inputs
 * to an output.
 *
 * A node has a shape: `[]` for a scalar (one number), else the extents of a
 * row-major array of float64 values. Elementwise ops broadcast as NumPy does.
 *
 * Each op is also a fluent method (`w.mul(x).add(b)`), installed by ops/fluent.ts.
 */
export class Node {
  /** Creation order; unique within the process. */
  readonly id: number;
  /** The primitive that computes this node, or undefined for variables and constants. */
  readonly op: Op | undefined;
  readonly inputs: readonly Node[];
  /** The variable's name, or undefined for other nodes. */
  readonly name: string | undefined;
  /** A scalar constant's value (NaN for other nodes: test `isConstant`; array constants hold `data`). */
  readonly value: number;
  /** The node's shape: `[]` for a scalar. */
  readonly shape: Shape;
  /** A structural primitive's parameters (axes, permutation, slice …), else undefined. */
  readonly attrs: Attrs | undefined;
  /** An array constant's values, row-major (frozen by convention: never written), else undefined. */
  readonly data: Float64Array | undefined;
  /** True when this node or any node it depends on holds an array (the graph is an array graph). */
  readonly hasArrays: boolean;
  /** @internal traversal scratch: the epoch of the last walk that reached this node, and its slot then. */
  _epoch = 0;
  /** @internal */
  _slot = 0;

  /** @internal use {@link variable}, {@link constant} or an op. */
  constructor(
    op: Op | undefined,
    inputs: readonly Node[],
    name: string | undefined,
    value: number,
    shape: Shape = SCALAR,
    attrs?: Attrs,
    data?: Float64Array,
  ) {
    this.id = nextId++;
    this.op = op;
    this.inputs = inputs;
    this.name = name;
    this.value = value;
    this.shape = shape;
    this.attrs = attrs;
    this.data = data;
    let arrays = shape.length > 0;
    for (let i = 0; i < inputs.length && !arrays; i++) arrays = inputs[i].hasArrays;
    this.hasArrays = arrays;
  }

  get isVariable(): boolean {
    return this.name !== undefined;
  }

  get isConstant(): boolean {
    return this.op === undefined && this.name === undefined;
  }

  /** True for a node of shape `[]` (one number). */
  get isScalar(): boolean {
    return this.shape.length === 0;
  }

  /** Number of elements: 1 for a scalar. */
  get size(): number {
    return sizeOf(this.shape);
  }

  toString(): string {
    const shape = this.shape.length === 0 ? '' : `: ${formatShape(this.shape)}`;
    if (this.name !== undefined) return `variable(${JSON.stringify(this.name)}${shape})`;
    if (this.op === undefined) {
      if (this.data !== undefined) return `constant(${formatShape(this.shape)})`;
      return `constant(${Object.is(this.value, -0) ? '-0' : String(this.value)})`;
    }
    return `${this.op.name}#${this.id}${shape}`;
  }
}

/** Anything an op accepts as an input: a node, or a number (lifted to a constant). */
export type NodeLike = Node | number;

declare const arrayNode: unique symbol;

/**
 * A node the type checker knows holds an array (a shape with at least one
 * axis): what `variable(name, shape)`, array constants and the array ops return.
 * At run time it is a plain {@link Node}; the type only lets `evaluate` and the
 * other sweeps say that they return `{ data, shape }` for it instead of a number.
 */
export interface ArrayNode extends Node {
  readonly [arrayNode]: true;
}

/** The type of an elementwise op's result: an array node if its input is one. */
export type Lift<X> = X extends ArrayNode ? ArrayNode : Node;
/** The type of an elementwise op's result: an array node if either input is one. */
export type Lift2<A, B> = A extends ArrayNode ? ArrayNode : B extends ArrayNode ? ArrayNode : Node;

/**
 * A named input of the graph, a scalar by default or an array of the given
 * shape. Variables are identified by name: two variable nodes with the same
 * name are bound to the same value and share a gradient entry (so they must
 * have the same shape).
 *
 * @example
 * ```ts
 * const x = variable('x');
 * evaluate(x.mul(x), { x: 3 }); // 9
 * const W = variable('W', [2, 3]); // a 2×3 matrix
 * ```
 */
export function variable(name: string): Node;
export function variable(name: string, shape: readonly []): Node;
export function variable(name: string, shape: readonly number[]): ArrayNode;
export function variable(name: string, shape: readonly number[] = SCALAR): Node {
  if (typeof name !== 'string' || name.length === 0) {
    throw new ArgumentError(`variable: the name must be a non-empty string, got ${describe(name)}`);
  }
  if (name.charCodeAt(0) === 0) throw new ArgumentError('variable: names that start with a NUL character are reserved for the function transforms’ own variables');
  return new Node(undefined, [], name, NaN, checkShape(`variable '${name}'`, shape));
}

/** @internal A variable of wengert's own (a NUL-prefixed name no user variable can take). */
export function internalVariable(name: string, shape: readonly number[] = SCALAR): Node {
  return new Node(undefined, [], `\u0000${name}`, NaN, checkShape('variable', shape));
}

/** Nested arrays of numbers, such as `[[1, 2], [3, 4]]`. */
export type NestedArray = number | readonly NestedArray[];

/**
 * The row-major values and shape of nested arrays, checking that they are
 * rectangular and hold numbers only (`where` names the value in errors).
 */
export function fromNested(where: string, value: unknown): { data: Float64Array; shape: Shape } {
  const shape: number[] = [];
  for (let v = value; Array.isArray(v); v = v[0]) shape.push(v.length);
  const data = new Float64Array(sizeOf(shape));
  let k = 0;
  // iterative walk: nesting depth is the rank, but keep the stack explicit anyway
  const stack: { v: readonly unknown[]; i: number; path: string }[] = [];
  if (!Array.isArray(value)) {
    if (typeof value !== 'number') throw new ArgumentError(`${where} is ${describe(value)}, expected a number or nested arrays of numbers`);
    data[0] = value;
    return { data, shape: SCALAR };
  }
  stack.push({ v: value, i: 0, path: '' });
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const depth = stack.length - 1;
    if (top.v.length !== shape[depth]) {
      throw new ShapeError(`${where}${top.path} has length ${top.v.length}, expected ${shape[depth]} (the arrays are not rectangular)`);
    }
    if (top.i === top.v.length) {
      stack.pop();
      continue;
    }
    const i = top.i++;
    const item = top.v[i];
    const path = `${top.path}[${i}]`;
    if (depth + 1 < shape.length) {
      if (!Array.isArray(item)) throw new ShapeError(`${where}${path} is ${describe(item)}, expected an array of length ${shape[depth + 1]}`);
      stack.push({ v: item, i: 0, path });
    } else {
      if (typeof item !== 'number') {
        throw Array.isArray(item)
          ? new ShapeError(`${where}${path} is an array, expected a number (the arrays are not rectangular)`)
          : new ArgumentError(`${where}${path} is ${describe(item)}, expected a number`);
      }
      data[k++] = item;
    }
  }
  return { data, shape: checkShape(where, shape) };
}

/**
 * A constant node: a number, or an array given as nested arrays or as a
 * `Float64Array` with its shape (a copy is kept). Numbers passed to ops are
 * lifted to constants automatically.
 *
 * @example
 * ```ts
 * evaluate(constant(2).mul(3), {}); // 6
 * constant([[1, 2], [3, 4]]).shape; // [2, 2]
 * constant(new Float64Array([1, 2, 3, 4]), [2, 2]).shape; // [2, 2]
 * ```
 */
export function constant(value: number): Node;
export function constant(value: NestedArray | Float64Array, shape?: readonly number[]): ArrayNode;
export function constant(value: number | NestedArray | Float64Array, shape?: readonly number[]): Node {
  if (typeof value === 'number') {
    if (shape !== undefined && checkShape('constant', shape).length > 0) {
      throw new ShapeError(`constant: a number has shape [], not ${formatShape(shape)}; use broadcastTo to fill an array`);
    }
    return new Node(undefined, [], undefined, value);
  }
  if (value instanceof Float64Array) {
    const s = checkShape('constant', shape === undefined ? [value.length] : shape);
    if (sizeOf(s) !== value.length) {
      throw new ShapeError(`constant: ${value.length} values do not fill shape ${formatShape(s)} (${sizeOf(s)} elements)`);
    }
    if (s.length === 0) return new Node(undefined, [], undefined, value[0]);
    return new Node(undefined, [], undefined, NaN, s, undefined, value.slice());
  }
  if (Array.isArray(value)) {
    const { data, shape: s } = fromNested('constant: value', value);
    if (shape !== undefined && formatShape(checkShape('constant', shape)) !== formatShape(s)) {
      throw new ShapeError(`constant: the nested arrays have shape ${formatShape(s)}, not ${formatShape(shape)}`);
    }
    return new Node(undefined, [], undefined, NaN, s, undefined, data);
  }
  throw new ArgumentError(`constant: the value must be a number, nested arrays of numbers or a Float64Array, got ${describe(value)}`);
}

/** Lifts a number to a constant; checks that anything else is a node. */
export function lift(x: NodeLike, where: string, position: number): Node {
  if (x instanceof Node) return x;
  if (typeof x === 'number') return constant(x);
  throw new ArgumentError(`${where}: argument ${position + 1} is ${describe(x)}, expected a Node or a number`);
}

/**
 * Lifts every entry of an array argument (numbers become constants), naming
 * a bad one by its index: `dot: b[1] is the string "3", …`.
 */
export function liftEach(xs: unknown, where: string, what: string): Node[] {
  if (!Array.isArray(xs)) throw new ArgumentError(`${where}: ${what} must be an array of nodes or numbers, got ${describe(xs)}`);
  const nodes = new Array<Node>(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (x instanceof Node) nodes[i] = x;
    else if (typeof x === 'number') nodes[i] = constant(x);
    else throw new ArgumentError(`${where}: ${what}[${i}] is ${describe(x)}, expected a Node or a number`);
  }
  return nodes;
}

/**
 * Applies a primitive to inputs (numbers are lifted), checking the arity and
 * the shapes: an elementwise primitive broadcasts its operands (NumPy's rule);
 * a structural one computes its output shape from its own shape rule.
 */
export function apply(op: Op, inputs: readonly NodeLike[], attrs?: Attrs): Node {
  const n = inputs.length;
  if (op.arity === 'n' ? n === 0 : n !== op.arity) {
    const expected = op.arity === 'n' ? 'at least 1 input' : `${op.arity} input${op.arity === 1 ? '' : 's'}`;
    throw new ArgumentError(`${op.name}: expected ${expected}, got ${n}`);
  }
  const nodes = new Array<Node>(n);
  let scalar = true;
  for (let i = 0; i < n; i++) {
    nodes[i] = lift(inputs[i], op.name, i);
    if (nodes[i].shape.length > 0) scalar = false;
  }
  if (op.kind === 'structural') {
    const frozen = attrs === undefined ? undefined : Object.freeze({ ...attrs });
    const shape = (op as StructuralOp).shape(
      nodes.map((x) => x.shape),
      frozen ?? {},
    );
    // a shape rule adds extents (pad widths, a scatter size): the result must still fit a typed array
    if (sizeOf(shape) > MAX_SIZE) {
      throw new ShapeError(`${op.name}: ${nodes.map((x) => formatShape(x.shape)).join(', ')} give ${formatShape(shape)}, more than ${MAX_SIZE} elements`);
    }
    return new Node(op, nodes, undefined, NaN, shape, frozen);
  }
  if (scalar) return new Node(op, nodes, undefined, NaN);
  return new Node(op, nodes, undefined, NaN, broadcastShapes(op.name, nodes.map((x) => x.shape)));
}

import { ArgumentError, describe } from '../errors.js';
import type { Primitive } from '../ops/primitive.js';

let nextId = 0;

/**
 * A node of an expression graph: a variable (a named input), a constant, or a
 * primitive applied to earlier nodes. Nodes are immutable, and every node is
 * created after its inputs, so ids increase along every path from the inputs
 * to an output.
 *
 * Each op is also a fluent method (`w.mul(x).add(b)`), installed by ops/fluent.ts.
 */
export class Node {
  /** Creation order; unique within the process. */
  readonly id: number;
  /** The primitive that computes this node, or undefined for variables and constants. */
  readonly op: Primitive | undefined;
  readonly inputs: readonly Node[];
  /** The variable's name, or undefined for other nodes. */
  readonly name: string | undefined;
  /** The constant's value (NaN for other nodes: test `isConstant`). */
  readonly value: number;
  /** @internal traversal scratch: the epoch of the last walk that reached this node, and its slot then. */
  _epoch = 0;
  /** @internal */
  _slot = 0;

  /** @internal use {@link variable}, {@link constant} or an op. */
  constructor(op: Primitive | undefined, inputs: readonly Node[], name: string | undefined, value: number) {
    this.id = nextId++;
    this.op = op;
    this.inputs = inputs;
    this.name = name;
    this.value = value;
  }

  get isVariable(): boolean {
    return this.name !== undefined;
  }

  get isConstant(): boolean {
    return this.op === undefined && this.name === undefined;
  }

  toString(): string {
    if (this.name !== undefined) return `variable(${JSON.stringify(this.name)})`;
    if (this.op === undefined) return `constant(${Object.is(this.value, -0) ? '-0' : String(this.value)})`;
    return `${this.op.name}#${this.id}`;
  }
}

/** Anything an op accepts as an input: a node, or a number (lifted to a constant). */
export type NodeLike = Node | number;

/**
 * A named input of the graph. Variables are identified by name: two variable
 * nodes with the same name are bound to the same value and share a gradient entry.
 *
 * @example
 * ```ts
 * const x = variable('x');
 * evaluate(x.mul(x), { x: 3 }); // 9
 * ```
 */
export function variable(name: string): Node {
  if (typeof name !== 'string' || name.length === 0) {
    throw new ArgumentError(`variable: the name must be a non-empty string, got ${describe(name)}`);
  }
  return new Node(undefined, [], name, NaN);
}

/**
 * A constant node. Numbers passed to ops are lifted to constants automatically.
 *
 * @example
 * ```ts
 * evaluate(constant(2).mul(3), {}); // 6
 * ```
 */
export function constant(value: number): Node {
  if (typeof value !== 'number') {
    throw new ArgumentError(`constant: the value must be a number, got ${describe(value)}`);
  }
  return new Node(undefined, [], undefined, value);
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

/** Applies a primitive to inputs (numbers are lifted), checking the arity. */
export function apply(op: Primitive, inputs: readonly NodeLike[]): Node {
  const n = inputs.length;
  if (op.arity === 'n' ? n === 0 : n !== op.arity) {
    const expected = op.arity === 'n' ? 'at least 1 input' : `${op.arity} input${op.arity === 1 ? '' : 's'}`;
    throw new ArgumentError(`${op.name}: expected ${expected}, got ${n}`);
  }
  const nodes = new Array<Node>(n);
  for (let i = 0; i < n; i++) nodes[i] = lift(inputs[i], op.name, i);
  return new Node(op, nodes, undefined, NaN);
}

import { ArgumentError, describe } from '../errors.js';
import { apply, constant, Node } from '../graph/node.js';
import type { Arithmetic, BinaryPrimitive, UnaryPrimitive, VariadicPrimitive } from './primitive.js';
import { binaryPrimitives, unaryPrimitives } from './table.js';
import { wherePrimitive } from './where.js';

/**
 * Builds an {@link Arithmetic} from the op table, given how one representation
 * writes a constant and applies a unary or binary primitive. Every arithmetic is
 * derived from the primitives' own definitions, never restated.
 */
export function makeArithmetic<T>(
  constantOf: (c: number) => T,
  unary: (p: UnaryPrimitive, x: T) => T,
  binary: (p: BinaryPrimitive, a: T, b: T) => T,
  variadic: (p: VariadicPrimitive, x: T[]) => T,
): Arithmetic<T> {
  const A: Record<string, unknown> = { constant: constantOf };
  for (const p of Object.values(unaryPrimitives)) A[p.name] = (x: T) => unary(p, x);
  for (const p of Object.values(binaryPrimitives)) A[p.name] = (a: T, b: T) => binary(p, a, b);
  A.where = (c: T, a: T, b: T) => variadic(wherePrimitive, [c, a, b]);
  return A as unknown as Arithmetic<T>;
}

/** Plain numbers: the rules evaluated at a point (used by the numeric sweeps). */
export const numbers: Arithmetic<number> = (() => {
  const A: Record<string, unknown> = { constant: (c: number) => c };
  for (const p of Object.values(unaryPrimitives)) A[p.name] = p.evaluate;
  for (const p of Object.values(binaryPrimitives)) A[p.name] = p.evaluate;
  A.where = (c: number, a: number, b: number) => (c !== 0 ? a : b);
  return A as unknown as Arithmetic<number>;
})();

const isConst = (x: Node, c: number) => x.isConstant && x.value === c;

/**
 * Graph nodes: the rules build derivative graphs. Constant sub-expressions fold,
 * and only the exact identities are simplified (x + 0, 1·x, −1·x, −(−x)), so a
 * derivative graph computes what the numeric sweeps compute, IEEE cases (0·∞) included.
 */
export const nodes: Arithmetic<Node> = makeArithmetic<Node>(
  constant,
  (p, x) => {
    if (x.isConstant && x.isScalar) return constant(p.evaluate(x.value));
    if (p.name === 'neg' && x.op?.name === 'neg') return x.inputs[0];
    return apply(p, [x]);
  },
  (p, a, b) => {
    if (a.isConstant && b.isConstant && a.isScalar && b.isScalar) return constant(p.evaluate(a.value, b.value));
    if (p.name === 'add') {
      if (isConst(a, 0)) return b;
      if (isConst(b, 0)) return a;
    } else if (p.name === 'mul') {
      if (isConst(a, 1)) return b;
      if (isConst(b, 1)) return a;
      if (isConst(a, -1)) return nodes.neg(b);
      if (isConst(b, -1)) return nodes.neg(a);
    }
    return apply(p, [a, b]);
  },
  (p, x) => (x.every((n) => n.isConstant && n.isScalar) ? constant(p.evaluate(x.map((n) => n.value))) : apply(p, x)),
);

/** Writes a number as a JavaScript literal that reads back to the same double (−0, NaN, ±∞ included). */
export function literal(c: number): string {
  // generated code is made of these literals: anything but a number must never reach it
  if (typeof c !== 'number') throw new ArgumentError(`literal: c must be a number, got ${describe(c)}`);
  if (Number.isNaN(c)) return '(0 / 0)';
  if (c === Infinity) return '(1 / 0)';
  if (c === -Infinity) return '(-1 / 0)';
  if (Object.is(c, -0)) return '(-0)';
  return c < 0 ? `(${String(c)})` : String(c);
}

/** JavaScript source text: the rules emit straight-line code. */
export const source: Arithmetic<string> = makeArithmetic<string>(
  literal,
  (p, x) => p.emit(x),
  (p, a, b) => p.emit(a, b),
  (p, x) => p.emit(x),
);

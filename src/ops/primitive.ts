/**
 * What a primitive is: its evaluation, its JavaScript source form and its local
 * partial derivatives, side by side. The partials are written once over an
 * abstract {@link Arithmetic}, so the same rule serves numeric sweeps (numbers),
 * derivative graphs (nodes) and generated code (source text).
 *
 * Forward mode uses them as ẏ = Σᵢ ∂ᵢ·ẋᵢ, reverse mode as x̄ᵢ += ∂ᵢ·ȳ.
 * On arrays these primitives apply elementwise, with NumPy broadcasting, and
 * the same rules give the partials element by element.
 */
import type { Node } from '../graph/node.js';
import type { Shape } from '../graph/shape.js';

/**
 * The operations a partial-derivative rule may use. `numbers`, `nodes` and
 * `source` (see arithmetic.ts) implement it from the primitives themselves.
 */
export interface Arithmetic<T> {
  constant(c: number): T;
  add(a: T, b: T): T;
  mul(a: T, b: T): T;
  pow(a: T, b: T): T;
  max(a: T, b: T): T;
  min(a: T, b: T): T;
  neg(x: T): T;
  exp(x: T): T;
  reciprocal(x: T): T;
  log(x: T): T;
  log1p(x: T): T;
  tanh(x: T): T;
  sin(x: T): T;
  cos(x: T): T;
  sqrt(x: T): T;
  abs(x: T): T;
  relu(x: T): T;
  sign(x: T): T;
  less(a: T, b: T): T;
  lessEqual(a: T, b: T): T;
  greater(a: T, b: T): T;
  greaterEqual(a: T, b: T): T;
  equal(a: T, b: T): T;
  /** a where c ≠ 0, else b. */
  where(c: T, a: T, b: T): T;
}

/** Names of the unary primitives. */
export type UnaryName = 'neg' | 'exp' | 'reciprocal' | 'log' | 'log1p' | 'tanh' | 'sin' | 'cos' | 'sqrt' | 'abs' | 'relu' | 'sign';
/** Names of the binary primitives. */
export type BinaryName = 'add' | 'mul' | 'pow' | 'max' | 'min' | ComparisonName;
/** Names of the comparisons: 1 where the relation holds, else 0 (NaN compares false). */
export type ComparisonName = 'less' | 'lessEqual' | 'greater' | 'greaterEqual' | 'equal';
/** Names of the n-ary primitives. */
export type VariadicName = 'sum' | 'dot' | 'where';
/** Every primitive's name. */
export type PrimitiveName = UnaryName | BinaryName | VariadicName;

/** y = f(x). */
export interface UnaryPrimitive {
  readonly kind?: 'elementwise';
  readonly name: UnaryName;
  readonly arity: 1;
  evaluate(x: number): number;
  /** A JavaScript expression computing y from the expression `x`. */
  emit(x: string): string;
  /** ∂y/∂x, given the input and the output. */
  partial<T>(A: Arithmetic<T>, x: T, y: T): T;
}

/** y = f(a, b). */
export interface BinaryPrimitive {
  readonly kind?: 'elementwise';
  readonly name: BinaryName;
  readonly arity: 2;
  evaluate(a: number, b: number): number;
  emit(a: string, b: string): string;
  /**
   * ∂y/∂a (i = 0) or ∂y/∂b (i = 1). `kb` is b's value when b is a constant node
   * (known before any sweep), else undefined: `pow` uses it to treat constant
   * exponents exactly.
   */
  partial<T>(A: Arithmetic<T>, i: 0 | 1, a: T, b: T, y: T, kb: number | undefined): T;
}

/** y = f(x₀, …, xₙ₋₁) for any n ≥ 1. */
export interface VariadicPrimitive {
  readonly kind?: 'elementwise';
  readonly name: VariadicName;
  readonly arity: 'n';
  evaluate(x: readonly number[]): number;
  emit(x: readonly string[]): string;
  partial<T>(A: Arithmetic<T>, i: number, x: readonly T[], y: T): T;
}

/** A primitive of any arity. */
export type Primitive = UnaryPrimitive | BinaryPrimitive | VariadicPrimitive;

/** Parameters of a structural primitive (axes, a permutation, a slice …): a plain frozen object. */
export type Attrs = object;

/** Names of the structural primitives. */
export type StructuralName =
  | 'broadcastTo'
  | 'reshape'
  | 'transpose'
  | 'slice'
  | 'pad'
  | 'concat'
  | 'take'
  | 'scatterAdd'
  | 'reduceSum'
  | 'reduceMax'
  | 'matmul';

/**
 * A primitive that moves, reduces or contracts whole arrays (as JAX's lax
 * primitives): its shape rule, its numeric kernel and its derivative rules side
 * by side. Derivatives are rules over graph nodes — the JVP maps the inputs'
 * tangents to the output's tangent, the VJP maps the output's cotangent to one
 * input's cotangent (for a linear op, its transpose) — so that derivatives of
 * array graphs are graphs, evaluated and compiled like any other.
 */
export interface StructuralPrimitive<A extends Attrs = Attrs> {
  readonly kind: 'structural';
  readonly name: StructuralName;
  /** Number of inputs, or 'n' for one or more. */
  readonly arity: number | 'n';
  /** The output shape, or a ShapeError naming the op and the operands' shapes. */
  shape(shapes: readonly Shape[], attrs: A): Shape;
  /**
   * Writes the output (row-major) from the inputs (row-major, of the given
   * shapes). Allocates nothing. Both backends call this same kernel, so they
   * agree bit for bit.
   */
  evaluate(x: readonly Float64Array[], shapes: readonly Shape[], y: Float64Array, shape: Shape, attrs: A): void;
  /** The output's tangent from the inputs' tangents (undefined: a structural zero). */
  jvp(tangents: readonly (Node | undefined)[], node: Node): Node | undefined;
  /** Input i's cotangent from the output's cotangent `ct` (undefined: no dependence). */
  vjp(i: number, ct: Node, node: Node): Node | undefined;
}

/** Anything a node can apply: an elementwise primitive or a structural one. */
export type Op = Primitive | StructuralPrimitive;

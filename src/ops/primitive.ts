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
  tan(x: T): T;
  asin(x: T): T;
  acos(x: T): T;
  atan(x: T): T;
  sinh(x: T): T;
  cosh(x: T): T;
  asinh(x: T): T;
  acosh(x: T): T;
  atanh(x: T): T;
  expm1(x: T): T;
  log2(x: T): T;
  log10(x: T): T;
  sinc(x: T): T;
  floor(x: T): T;
  ceil(x: T): T;
  round(x: T): T;
  trunc(x: T): T;
  atan2(a: T, b: T): T;
  hypot(a: T, b: T): T;
  mod(a: T, b: T): T;
  less(a: T, b: T): T;
  lessEqual(a: T, b: T): T;
  greater(a: T, b: T): T;
  greaterEqual(a: T, b: T): T;
  equal(a: T, b: T): T;
  notEqual(a: T, b: T): T;
  /** a where c ≠ 0, else b. */
  where(c: T, a: T, b: T): T;
}

/** Names of the unary primitives. */
export type UnaryName =
  | 'neg' | 'exp' | 'reciprocal' | 'log' | 'log1p' | 'tanh' | 'sin' | 'cos' | 'sqrt' | 'abs' | 'relu' | 'sign'
  | 'tan' | 'asin' | 'acos' | 'atan' | 'sinh' | 'cosh' | 'asinh' | 'acosh' | 'atanh' | 'expm1' | 'log2' | 'log10' | 'sinc'
  | 'floor' | 'ceil' | 'round' | 'trunc' | 'stopGradient';
/** Names of the binary primitives. */
export type BinaryName = 'add' | 'mul' | 'pow' | 'max' | 'min' | 'atan2' | 'hypot' | 'mod' | ComparisonName;
/** Names of the comparisons: 1 where the relation holds, else 0 (NaN compares false, so `notEqual` is 1). */
export type ComparisonName = 'less' | 'lessEqual' | 'greater' | 'greaterEqual' | 'equal' | 'notEqual';
/** Names of the n-ary primitives. */
export type VariadicName = 'sum' | 'dot' | 'where' | 'customRule';
/** Every primitive's name. */
export type PrimitiveName = UnaryName | BinaryName | VariadicName;

/** y = f(x). */
export interface UnaryPrimitive {
  readonly kind?: 'elementwise';
  readonly name: UnaryName;
  readonly arity: 1;
  /**
   * No derivative flows through the primitive (stopGradient): its node is
   * inactive whatever its operand, so every sweep treats it as a constant.
   */
  readonly stopsDerivatives?: true;
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

/**
 * What a structural rule is given of a node: the graph's Node satisfies it (node.ts
 * instantiates the rules at Node; this file imports nothing from the graph, which
 * imports these types).
 */
export interface StructuralNode {
  readonly shape: Shape;
  readonly inputs: readonly StructuralNode[];
  readonly attrs: Attrs | undefined;
}

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
export interface StructuralPrimitive<A extends Attrs = Attrs, N = StructuralNode> {
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
  jvp(tangents: readonly (N | undefined)[], node: N): N | undefined;
  /** Input i's cotangent from the output's cotangent `ct` (undefined: no dependence). */
  vjp(i: number, ct: N, node: N): N | undefined;
}

// each file registers its rules at its own node type (the graph's Node)
const defined = new Map<StructuralName, StructuralPrimitive<any, any>>();

/**
 * Registers a structural primitive under its name, so that its transpose partner
 * can find it with {@link structural} without importing its file.
 * @example
 * ```ts
 * export const padPrimitive = defineStructural<PadAttrs>({ kind: 'structural', name: 'pad', … });
 * ```
 */
export function defineStructural<A extends Attrs, N>(p: StructuralPrimitive<A, N>): StructuralPrimitive<A, N> {
  defined.set(p.name, p);
  return p;
}

/**
 * A structural primitive by name, looked up when a rule runs. The transpose
 * pairs (slice and pad, take and scatterAdd, reduceSum and broadcastTo) each
 * import one way and look the other way up here, so no two op files import each
 * other. The op table (table.ts) loads them all, and every derivative sweep
 * reaches it through the arithmetics.
 * @example
 * ```ts
 * apply(structural('pad'), [ct], { low, high, interior, value: 0 });
 * ```
 */
export function structural<N = StructuralNode>(name: StructuralName): StructuralPrimitive<Attrs, N> {
  const p = defined.get(name);
  if (p === undefined) throw new Error(`the structural primitive ${name} is not loaded (src/ops/table.ts loads them all)`);
  return p;
}


/**
 * A primitive's value at an operand list: the one place that spreads operands
 * the way each arity takes them.
 * @example
 * ```ts
 * evaluateOn(primitives.get('mul')!, [3, 4]); // 12
 * ```
 */
export function evaluateOn(p: Primitive, x: readonly number[]): number {
  return p.arity === 1 ? p.evaluate(x[0]) : p.arity === 2 ? p.evaluate(x[0], x[1]) : p.evaluate(x);
}

/**
 * ∂y/∂xₖ by the primitive's rule, over any {@link Arithmetic}. `kb` is the
 * second operand's value when it is a constant (after folding), else undefined.
 * @example
 * ```ts
 * partialOn(primitives.get('mul')!, numbers, 0, [3, 4], 12, 4); // 4
 * ```
 */
export function partialOn<T>(p: Primitive, A: Arithmetic<T>, k: number, x: readonly T[], y: T, kb: number | undefined): T {
  return p.arity === 1 ? p.partial(A, x[0], y) : p.arity === 2 ? p.partial(A, k as 0 | 1, x[0], x[1], y, kb) : p.partial(A, k, x, y);
}

/**
 * The JavaScript expression of a primitive applied to operand expressions (its `emit` template).
 * @example
 * ```ts
 * emitOn(primitives.get('sin')!, ['v3']); // 'Math.sin(v3)'
 * ```
 */
export function emitOn(p: Primitive, x: readonly string[]): string {
  return p.arity === 1 ? p.emit(x[0]) : p.arity === 2 ? p.emit(x[0], x[1]) : p.emit(x);
}

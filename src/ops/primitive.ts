/**
 * What a primitive is: its evaluation, its JavaScript source form and its local
 * partial derivatives, side by side. The partials are written once over an
 * abstract {@link Arithmetic}, so the same rule serves numeric sweeps (numbers),
 * derivative graphs (nodes) and generated code (source text).
 *
 * Forward mode uses them as ẏ = Σᵢ ∂ᵢ·ẋᵢ, reverse mode as x̄ᵢ += ∂ᵢ·ȳ.
 */

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
}

/** Names of the unary primitives. */
export type UnaryName = 'neg' | 'exp' | 'reciprocal' | 'log' | 'log1p' | 'tanh' | 'sin' | 'cos' | 'sqrt' | 'abs' | 'relu' | 'sign';
/** Names of the binary primitives. */
export type BinaryName = 'add' | 'mul' | 'pow' | 'max' | 'min';
/** Names of the n-ary primitives. */
export type VariadicName = 'sum' | 'dot';
/** Every primitive's name. */
export type PrimitiveName = UnaryName | BinaryName | VariadicName;

/** y = f(x). */
export interface UnaryPrimitive {
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
  readonly name: VariadicName;
  readonly arity: 'n';
  evaluate(x: readonly number[]): number;
  emit(x: readonly string[]): string;
  partial<T>(A: Arithmetic<T>, i: number, x: readonly T[], y: T): T;
}

/** A primitive of any arity. */
export type Primitive = UnaryPrimitive | BinaryPrimitive | VariadicPrimitive;

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

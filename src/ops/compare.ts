import { apply, type Lift2, type NodeLike } from '../graph/node.js';
import type { BinaryPrimitive, ComparisonName } from './primitive.js';

/**
 * A comparison: 1 where the relation holds, else 0 (NaN compares false, as in
 * IEEE, so `notEqual` is 1 there). Piecewise constant, so both partials are 0: no derivative flows
 * through a comparison, only through what `where` selects with it.
 */
function comparison(name: ComparisonName, relation: string, evaluate: (a: number, b: number) => number): BinaryPrimitive {
  return {
    name,
    arity: 2,
    evaluate,
    emit: (a, b) => `(${a} ${relation} ${b} ? 1 : 0)`,
    // ∂y/∂a = ∂y/∂b = 0
    partial: (A) => A.constant(0),
  };
}

/** y = [a < b] */
export const lessPrimitive = comparison('less', '<', (a, b) => (a < b ? 1 : 0));
/** y = [a ≤ b] */
export const lessEqualPrimitive = comparison('lessEqual', '<=', (a, b) => (a <= b ? 1 : 0));
/** y = [a > b] */
export const greaterPrimitive = comparison('greater', '>', (a, b) => (a > b ? 1 : 0));
/** y = [a ≥ b] */
export const greaterEqualPrimitive = comparison('greaterEqual', '>=', (a, b) => (a >= b ? 1 : 0));
/** y = [a = b] */
export const equalPrimitive = comparison('equal', '===', (a, b) => (a === b ? 1 : 0));
/** y = [a ≠ b] (1 where either is NaN, as IEEE's ≠) */
export const notEqualPrimitive = comparison('notEqual', '!==', (a, b) => (a !== b ? 1 : 0));

/**
 * 1 where a < b, else 0 (elementwise, broadcasting). Its derivative is 0.
 * @example
 * ```ts
 * evaluate(less(variable('x'), 2), { x: 1 }); // 1
 * ```
 */
export function less<A extends NodeLike, B extends NodeLike>(a: A, b: B): Lift2<A, B> {
  return apply(lessPrimitive, [a, b]) as Lift2<A, B>;
}

/**
 * 1 where a ≤ b, else 0 (elementwise, broadcasting). Its derivative is 0.
 * @example
 * ```ts
 * evaluate(lessEqual(variable('x'), 2), { x: 2 }); // 1
 * ```
 */
export function lessEqual<A extends NodeLike, B extends NodeLike>(a: A, b: B): Lift2<A, B> {
  return apply(lessEqualPrimitive, [a, b]) as Lift2<A, B>;
}

/**
 * 1 where a > b, else 0 (elementwise, broadcasting). Its derivative is 0.
 * @example
 * ```ts
 * evaluate(greater(variable('x'), 2), { x: 1 }); // 0
 * ```
 */
export function greater<A extends NodeLike, B extends NodeLike>(a: A, b: B): Lift2<A, B> {
  return apply(greaterPrimitive, [a, b]) as Lift2<A, B>;
}

/**
 * 1 where a ≥ b, else 0 (elementwise, broadcasting). Its derivative is 0.
 * @example
 * ```ts
 * evaluate(greaterEqual(variable('x'), 2), { x: 2 }); // 1
 * ```
 */
export function greaterEqual<A extends NodeLike, B extends NodeLike>(a: A, b: B): Lift2<A, B> {
  return apply(greaterEqualPrimitive, [a, b]) as Lift2<A, B>;
}

/**
 * 1 where a = b, else 0 (elementwise, broadcasting). Its derivative is 0.
 * @example
 * ```ts
 * evaluate(equal(variable('x'), 2), { x: 2 }); // 1
 * ```
 */
export function equal<A extends NodeLike, B extends NodeLike>(a: A, b: B): Lift2<A, B> {
  return apply(equalPrimitive, [a, b]) as Lift2<A, B>;
}

/**
 * 1 where a ≠ b, else 0 (elementwise, broadcasting); 1 where either is NaN, as
 * IEEE's ≠. Its derivative is 0.
 * @example
 * ```ts
 * evaluate(notEqual(variable('x'), 2), { x: 2 }); // 0
 * ```
 */
export function notEqual<A extends NodeLike, B extends NodeLike>(a: A, b: B): Lift2<A, B> {
  return apply(notEqualPrimitive, [a, b]) as Lift2<A, B>;
}

// NumPy's and JAX's short names (the expression parser reads mathjs's operators == != < <= > >=)

/**
 * NumPy's and JAX's name for {@link equal}: 1 where a = b, else 0.
 * @example
 * ```ts
 * evaluate(eq(variable('x'), 2), { x: 2 }); // 1
 * ```
 */
export const eq: typeof equal = equal;

/**
 * NumPy's and JAX's name for {@link notEqual}: 1 where a ≠ b (or either is NaN), else 0.
 * @example
 * ```ts
 * evaluate(ne(variable('x'), 2), { x: 3 }); // 1
 * ```
 */
export const ne: typeof notEqual = notEqual;

/**
 * NumPy's and JAX's name for {@link less}: 1 where a < b, else 0.
 * @example
 * ```ts
 * evaluate(lt(variable('x'), 2), { x: 1 }); // 1
 * ```
 */
export const lt: typeof less = less;

/**
 * NumPy's and JAX's name for {@link lessEqual}: 1 where a ≤ b, else 0.
 * @example
 * ```ts
 * evaluate(le(variable('x'), 2), { x: 2 }); // 1
 * ```
 */
export const le: typeof lessEqual = lessEqual;

/**
 * NumPy's and JAX's name for {@link greater}: 1 where a > b, else 0.
 * @example
 * ```ts
 * evaluate(gt(variable('x'), 2), { x: 3 }); // 1
 * ```
 */
export const gt: typeof greater = greater;

/**
 * NumPy's and JAX's name for {@link greaterEqual}: 1 where a ≥ b, else 0.
 * @example
 * ```ts
 * evaluate(ge(variable('x'), 2), { x: 1 }); // 0
 * ```
 */
export const ge: typeof greaterEqual = greaterEqual;

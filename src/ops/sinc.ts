import { apply, type Lift, type NodeLike } from '../graph/node.js';
import type { Arithmetic, UnaryPrimitive } from './primitive.js';

/** sin(πx)/(πx), and 1 at 0, as NumPy computes it (πx once). */
function normalizedSinc(x: number): number {
  return x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
}

/**
 * Below this |x|, sinc′ comes from its series: (cos(πx) − y)/x cancels (its
 * relative error is about 7e−17/x²: all of it for a subnormal x, where 1/x
 * even overflows), while the series' first omitted term is about 0.064·x⁶ of
 * sinc′. The two meet near 0.014; at 0.01 the series is good to 6e−14.
 */
const SERIES_BELOW = 0.01;

/**
 * sinc′ near 0 from its Maclaurin series, −(π²/3)x + (π⁴/30)x³ − (π⁶/840)x⁵:
 * 0 at 0, and its own derivatives there are sinc's, to the 7th order.
 */
function maclaurinSlope<T>(A: Arithmetic<T>, x: T): T {
  const x2 = A.mul(x, x);
  const c1 = -(Math.PI ** 2) / 3;
  const c3 = Math.PI ** 4 / 30;
  const c5 = -(Math.PI ** 6) / 840;
  return A.mul(x, A.add(A.constant(c1), A.mul(x2, A.add(A.constant(c3), A.mul(x2, A.constant(c5))))));
}

/** y = sin(πx)/(πx), 1 at x = 0 (the normalized sinc of NumPy and JAX) */
export const sincPrimitive: UnaryPrimitive = {
  name: 'sinc',
  arity: 1,
  evaluate: normalizedSinc,
  // the same operations as normalizedSinc, so that both backends agree bit for bit
  emit: (x) => `(${x} === 0 ? 1 : Math.sin(${Math.PI} * ${x}) / (${Math.PI} * ${x}))`,
  // sinc′(x) = (cos(πx) − y)/x, and below |x| = 0.01 its series (value 0 at 0). As JAX's `where`
  // trick: the quotient reads x only through s = (x where |x| ≥ 0.01, else 1), so in a derivative graph
  // the branch not taken has finite partials and contributes 0, not 0·∞, and higher derivatives near 0 are the series'
  partial: (A, x, y) => {
    const far = A.greaterEqual(A.abs(x), A.constant(SERIES_BELOW));
    const s = A.where(far, x, A.constant(1));
    const slope = A.mul(A.add(A.cos(A.mul(A.constant(Math.PI), s)), A.neg(y)), A.reciprocal(s));
    return A.where(far, slope, maclaurinSlope(A, x));
  },
};

/**
 * The normalized sinc, sin(πx)/(πx), with value 1 and derivative 0 at x = 0
 * (NumPy's and JAX's `sinc`); its higher derivatives at 0 come from its series.
 * @example
 * ```ts
 * evaluate(sinc(variable('x')), { x: 0.5 }); // 0.6366197723675814
 * ```
 */
export function sinc<X extends NodeLike>(x: X): Lift<X> {
  return apply(sincPrimitive, [x]) as Lift<X>;
}

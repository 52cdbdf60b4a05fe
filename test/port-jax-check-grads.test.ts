/**
 * JAX's `check_grads` (jax/_src/public_test_util.py), ported as
 * test/helpers/check-grads.ts, and the suite of JAX that runs it on every
 * elementwise primitive (tests/lax_autodiff_test.py, `LaxAutodiffTest`).
 *
 * Part 1 holds the helper to JAX's semantics: its step and tolerances are
 * JAX's, it passes correct derivatives, and it fails — in forward mode alone,
 * in reverse mode alone, and at order 2 alone — on derivatives that are wrong
 * there (made wrong with `stopGradient` and `customJvp`, whose derivatives are
 * not the function's).
 *
 * Part 2 is `testOpGrad` over LAX_GRAD_OPS (each op, its order, its random
 * generator and its float64 tolerance as listed there) and
 * `testOpGradSpecialValue` over LAX_GRAD_SPECIAL_VALUE_TESTS, for the real
 * primitives. JAX samples argument shapes from `compatible_shapes`; here every
 * op is checked on a scalar and on one broadcast array case. JAX's generators
 * (rand_default: 3·N(0, 1); rand_small: 1e-3·N(0, 1); rand_positive:
 * 1 + 2·U[0, 1); rand_not_small: 3·N(0, 1) ± 10; rand_uniform(lo, hi)) are
 * rebuilt over our seeded normal numbers.
 *
 * Left out of LAX_GRAD_OPS: erf, erfc, erf_inv, bessel_i0e, bessel_i1e, cbrt
 * (not wengert functions, and not in the peers' scalar suites), real, imag,
 * complex, conj and the complex sqrt/rsqrt rows (complex numbers). rsqrt is
 * checked as 1/√x and logistic as `sigmoid`.
 */
import { describe, expect, it } from 'vitest';
import {
  abs,
  acos,
  add,
  asin,
  atan,
  atan2,
  ceil,
  cos,
  cosh,
  customJvp,
  div,
  exp,
  exp2,
  expm1,
  floor,
  log,
  log1p,
  max,
  min,
  mul,
  neg,
  type Node,
  pow,
  reciprocal,
  round,
  sigmoid,
  sin,
  sinh,
  sqrt,
  square,
  stopGradient,
  sub,
  tan,
  tanh,
  type ArrayValue,
} from '../src/index.js';
import { type CheckArg, checkGrads, gaussian, GradientCheckError, JAX_EPS, JAX_FLOAT64_GRADIENT_TOLERANCE } from './helpers/check-grads.js';

describe('jax/_src/public_test_util.py: check_grads', () => {
  it('EPS and default_gradient_tolerance[float64] are JAX’s: 1e-4 and 1e-5', () => {
    expect(JAX_EPS).toBe(1e-4);
    expect(JAX_FLOAT64_GRADIENT_TOLERANCE).toBe(1e-5);
  });

  it('passes correct derivatives to order 1, 2 and 3, one output or several', () => {
    for (const order of [1, 2, 3]) {
      checkGrads((x: Node) => sin(x), [0.3], { order });
      checkGrads((x: Node, y: Node) => [mul(x, y), exp(sub(x, y))], [0.3, -0.7], { order });
    }
  });

  it('check_jvp and check_vjp each catch a wrong first derivative alone (x·stopGradient(x): d/dx is x, not 2x)', () => {
    const f = (x: Node) => mul(x, stopGradient(x));
    expect(() => checkGrads(f, [1.5], { modes: ['fwd'], order: 1 })).toThrow(/^JVP tangent/);
    expect(() => checkGrads(f, [1.5], { modes: ['rev'], order: 1 })).toThrow(/^VJP cotangent projection/);
  });

  it('the recursion to order 2 catches a derivative wrong only at second order, in each mode', () => {
    // (x − stopGradient(x))² is 0 with first derivative 0, both right; its second derivative is 2, not 0
    const f = (x: Node) => add(sin(x), square(sub(x, stopGradient(x))));
    checkGrads(f, [0.4], { order: 1 });
    expect(() => checkGrads(f, [0.4], { modes: ['fwd'], order: 2 })).toThrow(/^JVP of JVP/);
    expect(() => checkGrads(f, [0.4], { modes: ['rev'], order: 2 })).toThrow(/^VJP of VJP/);
    expect(() => checkGrads(f, [0.4], { order: 2, convention: 'autograd' })).toThrow(GradientCheckError);
  });

  it('catches a user rule (customJvp) that is not the derivative, and passes one that is', () => {
    const wrong = customJvp(
      (x) => sin(x),
      ([x], [dx]) => mul(dx, mul(1.01, cos(x))),
    );
    const right = customJvp(
      (x) => sin(x),
      ([x], [dx]) => mul(dx, cos(x)),
    );
    expect(() => checkGrads((x: Node) => wrong(x), [0.3])).toThrow(GradientCheckError);
    checkGrads((x: Node) => right(x), [0.3]);
  });

  it('compares as numpy’s assert_allclose: NaN matches NaN (asin outside [−1, 1]), and a jump inside the step fails', () => {
    checkGrads((x: Node) => asin(x), [1.2]);
    expect(() => checkGrads((x: Node) => mul(3, floor(x)), [2 + 1e-5])).toThrow(/^JVP tangent/);
  });

  it('scales the tolerance by the output size (atol·n + rtol·n·|expected| for an output of n elements)', () => {
    // a + 1e-4·(a − stopGradient(a)): the value is a, the derivative 1 + 1e-4 where it should be 1
    const f = (a: Node) => add(a, mul(1e-4, sub(a, stopGradient(a))));
    expect(() => checkGrads(f, [0.5], { order: 1, modes: ['fwd'] })).toThrow(/^JVP tangent/);
    checkGrads(f, [{ data: new Float64Array(16).fill(0.5), shape: [4, 4] }], { order: 1, modes: ['fwd'] });
  });
});

// ---------------------------------------------------------------------------
// tests/lax_autodiff_test.py

type Rng = (shape: readonly number[]) => CheckArg;

function generator(draw: (normal: () => number, uniform: () => number) => number, seed: number): Rng {
  const normal = gaussian(seed);
  const uniform = () => 0.5 + Math.atan(normal()) / Math.PI; // in (0, 1), from the same seeded stream
  return (shape) => {
    const n = shape.reduce((p, d) => p * d, 1);
    const data = Float64Array.from({ length: n }, () => draw(normal, uniform));
    return shape.length === 0 ? data[0] : ({ data, shape: shape.slice() } as ArrayValue);
  };
}

const randDefault = (seed: number) => generator((n) => 3 * n(), seed);
const randSmall = (seed: number) => generator((n) => 1e-3 * n(), seed);
const randPositive = (seed: number) => generator((_n, u) => 2 * u() + 1, seed);
const randNotSmall = (seed: number) =>
  generator((n) => {
    const x = 3 * n();
    return x + (x > 0 ? 10 : -10);
  }, seed);
const randUniform = (low: number, high: number) => (seed: number) => generator((_n, u) => u() * (high - low) + low, seed);

interface Spec {
  name: string;
  op: (...xs: Node[]) => Node;
  nargs: 1 | 2;
  order: number;
  rng: (seed: number) => Rng;
  tol?: number;
}

/** LAX_GRAD_OPS, the real rows, with their float64 tolerance where the list gives one. */
const LAX_GRAD_OPS: Spec[] = [
  { name: 'neg', op: neg, nargs: 1, order: 2, rng: randDefault },
  { name: 'floor', op: floor, nargs: 1, order: 2, rng: randUniform(0.1, 0.4) },
  { name: 'ceil', op: ceil, nargs: 1, order: 2, rng: randUniform(0.1, 0.4) },
  { name: 'round', op: round, nargs: 1, order: 2, rng: randUniform(0.1, 0.4) },
  { name: 'exp', op: exp, nargs: 1, order: 2, rng: randSmall },
  { name: 'exp2', op: exp2, nargs: 1, order: 2, rng: randSmall },
  { name: 'expm1', op: expm1, nargs: 1, order: 2, rng: randDefault },
  { name: 'log', op: log, nargs: 1, order: 2, rng: randPositive },
  { name: 'log1p', op: log1p, nargs: 1, order: 2, rng: randPositive },
  { name: 'sinh', op: sinh, nargs: 1, order: 2, rng: randDefault, tol: 1e-5 },
  { name: 'cosh', op: cosh, nargs: 1, order: 2, rng: randDefault, tol: 1e-5 },
  { name: 'tanh', op: tanh, nargs: 1, order: 2, rng: randDefault, tol: 2e-4 },
  { name: 'sin', op: sin, nargs: 1, order: 2, rng: randDefault },
  { name: 'cos', op: cos, nargs: 1, order: 2, rng: randDefault },
  { name: 'tan', op: tan, nargs: 1, order: 2, rng: randUniform(-1.3, 1.3), tol: 1e-3 },
  { name: 'asin', op: asin, nargs: 1, order: 2, rng: randUniform(-1.3, 1.3), tol: 1e-3 },
  { name: 'acos', op: acos, nargs: 1, order: 2, rng: randUniform(-1.3, 1.3), tol: 2e-2 },
  { name: 'atan2', op: atan2, nargs: 2, order: 2, rng: randDefault },
  { name: 'abs', op: abs, nargs: 1, order: 2, rng: randPositive },
  { name: 'pow', op: pow, nargs: 2, order: 2, rng: randPositive },
  { name: 'sqrt', op: sqrt, nargs: 1, order: 2, rng: randPositive },
  { name: 'rsqrt', op: (x) => reciprocal(sqrt(x)), nargs: 1, order: 2, rng: randPositive },
  { name: 'logistic', op: sigmoid, nargs: 1, order: 2, rng: randDefault },
  { name: 'add', op: add, nargs: 2, order: 2, rng: randDefault },
  { name: 'sub', op: sub, nargs: 2, order: 2, rng: randDefault },
  { name: 'mul', op: mul, nargs: 2, order: 2, rng: randDefault },
  { name: 'div', op: div, nargs: 2, order: 1, rng: randNotSmall },
  { name: 'max', op: max, nargs: 2, order: 2, rng: randDefault },
  { name: 'min', op: min, nargs: 2, order: 2, rng: randDefault },
];

/** From compatible_shapes: a scalar, then one array case (broadcasting for two arguments). */
const SHAPES: Record<1 | 2, number[][][]> = {
  1: [[[]], [[3, 4]]],
  2: [
    [[], []],
    [[3, 1], [1, 4]],
  ],
};

describe('tests/lax_autodiff_test.py: LaxAutodiffTest', () => {
  describe('testOpGrad', () => {
    LAX_GRAD_OPS.forEach((spec, k) => {
      for (const shapes of SHAPES[spec.nargs]) {
        it(`${spec.name} at shapes ${shapes.map((s) => `[${s}]`).join(', ')}`, () => {
          const rng = spec.rng(1000 + k);
          const args = shapes.map((s) => rng(s));
          checkGrads(spec.op, args, { order: spec.order, modes: ['fwd', 'rev'], atol: spec.tol, rtol: spec.tol });
        });
      }
    });
  });

  describe('testOpGradSpecialValue', () => {
    const specials: [string, (x: Node) => Node, number[], number?][] = [
      ['sinh', sinh, [0]],
      ['cosh', cosh, [0]],
      ['tanh', tanh, [0, 1000], 5e-3],
      ['sin', sin, [0, Math.PI, Math.PI / 2, Math.PI / 4]],
      ['cos', cos, [0, Math.PI, Math.PI / 2, Math.PI / 4]],
      ['tan', tan, [0]],
      ['asin', asin, [0]],
      ['acos', acos, [0]],
      ['atan', atan, [0, 1000]],
    ];
    for (const [name, op, values, tol] of specials) {
      for (const value of values) {
        it(`${name} at ${value}`, () => checkGrads(op, [value], { order: 2, modes: ['fwd', 'rev'], atol: tol, rtol: tol }));
      }
    }
  });
});

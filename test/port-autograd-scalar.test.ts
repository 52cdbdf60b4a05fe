/**
 * HIPS/autograd's tests/test_scalar_ops.py, ported: each `it` is one test
 * function of the original, named as there, checking the same function at the
 * same points with `check_grads` (order 2, forward and reverse; see
 * test/helpers/check-grads.ts), under autograd's conventions and under JAX's.
 *
 * The original draws its points from `numpy.random.RandomState(42)`, afresh in
 * each test; the constants below are those draws.
 */
import { describe, expect, it } from 'vitest';
import {
  abs,
  acos,
  acosh,
  asin,
  asinh,
  atan,
  atanh,
  cos,
  cosh,
  deg2rad,
  div,
  exp,
  exp2,
  expm1,
  grad,
  log,
  log10,
  log1p,
  log2,
  mod,
  mul,
  neg,
  type Node,
  pow,
  rad2deg,
  reciprocal,
  sign,
  sin,
  sinc,
  sinh,
  sqrt,
  tan,
  tanh,
} from '../src/index.js';
import { type CheckArg, checkGrads, type CheckGradsOptions } from './helpers/check-grads.js';

/** RandomState(42).randn()**2 + 1.2 (test_arccosh) */
const ARCCOSH = 1.4467249498016663;
/** RandomState(42).randn() */
const RANDN = 0.4967141530112327;
/** RandomState(42).rand(), then the second rand() */
const RAND = 0.3745401188473625;
const RAND_2 = 0.9507143064099162;
/** RandomState(42): randn()**2 + 1, then rand()**2 + 1 (test_power_arg0) */
const POWER_ARG0 = { y: 1.2467249498016661, x: 1.5358151308485986 };
/** RandomState(42): randn()**2, then rand()**2 (test_power_arg1) */
const POWER_ARG1 = { x: 0.24672494980166626, y: 0.5358151308485987 };

/** check_grads(fun)(*args) as the original calls it: autograd's check, and JAX's on top. */
function check(fun: (...xs: Node[]) => Node, args: CheckArg[], options: CheckGradsOptions = {}): void {
  checkGrads(fun, args, { ...options, convention: 'autograd' });
  checkGrads(fun, args, { ...options, convention: 'jax' });
}

describe('HIPS/autograd tests/test_scalar_ops.py', () => {
  it('test_abs', () => {
    const fun = (x: Node) => mul(3.0, abs(x));
    check(fun, [1.1]);
    check(fun, [-1.1]);
    check(fun, [0.0], { order: 1 });
  });

  it('test_absolute', () => {
    // np.absolute is np.abs
    const fun = (x: Node) => mul(3.0, abs(x));
    check(fun, [1.1]);
    check(fun, [-1.1]);
    check(fun, [0.0], { order: 1 });
  });

  it('test_sin', () => check((x) => mul(3.0, sin(x)), [RANDN]));

  it('test_sign', () => {
    const fun = (x: Node) => mul(3.0, sign(x));
    check(fun, [1.1]);
    check(fun, [-1.1]);
  });

  it('test_exp', () => check((x) => mul(3.0, exp(x)), [RANDN]));
  it('test_log', () => check((x) => mul(3.0, log(x)), [Math.abs(RANDN)]));
  it('test_log2', () => check((x) => mul(3.0, log2(x)), [Math.abs(RANDN)]));
  it('test_log10', () => check((x) => mul(3.0, log10(x)), [Math.abs(RANDN)]));
  it('test_log1p', () => check((x) => mul(3.0, log1p(x)), [Math.abs(RANDN)]));
  it('test_expm1', () => check((x) => mul(3.0, expm1(x)), [Math.abs(RANDN)]));
  it('test_exp2', () => check((x) => mul(3.0, exp2(x)), [Math.abs(RANDN)]));
  it('test_neg', () => check((x) => mul(3.0, neg(x)), [RANDN]));
  it('test_cos', () => check((x) => mul(3.0, cos(x)), [RANDN]));
  it('test_tan', () => check((x) => mul(3.0, tan(x)), [RANDN]));
  it('test_cosh', () => check((x) => mul(3.0, cosh(x)), [RANDN]));
  it('test_sinh', () => check((x) => mul(3.0, sinh(x)), [RANDN]));
  it('test_tanh', () => check((x) => mul(3.0, tanh(x)), [RANDN]));
  it('test_arccos', () => check((x) => mul(3.0, acos(x)), [0.1]));
  it('test_arcsin', () => check((x) => mul(3.0, asin(x)), [0.1]));
  it('test_arctan', () => check((x) => mul(3.0, atan(x)), [0.2]));
  it('test_arccosh', () => check((x) => mul(3.0, acosh(x)), [ARCCOSH]));
  it('test_arcsinh', () => check((x) => mul(3.0, asinh(x)), [RANDN]));
  it('test_arctanh', () => check((x) => mul(3.0, atanh(x)), [0.2]));
  it('test_sqrt', () => check((x) => mul(3.0, sqrt(x)), [10.0 * RAND]));

  it('test_power_arg0', () => {
    const makeFun = (y: number) => (x: Node) => pow(x, y);
    check(makeFun(POWER_ARG0.y), [POWER_ARG0.x]);
    // y = 0 is a special case (autograd issue 116): d/dx x⁰ = 0 at x = 0, and so is the second derivative
    const fun = makeFun(0.0);
    expect(grad(fun)(0.0)).toEqual([0]);
    expect(grad((x: Node) => grad(fun)(x)[0] as Node)(0.0)).toEqual([0]);
  });

  it('test_power_arg1', () => check((y) => pow(POWER_ARG1.x, y), [POWER_ARG1.y]));
  it('test_power_arg1_zero', () => check((y) => pow(0.0, y), [0.14028030062619642]));

  it('test_mod_arg0', () => check((x, y) => mod(x, y), [RAND, RAND_2]));
  it('test_mod_arg1', () => check((x, y) => mod(x, y), [RAND, RAND_2]));
  it('test_divide_arg0', () => check((x, y) => div(x, y), [RAND, RAND_2]));
  it('test_divide_arg1', () => check((x, y) => div(x, y), [RAND, RAND_2]));
  it('test_multiply_arg0', () => check((x, y) => mul(x, y), [RAND, RAND_2]));
  it('test_multiply_arg1', () => check((x, y) => mul(x, y), [RAND, RAND_2]));
  it('test_true_divide_arg0', () => check((x, y) => div(x, y), [RAND, RAND_2]));
  it('test_true_divide_arg1', () => check((x, y) => div(x, y), [RAND, RAND_2]));
  it('test_reciprocal', () => check((x) => reciprocal(x), [RAND]));
  it('test_negative', () => check((x) => neg(x), [RAND]));
  it('test_rad2deg', () => check((x) => mul(3.0, rad2deg(x)), [10.0 * RAND]));
  it('test_deg2rad', () => check((x) => mul(3.0, deg2rad(x)), [10.0 * RAND]));
  // np.radians and np.degrees are np.deg2rad and np.rad2deg
  it('test_radians', () => check((x) => mul(3.0, deg2rad(x)), [10.0 * RAND]));
  it('test_degrees', () => check((x) => mul(3.0, rad2deg(x)), [10.0 * RAND]));
  it('test_sinc', () => check((x) => mul(3.0, sinc(x)), [10.0 * RAND]));
});

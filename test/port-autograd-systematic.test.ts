/**
 * HIPS/autograd's tests/test_systematic.py, its scalar parts ported: the unary
 * and binary ufunc tests, `maximum`/`minimum`/`fmax`/`fmin`, and the statistics
 * (`stat_check`) that wengert has. Each `it` is one test function of the
 * original, named as there; `check_grads` is test/helpers/check-grads.ts
 * (order 2, forward and reverse) under autograd's conventions, and under JAX's
 * too at the scalar points.
 *
 * The helpers of the original's tests/numpy_utils.py are followed: a unary
 * test checks transform(lims, 0.4), a binary test the pair (transform(lims_A,
 * 0.6), transform(lims_B, 0.6)) — (0.6, 0.7) when the two must differ — where
 * transform(lims, x) = lo + x·(hi − lo). Those points are the original's. It
 * also checks a vector of 2, a 3×2 and a 1×2 matrix drawn from numpy's global
 * stream; here they come from our seeded generator (same shapes and ranges,
 * other numbers), each with each for binary ops.
 *
 * Left out, with the reason:
 * - the complex halves of every check, and test_real, test_real_ic, test_imag,
 *   test_conj, test_angle: complex numbers, which wengert does not have;
 * - test_prod, test_var, test_std: array statistics wengert does not have (not
 *   in the scalar op set);
 * - everything after "Misc tests" (transpose, dot, einsum, tensordot, split,
 *   stack, sort, pad, …): array manipulation, not scalar.
 */
import { describe, it } from 'vitest';
import {
  abs,
  acosh,
  add,
  type ArrayValue,
  asinh,
  atanh,
  ceil,
  cos,
  cosh,
  deg2rad,
  div,
  exp,
  exp2,
  expm1,
  floor,
  log,
  log10,
  log1p,
  log2,
  logSumExp,
  max,
  mean,
  min,
  mod,
  mul,
  neg,
  type Node,
  rad2deg,
  remainder,
  sign,
  sin,
  sinh,
  sqrt,
  square,
  sum,
  tan,
  tanh,
} from '../src/index.js';
import { randomData, seeded } from './helpers/array-reference.js';
import { type CheckArg, checkGrads } from './helpers/check-grads.js';

type Arg = number | ArrayValue;
type Lims = readonly [number, number];

const transform = (lims: Lims, x: number) => x * (lims[1] - lims[0]) + lims[0];
const rand = seeded(20_260_512);
/** npr.rand(shape) stand-in: uniform in [0, 1), transformed. */
const draw = (lims: Lims, shape: number[]): ArrayValue => ({
  data: randomData(rand, shape.reduce((p, d) => p * d, 1), 0, 1).map((v) => transform(lims, v)),
  shape,
});

/** autograd's check everywhere; JAX's on top at the original's own (scalar) points, to keep the file's time down. */
function check(fun: (...xs: Node[]) => Node, args: Arg[], label: string): void {
  const conventions = args.every((a) => typeof a === 'number') ? (['autograd', 'jax'] as const) : (['autograd'] as const);
  for (const convention of conventions) {
    try {
      checkGrads(fun, args as CheckArg[], { convention });
    } catch (e) {
      throw new Error(`${label}, ${convention} convention: ${(e as Error).message}`);
    }
  }
}

const shapeText = (a: Arg) => (typeof a === 'number' ? String(a) : `[${a.shape.join('×')}]`);

/** unary_ufunc_check: the scalar transform(lims, 0.4), a vector, a 3×2 and a 1×2 matrix. */
function unaryUfuncCheck(fun: (x: Node) => Node, lims: Lims = [-2, 2]): void {
  for (const x of [transform(lims, 0.4), draw(lims, [2]), draw(lims, [3, 2]), draw(lims, [1, 2])]) check(fun, [x], shapeText(x));
}

/** binary_ufunc_check (or its no_same_args form): every first argument with every second. */
function binaryUfuncCheck(fun: (x: Node, y: Node) => Node, options: { limsA?: Lims; limsB?: Lims; sameArgs?: boolean; scalarOnly?: boolean } = {}): void {
  const { limsA = [-2, 2], limsB = [-2, 2], sameArgs = true, scalarOnly = false } = options;
  const first: Arg[] = [transform(limsA, 0.6)];
  const second: Arg[] = [transform(limsB, sameArgs ? 0.6 : 0.7)];
  if (!scalarOnly) {
    first.push(draw(limsA, [2]), draw(limsA, [3, 2]), draw(limsA, [1, 2]));
    second.push(draw(limsB, [2]), draw(limsB, [3, 2]), draw(limsB, [1, 2]));
  }
  for (const a of first) for (const b of second) check(fun, [a, b], `(${shapeText(a)}, ${shapeText(b)})`);
}

/** stat_check's scalar part: the statistic of 3.5 and of one standard normal draw. */
function statCheck(fun: (x: Node) => Node): void {
  for (const x of [3.5, -0.10321885179355784]) check(fun, [x], String(x));
}

/** The statistic over whole arrays and along each axis, kept or not (stat_check's array part, where wengert has it). */
function statCheckArrays(fun: (x: Node, options?: { axis?: number; keepdims?: boolean }) => Node): void {
  const arrays = [draw([-2, 2], [3]), draw([-2, 2], [2, 3]), draw([-2, 2], [1, 3])];
  for (const A of arrays) {
    check((x) => fun(x), [A], shapeText(A));
    for (let axis = 0; axis < A.shape.length; axis++) {
      for (const keepdims of [true, false]) check((x) => fun(x, { axis, keepdims }), [A], `${shapeText(A)}, axis ${axis}, keepdims ${keepdims}`);
    }
  }
}

const LN2 = Math.LN2;

describe('HIPS/autograd tests/test_systematic.py', () => {
  describe('array statistics', () => {
    it('test_max', () => {
      statCheck((x) => max(x));
      statCheckArrays((x, o) => (o ? max(x, o) : max(x)));
    });
    it('test_mean', () => {
      statCheck((x) => mean(x));
      statCheckArrays((x, o) => (o ? mean(x, o) : mean(x)));
    });
    it('test_min', () => {
      statCheck((x) => min(x));
      statCheckArrays((x, o) => (o ? min(x, o) : min(x)));
    });
    it('test_sum', () => {
      statCheck((x) => sum(x));
      statCheckArrays((x, o) => (o ? sum(x, o) : sum(x)));
    });
  });

  describe('unary ufuncs', () => {
    it('test_sin', () => unaryUfuncCheck(sin));
    it('test_abs', () => unaryUfuncCheck(abs, [0.1, 4.0]));
    it('test_absolute', () => unaryUfuncCheck(abs, [0.1, 4.0]));
    it('test_arccosh', () => unaryUfuncCheck(acosh, [1.1, 4.0]));
    it('test_arcsinh', () => unaryUfuncCheck(asinh, [-0.9, 0.9]));
    it('test_arctanh', () => unaryUfuncCheck(atanh, [-0.9, 0.9]));
    it('test_ceil', () => unaryUfuncCheck(ceil, [-1.5, 1.5]));
    it('test_cos', () => unaryUfuncCheck(cos));
    it('test_cosh', () => unaryUfuncCheck(cosh));
    it('test_deg2rad', () => unaryUfuncCheck(deg2rad));
    it('test_degrees', () => unaryUfuncCheck((x) => div(rad2deg(x), 50.0)));
    it('test_exp', () => unaryUfuncCheck(exp));
    it('test_exp2', () => unaryUfuncCheck(exp2));
    it('test_expm1', () => unaryUfuncCheck(expm1));
    // np.fabs is abs for real numbers
    it('test_fabs', () => unaryUfuncCheck(abs));
    it('test_floor', () => unaryUfuncCheck(floor, [-1.5, 1.5]));
    it('test_log', () => unaryUfuncCheck(log, [0.2, 2.0]));
    it('test_log10', () => unaryUfuncCheck(log10, [0.2, 2.0]));
    it('test_log1p', () => unaryUfuncCheck(log1p, [0.2, 2.0]));
    it('test_log2', () => unaryUfuncCheck(log2, [0.2, 2.0]));
    it('test_rad2deg', () => unaryUfuncCheck((x) => div(rad2deg(x), 50.0)));
    it('test_radians', () => unaryUfuncCheck(deg2rad));
    it('test_sign', () => unaryUfuncCheck(sign));
    it('test_sinh', () => unaryUfuncCheck(sinh));
    it('test_sqrt', () => unaryUfuncCheck(sqrt, [1.0, 3.0]));
    it('test_square', () => unaryUfuncCheck(square));
    it('test_tan', () => unaryUfuncCheck(tan, [-1.1, 1.1]));
    it('test_tanh', () => unaryUfuncCheck(tanh));
  });

  describe('binary ufuncs', () => {
    it('test_add', () => binaryUfuncCheck(add));
    // np.logaddexp(x, y) = log(eˣ + eʸ), wengert's logSumExp of the two (a reduction: scalars here)
    it('test_logaddexp', () => binaryUfuncCheck((x, y) => logSumExp([x, y]), { scalarOnly: true }));
    // np.logaddexp2(x, y) = log₂(2ˣ + 2ʸ) = logSumExp(x ln 2, y ln 2)/ln 2
    it('test_logaddexp2', () => binaryUfuncCheck((x, y) => div(logSumExp([mul(x, LN2), mul(y, LN2)]), LN2), { scalarOnly: true }));
    it('test_remainder', () => binaryUfuncCheck(remainder, { limsA: [-0.9, 0.9], limsB: [0.7, 1.9], sameArgs: false }));
    it('test_true_divide', () => binaryUfuncCheck(div, { limsB: [0.8, 1.2] }));
    it('test_mod', () => binaryUfuncCheck(mod, { limsB: [0.8, 2.1], sameArgs: false }));
    it('test_true_divide_neg', () => binaryUfuncCheck(div, { limsB: [-0.3, -2.0] }));
    it('test_mod_neg', () => binaryUfuncCheck(mod, { limsB: [-0.3, -2.0], sameArgs: false }));
    it('test_op_mul', () => binaryUfuncCheck((x, y) => x.mul(y)));
    it('test_op_add', () => binaryUfuncCheck((x, y) => x.add(y)));
    it('test_op_sub', () => binaryUfuncCheck((x, y) => x.sub(y)));
    it('test_op_mod', () => binaryUfuncCheck((x, y) => x.mod(y), { limsB: [0.3, 2.0], sameArgs: false }));
    it('test_op_mod_neg', () => binaryUfuncCheck((x, y) => x.mod(y), { limsB: [-0.3, -2.0], sameArgs: false }));
  });

  describe('maximum and minimum', () => {
    /** combo_check over R(1), R(1, 4), R(3, 4) for both arguments (standard normal draws). */
    function combo(fun: (x: Node, y: Node) => Node): void {
      const shapes = [[1], [1, 4], [3, 4]];
      const normal = (shape: number[]) => draw([-2, 2], shape);
      for (const sa of shapes) for (const sb of shapes) check(fun, [normal(sa), normal(sb)], `([${sa}], [${sb}])`);
    }
    it('test_maximum', () => combo(max));
    // np.fmax and np.fmin differ from maximum and minimum only at NaN, which these points are not
    it('test_fmax', () => combo(max));
    it('test_minimum', () => combo(min));
    it('test_fmin', () => combo(min));
  });
});

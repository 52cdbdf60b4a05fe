/**
 * Every primitive and composite at known points and edge points, in the style of
 * tfjs's exp_test.ts and JAX's lax_autodiff_test: exact values, IEEE edge cases
 * (±0, ±∞, NaN), the conventions of the design (relu′(0) = 0, abs′(0) = 0, the ½/½
 * split of max and min on a tie, constant exponents), and derivatives in both modes.
 */
import { describe, expect, it } from 'vitest';
import {
  abs,
  add,
  constant,
  cos,
  div,
  dot,
  evaluate,
  exp,
  forwardMode,
  log,
  log1p,
  logSumExp,
  max,
  mean,
  min,
  mul,
  neg,
  type Node,
  pow,
  reciprocal,
  relu,
  reverseMode,
  sigmoid,
  sign,
  sin,
  softplus,
  sqrt,
  square,
  sub,
  sum,
  tanh,
  variable,
} from '../src/index.js';

const x = variable('x');
const y = variable('y');
const z = variable('z');
const { E, LN2, PI, SQRT2 } = Math;

interface Case {
  /** Shown as the test name. */
  readonly name: string;
  readonly f: Node;
  readonly at: Readonly<Record<string, number>>;
  readonly value: number;
  /** ∂f/∂v for every variable of f. */
  readonly grad: Readonly<Record<string, number>>;
  /** The sign of a zero value matters (−0 is not 0). */
  readonly signedZero?: boolean;
  /** How far the value and partials may be from the expected ones, in units of ε·|expected| (default 2). */
  readonly ulps?: number;
}

/**
 * Equal up to `ulps` units of ε·|expected| (default 2; 0: exactly) for finite nonzero
 * numbers; exactly equal for ±∞ and 0 (either sign, unless `signedZero`); NaN matches NaN.
 */
function same(actual: number, expected: number, signedZero = false, ulps = 2): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (expected === 0) return signedZero ? Object.is(actual, expected) : actual === 0;
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= ulps * Number.EPSILON * Math.abs(expected);
}

function expectSame(what: string, actual: number, expected: number, signedZero = false, ulps = 2): void {
  expect(same(actual, expected, signedZero, ulps), `${what}: got ${Object.is(actual, -0) ? '-0' : actual}, expected ${Object.is(expected, -0) ? '-0' : expected}`).toBe(true);
}

/** The value from evaluate and both modes, and each partial from forward mode (one sweep per variable) and reverse mode. */
function check(c: Case): void {
  expectSame('evaluate', evaluate(c.f, c.at), c.value, c.signedZero, c.ulps);
  const reverse = reverseMode(c.f, c.at);
  expectSame('reverse value', reverse.value, c.value, c.signedZero, c.ulps);
  expect(Object.keys(reverse.gradient).sort()).toEqual(Object.keys(c.grad).sort());
  for (const [name, d] of Object.entries(c.grad)) {
    const forward = forwardMode(c.f, c.at, { [name]: 1 });
    expectSame('forward value', forward.value, c.value, c.signedZero, c.ulps);
    expectSame(`forward ∂/∂${name}`, forward.derivative, d, false, c.ulps);
    expectSame(`reverse ∂/∂${name}`, reverse.gradient[name], d, false, c.ulps);
  }
}

const primitives: Case[] = [
  // add, mul, neg
  { name: 'add(2, 3) = 5', f: add(x, y), at: { x: 2, y: 3 }, value: 5, grad: { x: 1, y: 1 } },
  { name: 'add(∞, −∞) = NaN, partials still 1', f: add(x, y), at: { x: Infinity, y: -Infinity }, value: NaN, grad: { x: 1, y: 1 } },
  { name: 'add(−0, −0) = −0', f: add(x, y), at: { x: -0, y: -0 }, value: -0, grad: { x: 1, y: 1 }, signedZero: true },
  { name: 'add(x, x) at 3 = 6, derivative 2', f: add(x, x), at: { x: 3 }, value: 6, grad: { x: 2 } },
  { name: 'mul(2, 3) = 6', f: mul(x, y), at: { x: 2, y: 3 }, value: 6, grad: { x: 3, y: 2 } },
  { name: 'mul(x, x) at −3 = 9, derivative −6', f: mul(x, x), at: { x: -3 }, value: 9, grad: { x: -6 } },
  { name: 'mul(−0, 5) = −0', f: mul(x, 5), at: { x: -0 }, value: -0, grad: { x: 5 }, signedZero: true },
  { name: 'mul(0, ∞) = NaN, derivative ∞', f: mul(x, Infinity), at: { x: 0 }, value: NaN, grad: { x: Infinity } },
  { name: 'neg(0) = −0', f: neg(x), at: { x: 0 }, value: -0, grad: { x: -1 }, signedZero: true },
  { name: 'neg(−0) = 0', f: neg(x), at: { x: -0 }, value: 0, grad: { x: -1 }, signedZero: true },
  { name: 'neg(∞) = −∞', f: neg(x), at: { x: Infinity }, value: -Infinity, grad: { x: -1 } },

  // pow: a constant exponent never evaluates ln a
  { name: 'pow(x, 3) at −2 = −8, derivative 12', f: pow(x, 3), at: { x: -2 }, value: -8, grad: { x: 12 } },
  { name: 'pow(x, 2) at −3 = 9, derivative −6', f: pow(x, 2), at: { x: -3 }, value: 9, grad: { x: -6 } },
  { name: 'pow(x, 0) at 0 = 1, derivative 0', f: pow(x, 0), at: { x: 0 }, value: 1, grad: { x: 0 } },
  { name: 'pow(x, 0) at −5 = 1, derivative 0', f: pow(x, 0), at: { x: -5 }, value: 1, grad: { x: 0 } },
  { name: 'pow(x, 1) at 0 = 0, derivative 1', f: pow(x, 1), at: { x: 0 }, value: 0, grad: { x: 1 } },
  { name: 'pow(x, 0.5) at 4 = 2, derivative ¼', f: pow(x, 0.5), at: { x: 4 }, value: 2, grad: { x: 0.25 } },
  { name: 'pow(x, −1) at 2 = ½, derivative −¼', f: pow(x, -1), at: { x: 2 }, value: 0.5, grad: { x: -0.25 } },
  { name: 'pow(x, −1) at 0 = ∞, derivative −∞', f: pow(x, -1), at: { x: 0 }, value: Infinity, grad: { x: -Infinity } },
  { name: 'pow(x, 3) at −0 = −0, derivative 0', f: pow(x, 3), at: { x: -0 }, value: -0, grad: { x: 0 }, signedZero: true },
  { name: 'pow(x, y) at (2, 3) = 8, partials 12 and 8 ln 2', f: pow(x, y), at: { x: 2, y: 3 }, value: 8, grad: { x: 12, y: 8 * LN2 } },
  { name: 'pow(x, y) at (4, ½) = 2, partials ¼ and 2 ln 4', f: pow(x, y), at: { x: 4, y: 0.5 }, value: 2, grad: { x: 0.25, y: 2 * Math.log(4) } },
  { name: 'pow(2, y) at 3 = 8, derivative 8 ln 2', f: pow(2, y), at: { y: 3 }, value: 8, grad: { y: 8 * LN2 } },
  { name: 'pow(−8, ⅓) = NaN (IEEE)', f: pow(x, 1 / 3), at: { x: -8 }, value: NaN, grad: { x: NaN } },

  // exp, reciprocal, log, log1p
  { name: 'exp(0) = 1, derivative 1', f: exp(x), at: { x: 0 }, value: 1, grad: { x: 1 } },
  { name: 'exp(1) = e, derivative e', f: exp(x), at: { x: 1 }, value: E, grad: { x: E } },
  { name: 'exp(−∞) = 0, derivative 0', f: exp(x), at: { x: -Infinity }, value: 0, grad: { x: 0 } },
  { name: 'exp(∞) = ∞, derivative ∞', f: exp(x), at: { x: Infinity }, value: Infinity, grad: { x: Infinity } },
  { name: 'exp(710) overflows to ∞', f: exp(x), at: { x: 710 }, value: Infinity, grad: { x: Infinity } },
  { name: 'exp(−1000) underflows to 0', f: exp(x), at: { x: -1000 }, value: 0, grad: { x: 0 } },
  { name: 'reciprocal(2) = ½, derivative −¼', f: reciprocal(x), at: { x: 2 }, value: 0.5, grad: { x: -0.25 } },
  { name: 'reciprocal(−4) = −¼, derivative −1/16', f: reciprocal(x), at: { x: -4 }, value: -0.25, grad: { x: -0.0625 } },
  { name: 'reciprocal(0) = +∞, derivative −∞', f: reciprocal(x), at: { x: 0 }, value: Infinity, grad: { x: -Infinity } },
  { name: 'reciprocal(−0) = −∞, derivative −∞', f: reciprocal(x), at: { x: -0 }, value: -Infinity, grad: { x: -Infinity } },
  { name: 'reciprocal(∞) = 0, derivative 0', f: reciprocal(x), at: { x: Infinity }, value: 0, grad: { x: 0 }, signedZero: true },
  { name: 'reciprocal(−∞) = −0', f: reciprocal(x), at: { x: -Infinity }, value: -0, grad: { x: 0 }, signedZero: true },
  { name: 'log(1) = 0, derivative 1', f: log(x), at: { x: 1 }, value: 0, grad: { x: 1 } },
  { name: 'log(e) = 1, derivative 1/e', f: log(x), at: { x: E }, value: 1, grad: { x: 1 / E } },
  { name: 'log(0) = −∞, derivative +∞', f: log(x), at: { x: 0 }, value: -Infinity, grad: { x: Infinity } },
  { name: 'log(∞) = ∞, derivative 0', f: log(x), at: { x: Infinity }, value: Infinity, grad: { x: 0 } },
  // the rule 1/x is evaluated as is outside the domain, as in JAX and PyTorch: the value is NaN, the derivative −1
  { name: 'log(−1) = NaN, derivative 1/x = −1', f: log(x), at: { x: -1 }, value: NaN, grad: { x: -1 } },
  { name: 'log1p(0) = 0, derivative 1', f: log1p(x), at: { x: 0 }, value: 0, grad: { x: 1 } },
  { name: 'log1p(−0) = −0', f: log1p(x), at: { x: -0 }, value: -0, grad: { x: 1 }, signedZero: true },
  { name: 'log1p(1e-20) = 1e-20 (not 0), derivative 1', f: log1p(x), at: { x: 1e-20 }, value: 1e-20, grad: { x: 1 } },
  { name: 'log1p(e − 1) = 1, derivative 1/e', f: log1p(x), at: { x: E - 1 }, value: 1, grad: { x: 1 / E } },
  { name: 'log1p(−1) = −∞, derivative +∞', f: log1p(x), at: { x: -1 }, value: -Infinity, grad: { x: Infinity } },
  { name: 'log1p(−2) = NaN', f: log1p(x), at: { x: -2 }, value: NaN, grad: { x: -1 } },

  // tanh, sin, cos, sqrt
  { name: 'tanh(0) = 0, derivative 1', f: tanh(x), at: { x: 0 }, value: 0, grad: { x: 1 } },
  { name: 'tanh(−0) = −0', f: tanh(x), at: { x: -0 }, value: -0, grad: { x: 1 }, signedZero: true },
  { name: 'tanh(∞) = 1, derivative 0', f: tanh(x), at: { x: Infinity }, value: 1, grad: { x: 0 } },
  { name: 'tanh(−∞) = −1, derivative 0', f: tanh(x), at: { x: -Infinity }, value: -1, grad: { x: 0 } },
  { name: 'tanh(1000) = 1, derivative 0 (no NaN)', f: tanh(x), at: { x: 1000 }, value: 1, grad: { x: 0 } },
  { name: 'sin(0) = 0, derivative 1', f: sin(x), at: { x: 0 }, value: 0, grad: { x: 1 } },
  { name: 'sin(−0) = −0', f: sin(x), at: { x: -0 }, value: -0, grad: { x: 1 }, signedZero: true },
  { name: 'sin(π/2) = 1', f: sin(x), at: { x: PI / 2 }, value: 1, grad: { x: Math.cos(PI / 2) } },
  { name: 'sin(∞) = NaN, derivative NaN', f: sin(x), at: { x: Infinity }, value: NaN, grad: { x: NaN } },
  { name: 'cos(0) = 1, derivative 0', f: cos(x), at: { x: 0 }, value: 1, grad: { x: 0 } },
  { name: 'cos(π) = −1', f: cos(x), at: { x: PI }, value: -1, grad: { x: -Math.sin(PI) } },
  { name: 'cos(π/2) derivative −1', f: cos(x), at: { x: PI / 2 }, value: Math.cos(PI / 2), grad: { x: -1 } },
  { name: 'cos(−∞) = NaN, derivative NaN', f: cos(x), at: { x: -Infinity }, value: NaN, grad: { x: NaN } },
  { name: 'sqrt(4) = 2, derivative ¼', f: sqrt(x), at: { x: 4 }, value: 2, grad: { x: 0.25 } },
  { name: 'sqrt(2) = √2, derivative 1/(2√2)', f: sqrt(x), at: { x: 2 }, value: SQRT2, grad: { x: 0.5 / SQRT2 } },
  { name: 'sqrt(0) = 0, derivative +∞', f: sqrt(x), at: { x: 0 }, value: 0, grad: { x: Infinity } },
  { name: 'sqrt(−0) = −0 (IEEE)', f: sqrt(x), at: { x: -0 }, value: -0, grad: { x: -Infinity }, signedZero: true },
  { name: 'sqrt(∞) = ∞, derivative 0', f: sqrt(x), at: { x: Infinity }, value: Infinity, grad: { x: 0 } },
  { name: 'sqrt(−1) = NaN, derivative NaN', f: sqrt(x), at: { x: -1 }, value: NaN, grad: { x: NaN } },

  // the non-smooth ones: abs′(0) = 0, relu′(0) = 0, sign′ = 0, max and min split a tie ½/½
  { name: 'abs(−3) = 3, derivative −1', f: abs(x), at: { x: -3 }, value: 3, grad: { x: -1 } },
  { name: 'abs(3) = 3, derivative 1', f: abs(x), at: { x: 3 }, value: 3, grad: { x: 1 } },
  { name: 'abs(0) = 0, derivative 0', f: abs(x), at: { x: 0 }, value: 0, grad: { x: 0 } },
  { name: 'abs(−0) = +0, derivative 0', f: abs(x), at: { x: -0 }, value: 0, grad: { x: 0 }, signedZero: true },
  { name: 'abs(−∞) = ∞, derivative −1', f: abs(x), at: { x: -Infinity }, value: Infinity, grad: { x: -1 } },
  { name: 'relu(2) = 2, derivative 1', f: relu(x), at: { x: 2 }, value: 2, grad: { x: 1 } },
  { name: 'relu(−2) = 0, derivative 0', f: relu(x), at: { x: -2 }, value: 0, grad: { x: 0 } },
  { name: 'relu(0) = 0, derivative 0', f: relu(x), at: { x: 0 }, value: 0, grad: { x: 0 } },
  { name: 'relu(−0) = +0, derivative 0', f: relu(x), at: { x: -0 }, value: 0, grad: { x: 0 }, signedZero: true },
  { name: 'relu(∞) = ∞, derivative 1', f: relu(x), at: { x: Infinity }, value: Infinity, grad: { x: 1 } },
  { name: 'relu(−∞) = 0, derivative 0', f: relu(x), at: { x: -Infinity }, value: 0, grad: { x: 0 } },
  { name: 'sign(−3) = −1, derivative 0', f: sign(x), at: { x: -3 }, value: -1, grad: { x: 0 } },
  { name: 'sign(5) = 1, derivative 0', f: sign(x), at: { x: 5 }, value: 1, grad: { x: 0 } },
  { name: 'sign(0) = 0, derivative 0', f: sign(x), at: { x: 0 }, value: 0, grad: { x: 0 }, signedZero: true },
  { name: 'sign(−0) = −0, derivative 0', f: sign(x), at: { x: -0 }, value: -0, grad: { x: 0 }, signedZero: true },
  { name: 'sign(∞) = 1, derivative 0', f: sign(x), at: { x: Infinity }, value: 1, grad: { x: 0 } },
  { name: 'max(x, x) at 1: derivative ½ + ½ = 1', f: max(x, x), at: { x: 1 }, value: 1, grad: { x: 1 } },
  { name: 'max(x, y) at a tie (1, 1): ½ each', f: max(x, y), at: { x: 1, y: 1 }, value: 1, grad: { x: 0.5, y: 0.5 } },
  { name: 'max(x, y) at (2, 1) = 2: 1 and 0', f: max(x, y), at: { x: 2, y: 1 }, value: 2, grad: { x: 1, y: 0 } },
  { name: 'max(x, y) at (−1, 3) = 3: 0 and 1', f: max(x, y), at: { x: -1, y: 3 }, value: 3, grad: { x: 0, y: 1 } },
  { name: 'max(x, 0) at 0: ½ (a tie, unlike relu)', f: max(x, 0), at: { x: 0 }, value: 0, grad: { x: 0.5 } },
  { name: 'max(x, −∞) at 2 = 2', f: max(x, -Infinity), at: { x: 2 }, value: 2, grad: { x: 1 } },
  { name: 'min(x, x) at 1: derivative 1', f: min(x, x), at: { x: 1 }, value: 1, grad: { x: 1 } },
  { name: 'min(x, y) at a tie (1, 1): ½ each', f: min(x, y), at: { x: 1, y: 1 }, value: 1, grad: { x: 0.5, y: 0.5 } },
  { name: 'min(x, y) at (2, 1) = 1: 0 and 1', f: min(x, y), at: { x: 2, y: 1 }, value: 1, grad: { x: 0, y: 1 } },
  { name: 'min(x, y) at (−1, 3) = −1: 1 and 0', f: min(x, y), at: { x: -1, y: 3 }, value: -1, grad: { x: 1, y: 0 } },

  // n-ary sum
  { name: 'sum([x]) = x', f: sum([x]), at: { x: 7 }, value: 7, grad: { x: 1 } },
  { name: 'sum([x, x, 1]) at 2 = 5, derivative 2', f: sum([x, x, 1]), at: { x: 2 }, value: 5, grad: { x: 2 } },
  { name: 'sum([x, y, z]) = 6, partials 1', f: sum([x, y, z]), at: { x: 1, y: 2, z: 3 }, value: 6, grad: { x: 1, y: 1, z: 1 } },
  { name: 'sum([x, −x]) at 1e308 = 0, derivative 0', f: sum([x, neg(x)]), at: { x: 1e308 }, value: 0, grad: { x: 0 } },
];

const composites: Case[] = [
  { name: 'sub(5, 3) = 2', f: sub(x, y), at: { x: 5, y: 3 }, value: 2, grad: { x: 1, y: -1 } },
  { name: 'sub(x, x) = 0, derivative 0', f: sub(x, x), at: { x: 3 }, value: 0, grad: { x: 0 } },
  { name: 'div(1, 2) = ½, partials ½ and −¼', f: div(x, y), at: { x: 1, y: 2 }, value: 0.5, grad: { x: 0.5, y: -0.25 } },
  { name: 'div(1, x) at 0 = ∞, derivative −∞', f: div(1, x), at: { x: 0 }, value: Infinity, grad: { x: -Infinity } },
  { name: 'div(x, x) at 2 = 1, derivative 0', f: div(x, x), at: { x: 2 }, value: 1, grad: { x: 0 } },
  { name: 'square(−3) = 9, derivative −6', f: square(x), at: { x: -3 }, value: 9, grad: { x: -6 } },
  { name: 'square(0) = 0, derivative 0', f: square(x), at: { x: 0 }, value: 0, grad: { x: 0 } },
  { name: 'sigmoid(0) = ½, derivative ¼', f: sigmoid(x), at: { x: 0 }, value: 0.5, grad: { x: 0.25 } },
  { name: 'sigmoid(1000) = 1, derivative 0 (no NaN)', f: sigmoid(x), at: { x: 1000 }, value: 1, grad: { x: 0 } },
  { name: 'sigmoid(−1000) = 0, derivative 0 (no NaN)', f: sigmoid(x), at: { x: -1000 }, value: 0, grad: { x: 0 } },
  // σ(−40) = e^−40/(1 + e^−40) and σ′(−40) = σ(1 − σ) both round to the double nearest e^−40 (checked in 60 digits),
  // which Math.exp(−40) is: exactly that double, not within 2 ulps of it
  { name: 'sigmoid(−40) = e^−40 to the ulp (the double nearest), derivative too', f: sigmoid(x), at: { x: -40 }, value: Math.exp(-40), grad: { x: Math.exp(-40) }, ulps: 0 },
  { name: 'softplus(0) = ln 2, derivative ½', f: softplus(x), at: { x: 0 }, value: LN2, grad: { x: 0.5 } },
  { name: 'softplus(1000) = 1000, derivative 1 (no NaN)', f: softplus(x), at: { x: 1000 }, value: 1000, grad: { x: 1 } },
  { name: 'softplus(−1000) = 0, derivative 0 (no NaN)', f: softplus(x), at: { x: -1000 }, value: 0, grad: { x: 0 } },
  // ln(1 + e^−40) and σ(−40) round to the double nearest e^−40 (exactly); ln(1 + exp(−40)) computed naively is 0
  { name: 'softplus(−40) = e^−40 to the ulp (the double nearest, not 0), derivative too', f: softplus(x), at: { x: -40 }, value: Math.exp(-40), grad: { x: Math.exp(-40) }, ulps: 0 },
  { name: 'logSumExp([1000, 1000]) = 1000 + ln 2, partials ½', f: logSumExp([x, y]), at: { x: 1000, y: 1000 }, value: 1000 + LN2, grad: { x: 0.5, y: 0.5 } },
  { name: 'logSumExp([−1000, −1000]) = −1000 + ln 2', f: logSumExp([x, y]), at: { x: -1000, y: -1000 }, value: -1000 + LN2, grad: { x: 0.5, y: 0.5 } },
  { name: 'logSumExp([x, x]) = x + ln 2, derivative 1', f: logSumExp([x, x]), at: { x: 3 }, value: 3 + LN2, grad: { x: 1 } },
  { name: 'logSumExp([0, ln 3]) = ln 4, partials ¼ and ¾', f: logSumExp([x, y]), at: { x: 0, y: Math.log(3) }, value: Math.log(4), grad: { x: 0.25, y: 0.75 } },
  { name: 'logSumExp([x]) = x', f: logSumExp([x]), at: { x: -2 }, value: -2, grad: { x: 1 } },
  { name: 'mean([1, 2, 3]) = 2, partials ⅓', f: mean([x, y, z]), at: { x: 1, y: 2, z: 3 }, value: 2, grad: { x: 1 / 3, y: 1 / 3, z: 1 / 3 } },
  { name: 'dot([1, 2], [3, 4]) = 11', f: dot([x, y], [3, 4]), at: { x: 1, y: 2 }, value: 11, grad: { x: 3, y: 4 } },
  { name: 'dot([x, y], [x, y]) = |v|², gradient 2v', f: dot([x, y], [x, y]), at: { x: 3, y: -4 }, value: 25, grad: { x: 6, y: -8 } },
];

/** NaN in, NaN out: each op's value, and its derivative wherever the local partial depends on the input. */
const nan: Case[] = [
  ...(
    [
      ['exp', exp], ['reciprocal', reciprocal], ['log', log], ['log1p', log1p], ['tanh', tanh], ['sin', sin],
      ['cos', cos], ['sqrt', sqrt], ['abs', abs], ['relu', relu], ['square', square], ['sigmoid', sigmoid], ['softplus', softplus],
    ] as const
  ).map(([name, op]): Case => ({ name: `${name}(NaN) = NaN, derivative NaN`, f: op(x), at: { x: NaN }, value: NaN, grad: { x: NaN } })),
  // constant partials do not see the NaN
  { name: 'neg(NaN) = NaN, derivative −1', f: neg(x), at: { x: NaN }, value: NaN, grad: { x: -1 } },
  { name: 'sign(NaN) = NaN, derivative 0', f: sign(x), at: { x: NaN }, value: NaN, grad: { x: 0 } },
  { name: 'add(NaN, 1) = NaN, derivative 1', f: add(x, 1), at: { x: NaN }, value: NaN, grad: { x: 1 } },
  { name: 'sum([NaN, 1]) = NaN, derivative 1', f: sum([x, 1]), at: { x: NaN }, value: NaN, grad: { x: 1 } },
  { name: 'mul(NaN, 2) = NaN, derivative 2', f: mul(x, 2), at: { x: NaN }, value: NaN, grad: { x: 2 } },
  { name: 'mul(NaN, NaN) via x·x, derivative NaN', f: mul(x, x), at: { x: NaN }, value: NaN, grad: { x: NaN } },
  { name: 'pow(NaN, 3) = NaN, derivative NaN', f: pow(x, 3), at: { x: NaN }, value: NaN, grad: { x: NaN } },
  { name: 'pow(NaN, 0) = 1 (IEEE), derivative 0', f: pow(x, 0), at: { x: NaN }, value: 1, grad: { x: 0 } },
  { name: 'pow(2, NaN) = NaN, derivative NaN', f: pow(2, x), at: { x: NaN }, value: NaN, grad: { x: NaN } },
  { name: 'max(NaN, 1) = NaN, derivative NaN', f: max(x, 1), at: { x: NaN }, value: NaN, grad: { x: NaN } },
  { name: 'min(1, NaN) = NaN, derivative NaN', f: min(1, x), at: { x: NaN }, value: NaN, grad: { x: NaN } },
  { name: 'sub(NaN, 1) = NaN, derivative 1', f: sub(x, 1), at: { x: NaN }, value: NaN, grad: { x: 1 } },
  { name: 'div(1, NaN) = NaN, derivative NaN', f: div(1, x), at: { x: NaN }, value: NaN, grad: { x: NaN } },
  { name: 'logSumExp([NaN, 1]) = NaN, derivative NaN', f: logSumExp([x, 1]), at: { x: NaN }, value: NaN, grad: { x: NaN } },
  { name: 'mean([NaN, 1]) = NaN, derivative ½', f: mean([x, 1]), at: { x: NaN }, value: NaN, grad: { x: 0.5 } },
  { name: 'dot([NaN], [3]) = NaN, derivative 3', f: dot([x], [3]), at: { x: NaN }, value: NaN, grad: { x: 3 } },
];

describe('primitives at known and edge points, both modes', () => {
  it.each(primitives)('$name', check);
});

describe('composites at known and edge points, both modes', () => {
  it.each(composites)('$name', check);
});

describe('NaN propagation', () => {
  it.each(nan)('$name', check);
});

describe('constants', () => {
  it('pow(0, 0) = 1', () => {
    expect(evaluate(pow(0, 0), {})).toBe(1);
    expect(evaluate(pow(constant(0), constant(0)), {})).toBe(1);
  });

  it('a graph without variables has an empty gradient', () => {
    const f = exp(constant(0)).add(1);
    expect(reverseMode(f, {})).toEqual({ value: 2, gradient: {} });
    expect(forwardMode(f, {}, {})).toEqual({ value: 2, derivative: 0 });
  });
});

describe('shared sub-expressions', () => {
  it('b = a + a; c = b + b gives dc/da = 4 in both modes', () => {
    const a = variable('a');
    const b = a.add(a);
    const c = b.add(b);
    expect(evaluate(c, { a: 1.5 })).toBe(6);
    expect(reverseMode(c, { a: 1.5 })).toEqual({ value: 6, gradient: { a: 4 } });
    expect(forwardMode(c, { a: 1.5 }, { a: 1 })).toEqual({ value: 6, derivative: 4 });
  });

  it('distinct variable nodes with the same name share one gradient entry', () => {
    const b = add(variable('a'), variable('a'));
    const c = add(b, b);
    expect(reverseMode(c, { a: 1 }).gradient).toEqual({ a: 4 });
    expect(forwardMode(c, { a: 1 }, { a: 1 }).derivative).toBe(4);
  });

  it('ten squarings, each node used twice: f = a^1024, df/da = 1024·a^1023 in both modes', () => {
    // 2¹⁰ paths from a to f; the relative error doubles with each squaring, to about 1024ε
    const a = variable('a');
    let f: Node = a;
    for (let i = 0; i < 10; i++) f = mul(f, f);
    const at = { a: 1.0001 };
    const expected = 1024 * 1.0001 ** 1023;
    expect(Math.abs(reverseMode(f, at).gradient.a - expected)).toBeLessThan(1e-12 * expected);
    expect(Math.abs(forwardMode(f, at, { a: 1 }).derivative - expected)).toBeLessThan(1e-12 * expected);
  });
});

describe('a chain of 1,000,000 nodes', () => {
  // x₀ = x, xₖ₊₁ = α·xₖ + β: xₙ = αⁿx + β(αⁿ − 1)/(α − 1) and dxₙ/dx = αⁿ.
  // Each step rounds twice, so the relative error stays below about 2n·ε.
  const n = 500_000; // two op nodes per step
  const alpha = 1.000001;
  const beta = 1e-7;
  const at = { x: 0.5 };
  const an = alpha ** n;
  const value = an * at.x + (beta * (an - 1)) / (alpha - 1);
  const tolerance = 4 * n * Number.EPSILON;

  it('evaluates and differentiates in both modes without overflowing the stack', () => {
    const x0 = variable('x');
    const a = constant(alpha);
    const b = constant(beta);
    let f = x0;
    for (let i = 0; i < n; i++) f = f.mul(a).add(b);
    const relative = (got: number, want: number) => Math.abs(got - want) / Math.abs(want);

    expect(relative(evaluate(f, at), value)).toBeLessThan(tolerance);
    const forward = forwardMode(f, at, { x: 1 });
    expect(relative(forward.value, value)).toBeLessThan(tolerance);
    expect(relative(forward.derivative, an)).toBeLessThan(tolerance);
    const reverse = reverseMode(f, at);
    expect(relative(reverse.value, value)).toBeLessThan(tolerance);
    expect(relative(reverse.gradient.x, an)).toBeLessThan(tolerance);
  });
});

describe('forward mode: variables the direction leaves out carry no tangent (structural zeros)', () => {
  it('an infinite or NaN partial with respect to another variable does not poison the derivative', async () => {
    const { add, forwardMode, pow, sqrt, variable, jvp } = await import('../src/index.js');
    const x = variable('x');
    const y = variable('y');
    expect(forwardMode(add(x, sqrt(y)), { x: 1, y: 0 }, { x: 1 }).derivative).toBe(1);
    expect(forwardMode(pow(x, y), { x: -2, y: 3 }, { x: 1 }).derivative).toBe(12);
    expect(jvp([add(x, sqrt(y)), sqrt(y)], { x: 1, y: 0 }, { x: 1 }).tangent).toEqual([1, 0]);
    // named with an explicit 0, y does carry a tangent: 0·∞ is NaN, as in JAX with a zero (not symbolic-zero) tangent
    expect(forwardMode(add(x, sqrt(y)), { x: 1, y: 0 }, { x: 1, y: 0 }).derivative).toBeNaN();
  });
});

describe('n-ary nodes: one gather per node', () => {
  // linear time, asserted by counting operations (test/helpers/gathers.ts): 40,000 partials from one gather of
  // the 40,000 operands, where gathering per partial would copy 1.6·10⁹ operands
  it('reverse mode through a dot product of 20,000 pairs takes each partial once, from one gather of the operands', async () => {
    const { dot, reverseMode, variable } = await import('../src/index.js');
    const { countGathers } = await import('./helpers/gathers.js');
    const vs = Array.from({ length: 20_000 }, (_, i) => variable(`v${i}`));
    const at = Object.fromEntries(vs.map((v, i) => [v.name!, i / 1000]));
    const { result, partials, gathers } = countGathers(() => reverseMode(dot(vs, vs), at));
    expect(result.gradient.v7).toBe(2 * 0.007);
    expect(result.gradient.v19999).toBe(2 * 19.999);
    expect(partials).toBe(40_000);
    expect(gathers).toBe(1);
  });
});

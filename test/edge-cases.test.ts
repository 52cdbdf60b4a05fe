/**
 * The edge-case behaviours of README.md ("Numerical conventions"), row by row:
 * one `it` per table row, named by the row's first column, and a first test
 * that checks the README table is exactly these rows in this order — so the
 * table and the tests cannot drift. Change a behaviour, and both the row here
 * and the README row must change.
 *
 * Every value and derivative is checked by `evaluate`, forward mode (one
 * tangent sweep per variable), reverse mode, and compiled programs on both
 * backends. Zeros compare equal whatever their sign, except where a row gives
 * a signed zero or infinity as the value.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  abs,
  acos,
  acosh,
  add,
  asin,
  asinh,
  atan,
  atan2,
  atanh,
  ceil,
  cosh,
  eq,
  expm1,
  floor,
  hypot,
  log10,
  log2,
  logSumExp,
  mod,
  ne,
  round,
  sinc,
  sinh,
  tan,
  trunc,
  ArgumentError,
  BindingTypeError,
  compile,
  constant,
  evaluate,
  ExpressionSyntaxError,
  forwardMode,
  hingeLoss,
  hingeLossBatch,
  log,
  logisticLoss,
  max,
  min,
  mse,
  mul,
  type Node,
  NonFiniteError,
  pow,
  reciprocal,
  relu,
  reverseMode,
  ShapeError,
  sigmoidCrossEntropy,
  sigmoidCrossEntropyBatch,
  softmaxCrossEntropy,
  softmaxCrossEntropyBatch,
  sqrt,
  UnboundVariableError,
  variable,
  withChecks,
} from '../src/index.js';
import { parse } from '../src/parse/index.js';

const x = variable('x');
const y = variable('y');
const z = variable('z');
const f = variable('f');

/** NaN matches NaN; ±∞ and signed zeros match exactly when `signed`, zeros of either sign otherwise; finite values to 2 ulps. */
function same(actual: number, expected: number, signed: boolean): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (expected === 0) return signed ? Object.is(actual, expected) : actual === 0;
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= 2 * Number.EPSILON * Math.abs(expected);
}

const text = (v: number) => (Object.is(v, -0) ? '-0' : String(v));

function expectSame(what: string, actual: number, expected: number, signed = false): void {
  expect(same(actual, expected, signed), `${what}: got ${text(actual)}, expected ${text(expected)}`).toBe(true);
}

interface Expected {
  /** The value. */
  readonly value: number;
  /** ∂/∂v for every variable of the graph. */
  readonly grad: Readonly<Record<string, number>>;
  /** The sign of a zero value matters. */
  readonly signed?: boolean;
}

/**
 * Checks one graph at one point: the value by evaluate, forward mode, reverse
 * mode and compiled programs (interpreter and generated JavaScript); each
 * partial by forward mode (a sweep per variable), reverse mode and both compiled backends.
 */
function behaves(g: Node, at: Readonly<Record<string, number>>, expected: Expected): void {
  const { value, grad, signed = false } = expected;
  const names = Object.keys(grad);
  expectSame('evaluate', evaluate(g, at), value, signed);
  const reverse = reverseMode(g, at);
  expectSame('reverse-mode value', reverse.value, value, signed);
  expect(Object.keys(reverse.gradient).sort()).toEqual([...names].sort());
  for (const name of names) {
    const forward = forwardMode(g, at, { [name]: 1 });
    expectSame(`forward-mode value (direction ${name})`, forward.value, value, signed);
    expectSame(`forward mode ∂/∂${name}`, forward.derivative, grad[name]);
    expectSame(`reverse mode ∂/∂${name}`, reverse.gradient[name], grad[name]);
  }
  const point = names.map((name) => at[name]);
  for (const backend of ['interpreter', 'js'] as const) {
    const p = compile(g, names, { backend });
    expectSame(`${backend} program value`, p.evaluate(point)[0], value, signed);
    const gradient = p.gradient(point);
    names.forEach((name, k) => expectSame(`${backend} program ∂/∂${name}`, gradient[k], grad[name]));
  }
}

interface Row {
  /** The first column: also the test's name. */
  readonly input: string;
  readonly value: string;
  readonly derivative: string;
  readonly check: () => void;
}

const rows: Row[] = [
  {
    input: '`pow(x, 2)` at x = 0',
    value: '0',
    derivative: '0',
    check: () => behaves(pow(x, 2), { x: 0 }, { value: 0, grad: { x: 0 } }),
  },
  {
    input: '`pow(x, 0)` at x = 0',
    value: '1',
    derivative: '0 (a constant exponent 0 has derivative 0 everywhere)',
    check: () => {
      behaves(pow(x, 0), { x: 0 }, { value: 1, grad: { x: 0 } });
      behaves(pow(x, 0), { x: -0 }, { value: 1, grad: { x: 0 } });
    },
  },
  {
    input: '`pow(0, 0)`, constants',
    value: '1',
    derivative: '— (no variable: the gradient is `{}`)',
    check: () => {
      const g = pow(constant(0), 0);
      expect(evaluate(g, {})).toBe(1);
      expect(reverseMode(g, {})).toEqual({ value: 1, gradient: {} });
      expect(compile(g, []).evaluate([])[0]).toBe(1);
    },
  },
  {
    input: '`pow(x, y)` at (0, 0)',
    value: '1',
    derivative: '∂x = NaN (y·x^(y−1) = 0·∞), ∂y = 0 (x^y·ln x with ln 1 for a zero base, as JAX and autograd)',
    check: () => behaves(pow(x, y), { x: 0, y: 0 }, { value: 1, grad: { x: NaN, y: 0 } }),
  },
  {
    input: '`pow(0, y)` at y > 0, e.g. y = 2',
    value: '0',
    derivative: '0 (0^y is 0 for every y > 0)',
    check: () => {
      behaves(pow(0, y), { y: 2 }, { value: 0, grad: { y: 0 } });
      behaves(pow(0, y), { y: 0.5 }, { value: 0, grad: { y: 0 } });
    },
  },
  {
    input: '`pow(0, y)` at y < 0, e.g. y = −1',
    value: '+∞',
    derivative: 'NaN (+∞·ln 1 = ∞·0)',
    check: () => behaves(pow(0, y), { y: -1 }, { value: Infinity, grad: { y: NaN } }),
  },
  {
    input: '`pow(x, 3)` at x = −2',
    value: '−8',
    derivative: '12 (a constant exponent never evaluates ln x)',
    check: () => behaves(pow(x, 3), { x: -2 }, { value: -8, grad: { x: 12 } }),
  },
  {
    input: '`pow(x, y)` at (−2, 3)',
    value: '−8',
    derivative: '∂x = 12, ∂y = NaN (x^y·ln x, and ln −2 is NaN)',
    check: () => behaves(pow(x, y), { x: -2, y: 3 }, { value: -8, grad: { x: 12, y: NaN } }),
  },
  {
    input: '`pow(x, 1/3)` at x = −8',
    value: 'NaN, as `Math.pow` (not the real cube root −2)',
    derivative: 'NaN',
    check: () => behaves(pow(x, 1 / 3), { x: -8 }, { value: NaN, grad: { x: NaN } }),
  },
  {
    input: '`pow(x, Infinity)` and `pow(x, -Infinity)` at x = 1',
    value: "NaN, as JavaScript's `Math.pow(1, ±Infinity)` (C's `pow` gives 1)",
    derivative: 'NaN',
    check: () => {
      expect(Math.pow(1, Infinity)).toBeNaN();
      behaves(pow(x, Infinity), { x: 1 }, { value: NaN, grad: { x: NaN } });
      behaves(pow(x, -Infinity), { x: 1 }, { value: NaN, grad: { x: NaN } });
    },
  },
  {
    input: '`pow(1, y)` at y = ±∞',
    value: 'NaN',
    derivative: 'NaN',
    check: () => {
      behaves(pow(1, y), { y: Infinity }, { value: NaN, grad: { y: NaN } });
      behaves(pow(1, y), { y: -Infinity }, { value: NaN, grad: { y: NaN } });
    },
  },
  {
    input: '`sqrt(x)` at x = 0',
    value: '0',
    derivative: '+∞',
    check: () => behaves(sqrt(x), { x: 0 }, { value: 0, grad: { x: Infinity }, signed: true }),
  },
  {
    input: '`sqrt(x)` at x = −0',
    value: '−0',
    derivative: '−∞ (1/(2·√−0))',
    check: () => behaves(sqrt(x), { x: -0 }, { value: -0, grad: { x: -Infinity }, signed: true }),
  },
  {
    input: '`log(x)` at x = 0',
    value: '−∞',
    derivative: '+∞',
    check: () => behaves(log(x), { x: 0 }, { value: -Infinity, grad: { x: Infinity } }),
  },
  {
    input: '`log(x)` at x = −1',
    value: 'NaN',
    derivative: '−1 (the rule 1/x, as in PyTorch and JAX)',
    check: () => behaves(log(x), { x: -1 }, { value: NaN, grad: { x: -1 } }),
  },
  {
    input: '`reciprocal(x)` at x = 0',
    value: '+∞',
    derivative: '−∞',
    check: () => behaves(reciprocal(x), { x: 0 }, { value: Infinity, grad: { x: -Infinity } }),
  },
  {
    input: '`reciprocal(x)` at x = −0',
    value: '−∞ (the sign of the zero is kept)',
    derivative: '−∞',
    check: () => behaves(reciprocal(x), { x: -0 }, { value: -Infinity, grad: { x: -Infinity } }),
  },
  {
    input: '`relu(x)` at x = 0 and x = −0',
    value: '0',
    derivative: '0',
    check: () => {
      behaves(relu(x), { x: 0 }, { value: 0, grad: { x: 0 } });
      behaves(relu(x), { x: -0 }, { value: 0, grad: { x: 0 } });
    },
  },
  {
    input: '`relu(x)` at x = NaN',
    value: 'NaN',
    derivative: 'NaN',
    check: () => behaves(relu(x), { x: NaN }, { value: NaN, grad: { x: NaN } }),
  },
  {
    input: '`abs(x)` at x = 0 and x = −0',
    value: '0',
    derivative: '0',
    check: () => {
      behaves(abs(x), { x: 0 }, { value: 0, grad: { x: 0 }, signed: true });
      behaves(abs(x), { x: -0 }, { value: 0, grad: { x: 0 }, signed: true });
    },
  },
  {
    input: '`abs(x)` at x = NaN',
    value: 'NaN',
    derivative: 'NaN',
    check: () => behaves(abs(x), { x: NaN }, { value: NaN, grad: { x: NaN } }),
  },
  {
    input: '`max(x, x)`',
    value: 'x',
    derivative: '1 (the tie splits ½/½ between the two uses of x)',
    check: () => {
      for (const at of [2, 0, -3.5]) behaves(max(x, x), { x: at }, { value: at, grad: { x: 1 } });
      behaves(min(x, x), { x: 2 }, { value: 2, grad: { x: 1 } });
    },
  },
  {
    input: '`max(x, y)` and `min(x, y)` at x = y',
    value: 'x',
    derivative: '∂x = ½, ∂y = ½',
    check: () => {
      behaves(max(x, y), { x: 1, y: 1 }, { value: 1, grad: { x: 0.5, y: 0.5 } });
      behaves(min(x, y), { x: 1, y: 1 }, { value: 1, grad: { x: 0.5, y: 0.5 } });
    },
  },
  {
    input: '`max(x, y)` and `min(x, y)` at (+∞, +∞) and (−∞, −∞)',
    value: '±∞',
    derivative: '∂x = ½, ∂y = ½ (the tie is tested as x = y, not by x − y, which is NaN there)',
    check: () => {
      for (const v of [Infinity, -Infinity]) {
        behaves(max(x, y), { x: v, y: v }, { value: v, grad: { x: 0.5, y: 0.5 } });
        behaves(min(x, y), { x: v, y: v }, { value: v, grad: { x: 0.5, y: 0.5 } });
      }
    },
  },
  {
    input: '`max(x, y)` at x = NaN',
    value: 'NaN',
    derivative: 'NaN, NaN',
    check: () => behaves(max(x, y), { x: NaN, y: 1 }, { value: NaN, grad: { x: NaN, y: NaN } }),
  },
  {
    input: '`logSumExp([x, y])` at (−∞, −∞) and (+∞, +∞)',
    value: '−∞ and +∞',
    derivative: '½, ½ (the maximum is shifted to exactly 0, never ∞ − ∞)',
    check: () => {
      behaves(logSumExp([x, y]), { x: -Infinity, y: -Infinity }, { value: -Infinity, grad: { x: 0.5, y: 0.5 } });
      behaves(logSumExp([x, y]), { x: Infinity, y: Infinity }, { value: Infinity, grad: { x: 0.5, y: 0.5 } });
    },
  },
  {
    input: '`logSumExp([x, y])` at (+∞, 1)',
    value: '+∞',
    derivative: '1, 0',
    check: () => behaves(logSumExp([x, y]), { x: Infinity, y: 1 }, { value: Infinity, grad: { x: 1, y: 0 } }),
  },
  {
    input: '`tan(x)` at x = ±∞',
    value: 'NaN',
    derivative: 'NaN',
    check: () => {
      behaves(tan(x), { x: Infinity }, { value: NaN, grad: { x: NaN } });
      behaves(tan(x), { x: -Infinity }, { value: NaN, grad: { x: NaN } });
    },
  },
  {
    input: '`asin(x)` and `acos(x)` at x = 1',
    value: 'π/2 and 0',
    derivative: '+∞ and −∞',
    check: () => {
      behaves(asin(x), { x: 1 }, { value: Math.PI / 2, grad: { x: Infinity } });
      behaves(acos(x), { x: 1 }, { value: 0, grad: { x: -Infinity } });
      behaves(asin(x), { x: -1 }, { value: -Math.PI / 2, grad: { x: Infinity } });
    },
  },
  {
    input: '`asin(x)` and `acos(x)` at x = 1.5',
    value: 'NaN',
    derivative: 'NaN',
    check: () => {
      behaves(asin(x), { x: 1.5 }, { value: NaN, grad: { x: NaN } });
      behaves(acos(x), { x: 1.5 }, { value: NaN, grad: { x: NaN } });
    },
  },
  {
    input: '`atan(x)` at x = ±∞',
    value: '±π/2',
    derivative: '0',
    check: () => {
      behaves(atan(x), { x: Infinity }, { value: Math.PI / 2, grad: { x: 0 } });
      behaves(atan(x), { x: -Infinity }, { value: -Math.PI / 2, grad: { x: 0 } });
    },
  },
  {
    input: '`sinh(x)` and `cosh(x)` at x = 710',
    value: 'about 1.117e308 (finite; e^710 overflows)',
    derivative: 'about 1.117e308',
    check: () => {
      behaves(sinh(x), { x: 710 }, { value: Math.sinh(710), grad: { x: Math.cosh(710) } });
      behaves(cosh(x), { x: 710 }, { value: Math.cosh(710), grad: { x: Math.sinh(710) } });
    },
  },
  {
    input: '`asinh(x)` at x = 1e300',
    value: 'about 691.5',
    derivative: '1e−300 (1/hypot(1, x): 1 + x² would overflow to 0)',
    check: () => behaves(asinh(x), { x: 1e300 }, { value: Math.asinh(1e300), grad: { x: 1e-300 } }),
  },
  {
    input: '`acosh(x)` at x = 1',
    value: '0',
    derivative: '+∞',
    check: () => behaves(acosh(x), { x: 1 }, { value: 0, grad: { x: Infinity } }),
  },
  {
    input: '`atanh(x)` at x = ±1',
    value: '±∞',
    derivative: '+∞',
    check: () => {
      behaves(atanh(x), { x: 1 }, { value: Infinity, grad: { x: Infinity } });
      behaves(atanh(x), { x: -1 }, { value: -Infinity, grad: { x: Infinity } });
    },
  },
  {
    input: '`expm1(x)` at x = −∞ and x = 1e−20',
    value: '−1 and 1e−20',
    derivative: '0 and 1',
    check: () => {
      behaves(expm1(x), { x: -Infinity }, { value: -1, grad: { x: 0 } });
      behaves(expm1(x), { x: 1e-20 }, { value: 1e-20, grad: { x: 1 } });
    },
  },
  {
    input: '`log2(x)` and `log10(x)` at x = 0',
    value: '−∞',
    derivative: '+∞',
    check: () => {
      behaves(log2(x), { x: 0 }, { value: -Infinity, grad: { x: Infinity } });
      behaves(log10(x), { x: 0 }, { value: -Infinity, grad: { x: Infinity } });
    },
  },
  {
    input: '`hypot(x, y)` at (1e200, 1e200)',
    value: '√2·1e200 (no overflow)',
    derivative: '1/√2, 1/√2',
    check: () => behaves(hypot(x, y), { x: 1e200, y: 1e200 }, { value: Math.SQRT2 * 1e200, grad: { x: Math.SQRT1_2, y: Math.SQRT1_2 } }),
  },
  {
    input: '`hypot(x, y)` at (0, 0)',
    value: '0',
    derivative: '0, 0 (as abs′(0))',
    check: () => behaves(hypot(x, y), { x: 0, y: 0 }, { value: 0, grad: { x: 0, y: 0 } }),
  },
  {
    input: '`atan2(x, y)` at (0, 0)',
    value: '0',
    derivative: 'NaN, NaN (0/0, as JAX)',
    check: () => behaves(atan2(x, y), { x: 0, y: 0 }, { value: 0, grad: { x: NaN, y: NaN } }),
  },
  {
    input: '`sinc(x)` at x = 0',
    value: '1',
    derivative: '0 (and −π²/3 for the second, from its series)',
    check: () => behaves(sinc(x), { x: 0 }, { value: 1, grad: { x: 0 } }),
  },
  {
    input: '`floor(x)`, `ceil(x)`, `round(x)`, `trunc(x)` at x = 2',
    value: '2',
    derivative: '0 (0 everywhere, the jumps included, as JAX)',
    check: () => {
      for (const f of [floor, ceil, round, trunc]) behaves(f(x), { x: 2 }, { value: 2, grad: { x: 0 } });
    },
  },
  {
    input: '`round(x)` at x = 2.5 and x = −0.5',
    value: '2 and −0 (ties to even, as NumPy and JAX)',
    derivative: '0',
    check: () => {
      behaves(round(x), { x: 2.5 }, { value: 2, grad: { x: 0 } });
      behaves(round(x), { x: -0.5 }, { value: -0, grad: { x: 0 }, signed: true });
    },
  },
  {
    input: '`mod(x, y)` at (−1, 3) and (1, −3)',
    value: '2 and −2 (the sign of the divisor)',
    derivative: '∂x = 1, ∂y = −⌊x/y⌋ = 1',
    check: () => {
      behaves(mod(x, y), { x: -1, y: 3 }, { value: 2, grad: { x: 1, y: 1 } });
      behaves(mod(x, y), { x: 1, y: -3 }, { value: -2, grad: { x: 1, y: 1 } });
    },
  },
  {
    input: '`mod(x, y)` at y = 0',
    value: 'NaN',
    derivative: '∂x = 1, ∂y = NaN',
    check: () => behaves(mod(x, y), { x: 1, y: 0 }, { value: NaN, grad: { x: 1, y: NaN } }),
  },
  {
    input: '`eq(x, y)` and `ne(x, y)` at x = NaN',
    value: '0 and 1 (NaN equals nothing)',
    derivative: '0, 0',
    check: () => {
      behaves(eq(x, y), { x: NaN, y: 1 }, { value: 0, grad: { x: 0, y: 0 } });
      behaves(ne(x, y), { x: NaN, y: NaN }, { value: 1, grad: { x: 0, y: 0 } });
    },
  },
  {
    input: '`hingeLoss(f, 1)` at f = 1 and `hingeLoss(f, -1)` at f = −1 (y·f = 1)',
    value: '0',
    derivative: '0 (the subgradient 0, like relu′(0))',
    check: () => {
      behaves(hingeLoss(f, 1), { f: 1 }, { value: 0, grad: { f: 0 } });
      behaves(hingeLoss(f, -1), { f: -1 }, { value: 0, grad: { f: 0 } });
      behaves(hingeLoss(f, y), { f: 1, y: 1 }, { value: 0, grad: { f: 0, y: 0 } });
    },
  },
  {
    input: '`logisticLoss(f, 1)` at f = 1000 and f = −1000',
    value: '0 and 1000',
    derivative: '0 and −1',
    check: () => {
      behaves(logisticLoss(f, 1), { f: 1000 }, { value: 0, grad: { f: 0 } });
      behaves(logisticLoss(f, 1), { f: -1000 }, { value: 1000, grad: { f: -1 } });
    },
  },
  {
    input: '`logisticLoss(f, 1)` at f = +∞ and f = −∞',
    value: '0 and +∞',
    derivative: '0 and −1',
    check: () => {
      behaves(logisticLoss(f, 1), { f: Infinity }, { value: 0, grad: { f: 0 } });
      behaves(logisticLoss(f, 1), { f: -Infinity }, { value: Infinity, grad: { f: -1 } });
    },
  },
  {
    input: '`sigmoidCrossEntropy(x, z)` at x = ±1000, z = 0 or 1',
    value: '0 or 1000',
    derivative: 'σ(x) − z: 0 or ±1',
    check: () => {
      behaves(sigmoidCrossEntropy(x, 0), { x: 1000 }, { value: 1000, grad: { x: 1 } });
      behaves(sigmoidCrossEntropy(x, 1), { x: 1000 }, { value: 0, grad: { x: 0 } });
      behaves(sigmoidCrossEntropy(x, 0), { x: -1000 }, { value: 0, grad: { x: 0 } });
      behaves(sigmoidCrossEntropy(x, 1), { x: -1000 }, { value: 1000, grad: { x: -1 } });
    },
  },
  {
    input: '`sigmoidCrossEntropy(x, z)` at x = ±∞, z = 0 or 1',
    value: 'NaN (x·z is ∞·0 inside; `logisticLoss` gives 0 or +∞ here)',
    derivative: 'NaN',
    check: () => {
      for (const at of [Infinity, -Infinity]) {
        for (const label of [0, 1]) behaves(sigmoidCrossEntropy(x, label), { x: at }, { value: NaN, grad: { x: NaN } });
      }
    },
  },
  {
    input: '`softmaxCrossEntropy([x, y], 0)` at (1e300, −1e300)',
    value: '0',
    derivative: '0, 0',
    check: () => behaves(softmaxCrossEntropy([x, y], 0), { x: 1e300, y: -1e300 }, { value: 0, grad: { x: 0, y: 0 } }),
  },
  {
    input: '`softmaxCrossEntropy([x, y, z], 0)` at (0, 0, −∞)',
    value: 'ln 2',
    derivative: '−½, ½, 0 (a −∞ logit has probability 0)',
    check: () => {
      behaves(softmaxCrossEntropy([x, y, z], 0), { x: 0, y: 0, z: -Infinity }, { value: Math.LN2, grad: { x: -0.5, y: 0.5, z: 0 } });
      behaves(softmaxCrossEntropy([x, y, z], [0.5, 0.5, 0]), { x: 0, y: 0, z: -Infinity }, { value: Math.LN2, grad: { x: 0, y: 0, z: 0 } });
    },
  },
  {
    input: '`softmaxCrossEntropy([x, y, z], 2)` at (0, 0, −∞)',
    value: '+∞ (the target has probability 0)',
    derivative: '½, ½, −1',
    check: () =>
      behaves(softmaxCrossEntropy([x, y, z], 2), { x: 0, y: 0, z: -Infinity }, { value: Infinity, grad: { x: 0.5, y: 0.5, z: -1 } }),
  },
  {
    input: '`softmaxCrossEntropy([x, y], 0)` at (−∞, −∞) or (+∞, 0)',
    value: 'NaN (the softmax is undefined)',
    derivative: 'NaN',
    check: () => {
      behaves(softmaxCrossEntropy([x, y], 0), { x: -Infinity, y: -Infinity }, { value: NaN, grad: { x: NaN, y: NaN } });
      behaves(softmaxCrossEntropy([x, y], 0), { x: Infinity, y: 0 }, { value: NaN, grad: { x: NaN, y: NaN } });
    },
  },
  {
    input: 'an empty batch, e.g. `mse([], [])`',
    value: '`ShapeError`',
    derivative: '—',
    check: () => {
      expect(() => mse([], [])).toThrow(ShapeError);
      expect(() => hingeLossBatch([], [])).toThrow(ShapeError);
      expect(() => sigmoidCrossEntropyBatch([], [])).toThrow(ShapeError);
      expect(() => softmaxCrossEntropyBatch([], [])).toThrow(ShapeError);
      expect(() => softmaxCrossEntropy([], 0)).toThrow(ShapeError);
    },
  },
  {
    input: 'mismatched batches, e.g. `mse([x, y], [1])`',
    value: '`ShapeError`',
    derivative: '—',
    check: () => {
      expect(() => mse([x, y], [1])).toThrow(ShapeError);
      expect(() => hingeLossBatch([x], [1, -1])).toThrow(ShapeError);
      expect(() => softmaxCrossEntropyBatch([[x, y], [x]], [0, 0])).toThrow(ShapeError);
      expect(() => softmaxCrossEntropy([x, y], [1, 0, 0])).toThrow(ShapeError);
    },
  },
  {
    input: 'a variable bound to NaN, e.g. `mul(x, 2)` at x = NaN',
    value: 'NaN; `NonFiniteError` inside `withChecks`',
    derivative: '2 (the partial does not depend on x); `NonFiniteError` inside `withChecks`',
    check: () => {
      behaves(mul(x, 2), { x: NaN }, { value: NaN, grad: { x: 2 } });
      expect(() => withChecks(() => evaluate(mul(x, 2), { x: NaN }))).toThrow(NonFiniteError);
      expect(() => withChecks(() => reverseMode(mul(x, 2), { x: NaN }))).toThrow(NonFiniteError);
      expect(() => withChecks(() => forwardMode(mul(x, 2), { x: NaN }, { x: 1 }))).toThrow(NonFiniteError);
      expect(() => compile(mul(x, 2), [x], { checks: true }).gradient([NaN])).toThrow(NonFiniteError);
    },
  },
  {
    input: "a variable bound to a string, e.g. `{ x: '1' }`",
    value: '`BindingTypeError` naming x',
    derivative: '`BindingTypeError` naming x',
    check: () => {
      const at = { x: '1' } as unknown as Record<string, number>;
      for (const run of [() => evaluate(mul(x, 2), at), () => reverseMode(mul(x, 2), at), () => forwardMode(mul(x, 2), at, { x: 1 })]) {
        expect(run).toThrow(BindingTypeError);
        expect(run).toThrow(/variable 'x'/);
      }
    },
  },
  {
    input: 'a variable not bound, e.g. `{}`',
    value: '`UnboundVariableError` naming x',
    derivative: '`UnboundVariableError` naming x',
    check: () => {
      for (const run of [() => evaluate(mul(x, 2), {}), () => reverseMode(mul(x, 2), {}), () => forwardMode(mul(x, 2), {}, { x: 1 })]) {
        expect(run).toThrow(UnboundVariableError);
        expect(run).toThrow(/variable 'x'/);
      }
    },
  },
  {
    input: 'bindings that are not an object or a Map, e.g. `evaluate(f, null)`',
    value: '`ArgumentError` naming `at`',
    derivative: '`ArgumentError` naming `at` (or `direction`)',
    check: () => {
      const f = mul(x, 2);
      for (const bad of [null, undefined, 3, 'x=1', [1]]) {
        for (const run of [() => evaluate(f, bad as never), () => reverseMode(f, bad as never), () => forwardMode(f, bad as never, { x: 1 })]) {
          expect(run).toThrow(ArgumentError);
          expect(run).toThrow(/: at must be an object or a Map/);
        }
        expect(() => forwardMode(f, { x: 1 }, bad as never)).toThrow(/: direction must be an object or a Map/);
      }
    },
  },
  {
    input: 'a direction naming a variable the graph does not have, e.g. `forwardMode(mul(x, 2), { x: 1 }, { z: 1 })`',
    value: '—',
    derivative: '`ArgumentError` naming z (a misspelt variable is not a zero derivative)',
    check: () => {
      expect(() => forwardMode(mul(x, 2), { x: 1 }, { z: 1 })).toThrow(ArgumentError);
      expect(() => forwardMode(mul(x, 2), { x: 1 }, { z: 1 })).toThrow(/'z'/);
      expect(() => forwardMode(mul(x, 2), { x: 1 }, new Map([['x', 1], ['z', 1]]))).toThrow(/'z'/);
      expect(forwardMode(mul(x, y), { x: 1, y: 3 }, { y: 1 }).derivative).toBe(1); // a direction may leave variables out
    },
  },
  {
    input: "a compiled program given non-numbers, e.g. `compile(add(x, y), [x, y]).evaluate(['3', '4'])`",
    value: '`BindingTypeError` naming x, on both backends',
    derivative: '`BindingTypeError` naming x, on both backends',
    check: () => {
      for (const backend of ['interpreter', 'js'] as const) {
        const p = compile(add(x, y), [x, y], { backend });
        for (const run of [() => p.evaluate(['3', '4'] as never), () => p.gradient(['3', '4'] as never), () => p.jvp(['3', '4'] as never, [1, 0])]) {
          expect(run, backend).toThrow(BindingTypeError);
          expect(run, backend).toThrow(/variable 'x'/);
        }
      }
    },
  },
  {
    input: "`parse('1_000')` and `parse('1e')`: a number run into a name",
    value: '`ExpressionSyntaxError` at position 1 (mathjs would read 1·_000 and 1·e)',
    derivative: '—',
    check: () => {
      for (const source of ['1_000', '1e']) {
        let error: unknown;
        try {
          parse(source);
        } catch (e) {
          error = e;
        }
        expect(error, source).toBeInstanceOf(ExpressionSyntaxError);
        expect((error as ExpressionSyntaxError).position, source).toBe(1);
      }
    },
  },
];

const HEADER = '| Input | Value | Derivative (forward mode, reverse mode and compiled programs) |';

describe('README "Numerical conventions": the edge-case table', () => {
  it('lists exactly the rows tested below, in the same order and words', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('\n## Numerical conventions');
    expect(start, 'the README has a "Numerical conventions" section').toBeGreaterThanOrEqual(0);
    const end = readme.indexOf('\n## ', start + 1);
    const lines = readme.slice(start, end < 0 ? undefined : end).split('\n');
    const at = lines.indexOf(HEADER);
    expect(at, `the section has a table headed ${HEADER}`).toBeGreaterThanOrEqual(0);
    expect(lines[at + 1]).toBe('|---|---|---|');
    const table: string[] = [];
    for (let i = at + 2; i < lines.length && lines[i].startsWith('|'); i++) table.push(lines[i]);
    expect(table).toEqual(rows.map((r) => `| ${r.input} | ${r.value} | ${r.derivative} |`));
  });
});

describe('edge cases, one per README row', () => {
  for (const row of rows) it(row.input, row.check);
});

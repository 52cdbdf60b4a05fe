/**
 * HIPS/autograd's tests/test_binary_ops.py, ported: each `it` is one test
 * function of the original, named as there, over the same 16 argument pairs
 * (a scalar 2.0, a vector of 4, a 3×4 and a 1×4 matrix, each with each, with
 * NumPy broadcasting). `check_grads` is test/helpers/check-grads.ts (order 2,
 * forward and reverse), under autograd's conventions on every pair and under
 * JAX's on the pairs with the scalar and on (mat, mat2).
 *
 * The original draws its arrays from a module-level `RandomState(0)`, afresh
 * in each test; test/fixtures/autograd-binary-args.json holds those draws,
 * made by test/fixtures/derive-autograd-binary-args.py.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { add, type ArrayValue, atan2, div, eq, ge, gt, hypot, le, lt, mod, mul, ne, type Node, pow, sub, sum, valueAndGrad, grad, vjp } from '../src/index.js';
import { elementwiseValues } from './helpers/array-reference.js';
import { type CheckArg, checkGrads } from './helpers/check-grads.js';

type Draws = Record<string, { vector: number[]; mat: number[]; mat2: number[] }>;
const { draws } = JSON.parse(readFileSync(new URL('./fixtures/autograd-binary-args.json', import.meta.url), 'utf8')) as { draws: Draws };

type Arg = number | ArrayValue;

/** The original's arg_pairs(): every pair of (2.0, vector, mat, mat2), and whether the two are the same object. */
function argPairs(test: string): { a: Arg; b: Arg; same: boolean; label: string }[] {
  const d = draws[test];
  const args: [string, Arg][] = [
    ['scalar', 2.0],
    ['vector', { data: Float64Array.from(d.vector), shape: [4] }],
    ['mat', { data: Float64Array.from(d.mat), shape: [3, 4] }],
    ['mat2', { data: Float64Array.from(d.mat2), shape: [1, 4] }],
  ];
  return args.flatMap(([la, a], i) => args.map(([lb, b], j) => ({ a, b, same: i === j, label: `${la}, ${lb}` })));
}

/** Elementwise over an argument. */
function map(x: Arg, f: (v: number) => number): Arg {
  return typeof x === 'number' ? f(x) : { data: x.data.map(f), shape: x.shape };
}

const makeGapFromZero = (x: Arg) => map(x, (v) => Math.sqrt(v ** 2 + 0.5));
const makePositive = (x: Arg) => map(x, (v) => Math.abs(v) + 1.1);

/**
 * check_grads(fun)(a, b): autograd's check, and JAX's on top. `jaxEps` replaces
 * JAX's step 1e-4 where a point of the original lies closer than that to where
 * the function is not smooth (autograd's step is 1e-6).
 */
function check(fun: (x: Node, y: Node) => Node, a: Arg, b: Arg, label: string, jaxEps?: number): void {
  // JAX's check where an argument is the scalar, and on the broadcast (mat, mat2): to keep the file's time down
  const withJax = typeof a === 'number' || typeof b === 'number' || label === 'mat, mat2';
  for (const convention of withJax ? (['autograd', 'jax'] as const) : (['autograd'] as const)) {
    try {
      checkGrads(fun, [a, b] as CheckArg[], { convention, eps: convention === 'jax' ? jaxEps : undefined });
    } catch (e) {
      throw new Error(`(${label}), ${convention} convention: ${(e as Error).message}`);
    }
  }
}

/** np.sum of a scalar or an array node. */
const total = (x: Node) => (x.shape.length === 0 ? x : sum(x));

const compareFuns: [string, (x: Node, y: Node) => Node, (a: number, b: number) => boolean][] = [
  // the original compares x with itself here (`x < x`), kept as it is
  ['x < x', (x, _y) => add(total(lt(x, x)), 0.0), (a, _b) => a < a],
  ['x <= y', (x, y) => add(total(le(x, y)), 0.0), (a, b) => a <= b],
  ['x > y', (x, y) => add(total(gt(x, y)), 0.0), (a, b) => a > b],
  ['x >= y', (x, y) => add(total(ge(x, y)), 0.0), (a, b) => a >= b],
  ['x == y', (x, y) => add(total(eq(x, y)), 0.0), (a, b) => a === b],
  ['x != y', (x, y) => add(total(ne(x, y)), 0.0), (a, b) => a !== b],
];

const shapeOf = (x: Arg) => (typeof x === 'number' ? [] : x.shape);
const operand = (x: Arg) => (typeof x === 'number' ? { data: [x], shape: [] } : x);

describe('HIPS/autograd tests/test_binary_ops.py', () => {
  it('test_mul', () => {
    for (const { a, b, label } of argPairs('test_mul')) check((x, y) => mul(x, y), a, b, label);
  });

  it('test_add', () => {
    for (const { a, b, label } of argPairs('test_add')) check((x, y) => add(x, y), a, b, label);
  });

  it('test_sub', () => {
    for (const { a, b, label } of argPairs('test_sub')) check((x, y) => sub(x, y), a, b, label);
  });

  it('test_div', () => {
    for (const { a, b, label } of argPairs('test_div')) check((x, y) => div(x, y), makeGapFromZero(a), makeGapFromZero(b), label);
  });

  it('test_mod', () => {
    for (const { a, b, same, label } of argPairs('test_mod')) {
      if (same) continue; // the gradient is undefined at x == y
      // at (scalar, mat2) one quotient is 2.99967, 3.3e-4 from mod's jump: JAX's step 1e-4 along a random direction crosses it
      check((x, y) => mod(x, y), makeGapFromZero(a), makeGapFromZero(b), label, 1e-6);
    }
  });

  it('test_pow', () => {
    for (const { a, b, label } of argPairs('test_pow')) check((x, y) => pow(x, y), makePositive(a), b, label);
  });

  it('test_arctan2', () => {
    // (at (mat, mat), not run under JAX's check here, one element is (0.0318, 0.0318), x² + y² = 0.002: the
    // third derivatives there are ~1e7 and JAX's step 1e-4 leaves an error of 1e-5 relative at order 2)
    for (const { a, b, label } of argPairs('test_arctan2')) check((x, y) => atan2(x, y), a, b, label);
  });

  it('test_hypot', () => {
    // the original checks reverse mode only; both modes pass here
    for (const { a, b, label } of argPairs('test_hypot')) check((x, y) => hypot(x, y), a, b, label);
  });

  it('test_comparison_grads', () => {
    for (const { a, b, label } of argPairs('test_comparison_grads')) {
      for (const [name, fun] of compareFuns) {
        const [ga, gb] = grad(fun)(a, b);
        for (const [g, arg] of [
          [ga, a],
          [gb, b],
        ] as const) {
          expect(shapeOf(g as Arg), `${name} at (${label})`).toEqual(shapeOf(arg));
          const values = typeof g === 'number' ? [g] : Array.from((g as ArrayValue).data);
          expect(values.every((v) => v === 0), `${name} at (${label})`).toBe(true);
        }
      }
    }
  });

  it('an argument the output does not reach gets zeros of its own shape from grad and vjp (found by test_comparison_grads)', () => {
    const mat = { data: new Float64Array(12).fill(0.5), shape: [3, 4] };
    const [, g] = grad((x: Node, _y: Node) => mul(x, 2))(2.0, mat);
    expect(g).toEqual({ data: new Float64Array(12), shape: [3, 4] });
    const [, c] = vjp((x: Node, _y: Node) => mul(x, 2), 2.0, mat).vjp(1);
    expect(c).toEqual({ data: new Float64Array(12), shape: [3, 4] });
  });

  it('test_comparison_values', () => {
    for (const { a, b, label } of argPairs('test_comparison_values')) {
      for (const [name, fun, relation] of compareFuns) {
        const counted = elementwiseValues((u, v) => (relation(u, v) ? 1 : 0), [operand(a), operand(b)]).data.reduce((s, v) => s + v, 0);
        expect(valueAndGrad(fun)(a, b).value, `${name} at (${label})`).toBe(counted);
      }
    }
  });
});

/**
 * HIPS/autograd's tests/test_core.py, ported. The original checks the core on
 * Python's own operators, without the numpy wrapper; the analogue here is the
 * fluent methods on nodes (`x.add(y)` for x + y). Its check, `check_binary_func`,
 * compares the gradient with respect to each argument at (0.7, 1.8) with the
 * centered difference (f(x + ε/2) − f(x − ε/2))/ε, ε = 1e-4, to atol = rtol = 1e-4.
 * Here both partials come from reverse mode (`grad`) and from forward mode
 * (`jvp`), and each test also runs JAX's check_grads (order 2, both modes).
 *
 * The comparisons are piecewise constant: their gradient is 0, which the
 * centered difference confirms away from the tie (autograd warns that the
 * output is independent of the input; wengert gives 0 silently, as JAX does).
 */
import { describe, expect, it } from 'vitest';
import { grad, jvp, type Node } from '../src/index.js';
import { checkGrads } from './helpers/check-grads.js';

const nd = (f: (x: number) => number, x: number, eps = 1e-4) => (f(x + eps / 2) - f(x - eps / 2)) / eps;

function checkClose(a: number, b: number, atol = 1e-4, rtol = 1e-4): void {
  expect(Math.abs(a - b), `diff ${a - b}`).toBeLessThan(atol + rtol * Math.abs(b));
}

/** The function at numbers, by jvp's primal output (the graph evaluated). */
function valueAt(fun: (x: Node, y: Node) => Node, x: number, y: number): number {
  return jvp(fun, [x, y], [0, 0]).value as number;
}

function checkBinaryFunc(fun: (x: Node, y: Node) => Node): void {
  const [x, y] = [0.7, 1.8];
  const [dx, dy] = grad(fun)(x, y) as number[];
  checkClose(dx, nd((x) => valueAt(fun, x, y), x));
  checkClose(dy, nd((y) => valueAt(fun, x, y), y));
  checkClose(jvp(fun, [x, y], [1, 0]).tangent as number, nd((x) => valueAt(fun, x, y), x));
  checkClose(jvp(fun, [x, y], [0, 1]).tangent as number, nd((y) => valueAt(fun, x, y), y));
  checkGrads(fun, [x, y]);
}

describe('HIPS/autograd tests/test_core.py', () => {
  it('test_add', () => checkBinaryFunc((x, y) => x.add(y)));
  it('test_sub', () => checkBinaryFunc((x, y) => x.sub(y)));
  it('test_div', () => checkBinaryFunc((x, y) => x.div(y)));
  it('test_mul', () => checkBinaryFunc((x, y) => x.mul(y)));
  it('test_pow', () => checkBinaryFunc((x, y) => x.pow(y)));
  it('test_mod', () => checkBinaryFunc((x, y) => x.mod(y)));

  it('test_eq', () => checkBinaryFunc((x, y) => x.equal(y)));
  it('test_neq', () => checkBinaryFunc((x, y) => x.notEqual(y)));
  it('test_leq', () => checkBinaryFunc((x, y) => x.lessEqual(y)));
  it('test_geq', () => checkBinaryFunc((x, y) => x.greaterEqual(y)));
  it('test_lt', () => checkBinaryFunc((x, y) => x.less(y)));
  it('test_gt', () => checkBinaryFunc((x, y) => x.greater(y)));

  it('the comparisons have the values of the operators at (0.7, 1.8)', () => {
    const at = (f: (x: Node, y: Node) => Node) => valueAt(f, 0.7, 1.8);
    expect([at((x, y) => x.equal(y)), at((x, y) => x.notEqual(y)), at((x, y) => x.lessEqual(y))]).toEqual([0, 1, 1]);
    expect([at((x, y) => x.greaterEqual(y)), at((x, y) => x.less(y)), at((x, y) => x.greater(y))]).toEqual([0, 1, 0]);
  });
});

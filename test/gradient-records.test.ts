/**
 * The gradient-record rule (README, "Conventions"): every API that returns
 * derivatives by variable or by argument lists every variable of the bindings
 * the user asked about, 0 (or zeros of the bound array's shape) where the output
 * does not reach it — reverseMode, vjp on a graph, forwardMode and jvp along a
 * bound variable the graph does not use, Program, the transforms, gradientNodes.
 */
import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  BindingTypeError,
  compile,
  constant,
  evaluate,
  forwardMode,
  grad,
  gradientNodes,
  hessian,
  jacobian,
  jvp,
  mul,
  type Node,
  reverseMode,
  sum,
  valueAndGrad,
  variable,
  vjp,
} from '../src/index.js';

const zeros = (shape: number[]) => ({ data: new Float64Array(shape.reduce((p, d) => p * d, 1)), shape });

describe('gradient records list every bound variable', () => {
  it('reverseMode: a constant output gives 0 for x; an unused binding gives 0 (plain object and Map)', () => {
    expect(reverseMode(constant(1), { x: 2 }).gradient).toEqual({ x: 0 });
    const x = variable('x');
    expect(reverseMode(mul(x, 3), { x: 2, y: 5 }).gradient).toEqual({ x: 3, y: 0 });
    expect(reverseMode(mul(x, 3), new Map([['x', 2], ['y', 5]])).gradient).toEqual({ x: 3, y: 0 });
    // a binding to undefined is no binding
    expect(reverseMode(mul(x, 3), { x: 2, y: undefined as unknown as number }).gradient).toEqual({ x: 3 });
  });

  it('reverseMode: unused array bindings give zeros of the bound shape (Float64Array, nested arrays, { data, shape }), on scalar and array graphs', () => {
    const x = variable('x');
    const g = reverseMode(mul(x, x), { x: 3, A: new Float64Array(3), B: [[1, 2], [3, 4]], C: { data: new Float64Array(2), shape: [1, 2] } }).gradient;
    expect(g).toEqual({ x: 6, A: zeros([3]), B: zeros([2, 2]), C: zeros([1, 2]) });
    const V = variable('V', [2]);
    expect(reverseMode(sum(mul(V, 2)), { V: [1, 2], s: 7, W: [[0, 0, 0]] }).gradient).toEqual({ V: { data: Float64Array.from([2, 2]), shape: [2] }, s: 0, W: zeros([1, 3]) });
  });

  it('a name like __proto__ is an own entry; a bound value that is not a number or an array is a BindingTypeError', () => {
    const g = reverseMode(constant(1), JSON.parse('{"__proto__": 2}')).gradient;
    expect(Object.hasOwn(g, '__proto__')).toBe(true);
    expect(g.__proto__ as unknown).toBe(0);
    expect(() => reverseMode(constant(1), { y: 'three' as unknown as number })).toThrow(BindingTypeError);
  });

  it('vjp on a graph: every bound name, scalar and array graphs', () => {
    const x = variable('x');
    expect(vjp([mul(x, 2), constant(3)], { x: 1, y: 2 }, [1, 1]).gradient).toEqual({ x: 2, y: 0 });
    const V = variable('V', [2]);
    expect(vjp(mul(V, 3), { V: [1, 2], y: 2 }, new Float64Array([1, 1])).gradient).toEqual({ V: { data: Float64Array.from([3, 3]), shape: [2] }, y: 0 });
  });

  it('forwardMode and jvp: a direction along a bound variable the graph does not use gives 0; a name bound nowhere is still an error', () => {
    const x = variable('x');
    expect(forwardMode(mul(x, 3), { x: 2, y: 5 }, { y: 1 })).toEqual({ value: 6, derivative: 0 });
    expect(jvp([mul(x, 3)], { x: 2, y: 5 }, { x: 1, y: 1 })).toEqual({ value: [6], tangent: [3] });
    expect(() => forwardMode(mul(x, 3), { x: 2 }, { y: 1 })).toThrow(ArgumentError);
    expect(() => forwardMode(mul(x, 3), { x: 2, y: 5 }, { y: 'a' as unknown as number })).toThrow(BindingTypeError);
    const V = variable('V', [2]);
    expect(forwardMode(sum(V), { V: [1, 2], y: 3 }, { y: 1 }).derivative).toBe(0);
    expect(() => forwardMode(sum(V), { V: [1, 2] }, { y: 1 })).toThrow(/not a variable of the graph, nor bound in at/);
  });

  it('Program: an input the output does not use has gradient 0, in both backends, scalar and array programs', () => {
    const x = variable('x');
    const y = variable('y');
    for (const backend of ['js', 'interpreter'] as const) {
      expect(Array.from(compile(mul(x, 3), [x, y], { backend }).gradient([2, 5]))).toEqual([3, 0]);
      expect(Array.from(compile(constant(1), [x], { backend }).gradient([2]))).toEqual([0]);
      const V = variable('V', [2]);
      expect(Array.from(compile(sum(V), [V, x], { backend }).gradient([1, 2, 9]))).toEqual([1, 1, 0]);
    }
  });

  it('the transforms: one entry per argument, zeros of its shape where unreached', () => {
    expect(grad((a: Node, _b: Node) => mul(a, 3))(2, 5)).toEqual([3, 0]);
    expect(grad((_a: Node) => constant(1))(2)).toEqual([0]);
    expect(grad((_v: Node[], s: Node) => s)([1, 2], 3)).toEqual([[0, 0], 1]);
    expect(grad((_v: Node, s: Node) => s)(new Float64Array([1, 2]), 3)).toEqual([zeros([2]), 1]);
    expect(valueAndGrad((_a: Node, b: Node) => b)(1, 2)).toEqual({ value: 2, gradient: [0, 1] });
    expect(vjp((a: Node, _b: Node) => a, 1, 2).vjp(1)).toEqual([1, 0]);
    expect(jvp((_a: Node) => constant(4), [1], [1])).toEqual({ value: 4, tangent: 0 });
    expect(jacobian((a: Node, _b: Node) => [a])(1, 2)).toEqual([[1, 0]]);
    expect(hessian((a: Node, _b: Node) => mul(a, a))(1, 2)).toEqual([[2, 0], [0, 0]]);
  });

  it('gradientNodes: a node the output does not reach gets zeros of its shape', () => {
    const x = variable('x');
    const [dy, dV] = gradientNodes(mul(x, x), [variable('y'), variable('V', [2])]);
    expect(evaluate(dy, {})).toBe(0);
    expect(evaluate(dV, {})).toEqual(zeros([2]));
  });
});

/**
 * Errors on arrays: every op given mismatched shapes raises a ShapeError whose
 * message names the op and the shapes; bad parameters (axes, permutations,
 * widths, indices) raise ArgumentErrors naming them; bindings of the wrong
 * length, shape or kind name the variable and both shapes (or the position of
 * a bad element); a name used for two shapes is refused. Tests marked
 * `it.fails` document bugs outside src/ops (see the report of the arrays-tests
 * branch): they pass while the bug is there and fail once it is fixed.
 */
import { describe, expect, it } from 'vitest';
import {
  add,
  ArgumentError,
  BindingTypeError,
  broadcastTo,
  concat,
  constant,
  div,
  dot,
  equal,
  evaluate,
  forwardMode,
  grad,
  gradientNodes,
  greater,
  greaterEqual,
  jvp,
  less,
  lessEqual,
  logSumExp,
  matmul,
  max,
  mean,
  min,
  mul,
  type Node,
  pad,
  pow,
  reshape,
  reverseMode,
  scatterAdd,
  ShapeError,
  slice,
  softmax,
  stack,
  sub,
  substitute,
  sum,
  take,
  tangentNodes,
  transpose,
  UnboundVariableError,
  variable,
  vjp,
  WengertError,
  where,
} from '../src/index.js';

/** Runs f and returns what it threw (failing the test if nothing was thrown). */
function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error, nothing was thrown');
}

/** f throws an instance of `type` whose message contains every fragment. */
function expectError(f: () => unknown, type: new (...args: never[]) => Error, ...fragments: string[]): void {
  const e = thrown(f);
  expect(e, `${e.name}: ${e.message}`).toBeInstanceOf(type);
  expect(e).toBeInstanceOf(WengertError);
  for (const fragment of fragments) expect(e.message).toContain(fragment);
}

const a = variable('a', [3, 4]);
const b = variable('b', [5]);

describe('shape errors name the op and the shapes', () => {
  const binary: [string, (p: Node, q: Node) => Node][] = [
    ['add', add],
    ['mul', mul],
    ['pow', pow],
    ['max', max],
    ['min', min],
    ['less', less],
    ['lessEqual', lessEqual],
    ['greater', greater],
    ['greaterEqual', greaterEqual],
    ['equal', equal],
    ['sub', sub],
    ['div', div],
  ];
  for (const [name, op] of binary) {
    it(`${name}: [3, 4] and [5] do not broadcast`, () => {
      expectError(() => op(a, b), ShapeError, `${name}: shapes [3, 4] and [5] do not broadcast`);
    });
  }

  it('the n-ary sum, dot and where name every operand shape', () => {
    expectError(() => sum([a, b]), ShapeError, 'sum: shapes [3, 4] and [5] do not broadcast');
    expectError(() => dot([a], [b]), ShapeError, 'dot: shapes [3, 4] and [5] do not broadcast');
    expectError(() => where(a, b, 1), ShapeError, 'where: shapes [3, 4] and [5] and [] do not broadcast');
  });

  it('the list forms of mean and logSumExp name themselves, not the primitives they are made of', () => {
    expectError(() => mean([a, b]), ShapeError, 'mean: shapes [3, 4] and [5] do not broadcast');
    expectError(() => logSumExp([a, b]), ShapeError, 'logSumExp: shapes [3, 4] and [5] do not broadcast');
  });

  it('broadcastTo: to fewer axes, or to a shape that does not fit', () => {
    expectError(() => broadcastTo(a, [4]), ShapeError, 'broadcastTo', '[3, 4]', '[4]');
    expectError(() => broadcastTo(a, [4, 3]), ShapeError, 'broadcastTo', '[3, 4]', '[4, 3]');
    expectError(() => broadcastTo(b, [5, 2]), ShapeError, 'broadcastTo', '[5]', '[5, 2]');
  });

  it('reshape: another number of elements (with and without −1)', () => {
    expectError(() => reshape(a, [5, 2]), ShapeError, 'reshape: [3, 4] (12 elements) cannot become [5, 2] (10)');
    expectError(() => reshape(a, [5, -1]), ShapeError, 'reshape: [3, 4] (12 elements) cannot become [5, -1]');
    expectError(() => reshape(broadcastTo(constant(1), [0, 3]), [-1, 0]), ShapeError, 'reshape', '[0, 3]', '[-1, 0]');
  });

  it('slice: more axes than the array has', () => {
    expectError(() => slice(b, [null, null]), ShapeError, 'slice: 2 axes sliced, but x has shape [5]');
  });

  it('concat: other extents off the axis, or another rank; scalars have no axis', () => {
    expectError(() => concat([a, variable('c', [3, 5])], 0), ShapeError, 'concat: shapes [3, 4] and [3, 5] differ off axis 0');
    expectError(() => concat([a, b]), ShapeError, 'concat: shapes [3, 4] and [5]');
    expectError(() => concat([variable('s'), variable('t')]), ShapeError, 'concat', 'scalars');
  });

  it('stack: arrays of different shapes', () => {
    expectError(() => stack([a, b]), ShapeError, 'stack: shapes [3, 4] and [5] differ');
  });

  it('take: a scalar has no axis to gather along', () => {
    expectError(() => take(variable('s'), [0]), ShapeError, 'take', 'scalar');
  });

  it('scatterAdd: updates whose extents at the axis are not the indices’ shape', () => {
    expectError(() => scatterAdd(a, [0, 1], 0, 3), ShapeError, "scatterAdd: updates [3, 4] do not have the indices' shape [2] at axis 0");
  });

  it('max over an empty axis: a maximum needs an element', () => {
    expectError(() => max(broadcastTo(constant(1), [2, 0]), { axis: 1 }), ShapeError, 'max: axis 1 of [2, 0] is empty');
  });

  it('matmul: inner extents that differ, with matrices and vectors', () => {
    expectError(() => matmul(variable('p', [3, 4]), variable('q', [5, 2])), ShapeError, 'matmul: [3, 4] × [5, 2]');
    expectError(() => matmul(variable('p', [3]), variable('q', [4, 2])), ShapeError, 'matmul: [3] × [4, 2]');
    expectError(() => matmul(variable('p', [3, 4]), variable('q', [3])), ShapeError, 'matmul: [3, 4] × [3]');
  });

  it('matmul: two vectors, and a scalar operand, are refused with the shapes and the alternative', () => {
    expectError(() => matmul(variable('p', [3]), variable('q', [3])), ShapeError, 'matmul: [3] × [3]', 'sum(mul(a, b))');
    expectError(() => matmul(variable('p'), variable('q', [3, 3])), ShapeError, 'matmul: [] × [3, 3]', 'use mul');
  });

  it('matmul: batch axes that do not broadcast name both operands’ shapes', () => {
    expectError(() => matmul(variable('p', [2, 3, 4]), variable('q', [3, 4, 5])), ShapeError, 'matmul: [2, 3, 4] × [3, 4, 5]', '[2]', '[3]');
  });

  it('a gradient needs a scalar output: gradientNodes, reverseMode and grad name the shape and the way out', () => {
    const x = variable('x', [3]);
    expectError(() => gradientNodes(mul(x, x), [x]), ShapeError, 'gradientNodes: the output has shape [3]', 'vjp');
    expectError(() => reverseMode(mul(x, x), { x: [1, 2, 3] }), ShapeError, 'reverseMode: the output has shape [3]');
    expectError(() => grad((v: Node) => mul(v, v))(new Float64Array(3)), ArgumentError, 'grad', 'shape [3]');
  });

  it('substitute: a replacement of another shape names the variable and both shapes', () => {
    const x = variable('x', [3]);
    expectError(() => substitute([sum(x)], new Map([['x', variable('y', [2])]])), ShapeError, "substitute: variable 'x' has shape [3], its replacement [2]");
  });

  it('constants: values that do not fill the shape, ragged nested arrays, a number with a shape', () => {
    expectError(() => constant(new Float64Array(5), [2, 3]), ShapeError, 'constant: 5 values do not fill shape [2, 3] (6 elements)');
    expectError(() => constant([[1, 2], [3]]), ShapeError, 'constant: value[1]', 'not rectangular');
    expectError(() => constant(3, [2]), ShapeError, 'constant', '[2]');
  });
});

describe('bad parameters are ArgumentErrors naming them', () => {
  it('axes out of range, listed twice or not whole, in every reduction and in softmax', () => {
    expectError(() => sum(a, { axis: 2 }), ArgumentError, 'sum', 'out of range for rank 2');
    expectError(() => sum(a, { axis: [0, -2] }), ArgumentError, 'sum: axis -2 is listed twice');
    expectError(() => mean(a, { axis: -3 }), ArgumentError, 'mean', 'out of range');
    expectError(() => max(a, { axis: 1.5 }), ArgumentError, 'max', '1.5');
    expectError(() => logSumExp(a, { axis: [3] }), ArgumentError, 'logSumExp', 'out of range');
    expectError(() => softmax(a, 2), ArgumentError, 'softmax', 'out of range');
  });

  it('options that are not { axis, keepdims }, and a keepdims that is not a boolean', () => {
    expectError(() => sum(a, 3 as never), ArgumentError, 'sum: options must be an object');
    expectError(() => sum(a, { axis: 0, keepdims: 1 as never }), ArgumentError, 'sum: keepdims must be true or false');
    expectError(() => max(a, { keepdims: 'yes' as never }), ArgumentError, 'max: keepdims must be true or false');
  });

  it('transpose: a permutation of the wrong length or with repeats', () => {
    expectError(() => transpose(a, [0]), ArgumentError, 'transpose', '[3, 4]');
    expectError(() => transpose(a, [1, 1]), ArgumentError, 'transpose', 'permutation');
  });

  it('reshape: two −1 extents', () => {
    expectError(() => reshape(a, [-1, -1]), ArgumentError, 'reshape: at most one extent may be -1');
  });

  it('slice: a step of 0, a fractional bound', () => {
    expectError(() => slice(b, [[0, 2, 0]]), ArgumentError, 'slice: the step of axis 0');
    expectError(() => slice(b, [[0.5, 2]]), ArgumentError, 'slice: the start of axis 0', '0.5');
  });

  it('pad: negative widths, widths for more axes than the array has', () => {
    expectError(() => pad(a, [[-1, 0]]), ArgumentError, 'pad: the widths of axis 0');
    expectError(() => pad(b, [[1, 0], [1, 1]]), ArgumentError, 'pad', 'at most 1 axes');
  });

  it('concat, stack, take: an axis out of range', () => {
    expectError(() => concat([a, a], 2), ArgumentError, 'concat', 'out of range for rank 2');
    expectError(() => stack([b, b], 3), ArgumentError, 'stack', 'out of range for rank 2');
    expectError(() => take(a, [0], -3), ArgumentError, 'take', 'out of range for rank 2');
  });

  it('take and scatterAdd: indices out of range, negative or fractional, named by position', () => {
    expectError(() => take(b, [0, 5]), ArgumentError, 'take: index 1 is 5, expected a whole number in [0, 5)');
    expectError(() => take(b, [-1]), ArgumentError, 'take: index 0', '-1');
    expectError(() => take(b, [0.5]), ArgumentError, 'take: index 0', '0.5');
    expectError(() => scatterAdd(b, [0, 1, 2, 3, 4], 0, -1), ArgumentError, 'scatterAdd: size must be a whole number');
  });

  it('indices given as a node are checked when evaluated: the kernel names the index position', () => {
    const i = variable('i', [2]);
    expectError(() => evaluate(take(b, i), { b: new Float64Array(5), i: [1, 7] }), ArgumentError, 'take: index 1 is 7');
    expectError(() => evaluate(scatterAdd(b, i.mul(0).add(constant([0, 0, 0, 0, 9]).slice([[3, null]])), 0, 3), { b: new Float64Array(5), i: [0, 0] }), ShapeError, 'scatterAdd');
    expectError(() => evaluate(scatterAdd(variable('u', [2]), i, 0, 3), { u: [1, 1], i: [0, 2.5] }), ArgumentError, 'scatterAdd: index 1 is 2.5');
  });

  it('variable shapes: a negative or fractional extent, more than 2³¹ − 1 elements', () => {
    expectError(() => variable('v', [2, -1]), ArgumentError, "variable 'v': extent 1", '-1');
    expectError(() => variable('v', [2.5]), ArgumentError, "variable 'v': extent 0");
    expectError(() => variable('v', [2 ** 20, 2 ** 12]), ShapeError, "variable 'v'", '[1048576, 4096]', '2147483647');
  });

  it('a non-number element of a nested constant is named by its position', () => {
    expectError(() => constant([[1, 'x']] as never), ArgumentError, 'constant: value[0][1]', 'string');
  });
});

describe('bindings of array variables', () => {
  const W = variable('W', [2, 3]);
  const f = sum(W);

  it('a Float64Array of the wrong length names the variable, its shape and the length', () => {
    expectError(() => evaluate(f, { W: new Float64Array(5) }), ShapeError, "variable 'W' has shape [2, 3] (6 values), but is bound to 5 values");
  });

  it('nested arrays of the wrong shape name the variable and both shapes', () => {
    expectError(() => evaluate(f, { W: [[1, 2], [3, 4], [5, 6]] }), ShapeError, "variable 'W' has shape [2, 3], but is bound to nested arrays of shape [3, 2]");
    expectError(() => evaluate(f, { W: [1, 2, 3, 4, 5, 6] }), ShapeError, "variable 'W'", '[2, 3]', '[6]');
  });

  it('an array value of the wrong shape names the variable and both shapes', () => {
    expectError(() => evaluate(f, { W: { data: new Float64Array(6), shape: [3, 2] } }), ShapeError, "variable 'W' has shape [2, 3], but is bound to an array of shape [3, 2]");
  });

  it('an array value whose data is longer than its shape is a ShapeError, not a raw RangeError', () => {
    expectError(() => evaluate(f, { W: { data: new Float64Array(7), shape: [2, 3] } }), ShapeError, "variable 'W'", '7');
  });

  it('an array value whose data is shorter than its shape is a ShapeError, not stale elements from the previous sweep', () => {
    evaluate(f, { W: { data: Float64Array.from([1, 1, 1, 1, 1, 1]), shape: [2, 3] } });
    expectError(() => evaluate(f, { W: { data: Float64Array.of(2), shape: [2, 3] } }), ShapeError, "variable 'W'");
  });

  it('a number for an array variable, and an array for a scalar variable, name the variable and the shapes', () => {
    expectError(() => evaluate(f, { W: 3 }), ShapeError, "variable 'W' has shape [2, 3], but is bound to a number");
    const s = variable('s');
    expectError(() => evaluate(add(f, s), { W: new Float64Array(6), s: [5] }), ShapeError, "variable 's' has shape [], but is bound to nested arrays of shape [1]");
  });

  it('a scalar variable of an array graph bound to a Float64Array is refused, as it is in a scalar graph', () => {
    const s = variable('s');
    expectError(() => evaluate(s.mul(2), { s: Float64Array.of(5) } as never), BindingTypeError, "'s'");
    expectError(() => evaluate(add(f, s), { W: new Float64Array(6), s: Float64Array.of(5) } as never), BindingTypeError, "'s'");
  });

  it('ragged nested arrays name the position where they stop being rectangular', () => {
    expectError(() => evaluate(f, { W: [[1, 2, 3], [4, 5]] }), ShapeError, "variable 'W'[1] has length 2, expected 3");
    expectError(() => evaluate(f, { W: [[1, 2, 3], [4, [5], 6]] as never }), ShapeError, "variable 'W'[1][1] is an array");
  });

  it('a non-number element is named by its position (W[1][2])', () => {
    const e = thrown(() => evaluate(f, { W: [[1, 2, 3], [4, 5, null]] as never }));
    expect(e instanceof ArgumentError || e instanceof BindingTypeError, e.message).toBe(true);
    expect(e.message).toContain("'W'[1][2]");
    expect(e.message).toContain('null');
    const e2 = thrown(() => evaluate(f, { W: [[1, 2, 3], [4, '5', 6]] as never }));
    expect(e2.message).toContain("'W'[1][1]");
  });

  it('a value of another kind (a string, a plain array-like object) is a BindingTypeError naming the variable', () => {
    expectError(() => evaluate(f, { W: 'abc' } as never), BindingTypeError, "variable 'W'", 'string');
    expectError(() => evaluate(f, { W: { data: [1, 2, 3, 4, 5, 6], shape: [2, 3] } } as never), BindingTypeError, "variable 'W'");
  });

  it('an unbound array variable is an UnboundVariableError naming it', () => {
    expectError(() => evaluate(f, {}), UnboundVariableError, "'W'");
  });

  it('NaN and ±∞ elements are numbers: bound and propagated (check mode reports them)', () => {
    expect(evaluate(f, { W: [[1, NaN, 3], [4, 5, 6]] })).toBeNaN();
    expect(evaluate(f, { W: [[1, Infinity, 3], [4, 5, 6]] })).toBe(Infinity);
  });

  it('directions and cotangents of the wrong shape name the variable (or the output) and both shapes', () => {
    const x = variable('x', [2]);
    expectError(() => forwardMode(sum(mul(x, x)), { x: [1, 2] }, { x: [1, 1, 1] }), ShapeError, "'x'", '[2]', '[3]');
    expectError(() => forwardMode(sum(mul(x, x)), { x: [1, 2] }, { x: 1 }), ShapeError, "'x'", '[2]', 'number');
    expectError(() => vjp(mul(x, x), { x: [1, 2] }, new Float64Array(3)), ShapeError, 'cotangent 1', '[2]', '3 values');
    expectError(() => vjp([mul(x, x), sum(x)], { x: [1, 2] }, [new Float64Array(2)]), ShapeError, 'cotangent has length 1, expected 2');
    expectError(() => jvp(sum(x), { x: [1, 2] }, { y: [1, 1] }), ArgumentError, "'y'", 'not a variable');
  });

  it('transforms: an array argument whose data does not fill its shape', () => {
    expectError(() => grad((v: Node) => sum(mul(v, v)))({ data: new Float64Array(3), shape: [2] }), ArgumentError, 'grad: argument 1 has 3 values for shape [2]');
  });
});

describe('one name, two shapes', () => {
  const x2 = variable('x', [2]);
  const x3 = variable('x', [3]);
  const two = add(sum(x2), sum(x3));

  it('evaluate, forwardMode and jvp refuse the graph, naming the variable and both shapes', () => {
    expectError(() => evaluate(two, { x: [1, 2] }), ShapeError, "evaluate: variable 'x' appears with shapes [2] and [3]");
    expectError(() => forwardMode(two, { x: [1, 2] }, { x: [1, 1] }), ShapeError, "forwardMode: variable 'x' appears with shapes [2] and [3]");
    expectError(() => jvp(two, { x: [1, 2] }, { x: [1, 1] }), ShapeError, "jvp: variable 'x' appears with shapes [2] and [3]");
  });

  it('reverseMode names the variable and both shapes, not "add: shapes [2] and [3] do not broadcast"', () => {
    expectError(() => reverseMode(two, { x: [1, 2] }), ShapeError, "variable 'x'", '[2]', '[3]');
  });

  it('vjp names the variable and both shapes, not "add: shapes [2] and [3] do not broadcast"', () => {
    expectError(() => vjp(two, { x: [1, 2] }, 1), ShapeError, "variable 'x'", '[2]', '[3]');
  });

  it('a scalar variable and an array variable of one name, likewise', () => {
    const mixed = add(variable('x'), sum(x2));
    expectError(() => evaluate(mixed, { x: 1 }), ShapeError, "variable 'x' appears with shapes", '[2]', '[]');
  });

  it('grad of a function that makes two variables of one name names the variable and both shapes', () => {
    const f = grad((v: Node) => add(sum(mul(v, variable('w', [2]))), sum(variable('w', [3]))));
    expectError(() => f(new Float64Array(2)), ShapeError, "variable 'w'", '[2]', '[3]');
  });

  it('gradientNodes names the variable and both shapes ([2] and [3]), not "add: shapes [2] and [3] do not broadcast"', () => {
    expectError(() => gradientNodes(two, [x2]), ShapeError, "'x'", '[2]', '[3]');
  });

  it('gradientNodes refuses x of shapes [2] and [1] instead of adding their adjoints by broadcasting', () => {
    const x1 = variable('x', [1]);
    expectError(() => gradientNodes(add(sum(x2), sum(x1)), [x2]), ShapeError, "'x'", '[2]', '[1]');
  });

  it('gradientNodes refuses x of shapes [] and [1] instead of returning a [1] gradient for the scalar x', () => {
    const xs = variable('x');
    const x1 = variable('x', [1]);
    expectError(() => gradientNodes(add(xs, sum(x1)), [xs]), ShapeError, "'x'", '[]', '[1]');
  });

  it('tangentNodes refuses a graph with x of shapes [2] and [3]', () => {
    expectError(() => tangentNodes([two], (_, v) => broadcastTo(constant(1), v.shape)), ShapeError, "'x'", '[2]', '[3]');
  });
});

/**
 * Array ops, forward values: every elementwise primitive lifted over arrays
 * with broadcasting, comparisons and `where`, every structural primitive, the
 * reductions and `matmul` — exact values on small cases against independent
 * references (plain loops over multi-indices, test/helpers/array-reference.ts),
 * and the edge points: empty extents, size-1 axes, ties in max, repeated
 * indices, −0 and NaN.
 */
import { describe, expect, it } from 'vitest';
import {
  type ArrayValue,
  binaryPrimitives,
  broadcastTo,
  concat,
  constant,
  equal,
  evaluate,
  greater,
  greaterEqual,
  less,
  lessEqual,
  logSumExp,
  matmul,
  max,
  mean,
  min,
  type Node,
  pad,
  reshape,
  reverseMode,
  scatterAdd,
  slice,
  softmax,
  stack,
  sum,
  take,
  transpose,
  unaryPrimitives,
  type Value,
  variable,
  where,
} from '../src/index.js';
import {
  broadcastMap,
  broadcastShape,
  concatMap,
  describeDifference,
  elementwiseValues,
  firstDifference,
  foldValues,
  gatherValues,
  matmulMap,
  matmulValues,
  padMap,
  randomData,
  reduceMap,
  scatterMap,
  seeded,
  type Shape,
  size,
  sliceMap,
  takeMap,
  transposeMap,
} from './helpers/array-reference.js';

/** Evaluates an array node (no variables unless bound). */
function run(node: Node, at: Record<string, Float64Array | number> = {}): ArrayValue {
  const v = evaluate(node, at) as Value;
  if (typeof v === 'number') throw new Error(`expected an array, got the number ${v}`);
  return v;
}

/** Bit for bit (Object.is per element: −0 and NaN count), and the shape. */
function expectExactly(v: ArrayValue, shape: Shape, data: ArrayLike<number>): void {
  expect(v.shape).toEqual(shape);
  expect(describeDifference(v.data, data)).toBe('identical');
}

const rand = seeded(13);
/** A constant with random elements in [−2, 2), and its data. */
function randomConstant(shape: Shape): { node: Node; data: Float64Array } {
  const data = randomData(rand, size(shape), -2, 2);
  return { node: constant(data, shape), data };
}

/** Special values: signed zeros, infinities, NaN, a subnormal, large and small. */
const SPECIALS = [0, -0, 1, -1, 0.5, -2.5, 3, Infinity, -Infinity, NaN, 5e-324, 1e300, -1e-300, Math.PI];

describe('elementwise primitives on arrays: the scalar rule applied per element', () => {
  for (const p of Object.values(unaryPrimitives)) {
    it(`${p.name} over special values equals the scalar ${p.name} of each element, bit for bit`, () => {
      const x = variable('x', [SPECIALS.length]);
      const v = run(x[p.name as 'neg'](), { x: Float64Array.from(SPECIALS) });
      expectExactly(v, [SPECIALS.length], SPECIALS.map((s) => evaluate(variable('s')[p.name as 'neg'](), { s })));
    });
  }

  for (const p of Object.values(binaryPrimitives)) {
    it(`${p.name}: every pair of special values, by broadcasting a column against a row, equals the scalar ${p.name} bit for bit`, () => {
      const n = SPECIALS.length;
      const a = variable('a', [n, 1]);
      const b = variable('b', [n]);
      const f = (u: Node, w: Node) => (u as unknown as Record<string, (o: Node) => Node>)[p.name](w);
      const v = run(f(a, b), { a: Float64Array.from(SPECIALS), b: Float64Array.from(SPECIALS) });
      const s = variable('s');
      const t = variable('t');
      const expected = SPECIALS.flatMap((sa) => SPECIALS.map((sb) => evaluate(f(s, t), { s: sa, t: sb })));
      expectExactly(v, [n, n], expected);
    });
  }

  it('broadcasting: [2, 1, 3] + [4, 1] → [2, 4, 3], each element from the operands at the broadcast indices', () => {
    const a = randomConstant([2, 1, 3]);
    const b = randomConstant([4, 1]);
    const ref = elementwiseValues((u, w) => u + w, [{ data: a.data, shape: [2, 1, 3] }, { data: b.data, shape: [4, 1] }]);
    expect(ref.shape).toEqual([2, 4, 3]);
    expectExactly(run(a.node.add(b.node)), [2, 4, 3], ref.data);
  });

  it('broadcasting: a scalar node against an array, a [1] against [3, 1], and size-1 axes on both sides ([3, 1] · [1, 4])', () => {
    const s = variable('s');
    const x = randomConstant([2, 2]);
    expectExactly(run(s.mul(x.node), { s: 3 }), [2, 2], x.data.map((v) => 3 * v));
    const one = randomConstant([1]);
    const col = randomConstant([3, 1]);
    expectExactly(run(one.node.add(col.node)), [3, 1], col.data.map((v) => one.data[0] + v));
    const row = randomConstant([1, 4]);
    const ref = elementwiseValues((u, w) => u * w, [{ data: col.data, shape: [3, 1] }, { data: row.data, shape: [1, 4] }]);
    expectExactly(run(col.node.mul(row.node)), [3, 4], ref.data);
  });

  it('empty extents broadcast like any other: [0, 3] + [3] is [0, 3]; [2, 0] · [2, 1] is [2, 0]', () => {
    const e = broadcastTo(constant(1), [0, 3]);
    expectExactly(run(e.add(constant([1, 2, 3]))), [0, 3], []);
    expectExactly(run(broadcastTo(constant(1), [2, 0]).mul(constant([[1], [2]]))), [2, 0], []);
  });

  it('the n-ary sum and dot keep their scalar meaning and add arrays elementwise, left to right', () => {
    const a = randomConstant([2, 3]);
    const b = randomConstant([3]);
    const c = randomConstant([2, 1]);
    const ref = elementwiseValues((u, w, z) => u + w + z, [
      { data: a.data, shape: [2, 3] },
      { data: b.data, shape: [3] },
      { data: c.data, shape: [2, 1] },
    ]);
    expectExactly(run(sum([a.node, b.node, c.node])), [2, 3], ref.data);
  });

  it('a NaN element stays in its own position: the other elements are computed as without it', () => {
    const x = constant([1, NaN, 3]);
    expectExactly(run(x.mul(2).add(constant([[1], [2]]))), [2, 3], [3, NaN, 7, 4, NaN, 8]);
  });
});

describe('comparisons and where', () => {
  const values = [-1, -0, 0, 1, NaN, Infinity];
  const cases: [string, (a: Node, b: Node) => Node, (a: number, b: number) => boolean][] = [
    ['less', less, (a, b) => a < b],
    ['lessEqual', lessEqual, (a, b) => a <= b],
    ['greater', greater, (a, b) => a > b],
    ['greaterEqual', greaterEqual, (a, b) => a >= b],
    ['equal', equal, (a, b) => a === b],
  ];
  for (const [name, op, relation] of cases) {
    it(`${name}: 1 where the relation holds, else 0, over every pair (NaN compares false; −0 equals 0)`, () => {
      const n = values.length;
      const v = run(op(constant(values.map((x) => [x])), constant(values)));
      expectExactly(v, [n, n], values.flatMap((a) => values.map((b) => (relation(a, b) ? 1 : 0))));
    });
  }

  it('−0 and 0 compare equal; NaN is unequal even to itself', () => {
    expectExactly(run(equal(constant([-0, NaN, 2]), constant([0, NaN, 2]))), [3], [1, 0, 1]);
  });

  it('where(cond, a, b) picks a where cond ≠ 0, broadcasting all three operands ([3, 1], [1, 4], [4])', () => {
    const cond = constant([[1], [0], [-2]]);
    const a = randomConstant([1, 4]);
    const b = randomConstant([4]);
    const ref = elementwiseValues((c, u, w) => (c !== 0 ? u : w), [
      { data: Float64Array.from([1, 0, -2]), shape: [3, 1] },
      { data: a.data, shape: [1, 4] },
      { data: b.data, shape: [4] },
    ]);
    expectExactly(run(where(cond, a.node, b.node)), [3, 4], ref.data);
  });

  it('where: a −0 condition is false, a NaN condition is non-zero (true); the branch not taken may be NaN or ±∞', () => {
    const v = run(where(constant([-0, NaN, 0, 1]), constant([NaN, 1, NaN, -0]), constant([2, Infinity, -0, NaN])));
    expectExactly(v, [4], [2, 1, -0, -0]);
  });

  it('a comparison makes a mask: where(less(x, 0), −x, x) is |x| elementwise', () => {
    const x = variable('x', [5]);
    const v = run(where(less(x, 0), x.neg(), x), { x: Float64Array.from([-2, -0.5, 0, 1.5, 3]) });
    expectExactly(v, [5], [2, 0.5, 0, 1.5, 3]);
  });
});

describe('broadcastTo', () => {
  for (const [from, to] of [
    [[3], [2, 3]],
    [[3, 1], [3, 4]],
    [[1, 2, 1], [3, 2, 2]],
    [[], [2, 2]],
    [[1], [0]],
    [[2, 1], [4, 2, 3]],
  ] as const) {
    it(`${JSON.stringify(from)} → ${JSON.stringify(to)}: each output element is the input at the broadcast index`, () => {
      const x = randomConstant(from);
      expectExactly(run(broadcastTo(x.node, to)), to, gatherValues(x.data, broadcastMap(from, to)));
    });
  }

  it('to its own shape returns the node itself', () => {
    const x = variable('x', [2, 3]);
    expect(broadcastTo(x, [2, 3])).toBe(x);
  });
});

describe('reshape', () => {
  it('keeps the row-major elements: [2, 3] → [3, 2] → [6] → [1, 6, 1]', () => {
    const x = randomConstant([2, 3]);
    expectExactly(run(reshape(x.node, [3, 2])), [3, 2], x.data);
    expectExactly(run(reshape(reshape(x.node, [3, 2]), [6])), [6], x.data);
    expectExactly(run(reshape(x.node, [1, 6, 1])), [1, 6, 1], x.data);
  });

  it('infers one −1 extent: [2, 3, 4] → [-1, 4] is [6, 4]; [6] → [2, -1] is [2, 3]', () => {
    expect(reshape(variable('x', [2, 3, 4]), [-1, 4]).shape).toEqual([6, 4]);
    expect(reshape(variable('y', [6]), [2, -1]).shape).toEqual([2, 3]);
  });

  it('a one-element array to a scalar and back; an empty array between empty shapes', () => {
    expect(evaluate(reshape(constant([5]), []), {})).toBe(5);
    expectExactly(run(reshape(constant(5), [1, 1])), [1, 1], [5]);
    expectExactly(run(reshape(broadcastTo(constant(1), [0, 3]), [3, 0])), [3, 0], []);
  });

  it('keeps −0 and NaN', () => {
    expectExactly(run(reshape(constant([-0, NaN, 1, -0]), [2, 2])), [2, 2], [-0, NaN, 1, -0]);
  });
});

describe('transpose', () => {
  for (const [shape, perm] of [
    [[2, 3], undefined],
    [[2, 3, 4], undefined],
    [[2, 3, 4], [1, 2, 0]],
    [[2, 3, 4], [2, 0, 1]],
    [[1, 3, 1], [2, 1, 0]],
    [[0, 2], [1, 0]],
  ] as const) {
    it(`${JSON.stringify(shape)} by ${perm === undefined ? 'the default (reversed axes)' : JSON.stringify(perm)}`, () => {
      const x = randomConstant(shape);
      const p = perm ?? shape.map((_, k) => shape.length - 1 - k);
      const ref = transposeMap(shape, p);
      expectExactly(run(transpose(x.node, perm)), ref.shape, gatherValues(x.data, ref.map));
    });
  }

  it('the identity permutation (and a vector) returns the node itself', () => {
    const x = variable('x', [2, 3]);
    expect(transpose(x, [0, 1])).toBe(x);
    const v = variable('v', [4]);
    expect(transpose(v)).toBe(v);
  });
});

describe('slice (Python semantics)', () => {
  type Spec = readonly ([(number | null)?, (number | null)?, number?] | null)[];
  const cases: [string, Shape, Spec][] = [
    ['x[1:]', [6], [[1, null]]],
    ['x[:-1]', [6], [[null, -1]]],
    ['x[::2]', [7], [[null, null, 2]]],
    ['x[1::3]', [7], [[1, null, 3]]],
    ['x[-3:-1]', [6], [[-3, -1]]],
    ['x[4:2] (empty)', [6], [[4, 2]]],
    ['x[-10:10] (clipped to the whole axis)', [6], [[-10, 10]]],
    ['A[:, 0:1]', [3, 4], [null, [0, 1]]],
    ['A[1:, ::2]', [3, 5], [[1, null], [null, null, 2]]],
    ['A[::2] (trailing axes whole)', [5, 3], [[null, null, 2]]],
    ['T[-1:, 1:3, ::3]', [2, 4, 7], [[-1, null], [1, 3], [null, null, 3]]],
    ['E[1:] of an empty axis', [0, 3], [[1, null]]],
  ];
  for (const [name, shape, spec] of cases) {
    it(name, () => {
      const x = randomConstant(shape);
      const ref = sliceMap(shape, spec);
      expectExactly(run(slice(x.node, spec)), ref.shape, gatherValues(x.data, ref.map));
    });
  }

  it('the whole array returns the node itself', () => {
    const x = variable('x', [3, 2]);
    expect(slice(x, [[0, 3], null])).toBe(x);
  });
});

describe('pad', () => {
  for (const [shape, widths, value] of [
    [[3], [[1, 2]], 0],
    [[2, 2], [[1, 0], [0, 2]], -1],
    [[2, 3], [[0, 1]], 7],
    [[0, 2], [[1, 1], [1, 0]], 5],
    [[1], [[2, 0]], NaN],
    [[2], [[1, 1]], -0],
  ] as [Shape, [number, number][], number][]) {
    it(`${JSON.stringify(shape)} by ${JSON.stringify(widths)} with the value ${Object.is(value, -0) ? '-0' : value}`, () => {
      const x = randomConstant(shape);
      const ref = padMap(shape, widths);
      expectExactly(run(pad(x.node, widths, value)), ref.shape, gatherValues(x.data, ref.map, value));
    });
  }

  it('zero widths return the node itself', () => {
    const x = variable('x', [2]);
    expect(pad(x, [[0, 0]])).toBe(x);
  });
});

describe('concat and stack', () => {
  for (const [shapes, axis] of [
    [[[2], [3]], 0],
    [[[2, 3], [1, 3], [2, 3]], 0],
    [[[2, 1], [2, 3]], 1],
    [[[2, 1], [2, 3]], -1],
    [[[2, 0, 2], [2, 3, 2], [2, 1, 2]], 1],
    [[[0, 2], [0, 2]], 0],
  ] as [Shape[], number][]) {
    it(`concat of ${shapes.map((s) => JSON.stringify(s)).join(', ')} along axis ${axis}`, () => {
      const xs = shapes.map(randomConstant);
      const a = axis < 0 ? axis + shapes[0].length : axis;
      const ref = concatMap(shapes, a);
      expectExactly(run(concat(xs.map((x) => x.node), axis)), ref.shape, ref.map.map(([i, e]) => xs[i].data[e]));
    });
  }

  it('concat of one array returns it', () => {
    const x = variable('x', [2]);
    expect(concat([x])).toBe(x);
  });

  for (const axis of [0, 1, 2, -1]) {
    it(`stack of three [2, 3] arrays along axis ${axis}: concat of each reshaped with a new axis of extent 1`, () => {
      const xs = [randomConstant([2, 3]), randomConstant([2, 3]), randomConstant([2, 3])];
      const a = axis < 0 ? axis + 3 : axis;
      const expanded = [2, 3];
      expanded.splice(a, 0, 1);
      const ref = concatMap([expanded, expanded, expanded], a);
      expectExactly(run(stack(xs.map((x) => x.node), axis)), ref.shape, ref.map.map(([i, e]) => xs[i].data[e]));
    });
  }

  it('stack of scalars is a vector', () => {
    expectExactly(run(stack([constant(1), constant(-0), constant(NaN)])), [3], [1, -0, NaN]);
  });
});

describe('take (gather) and scatterAdd', () => {
  for (const [shape, indices, indexShape, axis] of [
    [[3], [2, 0, 2], [3], 0],
    [[3, 4], [1, 1, 0], [3], 0],
    [[3, 4], [3, 0, 3, 1], [4], 1],
    [[3, 4], [3, 0], [2], -1],
    [[2, 3, 2], [0, 2, 2, 1], [2, 2], 1],
    [[3, 2], [], [0], 0],
    [[4], [0, 0, 0, 0, 0], [5], 0],
  ] as [Shape, number[], Shape, number][]) {
    it(`take from ${JSON.stringify(shape)} at ${JSON.stringify(indices)} (indices of shape ${JSON.stringify(indexShape)}) along axis ${axis}`, () => {
      const x = randomConstant(shape);
      const a = axis < 0 ? axis + shape.length : axis;
      const ref = takeMap(shape, indices, indexShape, a);
      const ind = indexShape.length === 1 ? indices : constant(Float64Array.from(indices), indexShape);
      expectExactly(run(take(x.node, ind, axis)), ref.shape, gatherValues(x.data, ref.map));
    });
  }

  it('take accepts an Int32Array and a node of whole numbers as indices', () => {
    const x = constant([10, 20, 30]);
    expectExactly(run(take(x, Int32Array.from([2, 1]))), [2], [30, 20]);
    const i = variable('i', [2]);
    expectExactly(run(take(x, i), { i: Float64Array.from([0, 2]) }), [2], [10, 30]);
  });

  for (const [shape, indices, indexShape, axis, n] of [
    [[3], [0, 2, 0], [3], 0, 3],
    [[4, 2], [1, 1, 1, 0], [4], 0, 3],
    [[2, 3], [2, 0, 2], [3], 1, 4],
    [[2, 2, 3], [1, 0, 1, 1], [2, 2], 0, 2],
    [[0, 2], [], [0], 0, 3],
  ] as [Shape, number[], Shape, number, number][]) {
    it(`scatterAdd of ${JSON.stringify(shape)} at ${JSON.stringify(indices)} along axis ${axis} into extent ${n}: zeros plus the updates, repeated indices in order`, () => {
      const u = randomConstant(shape);
      const ref = scatterMap(shape, indices, indexShape, axis, n);
      const expected = ref.terms.map((t) => t.reduce((s, e) => s + u.data[e], 0));
      const ind = indexShape.length === 1 ? indices : constant(Float64Array.from(indices), indexShape);
      expectExactly(run(scatterAdd(u.node, ind, axis, n)), ref.shape, expected);
    });
  }

  it('repeated indices add in order: 0.1 + 0.2 + 0.3 into one slot is (0.1 + 0.2) + 0.3, not 0.1 + (0.2 + 0.3)', () => {
    const v = run(scatterAdd(constant([0.1, 0.2, 0.3]), [1, 1, 1], 0, 2));
    expectExactly(v, [2], [0, 0.1 + 0.2 + 0.3]);
    expect(v.data[1]).not.toBe(0.1 + (0.2 + 0.3));
  });

  it('take copies −0 and NaN; a slot no update reaches is +0', () => {
    expectExactly(run(take(constant([-0, NaN]), [1, 0, 0])), [3], [NaN, -0, -0]);
    expectExactly(run(scatterAdd(constant([NaN]), [0], 0, 2)), [2], [NaN, 0]);
  });
});

describe('reductions: sum, mean, max, logSumExp over axes', () => {
  const shape = [2, 3, 4];
  const axesCases: [number | number[] | undefined, number[]][] = [
    [undefined, [0, 1, 2]],
    [0, [0]],
    [1, [1]],
    [-1, [2]],
    [[0, 2], [0, 2]],
    [[-1, -3], [0, 2]],
    [[2, 1], [1, 2]],
  ];
  for (const [axis, axes] of axesCases) {
    for (const keepdims of [false, true]) {
      const label = `axis ${JSON.stringify(axis)}${keepdims ? ', keepdims' : ''}`;
      it(`sum over ${label}: each output is its terms added in row-major order, first term first`, () => {
        const x = randomConstant(shape);
        const ref = reduceMap(shape, axes, keepdims);
        const v = evaluate(sum(x.node, { axis, keepdims }), {}) as Value;
        const data = foldValues(x.data, ref.terms, (a, b) => a + b, 0);
        if (ref.shape.length === 0) expect(Object.is(v, data[0])).toBe(true);
        else expectExactly(v as ArrayValue, ref.shape, data);
      });

      it(`max over ${label}`, () => {
        const x = randomConstant(shape);
        const ref = reduceMap(shape, axes, keepdims);
        const v = evaluate(max(x.node, { axis, keepdims }), {}) as Value;
        const data = foldValues(x.data, ref.terms, Math.max, -Infinity);
        if (ref.shape.length === 0) expect(v).toBe(data[0]);
        else expectExactly(v as ArrayValue, ref.shape, data);
      });

      it(`mean over ${label}: the sum times 1/count`, () => {
        const x = randomConstant(shape);
        const ref = reduceMap(shape, axes, keepdims);
        const count = ref.terms[0].length;
        const data = foldValues(x.data, ref.terms, (a, b) => a + b, 0).map((s) => s * (1 / count));
        const v = evaluate(mean(x.node, { axis, keepdims }), {}) as Value;
        if (ref.shape.length === 0) expect(v).toBe(data[0]);
        else expectExactly(v as ArrayValue, ref.shape, data);
      });

      it(`logSumExp over ${label}: ln Σ eˣ to rounding`, () => {
        const x = randomConstant(shape);
        const ref = reduceMap(shape, axes, keepdims);
        const data = ref.terms.map((t) => Math.log(t.reduce((s, e) => s + Math.exp(x.data[e]), 0)));
        const v = evaluate(logSumExp(x.node, { axis, keepdims }), {}) as Value;
        const got = typeof v === 'number' ? [v] : Array.from(v.data);
        if (typeof v !== 'number') expect(v.shape).toEqual(ref.shape);
        got.forEach((g, i) => expect(g).toBeCloseTo(data[i], 13));
      });
    }
  }

  it('a reduction over no axis returns the node itself; sum over every axis of a scalar node is that node', () => {
    const x = variable('x', [2, 3]);
    expect(sum(x, { axis: [] })).toBe(x);
    const s = variable('s');
    expect(sum(s)).toBe(s);
  });

  it('size-1 axes: summing or maximizing over them copies the elements', () => {
    const x = randomConstant([3, 1, 2]);
    expectExactly(run(sum(x.node, { axis: 1 })), [3, 2], x.data);
    expectExactly(run(max(x.node, { axis: 1, keepdims: true })), [3, 1, 2], x.data);
  });

  it('empty extents: a sum over an empty axis is 0 (of the right shape); reducing a non-empty axis of an empty array is empty', () => {
    expectExactly(run(sum(broadcastTo(constant(1), [2, 0]), { axis: 1 })), [2], [0, 0]);
    expect(evaluate(sum(broadcastTo(constant(1), [0])), {})).toBe(0);
    expectExactly(run(sum(broadcastTo(constant(1), [0, 3]), { axis: 1 })), [0], []);
    expectExactly(run(max(broadcastTo(constant(1), [0, 2]), { axis: 1 })), [0], []);
  });

  it('min over axes is the smallest element bit for bit (−0 below 0, as Math.min; NaN anywhere gives NaN); an empty axis is a ShapeError naming min', () => {
    expectExactly(run(min(constant([[4, 1], [2, 8]]), { axis: 1 })), [2], [1, 2]);
    expectExactly(run(min(constant([[4, 1], [2, 8]]), { axis: 0, keepdims: true })), [1, 2], [2, 1]);
    expect(evaluate(min(constant([3, -2.5, 7])), {})).toBe(-2.5);
    expect(Object.is(evaluate(min(constant([0, -0, 0])), {}), -0)).toBe(true);
    expect(evaluate(min(constant([1, NaN, -1])), {})).toBeNaN();
    expect(() => min(broadcastTo(constant(1), [2, 0]), { axis: 1 })).toThrow(/min: axis 1 of \[2, 0\] is empty/);
    expect(() => min(constant([1, 2]), { axis: 3 })).toThrow(/^min: /);
    const v = variable('vMin', [3]);
    expect([...(reverseMode(min(v), { vMin: Float64Array.of(1, 1, 3) }).gradient.vMin as ArrayValue).data]).toEqual([0.5, 0.5, 0]); // the tie splits
  });

  it('a mean over an empty axis is NaN (0 · 1/0), as in NumPy and JAX; the gradient into the empty input is empty', () => {
    expectExactly(run(mean(broadcastTo(constant(1), [2, 0]), { axis: 1 })), [2], [NaN, NaN]);
    expect(evaluate(mean(broadcastTo(constant(1), [0])), {})).toBeNaN();
    const x = variable('xEmptyMean', [0, 3]);
    const m = sum(mean(x, { axis: 0 }));
    expect(evaluate(m, { xEmptyMean: new Float64Array(0) })).toBeNaN();
    const g = reverseMode(m, { xEmptyMean: new Float64Array(0) }).gradient.xEmptyMean as ArrayValue;
    expect(g.shape).toEqual([0, 3]);
    expect(g.data.length).toBe(0);
  });

  it('max: ties give the tied value; NaN anywhere in a group gives NaN; −0 and 0 give 0 (Math.max)', () => {
    expectExactly(run(max(constant([[1, 3, 3], [2, NaN, 0], [-0, 0, -0]]), { axis: 1 })), [3], [3, NaN, 0]);
    expect(Object.is(evaluate(max(constant([-0, -0])), {}), -0)).toBe(true);
  });

  it('sum keeps −0 when every term is −0 (it starts from the first term, not from +0), and propagates NaN and ∞', () => {
    expectExactly(run(sum(constant([[-0, -0], [-0, 1], [NaN, 1], [Infinity, -Infinity]]), { axis: 1 })), [4], [-0, 1, NaN, NaN]);
  });

  it('logSumExp is stable: [1000, 1000] gives 1000 + ln 2, and shifting every logit by 10⁸ shifts the result by 10⁸', () => {
    expect(evaluate(logSumExp(constant([1000, 1000])), {})).toBe(1000 + Math.LN2);
    const v = run(logSumExp(constant([[1, 2, 3], [1e8 + 1, 1e8 + 2, 1e8 + 3]]), { axis: 1 }));
    expect(v.data[1] - 1e8).toBeCloseTo(v.data[0], 7);
    expect(v.data[0]).toBeCloseTo(Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)), 14);
  });

  it('softmax along the last axis (and axis 0): positive, each slice sums to 1, equal logits give equal shares', () => {
    const x = randomConstant([3, 4]);
    const v = run(softmax(x.node));
    for (let i = 0; i < 3; i++) {
      const row = Array.from(v.data.subarray(4 * i, 4 * i + 4));
      const e = Array.from(x.data.subarray(4 * i, 4 * i + 4), Math.exp);
      const z = e.reduce((s, t) => s + t, 0);
      row.forEach((p, j) => expect(p).toBeCloseTo(e[j] / z, 15));
    }
    const c = run(softmax(x.node, 0));
    for (let j = 0; j < 4; j++) expect(c.data[j] + c.data[4 + j] + c.data[8 + j]).toBeCloseTo(1, 15);
    // e^(7 − (7 + ln 4)) = e^(−ln 4) rounds to within an ulp of ¼, the same for each share
    const even = run(softmax(constant([7, 7, 7, 7])));
    even.data.forEach((p) => expect(p).toBeCloseTo(0.25, 15));
    expect(new Set(even.data).size).toBe(1);
  });
});

describe('matmul (NumPy semantics)', () => {
  const cases: [Shape, Shape][] = [
    [[2, 3], [3, 2]],
    [[1, 1], [1, 1]],
    [[3], [3, 2]],
    [[2, 3], [3]],
    [[4, 2, 3], [3, 5]],
    [[2, 3], [4, 3, 2]],
    [[2, 1, 2, 3], [3, 3, 2]],
    [[3], [2, 3, 4]],
    [[2, 4, 3], [3]],
    [[5, 1], [1, 4]],
  ];
  for (const [as, bs] of cases) {
    it(`${JSON.stringify(as)} × ${JSON.stringify(bs)}: each element Σₚ aᵢₚ·bₚⱼ for p = 0 … k−1, first term first (bit for bit)`, () => {
      const a = randomConstant(as);
      const b = randomConstant(bs);
      const ref = matmulMap(as, bs)!;
      expectExactly(run(matmul(a.node, b.node)), ref.shape, matmulValues(a.data, b.data, ref.rows, ref.columns));
    });
  }

  it('a hand-computed product: [[1, 2], [3, 4]] · [[5, 6], [7, 8]] = [[19, 22], [43, 50]]; [1, 1]·A = column sums', () => {
    expectExactly(run(matmul(constant([[1, 2], [3, 4]]), constant([[5, 6], [7, 8]]))), [2, 2], [19, 22, 43, 50]);
    expectExactly(run(matmul(constant([1, 1]), constant([[1, 2], [3, 4]]))), [2], [4, 6]);
    expectExactly(run(matmul(constant([[1, 2], [3, 4]]), constant([1, 1]))), [2], [3, 7]);
  });

  it('empty extents: k = 0 gives zeros (an empty sum); m = 0 or n = 0 gives an empty result', () => {
    const ones = (s: Shape) => broadcastTo(constant(1), s);
    expectExactly(run(matmul(ones([2, 0]), ones([0, 3]))), [2, 3], [0, 0, 0, 0, 0, 0]);
    expectExactly(run(matmul(ones([0, 2]), ones([2, 3]))), [0, 3], []);
    expectExactly(run(matmul(ones([2, 2]), ones([2, 0]))), [2, 0], []);
    expectExactly(run(matmul(ones([0, 2, 2]), ones([2, 2]))), [0, 2, 2], []);
  });

  it('−0 survives a single product (−0·1 = −0); a NaN spoils its own row, 0·∞ = NaN only its own element', () => {
    expect(Object.is(run(matmul(constant([[-0]]), constant([[1]]))).data[0], -0)).toBe(true);
    // row 0: 1·1 + 0·∞ = NaN, 1·2 + 0·3 = 2; row 1 holds NaN; row 2: 0·1 + 1·∞ = ∞, 0·2 + 1·3 = 3
    const v = run(matmul(constant([[1, 0], [NaN, 1], [0, 1]]), constant([[1, 2], [Infinity, 3]])));
    expectExactly(v, [3, 2], [NaN, 2, NaN, NaN, Infinity, 3]);
  });

  it('broadcasting of the batch axes agrees with the reference on the output shape', () => {
    expect(matmul(variable('a', [2, 1, 2, 3]), variable('b', [3, 3, 2])).shape).toEqual([2, 3, 2, 2]);
    expect(broadcastShape([2, 1], [3])).toEqual([2, 3]);
  });
});

describe('the reference itself (a reference that is wrong would hide bugs)', () => {
  it('sliceMap follows Python: list(range(7))[1::3] == [1, 4], [-3:-1] of 6 == [3, 4]', () => {
    expect(sliceMap([7], [[1, null, 3]]).map).toEqual([1, 4]);
    expect(sliceMap([6], [[-3, -1]]).map).toEqual([3, 4]);
  });

  it('transposeMap of a 2×3 matrix reads column-major order', () => {
    expect(transposeMap([2, 3], [1, 0]).map).toEqual([0, 3, 1, 4, 2, 5]);
  });

  it('matmulMap contracts a row with a column', () => {
    const ref = matmulMap([2, 2], [2, 2])!;
    expect(matmulValues([1, 2, 3, 4], [5, 6, 7, 8], ref.rows, ref.columns)).toEqual(Float64Array.from([19, 22, 43, 50]));
  });

  it('firstDifference tells −0 from 0 and matches NaN with NaN', () => {
    expect(firstDifference([0], [-0])).toBe(0);
    expect(firstDifference([NaN], [NaN])).toBe(-1);
  });
});

/**
 * Derivatives of the array ops, one generic check per op in the style of JAX's
 * check_grads (a table of ops drives the same three tests):
 * 1. the dot-product identity ⟨ū, J·v⟩ = ⟨Jᵀū, v⟩ between forward mode (`jvp`)
 *    and reverse mode (`vjp`) at random points, directions and cotangents;
 * 2. both modes against centered differences with gradcheck's tolerances
 *    (`gradcheck` perturbs each element of each array variable);
 * 3. the transpose rule against the scalar reference: the same computation
 *    built from scalar nodes (one variable per element, the scalar ops, the
 *    scalar n-ary `sum` and `dot`) gives the same values, tangents and
 *    gradients — bit for bit where both engines add in the same order, to
 *    rounding where they do not (each case says which and why).
 * Then the rules that the generic checks do not pin down: ties in max, repeated
 * indices, the zero derivative of comparisons and of `where`'s condition,
 * unbroadcasting, and the kinds of the gradients.
 */
import { describe, expect, it } from 'vitest';
import {
  add,
  type ArrayValue,
  broadcastTo,
  concat,
  constant,
  div,
  dot,
  evaluate,
  exp,
  forwardMode,
  gradcheck,
  greater,
  jvp,
  less,
  log,
  logSumExp,
  matmul,
  max,
  mean,
  mul,
  type Node,
  pad,
  pow,
  reshape,
  reverseMode,
  scatterAdd,
  sin,
  slice,
  softmax,
  stack,
  sub,
  sum,
  take,
  transpose,
  type Value,
  variable,
  vjp,
  where,
  tape,
} from '../src/index.js';
import {
  broadcastMap,
  concatMap,
  dataOf,
  describeDifference,
  elementwiseNodes,
  gatherNodes,
  inner,
  innerScale,
  matmulMap,
  matmulNodes,
  maxNodes,
  maxRelativeError,
  padMap,
  randomData,
  reduceMap,
  type ScalarArray,
  scalarBindings,
  scalarGradient,
  scalarVariables,
  scatterMap,
  seeded,
  type Shape,
  size,
  sliceMap,
  sumNodes,
  takeMap,
  transposeMap,
} from './helpers/array-reference.js';

/** Same bits: the engines add in the same order. */
const BIT_FOR_BIT = 'bit for bit';

interface Input {
  readonly name: string;
  readonly shape: Shape;
  /** The range of the random point (default [−1.5, 1.5]). */
  readonly lo?: number;
  readonly hi?: number;
}

interface Case {
  readonly name: string;
  readonly inputs: readonly Input[];
  /** The op over array variables. */
  readonly array: (...x: Node[]) => Node;
  /** The same computation over scalar nodes, one per element. */
  readonly scalar: (...x: ScalarArray[]) => ScalarArray;
  /** How forward-mode tangents compare with the scalar engine's: BIT_FOR_BIT, or why they differ in rounding. */
  readonly forward: string;
  /**
   * How reverse-mode gradients compare with the scalar engine's: BIT_FOR_BIT, or
   * why they differ in rounding — for all inputs, or input by input.
   */
  readonly reverse: string | Readonly<Record<string, string>>;
}

const S = (shape: Shape, name = 'x', lo?: number, hi?: number): Input => ({ name, shape, lo, hi });

/** Scalar reference helpers over the index maps. */
const ref = {
  broadcast: (x: ScalarArray, to: Shape) => gatherNodes(x, broadcastMap(x.shape, to), to),
  transpose: (x: ScalarArray, perm: number[]) => {
    const m = transposeMap(x.shape, perm);
    return gatherNodes(x, m.map, m.shape);
  },
  reduceSum: (x: ScalarArray, axes: number[], keepdims = false) => {
    const m = reduceMap(x.shape, axes, keepdims);
    return sumNodes(x, m.terms, m.shape);
  },
  matmul: (a: ScalarArray, b: ScalarArray) => {
    const m = matmulMap(a.shape, b.shape)!;
    return matmulNodes(a, b, m.rows, m.columns, m.shape);
  },
  elementwise: (f: (...x: Node[]) => Node, ...xs: ScalarArray[]) => elementwiseNodes(f, xs),
};

/** The sum of a scalar array's reduction terms as a list, for the composites. */
function groups(x: ScalarArray, axes: number[]): Node[][] {
  return reduceMap(x.shape, axes, false).terms.map((t) => t.map((e) => x.nodes[e]));
}

const MATMUL_FORWARD =
  'to rounding: the scalar dot adds its tangent terms as one running sum (all Ȧ terms, then all Ḃ terms), the array JVP computes Ȧ·B and A·Ḃ as two products and adds them';
/** Āᵢₚ = Σⱼ C̄ᵢⱼ·Bₚⱼ has one term per column of C. */
const MATMUL_A =
  'to rounding: Āᵢₚ gathers one term per column of C; the scalar reverse sweep adds them from the last dot node to the first, matmul(C̄, Bᵀ) from the first column';
/** B̄ₚⱼ = Σᵢ Aᵢₚ·C̄ᵢⱼ has one term per row of C. */
const MATMUL_B =
  'to rounding: B̄ₚⱼ gathers one term per row of C; the scalar reverse sweep adds them from the last dot node to the first, matmul(Aᵀ, C̄) from the first row';
const ONE_TERM = 'bit for bit (one term each)';
const TWO_TERMS = 'bit for bit (two terms each: a + b = b + a)';
const UNBROADCAST =
  'to rounding: a broadcast operand gathers one term per element it was broadcast to; the scalar reverse sweep adds them from the last consumer to the first, unbroadcast’s reduceSum from the first';

const cases: Case[] = [
  // ---- structural primitives
  {
    name: 'broadcastTo [3, 1] → [2, 3, 4]',
    inputs: [S([3, 1])],
    array: (x) => broadcastTo(x, [2, 3, 4]),
    scalar: (x) => ref.broadcast(x, [2, 3, 4]),
    forward: BIT_FOR_BIT,
    // each element feeds 8 outputs: the scalar dot's pullback adds w·1 into the variable's
    // adjoint in operand (row-major) order, the transpose reduceSum adds in row-major order too
    reverse: BIT_FOR_BIT,
  },
  {
    name: 'reshape [2, 3] → [3, 2] → [6]',
    inputs: [S([2, 3])],
    array: (x) => reshape(reshape(x, [3, 2]), [6]),
    scalar: (x) => ({ nodes: x.nodes, shape: [6] }),
    forward: BIT_FOR_BIT,
    reverse: BIT_FOR_BIT,
  },
  {
    name: 'transpose [2, 3, 4] by [2, 0, 1]',
    inputs: [S([2, 3, 4])],
    array: (x) => transpose(x, [2, 0, 1]),
    scalar: (x) => ref.transpose(x, [2, 0, 1]),
    forward: BIT_FOR_BIT,
    reverse: BIT_FOR_BIT,
  },
  {
    // the pad of the transpose has different widths before and after on each axis
    name: 'slice [6, 5] by [1::2, -3:-1]',
    inputs: [S([6, 5])],
    array: (x) => slice(x, [[1, null, 2], [-3, -1]]),
    scalar: (x) => {
      const m = sliceMap(x.shape, [[1, null, 2], [-3, -1]]);
      return gatherNodes(x, m.map, m.shape);
    },
    forward: BIT_FOR_BIT,
    reverse: BIT_FOR_BIT,
  },
  {
    name: 'pad [2, 3] by [[1, 0], [2, 1]] with 0.5',
    inputs: [S([2, 3])],
    array: (x) => pad(x, [[1, 0], [2, 1]], 0.5),
    scalar: (x) => {
      const m = padMap(x.shape, [[1, 0], [2, 1]]);
      return gatherNodes(x, m.map, m.shape, 0.5);
    },
    forward: BIT_FOR_BIT,
    reverse: BIT_FOR_BIT,
  },
  {
    name: 'concat [2, 3] and [1, 3] along axis 0',
    inputs: [S([2, 3], 'a'), S([1, 3], 'b')],
    array: (a, b) => concat([a, b], 0),
    scalar: (a, b) => {
      const m = concatMap([a.shape, b.shape], 0);
      return { nodes: m.map.map(([i, e]) => [a, b][i].nodes[e]), shape: m.shape };
    },
    forward: BIT_FOR_BIT,
    reverse: BIT_FOR_BIT,
  },
  {
    name: 'concat [2, 1], [2, 0] and [2, 3] along axis −1',
    inputs: [S([2, 1], 'a'), S([2, 0], 'e'), S([2, 3], 'b')],
    array: (a, e, b) => concat([a, e, b], -1),
    scalar: (a, e, b) => {
      const m = concatMap([a.shape, e.shape, b.shape], 1);
      return { nodes: m.map.map(([i, k]) => [a, e, b][i].nodes[k]), shape: m.shape };
    },
    forward: BIT_FOR_BIT,
    reverse: BIT_FOR_BIT,
  },
  {
    name: 'stack two [2, 2] along axis 1',
    inputs: [S([2, 2], 'a'), S([2, 2], 'b')],
    array: (a, b) => stack([a, b], 1),
    scalar: (a, b) => {
      const m = concatMap([[2, 1, 2], [2, 1, 2]], 1);
      return { nodes: m.map.map(([i, e]) => [a, b][i].nodes[e]), shape: m.shape };
    },
    forward: BIT_FOR_BIT,
    reverse: BIT_FOR_BIT,
  },
  {
    name: 'take from [4, 3] at [2, 0, 2, 3, 2] along axis 0 (repeated indices)',
    inputs: [S([4, 3])],
    array: (x) => take(x, [2, 0, 2, 3, 2], 0),
    scalar: (x) => {
      const m = takeMap(x.shape, [2, 0, 2, 3, 2], [5], 0);
      return gatherNodes(x, m.map, m.shape);
    },
    forward: BIT_FOR_BIT,
    // scatter-add adds the repeated rows' cotangents in index order; the scalar dot's pullback adds them in operand order: the same
    reverse: BIT_FOR_BIT,
  },
  {
    name: 'take from [2, 3, 2] at [[0, 2], [2, 2]] along axis 1 (indices of rank 2)',
    inputs: [S([2, 3, 2])],
    array: (x) => take(x, constant([[0, 2], [2, 2]]), 1),
    scalar: (x) => {
      const m = takeMap(x.shape, [0, 2, 2, 2], [2, 2], 1);
      return gatherNodes(x, m.map, m.shape);
    },
    forward: BIT_FOR_BIT,
    reverse: BIT_FOR_BIT,
  },
  {
    name: 'scatterAdd of [5, 3] at [1, 0, 1, 1, 3] along axis 0 into 4',
    inputs: [S([5, 3])],
    array: (u) => scatterAdd(u, [1, 0, 1, 1, 3], 0, 4),
    scalar: (u) => {
      const m = scatterMap(u.shape, [1, 0, 1, 1, 3], [5], 0, 4);
      return sumNodes(u, m.terms, m.shape);
    },
    // an output reached by three updates: the kernel adds them into 0 in order, the scalar sum of three the same way (0 + a is a)
    forward: BIT_FOR_BIT,
    reverse: BIT_FOR_BIT,
  },
  {
    name: 'scatterAdd of [2, 4] at [2, 0, 2, 1] along axis 1 into 3',
    inputs: [S([2, 4])],
    array: (u) => scatterAdd(u, [2, 0, 2, 1], 1, 3),
    scalar: (u) => {
      const m = scatterMap(u.shape, [2, 0, 2, 1], [4], 1, 3);
      return sumNodes(u, m.terms, m.shape);
    },
    forward: BIT_FOR_BIT,
    reverse: BIT_FOR_BIT,
  },
  {
    name: 'reduceSum over axes [0, 2] of [2, 3, 4], keepdims',
    inputs: [S([2, 3, 4])],
    array: (x) => sum(x, { axis: [0, -1], keepdims: true }),
    scalar: (x) => ref.reduceSum(x, [0, 2], true),
    forward: BIT_FOR_BIT,
    reverse: BIT_FOR_BIT,
  },
  {
    name: 'reduceSum over every axis of [3, 4] (a scalar)',
    inputs: [S([3, 4])],
    array: (x) => reshape(sum(x), [1]),
    scalar: (x) => ref.reduceSum(x, [0, 1]),
    forward: BIT_FOR_BIT,
    reverse: BIT_FOR_BIT,
  },
  {
    name: 'reduceMax over axis 1 of [3, 5] (no ties)',
    inputs: [S([3, 5])],
    array: (x) => max(x, { axis: 1 }),
    scalar: (x) => {
      const m = reduceMap(x.shape, [1], false);
      return maxNodes(x, m.terms, m.shape);
    },
    // without ties the weights are exactly 1 (array: 1/count with count 1; scalar: ½·(1 + sign) = 1 along the chain)
    forward: BIT_FOR_BIT,
    reverse: BIT_FOR_BIT,
  },
  {
    name: 'reduceMax over axes [0, 2] of [2, 3, 2], keepdims (no ties)',
    inputs: [S([2, 3, 2])],
    array: (x) => max(x, { axis: [0, 2], keepdims: true }),
    scalar: (x) => {
      const m = reduceMap(x.shape, [0, 2], true);
      return maxNodes(x, m.terms, m.shape);
    },
    forward: BIT_FOR_BIT,
    reverse: BIT_FOR_BIT,
  },
  {
    name: 'matmul [2, 3] × [3, 4]',
    inputs: [S([2, 3], 'A'), S([3, 4], 'B')],
    array: (a, b) => matmul(a, b),
    scalar: ref.matmul,
    forward: MATMUL_FORWARD,
    reverse: { A: MATMUL_A, B: TWO_TERMS },
  },
  {
    name: 'matmul vector × matrix [3] × [3, 4]',
    inputs: [S([3], 'v'), S([3, 4], 'B')],
    array: (a, b) => matmul(a, b),
    scalar: ref.matmul,
    forward: MATMUL_FORWARD,
    reverse: { v: MATMUL_A, B: ONE_TERM },
  },
  {
    name: 'matmul matrix × vector [4, 3] × [3]',
    inputs: [S([4, 3], 'A'), S([3], 'v')],
    array: (a, b) => matmul(a, b),
    scalar: ref.matmul,
    forward: MATMUL_FORWARD,
    reverse: { A: ONE_TERM, v: MATMUL_B },
  },
  {
    name: 'matmul with batch broadcasting [2, 1, 2, 3] × [3, 3, 2]',
    inputs: [S([2, 1, 2, 3], 'A'), S([3, 3, 2], 'B')],
    array: (a, b) => matmul(a, b),
    scalar: ref.matmul,
    forward: MATMUL_FORWARD,
    reverse: {
      A: `${MATMUL_A}, then over the batch axis A was broadcast along`,
      B: `${MATMUL_B}, then over the batch axis B was broadcast along`,
    },
  },
  {
    name: 'matmul with an empty contraction [2, 0] × [0, 3]',
    inputs: [S([2, 0], 'A'), S([0, 3], 'B')],
    array: (a, b) => matmul(a, b),
    scalar: ref.matmul,
    forward: BIT_FOR_BIT,
    reverse: BIT_FOR_BIT,
  },
  // ---- broadcasting elementwise primitives, comparisons, where
  {
    name: 'mul [2, 3] · [3] (broadcast row)',
    inputs: [S([2, 3], 'a'), S([3], 'b')],
    array: (a, b) => mul(a, b),
    scalar: (a, b) => ref.elementwise(mul, a, b),
    forward: BIT_FOR_BIT,
    // b̄ⱼ has two terms (one per row): two additions commute exactly
    reverse: BIT_FOR_BIT,
  },
  {
    name: 'add [8, 1] + [1, 6] (both broadcast)',
    inputs: [S([8, 1], 'a'), S([1, 6], 'b')],
    array: (a, b) => add(a, b),
    scalar: (a, b) => ref.elementwise(add, a, b),
    forward: BIT_FOR_BIT,
    reverse: `${UNBROADCAST} (six terms for each a, eight for each b)`,
  },
  {
    name: 'div and exp with a scalar variable: exp(a) / s, a of [2, 3]',
    inputs: [S([2, 3], 'a'), S([], 's', 0.5, 2)],
    array: (a, s) => div(exp(a), s),
    scalar: (a, s) => ref.elementwise((u, w) => div(exp(u), w), a, s),
    forward: BIT_FOR_BIT,
    reverse: { a: BIT_FOR_BIT, s: `${UNBROADCAST} (six terms)` },
  },
  {
    name: 'pow with a positive base and an array exponent [3] ^ [2, 3]',
    inputs: [S([3], 'a', 0.5, 2), S([2, 3], 'b')],
    array: (a, b) => pow(a, b),
    scalar: (a, b) => ref.elementwise(pow, a, b),
    forward: BIT_FOR_BIT,
    reverse: BIT_FOR_BIT,
  },
  {
    name: 'elementwise max [2, 3] against [3] (no ties)',
    inputs: [S([2, 3], 'a'), S([3], 'b')],
    array: (a, b) => max(a, b),
    scalar: (a, b) => ref.elementwise(max, a, b),
    forward: BIT_FOR_BIT,
    reverse: BIT_FOR_BIT,
  },
  {
    name: 'log of sin² + 1 on [2, 2] (unary chains)',
    inputs: [S([2, 2])],
    array: (x) => log(add(mul(sin(x), sin(x)), 1)),
    scalar: (x) => ref.elementwise((u) => log(add(mul(sin(u), sin(u)), 1)), x),
    forward: BIT_FOR_BIT,
    reverse: BIT_FOR_BIT,
  },
  {
    name: 'where(less(a, b), a·b, b − a) with a [8, 3], b [3]',
    inputs: [S([8, 3], 'a'), S([3], 'b')],
    array: (a, b) => where(less(a, b), mul(a, b), sub(b, a)),
    scalar: (a, b) => ref.elementwise((u, w) => where(less(u, w), mul(u, w), sub(w, u)), a, b),
    forward: BIT_FOR_BIT,
    // each element gives bⱼ a term from the branch taken and a ±0 from the other
    reverse: { a: BIT_FOR_BIT, b: `${UNBROADCAST} (eight terms)` },
  },
  {
    name: 'comparisons greater(a, b) + less(a, 0) (zero derivative)',
    inputs: [S([2, 3], 'a'), S([3], 'b')],
    array: (a, b) => add(greater(a, b), less(a, 0)),
    scalar: (a, b) => ref.elementwise((u, w) => add(greater(u, w), less(u, 0)), a, b),
    forward: BIT_FOR_BIT,
    reverse: BIT_FOR_BIT,
  },
  // ---- reductions and composites
  {
    name: 'mean over axis 0 of [3, 2]',
    inputs: [S([3, 2])],
    array: (x) => mean(x, { axis: 0 }),
    scalar: (x) => ({ nodes: groups(x, [0]).map((g) => mean(g)), shape: [2] }),
    forward: BIT_FOR_BIT,
    reverse: BIT_FOR_BIT,
  },
  {
    name: 'logSumExp over axis −1 of [2, 4]',
    inputs: [S([2, 4])],
    array: (x) => logSumExp(x, { axis: -1 }),
    scalar: (x) => ({ nodes: groups(x, [1]).map((g) => logSumExp(g)), shape: [2] }),
    // ṁ is the tangent of the maximum (weights 1 and 0, exactly), and Σ e^(x−m) adds its tangents in row-major order in both
    forward: BIT_FOR_BIT,
    reverse:
      'to rounding: m̄ gathers one term from each shifted element plus one from m + ln Σ; the scalar reverse sweep adds them from the last node to the first, reduceSum from the first element',
  },
  {
    name: 'softmax along axis 0 of [3, 2]',
    inputs: [S([3, 2])],
    array: (x) => softmax(x, 0),
    scalar: (x) => {
      const cols = groups(x, [0]);
      const lse = cols.map((g) => logSumExp(g));
      return { nodes: x.nodes.map((n, e) => exp(sub(n, lse[e % 2]))), shape: [3, 2] };
    },
    forward: BIT_FOR_BIT,
    reverse: 'to rounding: as for logSumExp, the cotangent of each column’s maximum and ln Σ gathers several terms, added in different orders',
  },
];

// ---------------------------------------------------------------------------

const rand = seeded(2024);

interface Point {
  readonly at: Map<string, Float64Array | number>;
  readonly scalarAt: Record<string, number>;
}

function randomPoint(c: Case): Point {
  const at = new Map<string, Float64Array | number>();
  const scalarAt: Record<string, number> = {};
  for (const input of c.inputs) {
    const data = randomData(rand, size(input.shape), input.lo ?? -1.5, input.hi ?? 1.5);
    at.set(input.name, input.shape.length === 0 ? data[0] : data);
    scalarBindings(input.name, data, scalarAt);
  }
  return { at, scalarAt };
}

/** A direction per input (a number for a scalar input), in [−1, 1). */
function randomDirection(c: Case): Map<string, Float64Array | number> {
  return new Map(
    c.inputs.map((input) => {
      const data = randomData(rand, size(input.shape));
      return [input.name, input.shape.length === 0 ? data[0] : data] as const;
    }),
  );
}

function arrayVariables(c: Case): Node[] {
  return c.inputs.map((input) => variable(input.name, input.shape));
}

/** The data of a binding (a number is one element). */
const flat = (v: Float64Array | number) => (typeof v === 'number' ? Float64Array.of(v) : v);

/**
 * Zero partials may differ in sign: the scalar reverse sweep accumulates every
 * adjoint into +0 (so a −0 contribution, 0 times a negative cotangent, becomes
 * +0), while an array adjoint starts from its first contribution and keeps −0.
 */
const ZERO_SIGN = ' (up to the sign of zero partials: the scalar sweep accumulates into +0)';

/** A label that promises identical bits. */
const exact = (label: string) => label.startsWith(BIT_FOR_BIT);

function reverseLabel(c: Case, name: string): string {
  return typeof c.reverse === 'string' ? c.reverse : c.reverse[name];
}

function reverseLabels(c: Case): string {
  if (typeof c.reverse === 'string') return `${c.reverse}${exact(c.reverse) ? ZERO_SIGN : ''}`;
  const labels = c.inputs.map((input) => `${input.name}: ${reverseLabel(c, input.name)}`).join('; ');
  return c.inputs.some((input) => exact(reverseLabel(c, input.name))) ? `${labels}${ZERO_SIGN}` : labels;
}

interface Comparison {
  /** The outputs' values, array vs scalar engine. */
  readonly values: string;
  /** ⟨w, out⟩ as one number: the same bits? */
  readonly loss: boolean;
  readonly tangent: { readonly difference: string; readonly error: number };
  /** Per input: the gradient of ⟨w, out⟩ (zeros of either sign count as the same bits). */
  readonly gradients: Map<string, { readonly difference: string; readonly error: number }>;
}

/**
 * The case against its scalar reference at a random point, direction and
 * weights w: values, tangents, and the gradient of the loss ⟨w, out⟩ — the
 * array graph sums w ⊙ out, the scalar graph is one dot node (the same
 * products, added left to right).
 */
function againstScalar(c: Case): Comparison {
  const x = arrayVariables(c);
  const out = c.array(...x);
  const xs = c.inputs.map((input) => scalarVariables(input.name, input.shape));
  const outS = c.scalar(...xs);
  expect(size(outS.shape)).toBe(size(out.shape));
  const w = randomData(rand, size(out.shape));
  const loss = sum(mul(out, out.shape.length === 0 ? w[0] : constant(w, out.shape)));
  const lossS = outS.nodes.length === 0 ? constant(0) : dot(outS.nodes, Array.from(w));
  const { at, scalarAt } = randomPoint(c);
  const ofScalars = (v: unknown) => (outS.nodes.length === 0 ? new Float64Array(0) : Float64Array.from(v as number[]));

  const values = dataOf(evaluate(out, at) as Value);
  const valuesS = ofScalars(outS.nodes.length === 0 ? [] : evaluate(outS.nodes, scalarAt));

  const v = randomDirection(c);
  const scalarDirection: Record<string, number> = {};
  for (const input of c.inputs) scalarBindings(input.name, flat(v.get(input.name)!), scalarDirection);
  const tangent = dataOf(jvp(out, at, v).tangent as Value);
  // a direction names the scalar graph's own variables only (a slice or a gather may leave some elements out)
  const used = outS.nodes.length === 0 ? new Set<string>() : new Set(tape(outS.nodes).variables.keys());
  const usedDirection = Object.fromEntries(Object.entries(scalarDirection).filter(([n]) => used.has(n)));
  const tangentS = ofScalars(outS.nodes.length === 0 ? [] : jvp(outS.nodes, scalarAt, usedDirection).tangent);

  const { gradient } = reverseMode(loss, at);
  const gradientS = reverseMode(lossS, scalarAt).gradient as Record<string, number>;
  const gradients = new Map(
    c.inputs.map((input) => {
      const g = dataOf(gradient[input.name] as Value);
      const gS = scalarGradient(input.name, size(input.shape), gradientS);
      return [input.name, { difference: describeDifference(g, gS, { zeroSign: false }), error: maxRelativeError(g, gS) }] as const;
    }),
  );
  return {
    values: describeDifference(values, valuesS),
    loss: Object.is(evaluate(loss, at), evaluate(lossS, scalarAt)),
    tangent: { difference: describeDifference(tangent, tangentS), error: maxRelativeError(tangent, tangentS) },
    gradients,
  };
}

/** Rounding-level agreement: relative 1e-13 of the larger of 1 and the value. */
const ROUNDING = 1e-13;

describe.each(cases)('$name', (c) => {
  it('dot-product identity: ⟨ū, J·v⟩ from jvp equals ⟨Jᵀū, v⟩ from vjp at three random points', () => {
    const x = arrayVariables(c);
    const out = c.array(...x);
    for (let trial = 0; trial < 3; trial++) {
      const { at } = randomPoint(c);
      const v = randomDirection(c);
      const u = randomData(rand, size(out.shape));
      const forward = jvp(out, at, v);
      const tangent = dataOf(forward.tangent as Value);
      const backward = vjp(out, at, out.shape.length === 0 ? u[0] : u);
      expect(describeDifference(dataOf(backward.value as Value), dataOf(forward.value as Value))).toBe('identical');
      const left = inner(u, tangent);
      let right = 0;
      let scale = innerScale(u, tangent);
      for (const input of c.inputs) {
        const g = dataOf(backward.gradient[input.name]);
        right += inner(g, flat(v.get(input.name)!));
        scale += innerScale(g, flat(v.get(input.name)!));
      }
      expect(Math.abs(left - right)).toBeLessThanOrEqual(1e-14 * scale + 1e-300);
    }
  });

  it('centered differences: gradcheck (reverse, every element) and forwardMode along a random direction, at gradcheck tolerances', () => {
    const x = arrayVariables(c);
    const out = c.array(...x);
    // a non-linear scalar loss with random weights, so each output element matters differently
    const w = randomData(rand, size(out.shape));
    const loss = sum(mul(sin(out), out.shape.length === 0 ? w[0] : constant(w, out.shape)));
    const { at } = randomPoint(c);
    if (c.inputs.every((input) => size(input.shape) === 0)) {
      expect(() => gradcheck(loss, at)).toThrow(/no parameters to check/);
    } else {
      expect(gradcheck(loss, at).message).toMatch(/^gradcheck passed/);
    }
    const v = randomDirection(c);
    const { derivative } = forwardMode(loss, at, v);
    const h = 1e-6;
    const moved = (sign: number) =>
      new Map(c.inputs.map((input) => {
        const p = flat(at.get(input.name)!);
        const d = flat(v.get(input.name)!);
        const data = p.map((value, e) => value + sign * h * d[e]);
        return [input.name, input.shape.length === 0 ? data[0] : data] as const;
      }));
    const numeric = ((evaluate(loss, moved(1)) as number) - (evaluate(loss, moved(-1)) as number)) / (2 * h);
    expect(Math.abs((derivative as number) - numeric)).toBeLessThanOrEqual(1e-5 + 1e-3 * Math.abs(numeric));
  });

  it(`scalar reference: values bit for bit; tangents ${c.forward}; gradients ${reverseLabels(c)}`, () => {
    const r = againstScalar(c);
    expect(r.values, 'values').toBe('identical');
    expect(r.loss, 'loss').toBe(true);
    if (exact(c.forward)) expect(r.tangent.difference, 'tangent').toBe('identical');
    else expect(r.tangent.error, 'tangent').toBeLessThanOrEqual(ROUNDING);
    for (const input of c.inputs) {
      const g = r.gradients.get(input.name)!;
      if (exact(reverseLabel(c, input.name))) expect(g.difference, input.name).toBe('identical');
      else expect(g.error, input.name).toBeLessThanOrEqual(ROUNDING);
    }
  });

  const rounded = [...(exact(c.forward) ? [] : ['tangent']), ...c.inputs.filter((input) => !exact(reverseLabel(c, input.name))).map((input) => input.name)];
  if (rounded.length > 0) {
    it(`the labels “to rounding” are not “bit for bit”: some of 12 random points shows a difference in ${rounded.join(', ')}`, () => {
      const differs = new Set<string>();
      for (let trial = 0; trial < 12; trial++) {
        const r = againstScalar(c);
        if (r.tangent.difference !== 'identical') differs.add('tangent');
        for (const [name, g] of r.gradients) if (g.difference !== 'identical') differs.add(name);
      }
      expect([...differs].filter((name) => rounded.includes(name)).sort()).toEqual([...rounded].sort());
    });
  }
});

describe('transpose rules the generic checks do not pin down', () => {
  it('max over an axis routes the cotangent to the maxima, split evenly between ties (1/count)', () => {
    const x = variable('x', [3, 3]);
    const at = { x: Float64Array.from([1, 5, 5, 2, 2, 2, -1, 0, -3]) };
    const g = reverseMode(sum(mul(max(x, { axis: 1 }), constant([1, 3, 6]))), at).gradient.x as ArrayValue;
    expect(Array.from(g.data)).toEqual([0, 0.5, 0.5, 1, 1, 1, 0, 6, 0]);
    // forward mode: the tangent of a tied maximum is the mean of the tied tangents
    const { derivative } = forwardMode(max(x, { axis: 1 }), at, { x: Float64Array.from([0, 1, 3, 3, 6, 9, 0, 5, 0]) });
    expect(Array.from((derivative as ArrayValue).data)).toEqual([2, 6, 5]);
  });

  it('max of a two-way tie agrees bit for bit with the scalar binary max (½/½); a three-way tie does not, by design (⅓ each vs ¼, ¼, ½ along the chain)', () => {
    const x = variable('x', [3]);
    const [a, b, c] = [variable('a'), variable('b'), variable('c')];
    const two = reverseMode(max(x), { x: [2, 2, 1] }).gradient.x as ArrayValue;
    const twoS = reverseMode(max(max(a, b), c), { a: 2, b: 2, c: 1 }).gradient;
    expect(Array.from(two.data)).toEqual([twoS.a, twoS.b, twoS.c]);
    const three = reverseMode(max(x), { x: [2, 2, 2] }).gradient.x as ArrayValue;
    const threeS = reverseMode(max(max(a, b), c), { a: 2, b: 2, c: 2 }).gradient;
    expect(Array.from(three.data)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect([threeS.a, threeS.b, threeS.c]).toEqual([0.25, 0.25, 0.5]);
  });

  it('take with repeated indices: the gradient counts each index (scatter-add), the unused entry gets 0', () => {
    const x = variable('x', [4]);
    const g = reverseMode(sum(take(x, [0, 0, 2, 0])), { x: [1, 2, 3, 4] }).gradient.x as ArrayValue;
    expect(Array.from(g.data)).toEqual([3, 0, 1, 0]);
  });

  it('scatterAdd: the gradient of each update is the cotangent at its index (a gather)', () => {
    const u = variable('u', [4]);
    const g = reverseMode(sum(mul(scatterAdd(u, [2, 0, 2, 1], 0, 3), constant([10, 20, 30]))), { u: [1, 1, 1, 1] }).gradient.u as ArrayValue;
    expect(Array.from(g.data)).toEqual([30, 10, 30, 20]);
  });

  it('slice ↔ pad: the gradient of a strided slice is the cotangent placed back among zeros', () => {
    const x = variable('x', [7]);
    const g = reverseMode(sum(mul(slice(x, [[1, null, 3]]), constant([5, 7]))), { x: new Float64Array(7) }).gradient.x as ArrayValue;
    expect(Array.from(g.data)).toEqual([0, 5, 0, 0, 7, 0, 0]);
    const gp = reverseMode(sum(mul(pad(x, [[2, 1]], 9), constant([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))), { x: new Float64Array(7) }).gradient.x as ArrayValue;
    expect(Array.from(gp.data)).toEqual([3, 4, 5, 6, 7, 8, 9]);
  });

  it('comparisons have derivative 0 (exact zeros, not −0 or NaN), even at ±∞ inputs', () => {
    const a = variable('a', [3]);
    const b = variable('b', [3]);
    const at = { a: [1, Infinity, -2], b: [1, 0, -Infinity] };
    const { gradient } = reverseMode(sum(add(less(a, b), greater(a, b))), at);
    expect(Array.from((gradient.a as ArrayValue).data)).toEqual([0, 0, 0]);
    expect(Array.from((gradient.b as ArrayValue).data)).toEqual([0, 0, 0]);
    const { derivative } = forwardMode(sum(less(a, b)), at, { a: [1, 1, 1], b: [1, 1, 1] });
    expect(derivative).toBe(0);
  });

  it('where: no gradient flows into the condition; each branch gets the cotangent where it was taken', () => {
    const c = variable('c', [4]);
    const a = variable('a', [4]);
    const b = variable('b', [4]);
    const at = { c: [1, 0, -0, 2], a: [1, 2, 3, 4], b: [5, 6, 7, 8] };
    const { gradient } = reverseMode(sum(mul(where(c, mul(a, a), b), constant([1, 2, 3, 4]))), at);
    expect(Array.from((gradient.c as ArrayValue).data)).toEqual([0, 0, 0, 0]);
    expect(Array.from((gradient.a as ArrayValue).data)).toEqual([2, 0, 0, 32]);
    expect(Array.from((gradient.b as ArrayValue).data)).toEqual([0, 2, 3, 0]);
  });

  it('unbroadcast: a [3] operand broadcast over [2, 3] gets the column sums; a [2, 1] operand the row sums; a scalar variable the total, as a number', () => {
    const r = variable('r', [3]);
    const col = variable('q', [2, 1]);
    const s = variable('s');
    const W = constant([[1, 2, 3], [4, 5, 6]]);
    const f = sum(mul(add(add(r, col), s), W));
    const { gradient } = reverseMode(f, { r: [0, 0, 0], q: [[0], [0]], s: 0 });
    expect(gradient.r).toEqual({ data: Float64Array.from([5, 7, 9]), shape: [3] });
    expect(gradient.q).toEqual({ data: Float64Array.from([6, 15]), shape: [2, 1] });
    expect(gradient.s).toBe(21);
  });

  it('gradients mirror the variables: an array value of the variable’s shape (zeros if unused), a number for a scalar', () => {
    const W = variable('W', [2, 3]);
    const unused = variable('U', [4, 1]);
    const s = variable('s');
    const f = add(sum(mul(W, s)), mul(sum(unused), 0));
    const { gradient } = reverseMode(f, { W: [[1, 2, 3], [4, 5, 6]], U: [[1], [1], [1], [1]], s: 2 });
    expect(gradient.W).toEqual({ data: Float64Array.from([2, 2, 2, 2, 2, 2]), shape: [2, 3] });
    expect(gradient.U).toEqual({ data: new Float64Array(4), shape: [4, 1] });
    expect(gradient.s).toBe(21);
    const g = reverseMode(sum(W), { W: new Float64Array(6) }).gradient;
    expect(g.W).toEqual({ data: Float64Array.from([1, 1, 1, 1, 1, 1]), shape: [2, 3] });
  });

  it('NaN stays in its element: a NaN in y spoils only x’s gradient at that element (of Σ x ⊙ y), and only its row of a matmul’s', () => {
    const x = variable('x', [3]);
    const y = variable('y', [3]);
    const { gradient } = reverseMode(sum(mul(x, y)), { x: [1, 2, 3], y: [4, NaN, 6] });
    expect(Array.from((gradient.x as ArrayValue).data)).toEqual([4, NaN, 6]);
    expect(Array.from((gradient.y as ArrayValue).data)).toEqual([1, 2, 3]);
    const A = variable('A', [2, 2]);
    const g = reverseMode(sum(matmul(A, constant([[1, 2], [3, 4]]))), { A: [[1, NaN], [3, 4]] }).gradient.A as ArrayValue;
    // Ā = C̄·Bᵀ does not read A: all finite; the NaN reaches only the value
    expect(Array.from(g.data)).toEqual([3, 7, 3, 7]);
    const B = variable('B', [2, 2]);
    const gb = reverseMode(sum(matmul(constant([[1, 2], [3, 4]]), B)), { B: [[1, 2], [3, 4]] }).gradient.B as ArrayValue;
    expect(Array.from(gb.data)).toEqual([4, 4, 6, 6]);
    const gn = reverseMode(sum(matmul(A, B)), { A: [[1, NaN], [3, 4]], B: [[1, 2], [3, 4]] }).gradient.B as ArrayValue;
    // B̄ = Aᵀ·C̄: row 1 of B̄ reads column 1 of A, which holds the NaN
    expect(Array.from(gn.data)).toEqual([4, 4, NaN, NaN]);
  });

  it('−0 survives forward mode as in the scalar engine: the tangent of x·0 along −1 is −0 in every element', () => {
    const x = variable('x', [2]);
    const { derivative } = forwardMode(mul(x, 0), { x: [1, 2] }, { x: [-1, -1] });
    const s = variable('s');
    const scalar = forwardMode(mul(s, 0), { s: 1 }, { s: -1 }).derivative;
    expect(Object.is(scalar, -0)).toBe(true);
    expect(Array.from((derivative as ArrayValue).data).map((d) => Object.is(d, -0))).toEqual([true, true]);
  });

  it('vjp with several array outputs and a scalar one: the cotangents are per output, the gradient is of Σ ⟨ūᵣ, outputᵣ⟩', () => {
    const x = variable('x', [3]);
    const outs = [mul(x, x), sum(x)];
    const { value, gradient } = vjp(outs, { x: [1, 2, 3] }, [Float64Array.from([1, 0, 2]), 10]);
    expect((value as Value[])[1]).toBe(6);
    expect(Array.from((gradient.x as ArrayValue).data)).toEqual([12, 10, 22]);
  });

  it('jvp with several outputs and a direction for some variables only: the others are structural zeros', () => {
    const x = variable('x', [2]);
    const y = variable('y', [2]);
    const { tangent } = jvp([mul(x, y), sum(y)], { x: [1, 2], y: [3, 4] }, { x: [1, 1] });
    expect(Array.from(((tangent as Value[])[0] as ArrayValue).data)).toEqual([3, 4]);
    expect((tangent as Value[])[1]).toBe(0);
  });
});

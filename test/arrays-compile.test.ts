/**
 * Compiled array programs (src/compile/array-*.ts): the js backend (fused,
 * generated loops) and the interpreter give the same bits on every sweep, and
 * the same bits as the direct sweeps (the node-level array interpreter), on
 * every structural op and on random programs; the CSP fallback; calls that
 * allocate nothing; huge arrays in bounded memory.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  add,
  broadcastTo,
  concat,
  constant,
  evaluate,
  exp,
  log,
  NonFiniteError,
  sqrt,
  withChecks,
  gradientNodes,
  jvp,
  matmul,
  max,
  mean,
  mul,
  neg,
  type Node,
  pad,
  reshape,
  reverseMode,
  scatterAdd,
  sin,
  slice,
  softmax,
  square,
  sub,
  sum,
  take,
  tanh,
  tape,
  transpose,
  variable,
  vjp,
} from '../src/index.js';
import { ArrayEngine } from '../src/ad/array-engine.js';
import { generateArrays } from '../src/engine/array-codegen.js';
import { lowerArrays } from '../src/engine/array-ir.js';
import { O, planMemory, X } from '../src/engine/array-memory.js';
import { MAX_EXPRESSION, planArrays } from '../src/engine/array-plan.js';
import { padPrimitive } from '../src/ops/pad.js';
import { apply } from '../src/graph/node.js';
import { gatherValues, matmulMap, matmulValues, transposeMap } from './helpers/array-reference.js';
import { propertySeed } from './helpers/random-graph.js';
import { random, randomArrayProgram } from './helpers/compiled-array-programs.js';

const realFunction = globalThis.Function;
afterEach(() => {
  globalThis.Function = realFunction;
});

/** Bit for bit (NaN equals NaN; −0 differs from 0). */
const same = (what: string, a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length, what).toBe(b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) throw new Error(`${what}: element ${i} is ${Object.is(a[i], -0) ? '-0' : a[i]}, expected ${Object.is(b[i], -0) ? '-0' : b[i]}`);
};

/** Every variable's values from a flat point, as bindings. */
function bindingsOf(variables: readonly Node[], point: Float64Array): Record<string, number | Float64Array> {
  const at: Record<string, number | Float64Array> = {};
  let offset = 0;
  for (const v of variables) {
    at[v.name!] = v.shape.length === 0 ? point[offset] : point.slice(offset, offset + v.size);
    offset += v.size;
  }
  return at;
}

/**
 * As the direct sweeps compute: bit for bit on array graphs (the same derivative
 * graph, evaluated by the node-level interpreter); on a graph of scalars only,
 * the direct sweeps run the scalar engine, which adds adjoints in its own
 * order, so there they agree to rounding.
 */
const asDirect = (scalarOnly: boolean) => (what: string, a: ArrayLike<number>, b: ArrayLike<number>) => {
  if (!scalarOnly) return same(what, a, b);
  expect(a.length, what).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(b[i])) expect(a[i], what).toBeNaN();
    else expect(Math.abs(a[i] - b[i]), what).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b[i])));
  }
};

/** A direct gradient by variable, flattened (zeros for a variable the graph does not use). */
function gradientOf(variables: readonly Node[], gradient: Record<string, number | { data: Float64Array } | undefined>): Float64Array {
  return flat(variables.map((v) => gradient[v.name!] ?? new Float64Array(v.size)) as never);
}

/** A direct sweep's values, flattened. */
function flat(values: readonly (number | Float64Array | { data: Float64Array })[]): Float64Array {
  const parts = values.map((v) => (typeof v === 'number' ? Float64Array.of(v) : v instanceof Float64Array ? v : v.data));
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A deterministic vector of n numbers in [−1, 1). */
function vector(n: number, seed: number): Float64Array {
  const r = random(seed);
  return Float64Array.from({ length: n }, () => 2 * r() - 1);
}

/**
 * Compiles `outputs` and the scalar `loss` on both backends and checks every
 * sweep bit for bit between them and against the direct sweeps.
 */
function checkProgram(variables: readonly Node[], outputs: readonly Node[], loss: Node, point: Float64Array, label: string): void {
  const at = bindingsOf(variables, point);
  const engines = (['js', 'interpreter'] as const).map((backend) => ({
    backend,
    values: new ArrayEngine(outputs, variables, 'compile', { backend }),
    loss: new ArrayEngine([loss], variables, 'compile', { backend }),
  }));
  expect(engines[0].values.backend).toBe('js');
  expect(engines[1].values.backend).toBe('interpreter');
  const n = point.length;
  const m = engines[0].values.outputSize;
  const ct = vector(m, 7);
  const dir = vector(n, 11);
  const directValues = flat(evaluate(outputs as Node[], at) as never);
  const directLoss = reverseMode(loss, at);
  const directGradient = gradientOf(variables, directLoss.gradient as never);
  const directVjp = vjp(outputs as Node[], at, Array.from(outputs, (o, r) => (o.shape.length === 0 ? ct[engines[0].values.outputs[r].offset] : ct.slice(engines[0].values.outputs[r].offset, engines[0].values.outputs[r].offset + o.size))) as never);
  // the direct jvp takes directions for the graph's own variables only (the others do not move)
  const used = new Set([...tape(outputs as Node[]).variables.keys()]);
  const direction = Object.fromEntries(Object.entries(bindingsOf(variables, dir)).filter(([name]) => used.has(name)));
  const directJvp = jvp(outputs as Node[], at, direction);
  const results = engines.map(({ backend, values, loss: l }) => {
    const y = new Float64Array(m);
    values.evaluate(point, y);
    const g = new Float64Array(n);
    const value = l.valueAndGradient(point, g);
    const v = new Float64Array(n);
    values.vjp(point, ct, v);
    const t = new Float64Array(m);
    values.jvp(point, dir, t);
    const h = new Float64Array(n);
    l.hvp(point, dir, h);
    const direct = asDirect(!outputs.some((o) => o.hasArrays));
    direct(`${label} ${backend} evaluate vs direct`, y, directValues);
    asDirect(!loss.hasArrays)(`${label} ${backend} value vs reverseMode`, [value], [directLoss.value]);
    asDirect(!loss.hasArrays)(`${label} ${backend} gradient vs reverseMode`, g, directGradient);
    direct(`${label} ${backend} vjp vs direct`, v, gradientOf(variables, directVjp.gradient as never));
    direct(`${label} ${backend} jvp vs direct`, t, flat(directJvp.tangent as never));
    return { y, g, v, t, h };
  });
  for (const key of ['y', 'g', 'v', 't', 'h'] as const) same(`${label} ${key}: js vs interpreter`, results[0][key], results[1][key]);
}

describe('compiled array programs: js and interpreter agree bit for bit, and with the direct sweeps', () => {
  const A = variable('A', [3, 4]);
  const B = variable('B', [4, 5]);
  const v = variable('v', [4]);
  const s = variable('s');
  const cases: [string, Node[], Node[]][] = [
    ['broadcastTo', [broadcastTo(v, [3, 4]), mul(A, broadcastTo(s, [3, 4]))], [A, v, s]],
    ['reshape', [reshape(A, [2, 6]), reshape(transpose(A), [12])], [A]],
    ['transpose', [transpose(A), add(transpose(A), 1)], [A]],
    ['slice with steps', [slice(A, [[0, 3, 2], [1, null, 2]]), slice(v, [[null, -1]])], [A, v]],
    ['pad', [pad(A, [[1, 0], [2, 1]]), pad(v, [[0, 3]], -2)], [A, v]],
    ['pad with interior (a strided slice transposed)', [apply(padPrimitive, [v], { low: [1], high: [2], interior: [1], value: 0.5 })], [v]],
    ['concat', [concat([A, sin(A)], 1), concat([v, v, neg(v)])], [A, v]],
    ['take', [take(A, [2, 0, 2], 0), take(A, [3, 1], 1)], [A]],
    ['scatterAdd', [scatterAdd(A, [1, 1, 0], 0, 2), scatterAdd(v, [0, 3, 3, 0], 0, 4)], [A, v]],
    ['reduceSum', [sum(A), sum(A, { axis: 0 }), sum(A, { axis: 1, keepdims: true })], [A]],
    ['reduceMax (ties)', [max(A), max(mul(A, 0), { axis: 1 }), max(A, { axis: 0, keepdims: true })], [A]],
    ['matmul', [matmul(A, B), matmul(transpose(B), transpose(A)), matmul(A, v), matmul(v, B)], [A, B, v]],
    ['matmul batched with broadcasting', [matmul(reshape(A, [1, 3, 4]), broadcastTo(B, [2, 4, 5])), matmul(broadcastTo(A, [2, 3, 4]), B)], [A, B]],
    [
      'stencils along the inner axis (values carried from the previous position) and sibling loops',
      [
        sum(square(sub(slice(A, [null, [1, null]]), square(slice(A, [null, [null, -1]]))))),
        mul(slice(A, [null, [2, null]]), tanh(slice(A, [null, [null, -2]]))),
        sum(A, { axis: 1 }),
        add(pad(exp(slice(v, [[1, null]])), [[0, 1]]), pad(exp(slice(v, [[null, -1]])), [[1, 0]])),
      ],
      [A, v],
    ],
    // a row sum over the first row runs inside a loop over both rows (a sibling reading A): its result is stored for the first row only
    ['a reduction merged into a larger sibling loop', [sum(slice(A, [[0, 1]]), { axis: 1 }), tanh(A), sum(slice(A, [null, [0, 2]]), { axis: 1 })], [A]],
    ['softmax and logSumExp', [softmax(A), mean(exp(sub(A, max(A, { axis: 1, keepdims: true }))))], [A]],
  ];
  for (const [name, outputs, variables] of cases) {
    it(name, () => {
      const size = variables.reduce((n, w) => n + w.size, 0);
      const point = vector(size, name.length);
      const loss = sum(outputs.map((o) => sum(mul(o, constant(vector(o.size, o.size + 3), o.shape.length === 0 ? [] : o.shape)))));
      checkProgram(variables, outputs, loss, point, name);
    });
  }

  // The kernel (src/engine/array-kernels.ts) blocks over 256 terms and 64 rows and tiles 2 rows × 4 columns,
  // and the direct sweeps run the same kernel: so the sums are checked against the plain in-order loops of
  // test/helpers/array-reference.ts, on shapes that cross every block and leave ragged edges, in every layout.
  it('matmul across the kernel blocks, every layout: each sum in order k = 0, 1, … as the plain loops, both backends and evaluate', () => {
    const P = variable('P', [67, 300]);
    const Q = variable('Q', [300, 37]);
    const R = variable('R', [37, 300]);
    const S = variable('S', [300, 67]);
    const variables = [P, Q, R, S];
    const point = vector(variables.reduce((n, w) => n + w.size, 0), 13);
    const at = bindingsOf(variables, point);
    const data = (v: Node) => at[v.name!] as Float64Array;
    const transposed = (v: Node) => gatherValues(data(v), transposeMap(v.shape, [1, 0]).map);
    const reference = (a: Float64Array, as: number[], b: Float64Array, bs: number[]) => {
      const map = matmulMap(as, bs)!;
      return matmulValues(a, b, map.rows, map.columns);
    };
    const PQ = reference(data(P), [67, 300], data(Q), [300, 37]);
    const cases: [string, Node, Float64Array][] = [
      ['A·B', matmul(P, Q), PQ],
      ['A·Bᵀ', matmul(P, transpose(R)), reference(data(P), [67, 300], transposed(R), [300, 37])],
      ['Aᵀ·B', matmul(transpose(S), Q), reference(transposed(S), [67, 300], data(Q), [300, 37])],
      ['A broadcast over a batch', matmul(broadcastTo(P, [2, 67, 300]), Q), flat([PQ, PQ])],
      ['B broadcast over a batch', matmul(P, broadcastTo(Q, [2, 300, 37])), flat([PQ, PQ])],
    ];
    for (const [layout, C, expected] of cases) {
      same(`${layout}: evaluate`, flat([evaluate(C, at) as never]), expected);
      for (const backend of ['js', 'interpreter'] as const) {
        const engine = new ArrayEngine([C], variables, 'compile', { backend });
        const y = new Float64Array(C.size);
        engine.evaluate(point, y);
        same(`${layout}: ${backend}`, y, expected);
      }
    }
  });

  // The js backend's products (src/engine/array-matmul-source.ts) run in i-k-j order over blocks of 128 terms and
  // 256 columns, four rows at a time, reading Bᵀ from a copy in the panel; fewer than four rows with Bᵀ keep the tiles.
  // Shapes across both blocks with every count of last rows, in every layout, against the plain in-order loops.
  it('matmul across the generated blocks (256 columns, 128 terms, 4 rows, the panel): each sum in order, both backends', () => {
    for (const M of [1, 2, 3, 4, 6, 9]) {
      const P = variable('P', [M, 130]);
      const Q = variable('Q', [130, 261]);
      const R = variable('R', [261, 130]);
      const S = variable('S', [130, M]);
      const variables = [P, Q, R, S];
      const point = vector(variables.reduce((n, w) => n + w.size, 0), M);
      const at = bindingsOf(variables, point);
      const data = (v: Node) => at[v.name!] as Float64Array;
      const transposed = (v: Node) => gatherValues(data(v), transposeMap(v.shape, [1, 0]).map);
      const reference = (a: Float64Array, b: Float64Array) => {
        const map = matmulMap([M, 130], [130, 261])!;
        return matmulValues(a, b, map.rows, map.columns);
      };
      const cases: [string, Node, Float64Array][] = [
        ['A·B', matmul(P, Q), reference(data(P), data(Q))],
        ['A·Bᵀ', matmul(P, transpose(R)), reference(data(P), transposed(R))],
        ['Aᵀ·Bᵀ', matmul(transpose(S), transpose(R)), reference(transposed(S), transposed(R))],
      ];
      for (const [layout, C, expected] of cases) {
        for (const backend of ['js', 'interpreter'] as const) {
          const engine = new ArrayEngine([C], variables, 'compile', { backend });
          const y = new Float64Array(C.size);
          engine.evaluate(point, y);
          same(`M = ${M}, ${layout}: ${backend}`, y, expected);
        }
      }
    }
  });

  it('empty arrays: an empty slice, a concatenation with it, a product over no terms, a sum of nothing', () => {
    const none = slice(A, [[0, 0]]);
    const outputs = [none, concat([A, none], 0), matmul(slice(A, [null, [0, 0]]), slice(B, [[0, 0]])), sum(slice(v, [[2, 2]])), mul(sum(none), s)];
    const loss = sum(outputs.map((o) => sum(o)));
    checkProgram([A, B, v, s], outputs, loss, vector(12 + 20 + 4 + 1, 5), 'empty arrays');
  });

  it('a chain of 5,000 views (reshapes and transposes; those that cannot compose become copies)', () => {
    let y: Node = A;
    for (let k = 0; k < 5000; k++) y = k % 2 === 0 ? reshape(y, [4, 3]) : transpose(y);
    const outputs = [sin(y)];
    checkProgram([A], outputs, sum(mul(outputs[0], 0.5)), vector(12, 9), 'views');
  });

  it('random array programs (fixed seed)', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const c = randomArrayProgram(random(seed), 6);
        try {
          checkProgram(c.variables, c.outputs, c.loss, c.point, `seed ${seed}`);
        } catch (e) {
          throw new Error(`${(e as Error).message}\nprogram: ${c.description}`);
        }
      }),
      { seed: propertySeed, numRuns: 300 },
    );
  });
});

describe('compiled array programs: the fused plan', () => {
  it('an elementwise chain over views is one loop; the interpreter runs one step per op', () => {
    const x = variable('x', [100]);
    const y = exp(mul(tanh(slice(x, [[1, null]])), broadcastTo(reshape(sum(x), [1]), [99])));
    const ir = lowerArrays([y], 'test');
    const fused = planArrays(ir, { fuse: true }).steps;
    expect(fused.map((s) => (s.kind === 'loop' ? s.effects.map((e) => e.kind).join(' ') : s.kind))).toEqual(['sum', 'store']);
    expect(planArrays(ir, { fuse: false }).steps.length).toBe(4);
  });

  it('the gradient of a dense layer multiplies by W and Xᵀ in place: no transposed copy', () => {
    const X = variable('X', [8, 3]);
    const W = variable('W', [5, 3]);
    const f = sum(tanh(matmul(X, transpose(W))));
    const [gW] = gradientNodes(f, [W]);
    const plan = planArrays(lowerArrays([f, gW], 'test'), { fuse: true });
    expect(plan.steps.filter((s) => s.kind === 'loop' && s.effects.some((e) => e.kind === 'store' && e.expr.kind === 'read'))).toEqual([]);
    expect(plan.steps.filter((s) => s.kind === 'matmul').length).toBe(2);
    const point = vector(39, 1);
    const g = new Float64Array(15);
    new ArrayEngine([f], [W, X]).valueAndGradient(point, g, 15);
    const direct = reverseMode(f, { W: point.slice(0, 15), X: point.slice(15) }).gradient as Record<string, { data: Float64Array }>;
    same('W gradient', g, direct.W.data);
  });

  it('a loop that reads what a loop over the same positions stores runs in that loop: after a product that needs the store, or before', () => {
    const X = variable('X', [6, 5]);
    const W = variable('W', [4, 5]);
    const V = variable('V', [4, 3]);
    // e = exp(X·Wᵀ) and d = tanh(e·V) are stored (a product reads each) and row-summed
    const e = exp(matmul(X, transpose(W)));
    const d = tanh(matmul(e, V));
    const [se, sd, dV] = [sum(e, { axis: 1 }), sum(d, { axis: 1 }), matmul(d, transpose(V))];
    // unfused, each sum is the step after its store (the store's loop moves to the sum's), or after the last product (the sum's moves back)
    for (const [outputs, unfused] of [
      [[se, sd, dV], ['matmul', 'store', 'sum', 'matmul', 'store', 'sum', 'matmul']],
      [[dV, se, sd], ['matmul', 'store', 'matmul', 'store', 'matmul', 'sum', 'sum']],
    ] as const) {
      const ir = lowerArrays(outputs, 'test');
      const kinds = (fuse: boolean) => planArrays(ir, { fuse }).steps.map((s) => (s.kind === 'loop' ? s.effects.map((f) => f.kind).join(' ') : s.kind));
      expect(kinds(false)).toEqual(unfused);
      expect(kinds(true)).toEqual(['matmul', 'store sum', 'matmul', 'store sum', 'matmul']);
      // each sum takes its terms from the producer's expression, not from the stored buffer
      for (const s of planArrays(ir, { fuse: true }).steps) {
        if (s.kind === 'loop') expect(s.effects[1].expr).toBe(s.effects[0].expr);
      }
      const loss = sum(outputs.map((o) => sum(mul(o, constant(vector(o.size, o.size + 3), o.shape)))));
      checkProgram([X, W, V], outputs, loss, vector(30 + 20 + 12, 4), 'producer and consumer');
    }
  });

  it('a long chain is cut into bounded functions', () => {
    const x = variable('x', [10]);
    let y: Node = x;
    for (let k = 0; k < 2000; k++) y = k % 2 ? sin(y) : add(mul(y, 0.5), 1);
    const ir = lowerArrays([y], 'test');
    const plan = planArrays(ir, { fuse: true });
    expect(plan.steps.length).toBeGreaterThan(2000 / MAX_EXPRESSION);
    const memory = planMemory(plan, (b) => (ir.slots[b]?.kind === 'input' ? { array: X, offset: 0 } : b === plan.outputs[0] ? { array: O, offset: 0 } : undefined), () => false);
    const { source } = generateArrays(plan, memory);
    const functions = source.split('\nfunction ');
    expect(functions.length).toBeGreaterThan(30);
    for (const f of functions) expect(f.length).toBeLessThan(20_000);
    // two buffers, used in turn
    expect(memory.arenaSize).toBeLessThanOrEqual(20);
  });
});

describe('the CSP fallback', () => {
  it('where new Function is forbidden, the engine interprets, with the same results', () => {
    const x = variable('x', [50]);
    const f = sum(mul(100, square(sub(slice(x, [[1, null]]), square(slice(x, [[null, -1]]))))));
    const point = vector(50, 3);
    const js = new ArrayEngine([f], [x]);
    const g1 = new Float64Array(50);
    const v1 = js.valueAndGradient(point, g1);
    globalThis.Function = function () {
      throw new EvalError("Refused to evaluate a string as JavaScript because 'unsafe-eval' is not an allowed source");
    } as unknown as FunctionConstructor;
    const csp = new ArrayEngine([f], [x]);
    const g2 = new Float64Array(50);
    const v2 = csp.valueAndGradient(point, g2);
    globalThis.Function = realFunction;
    expect(js.backend).toBe('js');
    expect(csp.backend).toBe('interpreter');
    same('value', [v2], [v1]);
    same('gradient', g2, g1);
  });
});

describe('check mode', () => {
  it('runs on the interpreter and names the node, the element and the sweep of the first non-finite value', () => {
    const x = variable('x', [3]);
    const g = new Float64Array(3);
    withChecks(() => {
      const logs = new ArrayEngine([sum(log(x))], [x]);
      expect(logs.backend).toBe('interpreter');
      expect(() => logs.valueAndGradient([1, 0, 2], g)).toThrow(/^log#\d+ gave -Infinity at element 1 of \[3\] in the forward sweep, from the finite input 0$/);
      // √x is 0 at 0, its derivative 1/(2√x) is not: the reverse sweep's own op is named
      const roots = new ArrayEngine([sum(sqrt(x))], [x]);
      expect(() => roots.valueAndGradient([1, 0, 2], g)).toThrow(/gave Infinity at element 1 of \[3\] in the reverse sweep/);
      expect(() => roots.valueAndGradient([1, NaN, 2], g)).toThrow(NonFiniteError);
      expect(() => roots.valueAndGradient([1, NaN, 2], g)).toThrow("variable 'x' is bound to NaN at element 1");
      expect(() => roots.jvp([1, 0, 2], [1, 1, 1], new Float64Array(1))).toThrow(/in the tangent sweep/);
    });
    // outside check mode the same program gives the IEEE values
    const plain = new ArrayEngine([sum(sqrt(x))], [x]);
    plain.valueAndGradient([1, 0, 2], g);
    expect(g[1]).toBe(Infinity);
  });
});


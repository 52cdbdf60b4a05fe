// The arrays benchmark suite's pieces that decide its numbers: the hand-written
// baselines (the blocked matmul against the textbook triple loop, the batched MLP
// against the sample-by-sample one), the wengert graphs it times, and how its
// targets read a run's rows.
import { describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';
import { matmulGraph, mlpArrayGraph, rosenbrockSlicesGraph } from '../bench/graphs.js';
import { CASES } from '../bench/hand-written.js';
import { IMPL, relativeError, type Row } from '../bench/harness.js';
import {
  ARRAY_MLPS,
  batchData,
  handWrittenMlp,
  handWrittenMlpBatched,
  initialParameters,
  matmulBlocked,
  matmulReference,
  parameterCount,
  point,
  rng,
  rosenbrockGradient,
} from '../bench/problems.js';
import { ARRAY_VARIANTS, TARGETS, verdict } from '../bench/targets.js';

const random = (length: number, seed: number) => {
  const r = rng(seed);
  return Float64Array.from({ length }, () => 2 * r() - 1);
};

describe('hand-written blocked matmul', () => {
  // odd sizes: a last row without a pair, k not a multiple of 4, k and n across their blocks (128, 256)
  it.each([
    [1, 1, 1],
    [3, 5, 7],
    [2, 4, 8],
    [5, 130, 3],
    [7, 9, 300],
    [4, 257, 513],
  ])('C = A·B for %i × %i times %i wide agrees with the triple loop', (m, k, n) => {
    const a = random(m * k, m);
    const b = random(k * n, n);
    const expected = new Float64Array(m * n);
    matmulReference(a, b, expected, m, k, n);
    const c = new Float64Array(m * n).fill(NaN); // stale contents must not leak into C
    matmulBlocked(a, b, c, m, k, n);
    expect(relativeError(c, expected)).toBeLessThan(1e-14);
  });
});

describe('hand-written batched MLP', () => {
  it.each(ARRAY_MLPS.map((s) => [s.name, s] as const))('%s: the same loss and gradient as sample by sample', (_, spec) => {
    const { features, targets } = batchData(spec);
    const params = initialParameters(spec);
    const P = parameterCount(spec);
    const expected = new Float64Array(P);
    const value = handWrittenMlp(spec)(params, features, targets, expected);
    const g = new Float64Array(P).fill(NaN);
    const batched = handWrittenMlpBatched(spec);
    expect(batched(params, features, targets, g)).toBeCloseTo(value, 13);
    expect(relativeError(g, expected)).toBeLessThan(1e-13);
    // a second call (buffers reused) gives the same
    expect(batched(params, features, targets, g)).toBeCloseTo(value, 13);
    expect(relativeError(g, expected)).toBeLessThan(1e-13);
  });
});

describe('the graphs the arrays suite compiles', () => {
  it('Rosenbrock with slices: value and gradient of the hand-written loop', () => {
    const n = 50;
    const { f, x } = rosenbrockSlicesGraph(n);
    const at = point(n);
    const expected = new Float64Array(n);
    const value = rosenbrockGradient(at, expected);
    const { value: got, gradient } = compile(f, [x]).valueAndGradient(at, new Float64Array(n));
    expect(got).toBeCloseTo(value, 10);
    expect(relativeError(gradient, expected)).toBeLessThan(1e-14);
  });

  it('the MLPs on arrays: the flat parameters are the hand-written layout', () => {
    for (const spec of ARRAY_MLPS.slice(0, 2)) {
      const { loss, params } = mlpArrayGraph(spec);
      const { features, targets } = batchData(spec);
      const start = initialParameters(spec);
      const expected = new Float64Array(parameterCount(spec));
      const value = handWrittenMlp(spec)(start, features, targets, expected);
      const { value: got, gradient } = compile(loss, params).valueAndGradient(start, new Float64Array(expected.length));
      expect(got).toBeCloseTo(value, 12);
      expect(relativeError(gradient, expected)).toBeLessThan(1e-12);
    }
  });

  it('matmul over two array variables', () => {
    const n = 9;
    const { C, inputs } = matmulGraph(n);
    const a = random(n * n, 1);
    const b = random(n * n, 2);
    const expected = new Float64Array(n * n);
    matmulReference(a, b, expected, n, n, n);
    const ab = new Float64Array(2 * n * n);
    ab.set(a);
    ab.set(b, n * n);
    expect(relativeError(compile(C, inputs).evaluate(ab, new Float64Array(n * n)) as Float64Array, expected)).toBeLessThan(1e-14);
  });
});

describe('the arrays targets', () => {
  const arrays = TARGETS.filter((t) => t.group === 'arrays');
  const row = (c: string, implementation: string, median: number, variant?: string): Row => ({
    suite: 'arrays',
    group: 'g',
    case: c,
    implementation,
    ...(variant ? { variant } : {}),
    status: 'ok',
    median,
    min: median,
    max: median,
    mean: median,
    samples: [median],
  });

  it('one target per case against hand-written loops, three per MLP, one for jax-js over every case', () => {
    expect(arrays.map((t) => t.text)).toEqual([
      ...[1000, 10000, 1000000].map((n) => `Rosenbrock with slices, n = ${n}: value and gradient, compiled (js) ≤ 1.5× hand-written`),
      ...ARRAY_MLPS.flatMap((s) => [
        `MLP ${s.name} on arrays: step, compiled (js) ≤ 1.2× hand-written`,
        `MLP ${s.name} on arrays: step, compiled (js) ≥ 5× faster than TensorFlow.js`,
        `MLP ${s.name} on arrays: step, compiled (js) faster than jax-js (float64)`,
      ]),
      ...[64, 256, 512].map((n) => `matmul ${n} × ${n}, compiled (js) ≤ 1.2× the hand-written blocked matmul`),
      'every array case: compiled (js) faster than jax-js (float64)',
    ]);
  });

  it('the hand-written bound divides by the faster hand-written row (same process or fresh)', () => {
    const c = CASES.matmul(64);
    const t = arrays.find((x) => x.text.startsWith('matmul 64 × 64'))!;
    const ours = row(c, IMPL.js, 1.1e-3, ARRAY_VARIANTS.matmul);
    expect(t.evaluate([ours, row(c, IMPL.hand, 1e-3), row(c, IMPL.handFresh, 2e-3)]).met).toBe(true);
    const slower = t.evaluate([ours, row(c, IMPL.hand, 1.5e-3), row(c, IMPL.handFresh, 0.9e-3)]);
    expect(slower.value).toBeCloseTo(1.1 / 0.9, 12);
    expect(slower.met).toBe(false);
  });

  it('a check run times each suite in two processes: each implementation takes its faster one, a failed one aside', () => {
    const c = CASES.matmul(256);
    const t = arrays.find((x) => x.text.startsWith('matmul 256 × 256'))!;
    const ours = (median: number, process: number): Row => ({ ...row(c, IMPL.js, median, ARRAY_VARIANTS.matmul), process });
    const hand = (median: number, process: number): Row => ({ ...row(c, IMPL.hand, median), process });
    // process 1 slow as a whole (both rows), process 2 not; the fresh baseline between
    const rows = [ours(2.4e-3, 1), hand(2e-3, 1), ours(1.1e-3, 2), hand(1e-3, 2), row(c, IMPL.handFresh, 1.05e-3)];
    const o = t.evaluate(rows);
    expect(o.value).toBeCloseTo(1.1, 12);
    expect(o.text).toContain('[process 2]');
    const failedSecond = t.evaluate([ours(2.4e-3, 1), hand(2e-3, 1), { ...ours(1, 2), status: 'error', reason: 'threw' }, row(c, IMPL.handFresh, 1e-3)]);
    expect(failedSecond.value).toBeCloseTo(2.4, 12);
    expect(failedSecond.met).toBe(false);
  });

  it('against peers: how many times faster; a failed peer row is not measured, not met', () => {
    const spec = ARRAY_MLPS[2];
    const c = CASES.arrayMlpStep(spec);
    const tf = arrays.find((x) => x.text === `MLP ${spec.name} on arrays: step, compiled (js) ≥ 5× faster than TensorFlow.js`)!;
    const jax = arrays.find((x) => x.text === `MLP ${spec.name} on arrays: step, compiled (js) faster than jax-js (float64)`)!;
    const ours = row(c, IMPL.js, 1e-3, ARRAY_VARIANTS.mlp);
    expect(tf.evaluate([ours, row(c, IMPL.tfjs, 5e-3)]).met).toBe(true);
    expect(tf.evaluate([ours, row(c, IMPL.tfjs, 4.9e-3)]).met).toBe(false);
    expect(jax.evaluate([ours, row(c, IMPL.jax, 1e-3)]).met).toBe(false); // a tie is not ahead
    expect(jax.evaluate([ours, row(c, IMPL.jax, 1.01e-3), row(c, IMPL.jax32, 0.1e-3)]).met).toBe(true); // float32 is not the bound
    const failed = jax.evaluate([ours, { ...row(c, IMPL.jax, 1e-3), status: 'error', reason: 'threw' }]);
    expect(failed.met).toBeUndefined();
    expect(failed.failures.join()).toContain('threw');
    expect(verdict([failed])).toBe('not measured');
  });

  it('every case against jax-js: the slowest case decides; a case without rows is named', () => {
    const t = arrays.at(-1)!;
    const cases = [
      ...[1000, 10000, 1000000].map((n) => [CASES.rosenbrockSlices(n), ARRAY_VARIANTS.rosenbrock]),
      ...ARRAY_MLPS.map((s) => [CASES.arrayMlpStep(s), ARRAY_VARIANTS.mlp]),
      ...[64, 256, 512].map((n) => [CASES.matmul(n), ARRAY_VARIANTS.matmul]),
    ];
    const rows = cases.flatMap(([c, v]) => [row(c, IMPL.js, 1, v), row(c, IMPL.jax, 3)]);
    expect(t.evaluate(rows)).toMatchObject({ value: 3, met: true });
    rows[rows.length - 1] = row(cases.at(-1)![0], IMPL.jax, 0.5);
    expect(t.evaluate(rows)).toMatchObject({ value: 0.5, met: false });
    const missing = t.evaluate(rows.slice(0, -1));
    expect(missing.met).toBeUndefined();
    expect(missing.failures.join()).toContain('jax-js: not measured');
  });
});

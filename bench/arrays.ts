/**
 * Suite 5 (issue 13): array programs. Rosenbrock written with slices (value and
 * gradient) at n = 10³, 10⁴, 10⁶; one SGD step of three MLPs, each batch one
 * array program (matmul, bias, tanh, the loss); and C = A·B alone at 64², 256²,
 * 512². wengert's rows go through `compile` over array variables, on both
 * backends; each is checked against the hand-written result before it is timed
 * (the hand-written matmul itself against the textbook triple loop, the
 * hand-written batched MLP against the mlp suite's sample-by-sample one).
 *
 * The MLP steps time the hand-written step and ours (js) in alternating samples
 * (Recorder.race): a step of ~0.1 ms is timed over half a second, where a burst
 * of load on the shared machine lands on whichever is being timed; alternating,
 * it lands on both.
 *
 * The compile time of each program is in its row's `extra` (compileSeconds: the
 * `compile` call; firstCallSeconds: the first call, which generates the code).
 */
import { compile, type Program } from '../src/index.js';
import { matmulGraph, mlpArrayGraph, rosenbrockSlicesGraph } from './graphs.js';
import { CASES, handWritten } from './hand-written.js';
import { agrees, type CaseMeta, IMPL, Recorder, timed, wanted } from './harness.js';
import {
  ARRAY_MLPS,
  ARRAY_SIZES,
  handWrittenMlp,
  handWrittenMlpBatched,
  MATMUL_SIZES,
  matmulBlocked,
  matmulReference,
  matrices,
  mlpProblem,
  point,
  rosenbrockGradient,
  sgdUpdate,
} from './problems.js';

const r = new Recorder('arrays');
/** Same operations up to summation order. */
const exact = 1e-10;
const BACKENDS = [
  ['js', IMPL.js],
  ['interpreter', IMPL.interpreter],
] as const;

/** The value and the gradient agree with the expected ones (each relative to its own scale). */
function agreesWith(call: () => { value: number; gradient: ArrayLike<number> }, value: number, gradient: ArrayLike<number>): () => string | undefined {
  return () => {
    const got = call();
    const v = agrees(() => [got.value], [value], exact)();
    const g = agrees(() => got.gradient, gradient, exact)();
    if (v !== undefined) return `value: ${v}`;
    return g === undefined ? undefined : `gradient: ${g}`;
  };
}

/** Compiles on one backend, timing the compile and the first call (which generates the code). */
function made(outputs: Parameters<typeof compile>[0], inputs: Parameters<typeof compile>[1], backend: 'js' | 'interpreter', first: (p: Program) => unknown) {
  const c = timed(() => compile(outputs, inputs, { backend }));
  const f = timed(() => first(c.value));
  return { program: c.value, extra: { compileSeconds: c.seconds, firstCallSeconds: f.seconds, nodes: c.value.stats.nodes } };
}

for (const n of ARRAY_SIZES) {
  const c = CASES.rosenbrockSlices(n);
  console.log(c);
  const group = 'rosenbrock (slices)';
  const x = point(n);
  const expected = new Float64Array(n);
  const value = rosenbrockGradient(x, expected);
  await r.measure({ ...handWritten(c).meta, implementation: IMPL.hand }, handWritten(c).make(), { exponent: 1 });
  const { f, x: xNode } = rosenbrockSlicesGraph(n);
  for (const [backend, implementation] of BACKENDS) {
    const meta: CaseMeta = { group, case: c, n, implementation, variant: 'valueAndGradient' };
    if (!wanted(meta)) continue;
    const g = new Float64Array(n);
    const { program, extra } = made(f, [xNode], backend, (p) => p.valueAndGradient(x, g));
    const call = () => program.valueAndGradient(x, g);
    await r.measure(meta, call, { check: agreesWith(call, value, expected), exponent: 1, extra });
  }
}

for (const spec of ARRAY_MLPS) {
  const c = CASES.arrayMlpStep(spec);
  console.log(c);
  const { features, targets, start, value, expected } = mlpProblem(spec);
  const P = expected.length;
  const batched = handWrittenMlpBatched(spec);
  const g1 = new Float64Array(P);
  const hand = {
    meta: { ...handWritten(c).meta, implementation: IMPL.hand },
    measured: handWritten(c).make(),
    options: { check: agreesWith(() => ({ value: batched(start, features, targets, g1), gradient: g1 }), value, expected) },
  };
  const { loss, params: inputs } = mlpArrayGraph(spec);
  /** Our step on one backend, compiled now (undefined if this run does not select it). */
  const ours = (backend: 'js' | 'interpreter', implementation: string) => {
    const meta: CaseMeta = { group: spec.name, case: c, implementation, variant: 'whole batch as one array program: valueAndGradient, then the SGD update' };
    if (!wanted(meta)) return undefined;
    const g = new Float64Array(P);
    const { program, extra } = made(loss, inputs, backend, (p) => p.valueAndGradient(start, g));
    const g0 = new Float64Array(P);
    const check = agreesWith(() => program.valueAndGradient(start, g0), value, expected);
    const params = start.slice();
    const measured = () => {
      program.valueAndGradient(params, g);
      sgdUpdate(params, g, spec.learningRate);
    };
    return { meta, measured, options: { check, extra } };
  };
  // the hand-written step and ours (js) in alternating samples: both timed over the same stretch of machine time
  const js = ours('js', IMPL.js);
  await r.race(js === undefined ? [hand] : [hand, js]);
  // the mlp suite's baseline, sample by sample (the report divides by the faster hand-written row)
  const perSample = handWrittenMlp(spec);
  const params1 = start.slice();
  await r.measure({ group: spec.name, case: c, implementation: IMPL.hand, variant: 'sample by sample (the mlp suite\'s baseline)' }, () => {
    perSample(params1, features, targets, g1);
    sgdUpdate(params1, g1, spec.learningRate);
  });
  const interpreted = ours('interpreter', IMPL.interpreter);
  if (interpreted !== undefined) await r.measure(interpreted.meta, interpreted.measured, interpreted.options);
}

for (const n of MATMUL_SIZES) {
  const c = CASES.matmul(n);
  console.log(c);
  const { a, b } = matrices(n);
  const reference = new Float64Array(n * n);
  matmulReference(a, b, reference, n, n, n);
  const expected = new Float64Array(n * n);
  matmulBlocked(a, b, expected, n, n, n);
  const hand = handWritten(c).make();
  await r.measure({ ...handWritten(c).meta, implementation: IMPL.hand }, hand, { check: agrees(() => hand() as Float64Array, reference, exact), exponent: 3 });
  const { C, inputs } = matmulGraph(n);
  const ab = new Float64Array(2 * n * n);
  ab.set(a);
  ab.set(b, n * n);
  for (const [backend, implementation] of BACKENDS) {
    const meta: CaseMeta = { group: 'matmul', case: c, n, implementation, variant: 'evaluate' };
    if (!wanted(meta)) continue;
    const out = new Float64Array(n * n);
    const { program, extra } = made(C, inputs, backend, (p) => p.evaluate(ab, out));
    const call = () => program.evaluate(ab, out);
    await r.measure(meta, call, { check: agrees(() => call() as Float64Array, expected, exact), exponent: 3, extra });
  }
}

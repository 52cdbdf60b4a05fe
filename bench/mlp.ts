/**
 * Suite 3: one training step (gradient of the mean loss over a batch, then an
 * SGD update) of a 2-16-16-1 tanh MLP with MSE on a batch of 64, and of a
 * 64-32-10 tanh MLP with softmax cross-entropy on a batch of 32.
 */
import { compile, numericalGradient, reverseMode } from '../src/index.js';
import { mlpBatchGraph, mlpMicrograd, mlpSampleGraph } from './graphs.js';
import { CASES, handWritten } from './hand-written.js';
import { agrees, type CaseMeta, IMPL, Recorder, timed, wanted } from './harness.js';
import { batchData, handWrittenMlp, handWrittenMlpLoss, initialParameters, MLPS, parameterCount, sgdUpdate } from './problems.js';

const r = new Recorder('mlp');
const exact = 1e-10;

for (const spec of MLPS) {
  const group = spec.name;
  const c = CASES.mlpStep(spec);
  console.log(c);
  const meta = (implementation: string, variant?: string): CaseMeta => ({ group, case: c, implementation, ...(variant ? { variant } : {}) });
  const P = parameterCount(spec);
  const nf = spec.layers[0];
  const nt = spec.loss === 'mse' ? 1 : spec.layers[spec.layers.length - 1];
  const { features, targets } = batchData(spec);
  const lr = spec.learningRate;
  const start = initialParameters(spec);
  const expected = new Float64Array(P);
  handWrittenMlp(spec)(start, features, targets, expected);

  /**
   * Times a step made of `gradient(params, g)` (the mean gradient into g) and
   * the SGD update, on the implementation's own copy of the parameters.
   */
  const step = async (m: CaseMeta, gradient: (params: Float64Array, g: Float64Array) => unknown, tolerance = exact, extra?: Record<string, number>) => {
    const params = start.slice();
    const g = new Float64Array(P);
    const check = agrees(() => {
      const g0 = new Float64Array(P);
      gradient(start.slice(), g0);
      return g0;
    }, expected, tolerance);
    await r.measure(
      m,
      () => {
        gradient(params, g);
        sgdUpdate(params, g, lr);
      },
      { check, ...(extra ? { extra } : {}) },
    );
  };

  // the expected gradient above comes from the same function, so the hand-written row needs no check
  await r.measure({ ...handWritten(c).meta, implementation: IMPL.hand }, handWritten(c).make());

  // one per-sample program, looped over the batch
  const sample = mlpSampleGraph(spec);
  const rows = new Float64Array(spec.batch * (nf + nt)); // [features, targets] of each sample, row by row
  for (let s = 0; s < spec.batch; s++) {
    rows.set(features.subarray(s * nf, (s + 1) * nf), s * (nf + nt));
    rows.set(targets.subarray(s * nt, (s + 1) * nt), s * (nf + nt) + nf);
  }
  for (const backend of ['js', 'interpreter'] as const) {
    const implementation = backend === 'js' ? IMPL.js : IMPL.interpreter;
    if (!wanted({ case: c, implementation })) continue;
    const made = timed(() => compile(sample.loss, sample.inputs, { backend }));
    const p = made.value;
    const extra = { compileSeconds: made.seconds, nodes: p.stats.nodes };
    const x = new Float64Array(P + nf + nt);
    const gs = new Float64Array(P + nf + nt);
    await step(
      meta(implementation, 'per-sample program, valueAndGradient in a loop over the batch'),
      (params, g) => {
        x.set(params);
        g.fill(0);
        for (let s = 0; s < spec.batch; s++) {
          x.set(rows.subarray(s * (nf + nt), (s + 1) * (nf + nt)), P);
          p.valueAndGradient(x, gs);
          for (let k = 0; k < P; k++) g[k] += gs[k];
        }
        for (let k = 0; k < P; k++) g[k] /= spec.batch;
      },
      exact,
      extra,
    );
    await step(meta(implementation, 'per-sample program, batchValueAndGradient'), (params, g) => p.batchValueAndGradient(params, rows, g), exact, extra);
  }

  // the whole batch as one graph
  const batch = mlpBatchGraph(spec);
  const xb = new Float64Array(P + rows.length);
  xb.set(rows, P);
  for (const backend of ['js', 'interpreter'] as const) {
    const implementation = backend === 'js' ? IMPL.js : IMPL.interpreter;
    if (!wanted({ case: c, implementation, variant: 'whole-batch program (mean of per-sample losses), gradient' })) continue;
    const made = timed(() => compile(batch.loss, batch.inputs, { backend }));
    const p = made.value;
    const gb = new Float64Array(P + rows.length);
    await step(
      meta(implementation, 'whole-batch program (mean of per-sample losses), gradient'),
      (params, g) => {
        xb.set(params);
        p.gradient(xb, gb);
        g.set(gb.subarray(0, P));
      },
      exact,
      { compileSeconds: made.seconds, nodes: p.stats.nodes },
    );
  }

  // direct reverse sweep over the whole-batch graph, bindings by name
  const names = batch.inputs.map((v) => v.name!);
  const bindings: Record<string, number> = {};
  names.forEach((name, k) => (bindings[name] = k < P ? start[k] : rows[k - P]));
  await step(meta(IMPL.direct, 'reverseMode on the whole-batch graph'), (params, g) => {
    for (let k = 0; k < P; k++) bindings[names[k]] = params[k];
    const { gradient } = reverseMode(batch.loss, bindings);
    for (let k = 0; k < P; k++) g[k] = gradient[names[k]];
  });

  const loss = handWrittenMlpLoss(spec);
  await step(
    meta(IMPL.fd, `numericalGradient: 2 × ${P} evaluations of the hand-written batch loss`),
    (params, g) => g.set(numericalGradient((q: Float64Array) => loss(q, features, targets), params)),
    1e-5,
  );

  const micro = mlpMicrograd(spec);
  await step(meta(IMPL.micrograd, 'whole-batch graph rebuilt, one backward pass'), (params, g) => micro(params, features, targets, g));

  r.skip(
    meta(IMPL.mathjs),
    `not attempted: one symbolic derivative per parameter (${P}) of the batch loss; mathjs's derivative is already too slow for Rosenbrock at n = 1000`,
  );
}

/**
 * The TensorFlow.js cases of every suite, in a process of their own: loading
 * TensorFlow.js changes V8's garbage collection and slows whatever else runs in
 * the same process. CPU backend (@tensorflow/tfjs, plain JavaScript kernels),
 * float32 as TensorFlow.js computes. Each call builds its input tensors from the
 * same numbers the other implementations get and reads the results back
 * (dataSync), inside tf.tidy.
 *
 * Rows go to results/tfjs-<suite>.json; run.ts merges them into <suite>.json.
 * `tsx bench/tfjs.ts [suite …]` runs the cases of the suites named (default all).
 */
import * as tf from '@tensorflow/tfjs';
import { CASES } from './hand-written.js';
import { agrees, type CaseMeta, IMPL, Recorder } from './harness.js';
import {
  ARRAY_MLPS,
  ARRAY_SIZES,
  CURVE_AT,
  curveCoefficients,
  curveJacobian,
  layerOffsets,
  MATMUL_SIZES,
  matmulBlocked,
  matrices,
  MLPS,
  type MlpSpec,
  mlpProblem,
  point,
  rosenbrockGradient,
  rosenbrockValue,
  SIGMOID_AT,
  sigmoidValue,
  sigmoidValueAndGradient,
  SIZES,
  sumSquaresGradient,
} from './problems.js';

await tf.setBackend('cpu');
await tf.ready();
const float32 = 1e-5;
/** A float32 sum of up to 10⁶ terms (the arrays suite's Rosenbrock value). */
const float32Sum = 1e-3;
const wanted = new Set(process.argv.slice(2));
const run = (suite: string) => wanted.size === 0 || wanted.has(suite);
const implementation = IMPL.tfjs;
/** Σ 100·(x[1:] − x[:-1]²)² + (1 − x[:-1])², with slices (tf.slice takes a start and a size). */
const rosenbrock = (x: tf.Tensor) => {
  const n = x.shape[0];
  const head = x.slice(0, n - 1);
  const tail = x.slice(1, n - 1);
  return tf.sum(tf.add(tf.mul(100, tf.square(tf.sub(tail, tf.square(head)))), tf.square(tf.sub(1, head)))) as tf.Scalar;
};

if (run('sigmoid')) {
  const r = new Recorder('sigmoid', 'tfjs-sigmoid');
  const group = 'sigmoid';
  const at = SIGMOID_AT;
  const g = new Float64Array(3);
  const expected = [sigmoidValueAndGradient(at, g), ...g];
  // the notes' op-by-op graph, as in the other suites
  const f = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.div(1, tf.add(1, tf.exp(tf.neg(tf.add(tf.mul(w, x), b))))) as tf.Scalar;
  const vg = tf.valueAndGrads(f);
  const valueAndGradient = () =>
    tf.tidy(() => {
      const { value, grads } = vg([tf.scalar(at[0]), tf.scalar(at[1]), tf.scalar(at[2])]);
      for (let k = 0; k < 3; k++) g[k] = grads[k].dataSync()[0];
      return value.dataSync()[0];
    });
  let c: string = CASES.sigmoidValueAndGradient;
  console.log(c);
  await r.measure({ group, case: c, implementation, variant: 'tf.valueAndGrads' }, valueAndGradient, {
    check: agrees(() => [valueAndGradient(), ...g], expected, float32),
  });
  c = CASES.sigmoidValue;
  console.log(c);
  const value = () => tf.tidy(() => f(tf.scalar(at[0]), tf.scalar(at[1]), tf.scalar(at[2])).dataSync()[0]);
  await r.measure({ group, case: c, implementation }, value, { check: agrees(() => [value()], [sigmoidValue(at)], float32) });
}

if (run('gradients')) {
  const r = new Recorder('gradients', 'tfjs-gradients');
  const sumSquares = (x: tf.Tensor) => tf.sum(tf.square(x)) as tf.Scalar;
  for (const [group, f, gradient] of [
    ['sum of squares', sumSquares, sumSquaresGradient],
    ['rosenbrock', rosenbrock, rosenbrockGradient],
  ] as const) {
    const grad = tf.grad(f);
    for (const n of SIZES) {
      const x = point(n);
      const x32 = Float32Array.from(x); // TensorFlow.js takes float32 data
      const g = new Float64Array(n);
      const expected = new Float64Array(n);
      gradient(x, expected);
      if (group === 'rosenbrock') {
        const c = CASES.rosenbrockValue(n);
        console.log(c);
        const value = () => tf.tidy(() => f(tf.tensor1d(x32)).dataSync()[0]);
        await r.measure({ group, case: c, n, implementation }, value, { check: agrees(() => [value()], [rosenbrockValue(x)], float32) });
      }
      const c = group === 'rosenbrock' ? CASES.rosenbrockGradient(n) : CASES.sumSquaresGradient(n);
      console.log(c);
      const meta: CaseMeta = { group, case: c, n, implementation, variant: 'reverse: tf.grad, vectorized', series: 'TensorFlow.js, reverse' };
      const run = () => {
        tf.tidy(() => g.set(grad(tf.tensor1d(x32)).dataSync()));
        return g;
      };
      await r.measure(meta, run, { check: agrees(run, expected, float32), exponent: 1 });
    }
  }
  for (const m of SIZES) {
    const cs = curveCoefficients(m);
    const c = tf.keep(tf.tensor1d(Float32Array.from(cs)));
    const expected = new Float64Array(m);
    curveJacobian(CURVE_AT, cs, expected);
    const J = new Float64Array(m);
    // TensorFlow.js has no forward mode; as every yᵢ depends on x alone, one reverse sweep of Σᵢ yᵢ(xᵢ)
    // over x broadcast to m copies gives every dyᵢ/dx
    const grad = tf.grad((xs: tf.Tensor) => tf.sum(tf.mul(tf.sin(tf.mul(c, xs)), xs)) as tf.Scalar);
    const name = CASES.curveJacobian(m);
    console.log(name);
    const run = () => {
      tf.tidy(() => J.set(grad(tf.fill([m], CURVE_AT)).dataSync()));
      return J;
    };
    await r.measure(
      { group: 'curve', case: name, n: m, implementation, variant: 'reverse: tf.grad of Σyᵢ over x broadcast to m copies (one sweep)', series: 'TensorFlow.js, reverse' },
      run,
      { check: agrees(run, expected, float32), exponent: 1 },
    );
  }
}

/** One SGD step of an MLP by optimizer.minimize on tf.variables, checked (the gradient from the starting parameters) against the hand-written one. */
async function mlpStep(r: Recorder, spec: MlpSpec, c: string): Promise<void> {
  const { features, targets, start, expected } = mlpProblem(spec);
  const P = expected.length;
  const offsets = layerOffsets(spec);
  const L = spec.layers.length - 1;
  const nOut = spec.layers[L];
  const X = tf.tensor2d(Float32Array.from(features), [spec.batch, spec.layers[0]]);
  const Y = tf.tensor2d(Float32Array.from(targets), [spec.batch, spec.loss === 'mse' ? 1 : nOut]);
  // our W is out × in, row-major; TensorFlow.js multiplies x·W with W in × out
  const weights: tf.Variable[] = [];
  const biases: tf.Variable[] = [];
  for (let l = 1; l <= L; l++) {
    const [ni, no] = [spec.layers[l - 1], spec.layers[l]];
    const W = tf.tensor2d(Float32Array.from(start.subarray(offsets[l].W, offsets[l].W + ni * no)), [no, ni]);
    weights.push(tf.variable(tf.transpose(W)));
    biases.push(tf.variable(tf.tensor1d(Float32Array.from(start.subarray(offsets[l].b, offsets[l].b + no)))));
  }
  const loss = () => {
    let h: tf.Tensor = X;
    for (let l = 0; l < L; l++) {
      h = tf.add(tf.matMul(h, weights[l]), biases[l]);
      if (l < L - 1) h = tf.tanh(h);
    }
    return (spec.loss === 'mse' ? tf.mean(tf.square(tf.sub(h, Y))) : tf.losses.softmaxCrossEntropy(Y, h)) as tf.Scalar;
  };
  const flatGradient = () => {
    const g = new Float64Array(P);
    tf.tidy(() => {
      const { grads } = tf.variableGrads(loss, [...weights, ...biases]);
      for (let l = 1; l <= L; l++) {
        g.set(tf.transpose(grads[weights[l - 1].name]).dataSync(), offsets[l].W);
        g.set(grads[biases[l - 1].name].dataSync(), offsets[l].b);
      }
    });
    return g;
  };
  const check = agrees(flatGradient, expected, 1e-4);
  const optimizer = tf.train.sgd(spec.learningRate);
  const step = () => tf.tidy(() => optimizer.minimize(loss, true)!.dataSync()[0]);
  await r.measure({ group: spec.name, case: c, implementation, variant: 'optimizer.minimize (SGD), batched matMul' }, step, { check });
}

if (run('mlp')) {
  const r = new Recorder('mlp', 'tfjs-mlp');
  for (const spec of MLPS) {
    const c = CASES.mlpStep(spec);
    console.log(c);
    await mlpStep(r, spec, c);
  }
}

if (run('arrays')) {
  const r = new Recorder('arrays', 'tfjs-arrays');
  const vg = tf.valueAndGrad(rosenbrock);
  for (const n of ARRAY_SIZES) {
    const c = CASES.rosenbrockSlices(n);
    console.log(c);
    const x = point(n);
    const x32 = Float32Array.from(x);
    const expected = new Float64Array(n);
    const value = rosenbrockGradient(x, expected);
    const g = new Float64Array(n);
    const call = () =>
      tf.tidy(() => {
        const { value: v, grad: dx } = vg(tf.tensor1d(x32));
        g.set(dx.dataSync());
        return v.dataSync()[0];
      });
    const check = () => {
      const v = call();
      return agrees(() => [v], [value], float32Sum)() ?? agrees(() => g, expected, float32)();
    };
    await r.measure({ group: 'rosenbrock (slices)', case: c, n, implementation, variant: 'tf.valueAndGrad, vectorized' }, call, { check, exponent: 1 });
  }
  for (const spec of ARRAY_MLPS) {
    const c = CASES.arrayMlpStep(spec);
    console.log(c);
    await mlpStep(r, spec, c);
  }
  for (const n of MATMUL_SIZES) {
    const c = CASES.matmul(n);
    console.log(c);
    const { a, b } = matrices(n);
    const expected = new Float64Array(n * n);
    matmulBlocked(a, b, expected, n, n, n);
    const [a32, b32] = [Float32Array.from(a), Float32Array.from(b)];
    const out = new Float64Array(n * n);
    const call = () => {
      tf.tidy(() => out.set(tf.matMul(tf.tensor2d(a32, [n, n]), tf.tensor2d(b32, [n, n])).dataSync()));
      return out;
    };
    await r.measure({ group: 'matmul', case: c, n, implementation, variant: 'tf.matMul' }, call, { check: agrees(call, expected, float32), exponent: 3 });
  }
}

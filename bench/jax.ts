/**
 * The jax-js (@jax-js/jax) cases of every suite, in a process of their own like
 * TensorFlow.js's: float64 arrays on the wasm device, each function under `jit`
 * (traced and compiled to WebAssembly on its first call, as JAX users write it).
 * Each call builds its input arrays from the same numbers the other
 * implementations get and reads the results back (dataSync).
 *
 * Node 20 needs two things jax-js takes from browsers: `init('wasm')` (a bare
 * `init()` also probes WebGPU through `navigator` and throws), and a
 * `Float16Array` class (jax-js tests `data instanceof Float16Array` on every
 * array it builds from typed data; Node 20 has none, Node 22 does).
 *
 * Precision: float64 storage and arithmetic, but jax-js's exp, log, tanh and sin
 * are float32-quality even in float64 (measured relative errors 2·10⁻⁷ –
 * 3·10⁻⁶), so cases that use them are checked at 1e-5, the others at 1e-12.
 *
 * The arrays suite also runs in float32 (its rows: 'jax-js (float32)').
 *
 * Rows go to results/jax-<suite>.json; run.ts merges them into <suite>.json.
 * `tsx bench/jax.ts [suite …]` runs the cases of the suites named (default all).
 */
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

// before the first array is built from typed data (a class, so `instanceof` is simply false)
const stub = globalThis as { Float16Array?: unknown };
stub.Float16Array ??= class Float16Array {};
const { init, defaultDevice, grad, jit, jvp, nn, numpy: np, tree, valueAndGrad } = await import('@jax-js/jax');
type JaxArray = InstanceType<typeof np.Array>;

await init('wasm');
defaultDevice('wasm');
const F64 = np.float64;
/** Where exp, log, tanh or sin take part (float32-quality in jax-js). */
const transcendental = 1e-5;
/** Polynomial cases: float64 throughout. */
const polynomial = 1e-12;
/** float32 arrays (the arrays suite's second row): single precision, sums of up to 10⁶ terms. */
const single = 1e-4;
/** A float32 sum of up to 10⁶ terms (the Rosenbrock value): measured 1.9·10⁻⁴ at n = 10⁶. */
const singleSum = 1e-3;
const wanted = new Set(process.argv.slice(2));
const run = (suite: string) => wanted.size === 0 || wanted.has(suite);
const implementation = IMPL.jax;
const scalar = (v: number) => np.full([], v, { dtype: F64 });
/** Σ 100·(x[1:] − x[:-1]²)² + (1 − x[:-1])², with slices (each argument used once: jax-js arrays are consumed). */
const rosenbrock = (x: JaxArray) => {
  const n = x.shape[0];
  const head = x.ref.slice([0, n - 1]);
  const tail = x.slice([1, n]);
  return np.square(tail.sub(np.square(head.ref))).mul(100).add(np.square(np.subtract(1, head))).sum();
};
const vector = (x: Float64Array) => np.array(x);

if (run('sigmoid')) {
  const r = new Recorder('sigmoid', 'jax-sigmoid');
  const group = 'sigmoid';
  const at = SIGMOID_AT;
  const g = new Float64Array(3);
  const expected = [sigmoidValueAndGradient(at, g), ...g];
  // the notes' op-by-op graph, as in the other suites (each argument used once: jax-js arrays are consumed)
  const f = (x: JaxArray, w: JaxArray, b: JaxArray) => np.reciprocal(np.exp(w.mul(x).add(b).neg()).add(1));
  const vg = jit(valueAndGrad(f, { argnums: [0, 1, 2] }));
  const valueAndGradient = () => {
    const [value, grads] = vg(scalar(at[0]), scalar(at[1]), scalar(at[2])) as unknown as [JaxArray, JaxArray[]];
    for (let k = 0; k < 3; k++) g[k] = grads[k].dataSync()[0];
    return value.dataSync()[0];
  };
  let c: string = CASES.sigmoidValueAndGradient;
  console.log(c);
  await r.measure({ group, case: c, implementation, variant: 'jit(valueAndGrad), float64 on wasm' }, valueAndGradient, {
    check: agrees(() => [valueAndGradient(), ...g], expected, transcendental),
  });
  c = CASES.sigmoidValue;
  console.log(c);
  const jf = jit(f);
  const value = () => (jf(scalar(at[0]), scalar(at[1]), scalar(at[2])) as JaxArray).dataSync()[0];
  await r.measure({ group, case: c, implementation, variant: 'jit, float64 on wasm' }, value, { check: agrees(() => [value()], [sigmoidValue(at)], transcendental) });
}

if (run('gradients')) {
  const r = new Recorder('gradients', 'jax-gradients');
  const sumSquares = (x: JaxArray) => np.square(x).sum();
  for (const [group, f, gradient] of [
    ['sum of squares', sumSquares, sumSquaresGradient],
    ['rosenbrock', rosenbrock, rosenbrockGradient],
  ] as const) {
    const jitValue = jit(f);
    const jitGrad = jit(grad(f));
    for (const n of SIZES) {
      const x = point(n);
      const g = new Float64Array(n);
      const expected = new Float64Array(n);
      gradient(x, expected);
      if (group === 'rosenbrock') {
        const c = CASES.rosenbrockValue(n);
        console.log(c);
        const value = () => (jitValue(vector(x)) as JaxArray).dataSync()[0];
        await r.measure({ group, case: c, n, implementation, variant: 'jit, float64 on wasm' }, value, { check: agrees(() => [value()], [rosenbrockValue(x)], polynomial) });
      }
      const c = group === 'rosenbrock' ? CASES.rosenbrockGradient(n) : CASES.sumSquaresGradient(n);
      console.log(c);
      const meta: CaseMeta = { group, case: c, n, implementation, variant: 'reverse: jit(grad), vectorized, float64 on wasm', series: 'jax-js, reverse' };
      const call = () => {
        g.set((jitGrad(vector(x)) as JaxArray).dataSync());
        return g;
      };
      await r.measure(meta, call, { check: agrees(call, expected, polynomial), exponent: 1 });
    }
  }
  for (const m of SIZES) {
    const cs = curveCoefficients(m);
    const c = vector(cs);
    const expected = new Float64Array(m);
    curveJacobian(CURVE_AT, cs, expected);
    const J = new Float64Array(m);
    // y = sin(c·x)·x for a scalar x: one forward sweep (jvp with tangent 1) gives every dyᵢ/dx
    const curve = (x: JaxArray) => np.sin(c.ref.mul(x.ref)).mul(x);
    const jacobian = jit((x: JaxArray) => jvp(curve, [x], [scalar(1)])[1] as JaxArray);
    const name = CASES.curveJacobian(m);
    console.log(name);
    const call = () => {
      J.set((jacobian(scalar(CURVE_AT)) as JaxArray).dataSync());
      return J;
    };
    await r.measure(
      { group: 'curve', case: name, n: m, implementation, variant: 'forward: jit(jvp), one sweep, float64 on wasm', series: 'jax-js, forward' },
      call,
      { check: agrees(call, expected, transcendental), exponent: 1 },
    );
  }
}

/**
 * One SGD step of an MLP under jit, in float64 or float32: the parameters as
 * [W₁ᵀ, b₁, W₂ᵀ, b₂, …], the batch as two arrays, the loss as in the other
 * processes; checked (the gradient from the flat starting parameters) against
 * the hand-written one, then timed as a step that replaces the parameters and
 * reads the loss back.
 */
async function mlpStep(r: Recorder, spec: MlpSpec, c: string, dtype: 'float64' | 'float32'): Promise<void> {
  const { features, targets, start, expected } = mlpProblem(spec);
  const P = expected.length;
  const offsets = layerOffsets(spec);
  const L = spec.layers.length - 1;
  const nOut = spec.layers[L];
  const typed = (x: Float64Array) => (dtype === 'float64' ? x : Float32Array.from(x));
  const X = np.array(typed(features)).reshape([spec.batch, spec.layers[0]]);
  const Y = np.array(typed(targets)).reshape([spec.batch, spec.loss === 'mse' ? 1 : nOut]);
  /** [W₁ᵀ, b₁, W₂ᵀ, b₂, …] from the flat layout (our W is out × in, row-major; x·Wᵀ needs in × out). */
  const unflatten = (flat: Float64Array): JaxArray[] => {
    const out: JaxArray[] = [];
    for (let l = 1; l <= L; l++) {
      const [ni, no] = [spec.layers[l - 1], spec.layers[l]];
      out.push(np.array(typed(flat.slice(offsets[l].W, offsets[l].W + ni * no))).reshape([no, ni]).transpose());
      out.push(np.array(typed(flat.slice(offsets[l].b, offsets[l].b + no))));
    }
    return out;
  };
  const loss = (p: JaxArray[], x: JaxArray, y: JaxArray) => {
    let h = x;
    for (let l = 0; l < L; l++) {
      h = np.matmul(h, p[2 * l]).add(p[2 * l + 1]);
      if (l < L - 1) h = np.tanh(h);
    }
    if (spec.loss === 'mse') return np.square(h.sub(y)).mean();
    // softmax cross-entropy against one-hot rows: logsumexp(h) − Σⱼ yⱼhⱼ, averaged over the batch
    return nn.logsumexp(h.ref, -1).sub(h.mul(y).sum(-1)).mean();
  };
  const flatGradient = () => {
    const grads = jit(grad(loss))(unflatten(start), X.ref, Y.ref) as unknown as JaxArray[];
    const g = new Float64Array(P);
    for (let l = 1; l <= L; l++) {
      g.set(grads[2 * l - 2].transpose().dataSync(), offsets[l].W);
      g.set(grads[2 * l - 1].dataSync(), offsets[l].b);
    }
    return g;
  };
  const check = agrees(flatGradient, expected, dtype === 'float64' ? transcendental : single);
  const lr = spec.learningRate;
  const step = jit((p: JaxArray[], x: JaxArray, y: JaxArray) => {
    const [value, g] = valueAndGrad(loss)(tree.ref(p), x, y) as unknown as [JaxArray, JaxArray[]];
    return [p.map((q, i) => q.sub(g[i].mul(lr))), value] as const;
  });
  let params = unflatten(start);
  // as TensorFlow.js's optimizer.minimize: the parameters are updated in place (here, replaced) and the loss read back
  const sgdStep = () => {
    const [next, value] = step(params, X.ref, Y.ref) as unknown as [JaxArray[], JaxArray];
    params = next;
    return value.dataSync()[0];
  };
  const meta = { group: spec.name, case: c, implementation: dtype === 'float64' ? IMPL.jax : IMPL.jax32, variant: `jit(SGD step: valueAndGrad, update), batched matmul, ${dtype} on wasm` };
  await r.measure(meta, sgdStep, { check });
}

if (run('mlp')) {
  const r = new Recorder('mlp', 'jax-mlp');
  for (const spec of MLPS) {
    const c = CASES.mlpStep(spec);
    console.log(c);
    await mlpStep(r, spec, c, 'float64');
  }
}

if (run('arrays')) {
  const r = new Recorder('arrays', 'jax-arrays');
  for (const dtype of ['float64', 'float32'] as const) {
    const implementation = dtype === 'float64' ? IMPL.jax : IMPL.jax32;
    const tolerance = dtype === 'float64' ? polynomial : single;
    const vg = jit(valueAndGrad(rosenbrock));
    for (const n of ARRAY_SIZES) {
      const c = CASES.rosenbrockSlices(n);
      console.log(c, dtype);
      const x = point(n);
      const data = dtype === 'float64' ? x : Float32Array.from(x);
      const expected = new Float64Array(n);
      const value = rosenbrockGradient(x, expected);
      const g = new Float64Array(n);
      const call = () => {
        const [v, dx] = vg(np.array(data)) as unknown as [JaxArray, JaxArray];
        g.set(dx.dataSync());
        return v.dataSync()[0];
      };
      const check = () => {
        const v = call();
        return agrees(() => [v], [value], dtype === 'float64' ? polynomial : singleSum)() ?? agrees(() => g, expected, tolerance)();
      };
      await r.measure({ group: 'rosenbrock (slices)', case: c, n, implementation, variant: `jit(valueAndGrad), ${dtype} on wasm` }, call, { check, exponent: 1 });
    }
    for (const spec of ARRAY_MLPS) {
      const c = CASES.arrayMlpStep(spec);
      console.log(c, dtype);
      await mlpStep(r, spec, c, dtype);
    }
    const product = jit((a: JaxArray, b: JaxArray) => np.matmul(a, b));
    for (const n of MATMUL_SIZES) {
      const c = CASES.matmul(n);
      console.log(c, dtype);
      const { a, b } = matrices(n);
      const expected = new Float64Array(n * n);
      matmulBlocked(a, b, expected, n, n, n);
      const [da, db] = dtype === 'float64' ? [a, b] : [Float32Array.from(a), Float32Array.from(b)];
      const out = new Float64Array(n * n);
      const call = () => {
        out.set((product(np.array(da, { shape: [n, n] }), np.array(db, { shape: [n, n] })) as JaxArray).dataSync());
        return out;
      };
      await r.measure({ group: 'matmul', case: c, n, implementation, variant: `jit(matmul), ${dtype} on wasm` }, call, { check: agrees(call, expected, tolerance), exponent: 3 });
    }
  }
}

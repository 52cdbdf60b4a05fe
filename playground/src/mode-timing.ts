/**
 * Forward against reverse mode on one compiled program, timed in this browser:
 * reverse mode takes one adjoint sweep for all n partials (`program.gradient`),
 * forward mode one tangent per input (`program.jacobian(x, { mode: 'forward' })`).
 * Both on the interpreter backend, as the tour times them, so the two modes run
 * the same kind of code. The timing yields to the page between samples, so the
 * page stays responsive while it runs.
 *
 * This is the one module to switch when the library's own mode comparison
 * (`compareModes`, issue 12) lands: `timeModes` keeps its signature.
 */
import { add, compile, mul, square, sub, sum, variable, type Node } from 'wengert';

export interface ModeTiming {
  /** Milliseconds per gradient, the fastest sample (on a shared machine the least disturbed one). */
  readonly forward: number;
  readonly reverse: number;
  /** max |forward − reverse| over the partials: the two modes must agree. */
  readonly disagreement: number;
}

/** Σᵢ 100·(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², i = 0 … n − 2, as a graph of n variables. */
export function rosenbrock(n: number): { f: Node; xs: Node[] } {
  const xs = Array.from({ length: n }, (_, i) => variable(`x${i}`));
  const terms: Node[] = [];
  for (let i = 0; i + 1 < n; i++) terms.push(add(mul(100, square(sub(xs[i + 1], square(xs[i])))), square(sub(1, xs[i]))));
  return { f: sum(terms), xs };
}

const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Calls between two readings of the clock. */
const GROUP = 16;

/**
 * Milliseconds per call, the fastest of several samples. The browser's clock
 * is coarse (Chromium rounds performance.now() to 0.1 ms here), so each sample
 * runs the call in groups until at least 2 ms have passed, after about 20 ms of
 * warm-up for the JIT; samples for about `budget` ms (3 … 25).
 */
async function timeCalls(fn: () => void, budget: number): Promise<number> {
  const run = (ms: number): number => {
    let calls = 0;
    const t = performance.now();
    let elapsed = 0;
    do {
      for (let k = 0; k < GROUP; k++) fn();
      calls += GROUP;
      elapsed = performance.now() - t;
    } while (elapsed < ms);
    return elapsed / calls;
  };
  run(20);
  await pause();
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < 3 || (samples.length < 25 && performance.now() - start < budget)) {
    samples.push(run(2));
    await pause();
  }
  return Math.min(...samples);
}

/** Times the gradient of `f` with respect to `inputs` at `x` by both modes. */
export async function timeModes(f: Node, inputs: readonly Node[], x: Float64Array, budget = 120): Promise<ModeTiming> {
  const program = compile(f, [...inputs], { backend: 'interpreter' });
  const g = new Float64Array(inputs.length);
  const reverse = await timeCalls(() => program.gradient(x, g), budget);
  const forward = await timeCalls(() => program.jacobian(x, { mode: 'forward' }), budget);
  const J = program.jacobian(x, { mode: 'forward' })[0];
  program.gradient(x, g);
  let disagreement = 0;
  for (let i = 0; i < g.length; i++) disagreement = Math.max(disagreement, Math.abs(J[i] - g[i]));
  return { forward, reverse, disagreement };
}

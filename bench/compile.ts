/**
 * Suite 4: compile time and memory for graphs of 10³ … 10⁶ nodes — a deep chain
 * and a wide random DAG — with the code-generating backend and the interpreter.
 * Reported: seconds per compile, program nodes per second, program.stats.bytes
 * per node (read after the first gradient call, since code may be generated on
 * first use), and the first gradient call itself (deferred code generation and
 * V8's parse happen there). Compiles that may exhaust the run's budget or memory
 * (10⁶ nodes with code generation) run in a child process with a time limit.
 *
 * The compiler is warmed up like every other implementation the benchmarks time:
 * before the first graph of a shape and backend, it compiles a 10⁴-node graph of
 * that shape for {@link WARM_SECONDS} (the child process does the same), so the
 * times are those of V8's optimized compiler, not of its first, interpreted
 * runs. The first compile of the smallest graph, before that warm-up, is kept
 * too (`coldSeconds`): what one compile costs in a fresh process.
 *
 * `tsx bench/compile.ts --one <shape> <nodes> <backend>` measures one compile
 * and prints its result as JSON (what the parent runs in the child).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { add, compile, mul, type Node, sin, sum, tanh, variable } from '../src/index.js';
import { formatSeconds, Recorder, timed } from './harness.js';
import { rng } from './problems.js';

const SIZES = [1e3, 1e4, 1e5, 1e6];
const SHAPES = ['chain', 'random DAG'] as const;
type Shape = (typeof SHAPES)[number];
/** A compile in a child process is stopped after this long. */
const CHILD_SECONDS = 360;
/**
 * Compile + first gradient predicted (∝ nodes^1.2 from the last size) longer than this is not attempted in this
 * process. A compile in a child process is always attempted: its time limit is what stops it, and a failure
 * there (the 10⁶-node chain's first gradient overflows the stack) must show, not be predicted away.
 */
const MAX_PREDICTED = 300;
/** CPU seconds of warm-up compiles (of a 10⁴-node graph of the same shape) before a shape and backend are timed. */
const WARM_SECONDS = 1;
/**
 * Compiles timed per graph: the median is reported. At 10⁶ nodes a compile returns a 24 MB IR, and V8 starts a full
 * collection (0.5–0.7 s of marking the graph) for every 64 MB of typed-array memory: about one compile in three pays
 * one, so three samples, the first of which also grows the compiler's working memory, put a collection at the median
 * in some runs and not in others.
 */
const COUNT: Record<number, number> = { 1e3: 15, 1e4: 9, 1e5: 5, 1e6: 5 };

/**
 * A graph of about `size` nodes. The chain: t ← sin(t)·a + t, three nodes a step,
 * `size`/3 deep. The DAG: 100 variables, then add / mul / sin / tanh of nodes
 * drawn uniformly from all earlier ones, summed over the nodes nothing uses.
 */
function graph(shape: Shape, size: number): { f: Node; inputs: Node[]; graphNodes: number } {
  if (shape === 'chain') {
    const x = variable('x');
    const a = variable('a');
    let t = x;
    const steps = Math.round((size - 2) / 3);
    for (let k = 0; k < steps; k++) t = add(mul(sin(t), a), t);
    return { f: t, inputs: [x, a], graphNodes: 2 + 3 * steps };
  }
  const r = rng(size);
  const inputs = Array.from({ length: 100 }, (_, i) => variable(`x${i}`));
  const nodes: Node[] = [...inputs];
  const used = new Uint8Array(size);
  const pick = () => {
    const k = Math.floor(r() * nodes.length);
    used[k] = 1;
    return nodes[k];
  };
  while (nodes.length < size - 1) {
    const op = r();
    nodes.push(op < 0.35 ? add(pick(), pick()) : op < 0.7 ? mul(pick(), pick()) : op < 0.85 ? sin(pick()) : tanh(pick()));
  }
  const sinks = nodes.filter((_, k) => !used[k]);
  return { f: sum(sinks), inputs, graphNodes: nodes.length + 1 };
}

interface Measurement {
  seconds: number[];
  firstGradient: number[];
  nodes: number;
  /** program.stats.bytes after the first gradient call, and right after compile. */
  bytes: number;
  bytesAtCompile: number;
  graphNodes: number;
  /** The first gradient call threw (the compile itself succeeded). */
  gradientError?: string;
  /** The first compile of this graph in the process, before the warm-up (when asked for). */
  coldSeconds?: number;
}

/** Compiles 10⁴-node graphs of `shape` for WARM_SECONDS of CPU time, so that V8 has optimized the compiler. */
function warmUp(shape: Shape, backend: 'js' | 'interpreter'): void {
  const { f, inputs } = graph(shape, 1e4);
  let spent = 0;
  for (let k = 0; k < 200 && spent < WARM_SECONDS; k++) spent += timed(() => compile(f, inputs, { backend })).seconds;
}

/**
 * Times `count` compiles back to back, then the first gradient call of fresh
 * compiles (up to `firstCount`). No collection is forced between timed
 * compiles: it would add the CPU time of V8's background sweeping to the next
 * sample, and code V8 optimized for classes with no instance left alive is
 * discarded at a full collection ("weak objects" in its trace; before the
 * compiler kept one list and one table alive, a `gc()` before each compile
 * measured it 10× slower at 10⁴ nodes). The first gradient calls come
 * last, so that the background compilation of their generated code (CPU time
 * of other threads) falls in no compile's sample.
 */
function measure(shape: Shape, size: number, backend: 'js' | 'interpreter', count: number, firstCount: number, cold: boolean): Measurement {
  const { f, inputs, graphNodes } = graph(shape, size);
  const gc = (globalThis as { gc?: () => void }).gc;
  const x = Float64Array.from(inputs, (_, i) => 0.5 + 0.001 * i);
  const g = new Float64Array(inputs.length);
  const m: Measurement = { seconds: [], firstGradient: [], nodes: 0, bytes: 0, bytesAtCompile: 0, graphNodes };
  gc?.();
  if (cold) m.coldSeconds = timed(() => compile(f, inputs, { backend })).seconds;
  warmUp(shape, backend);
  for (let k = 0; k < count; k++) {
    const made = timed(() => compile(f, inputs, { backend }));
    m.seconds.push(made.seconds);
    m.nodes = made.value.stats.nodes;
    m.bytesAtCompile = made.value.stats.bytes;
  }
  for (let k = 0; k < firstCount; k++) {
    const p = compile(f, inputs, { backend });
    try {
      m.firstGradient.push(timed(() => p.gradient(x, g)).seconds);
    } catch (e) {
      m.gradientError = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      break;
    }
    // bytes held once the gradient's code exists (generation may wait for the first call)
    m.bytes = p.stats.bytes;
  }
  if (m.firstGradient.length === 0) m.bytes = m.bytesAtCompile;
  return m;
}

/** First gradient calls timed per graph (the js backend generates the gradient's code there: 1–2 s at 10⁶ nodes). */
const FIRST_COUNT: Record<number, number> = { 1e3: 5, 1e4: 5, 1e5: 3, 1e6: 1 };

if (process.argv[2] === '--one') {
  const [shape, size, backend] = [process.argv[3] as Shape, Number(process.argv[4]), process.argv[5] as 'js' | 'interpreter'];
  process.stdout.write(`RESULT ${JSON.stringify(measure(shape, size, backend, COUNT[size] ?? 3, FIRST_COUNT[size] ?? 1, false))}\n`);
  process.exit(0);
}

const r = new Recorder('compile');
const last = new Map<string, { size: number; seconds: number }>();

for (const shape of SHAPES) {
  for (const size of SIZES) {
    const c = `compile a ${shape} of 10${'⁰¹²³⁴⁵⁶'[Math.log10(size)]} nodes`;
    console.log(c);
    const seconds: Record<string, number> = {};
    for (const backend of ['interpreter', 'js'] as const) {
      const implementation = backend === 'js' ? 'wengert compile (js, the default)' : 'wengert compile (interpreter)';
      const meta = { group: shape, case: c, n: size, implementation, variant: 'compile' };
      const firstMeta = { ...meta, variant: 'first gradient call after compile' };
      const key = `${shape}|${backend}`;
      const prev = last.get(key);
      const predicted = prev === undefined ? 0 : prev.seconds * (size / prev.size) ** 1.2;
      const inChild = size >= 1e6 && backend === 'js';
      if (!inChild && predicted > MAX_PREDICTED) {
        r.skip(meta, `too slow: predicted ${formatSeconds(predicted)} a compile from 10${'⁰¹²³⁴⁵⁶'[Math.log10(prev!.size)]} nodes (∝ nodes^1.2)`);
        continue;
      }
      let m: Measurement;
      if (inChild) {
        const child = spawnSync(
          process.execPath,
          ['--expose-gc', '--max-old-space-size=12000', '--import', 'tsx', fileURLToPath(import.meta.url), '--one', shape, String(size), backend],
          { encoding: 'utf8', timeout: CHILD_SECONDS * 1000, maxBuffer: 1 << 24 },
        );
        const line = child.stdout?.split('\n').find((l) => l.startsWith('RESULT '));
        if (line === undefined) {
          const timedOut = child.error?.message.includes('ETIMEDOUT') || child.signal === 'SIGTERM';
          if (timedOut) r.timeout(meta, `the child process did not finish within ${CHILD_SECONDS} s${predicted ? ` (predicted ${formatSeconds(predicted)})` : ''}`);
          else r.error(meta, `the child process failed (${child.signal ?? `exit ${child.status}`}): ${(child.stderr ?? '').trim().split('\n').slice(-1)[0]}`);
          continue;
        }
        m = JSON.parse(line.slice('RESULT '.length)) as Measurement;
      } else {
        m = measure(shape, size, backend, COUNT[size] ?? 3, FIRST_COUNT[size] ?? 1, size === SIZES[0]);
      }
      const med = [...m.seconds].sort((a, b) => a - b)[m.seconds.length >> 1];
      // code generation may be deferred to the first call: compile + first gradient is the time to a first result
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
      const total = m.firstGradient.length > 0 && m.gradientError === undefined ? med + median(m.firstGradient) : NaN;
      const extra = {
        graphNodes: m.graphNodes,
        nodes: m.nodes,
        bytes: m.bytes,
        bytesPerNode: m.bytes / m.nodes,
        bytesPerNodeAtCompile: m.bytesAtCompile / m.nodes,
        nodesPerSecond: m.nodes / med,
        compileAndFirstGradientSeconds: total,
        nodesPerSecondToFirstGradient: m.nodes / total,
        ...(m.coldSeconds !== undefined ? { coldSeconds: m.coldSeconds, coldNodesPerSecond: m.nodes / m.coldSeconds } : {}),
      };
      const toFirstResult = Number.isFinite(total) ? total : med;
      last.set(key, { size, seconds: toFirstResult });
      seconds[backend] = toFirstResult;
      r.record(meta, m.seconds, extra);
      if (m.gradientError !== undefined) r.error(firstMeta, `the gradient call threw ${m.gradientError}`);
      else r.record(firstMeta, m.firstGradient);
      const cold = m.coldSeconds !== undefined ? `; first compile in the process, before the warm-up: ${(m.nodes / m.coldSeconds).toExponential(2)} nodes/s` : '';
      console.log(`    ${m.nodes} program nodes, ${(m.bytes / m.nodes).toFixed(1)} bytes/node, ${(m.nodes / med).toExponential(2)} nodes/s (${(m.nodes / total).toExponential(2)} to the first gradient)${cold}`);
    }
    if (seconds.js !== undefined && seconds.interpreter !== undefined) {
      console.log(`    code generation: ${(100 * (1 - seconds.interpreter / seconds.js)).toFixed(0)}% of the js backend's compile + first gradient`);
    }
  }
}

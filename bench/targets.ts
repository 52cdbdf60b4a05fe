/**
 * The performance targets (issue 3) as data: what each needs measured (rows of
 * which suites, which hand-written baselines in fresh processes, which peer
 * rows) and how one run's rows decide it. `npm run bench -- check` measures
 * just these, three times in fresh processes; a target is met only if it holds
 * in every run. Within a run, every implementation gets the same two chances:
 * each suite runs in two processes (the compile suite in one), and each time is
 * the faster process's; a hand-written baseline is also timed alone in a fresh
 * process. A process can be slow as a whole (every row in it, hand-written
 * included, 1.5–2× its usual time), and one such process must not decide a run.
 */
import { CASES } from './hand-written.js';
import { formatSeconds, IMPL, type machine, type Row, type Selector } from './harness.js';
import { ARRAY_MLPS, ARRAY_SIZES, MATMUL_SIZES, MLPS } from './problems.js';
import type { Provenance } from './provenance.js';

export type Suite = 'sigmoid' | 'gradients' | 'mlp' | 'compile' | 'arrays';

/** One check run: every row the checked targets need, measured in fresh processes. */
export interface CheckRun {
  run: number;
  date: string;
  provenance: Provenance;
  machine: ReturnType<typeof machine>;
  rows: Row[];
}

/** results/check.json: the runs of the latest check of each target group. */
export interface CheckFile {
  checks: { groups: string[]; date: string; runs: CheckRun[] }[];
}

/** The direct reverse sweep of each suite that the micrograd-style baseline is compared with. */
export const DIRECT_REVERSE: readonly string[] = [
  'reverseMode (one sweep)',
  'reverse: reverseMode (one sweep)',
  'reverse: reverseMode per output (each over its own subgraph)',
  'reverseMode on the whole-batch graph',
];

/** The compile suite's two backends. */
export const COMPILE_BACKENDS = ['wengert compile (interpreter)', 'wengert compile (js, the default)'] as const;

/** One run's outcome for one target. */
export interface Outcome {
  /** The number the target bounds (a ratio, nodes/s, bytes/node), if it could be measured. */
  value?: number;
  /** The value with what it came from, e.g. '1.53× (34.1 ns vs 22.3 ns)'. */
  text: string;
  met?: boolean;
  /** Rows the target needed that did not measure (status and reason). */
  failures: string[];
}

export interface Target {
  /** For `npm run bench -- check <group>`. */
  group: 'sigmoid' | 'rosenbrock' | 'micrograd' | 'mlp' | 'compile' | 'arrays';
  text: string;
  /** Rows each suite must measure (an empty selector: the whole suite). */
  suites: Partial<Record<Suite, Selector[]>>;
  /** Cases whose hand-written baseline is also timed in a fresh process. */
  fresh: string[];
  /** TensorFlow.js rows, by suite. */
  tfjs?: Partial<Record<Suite, Selector[]>>;
  /** jax-js rows, by suite. */
  jax?: Partial<Record<Suite, Selector[]>>;
  /** How the value reads (ratio, nodes/s …). */
  format: (value: number) => string;
  evaluate: (rows: readonly Row[]) => Outcome;
}

export const ratio = (x: number): string =>
  !Number.isFinite(x) ? '—' : x >= 100 ? `${x.toFixed(0)}×` : x >= 10 ? `${x.toFixed(1)}×` : x >= 0.1 ? `${x.toFixed(2)}×` : `${x.toPrecision(2)}×`;

const rowName = (r: Row) => `${r.case} | ${r.implementation}${r.variant ? ` — ${r.variant}` : ''}`;
const failed = (r: Row) => `${rowName(r)}: ${r.status}: ${r.reason ?? ''}`;

/** The faster of the two hand-written measurements of a case (same process, fresh process). */
export function bestHandWritten(rows: readonly Row[], caseName: string): { row: Row; fresh: boolean } | undefined {
  const candidates = rows.filter((r) => r.case === caseName && (r.implementation === IMPL.hand || r.implementation === IMPL.handFresh) && r.status === 'ok');
  candidates.sort((a, b) => a.median! - b.median!);
  return candidates[0] && { row: candidates[0], fresh: candidates[0].implementation === IMPL.handFresh };
}

/**
 * The row of (case, implementation[, variant]): a check run times each suite in
 * two processes, so the faster measured one; else the first, whatever its status.
 */
function pick(rows: readonly Row[], caseName: string, implementation: string, variant?: string): Row | undefined {
  return fastest(rows.filter((r) => r.case === caseName && r.implementation === implementation && (variant === undefined || r.variant === variant)));
}

/** Which of a check run's suite processes a row comes from, as text. */
const from = (r: Row) => (r.process === undefined ? '' : ` [process ${r.process}]`);

/** The measured row with the least median, else the first row. */
function fastest(rows: readonly Row[]): Row | undefined {
  let best: Row | undefined;
  for (const r of rows) if (r.status === 'ok' && (best === undefined || r.median! < best.median!)) best = r;
  return best ?? rows[0];
}

/** An outcome that could not be measured, naming what is missing. */
function notMeasured(what: (Row | string | undefined)[]): Outcome {
  const failures = what.map((w) => (w === undefined ? 'a row was not measured (not in the results)' : typeof w === 'string' ? w : failed(w)));
  return { text: 'not measured', failures };
}

/** value = numerator ÷ the best hand-written time of the case; met when value ≤ bound. */
function versusHandWritten(caseName: string, implementation: string, variant: string, bound: number) {
  return (rows: readonly Row[]): Outcome => {
    const ours = pick(rows, caseName, implementation, variant);
    const hand = bestHandWritten(rows, caseName);
    if (ours?.status !== 'ok' || hand === undefined) {
      return notMeasured([ours?.status === 'ok' ? undefined : ours, hand ? undefined : (pick(rows, caseName, IMPL.hand) ?? 'hand-written: not measured')].filter((x) => x !== undefined));
    }
    const value = ours.median! / hand.row.median!;
    return {
      value,
      text: `${ratio(value)} (${formatSeconds(ours.median!)}${from(ours)} vs ${formatSeconds(hand.row.median!)}${hand.fresh ? ', fresh process' : `, same process${from(hand.row)}`})`,
      met: value <= bound,
      failures: [],
    };
  };
}

function targets(): Target[] {
  const out: Target[] = [];
  const sig = CASES.sigmoidValueAndGradient;
  for (const variant of ['valueAndGradient', 'gradient']) {
    out.push({
      group: 'sigmoid',
      text: `sigmoid ${variant}, compiled (js) ≤ 1.5× hand-written`,
      suites: { sigmoid: [{ case: sig, implementation: IMPL.hand }, { case: sig, implementation: IMPL.js, variant }] },
      fresh: [sig],
      format: ratio,
      evaluate: versusHandWritten(sig, IMPL.js, variant, 1.5),
    });
  }
  const rg = CASES.rosenbrockGradient(1000);
  const rv = CASES.rosenbrockValue(1000);
  const reverse = 'reverse: gradient (one sweep)';
  out.push({
    group: 'rosenbrock',
    text: 'Rosenbrock n = 1000 gradient, compiled (js) reverse ≤ 4× hand-written (goal 2×)',
    suites: { gradients: [{ case: rg, implementation: IMPL.hand }, { case: rg, implementation: IMPL.js, variant: reverse }] },
    fresh: [rg],
    format: ratio,
    evaluate: versusHandWritten(rg, IMPL.js, reverse, 4),
  });
  out.push({
    group: 'rosenbrock',
    text: 'Rosenbrock n = 1000, compiled (js): gradient ≤ 4× evaluation',
    suites: { gradients: [{ case: rg, implementation: IMPL.js, variant: reverse }, { case: rv, implementation: IMPL.js, variant: 'evaluate' }] },
    fresh: [],
    format: ratio,
    evaluate: (rows) => {
      const gradient = pick(rows, rg, IMPL.js, reverse);
      const value = pick(rows, rv, IMPL.js, 'evaluate');
      if (gradient?.status !== 'ok' || value?.status !== 'ok') return notMeasured([gradient, value].filter((r) => r?.status !== 'ok'));
      const q = gradient.median! / value.median!;
      return { value: q, text: `${ratio(q)} (${formatSeconds(gradient.median!)} vs ${formatSeconds(value.median!)})`, met: q <= 4, failures: [] };
    },
  });
  const direct = DIRECT_REVERSE.map((variant) => ({ implementation: IMPL.direct, variant }));
  const micro = { implementation: IMPL.micrograd };
  out.push({
    group: 'micrograd',
    text: 'direct reverseMode faster than the micrograd-style baseline on every case',
    suites: { sigmoid: [...direct, micro], gradients: [...direct, micro], mlp: [...direct, micro] },
    fresh: [],
    format: ratio,
    evaluate: (rows) => {
      const pairs = directAgainstMicrograd(rows);
      const failures = pairs.filter((p) => p.quotient === undefined).flatMap((p) => [p.direct, p.micrograd].filter((r) => r?.status !== 'ok').map((r) => (r ? failed(r) : `${p.case}: a row was not measured`)));
      const measured = pairs.filter((p) => p.quotient !== undefined);
      if (measured.length === 0) return notMeasured(failures.length ? failures : ['no case measured']);
      const worst = measured.reduce((a, b) => (b.quotient! < a.quotient! ? b : a));
      return {
        value: worst.quotient,
        text: `slowest case: micrograd ÷ direct = ${ratio(worst.quotient!)} (${worst.case}); ${measured.filter((p) => p.quotient! <= 1).length} of ${measured.length} cases ≤ 1×`,
        met: failures.length > 0 ? undefined : worst.quotient! > 1,
        failures,
      };
    },
  });
  for (const spec of MLPS) {
    const c = CASES.mlpStep(spec);
    const name = spec.name;
    const bestOurs = (rows: readonly Row[]) => rows.filter((r) => r.case === c && r.implementation === IMPL.js && r.status === 'ok').sort((a, b) => a.median! - b.median!)[0];
    out.push({
      group: 'mlp',
      text: `MLP ${name}: step, compiled (js) ≤ 2× hand-written`,
      suites: { mlp: [{ case: c, implementation: IMPL.hand }, { case: c, implementation: IMPL.js }] },
      fresh: [c],
      format: ratio,
      evaluate: (rows) => {
        const best = bestOurs(rows);
        const hand = bestHandWritten(rows, c);
        if (best === undefined || hand === undefined) return notMeasured(rows.filter((r) => r.case === c && r.status !== 'ok' && (r.implementation === IMPL.js || r.implementation === IMPL.hand)));
        const q = best.median! / hand.row.median!;
        return {
          value: q,
          text: `${ratio(q)} (${formatSeconds(best.median!)} vs ${formatSeconds(hand.row.median!)}${hand.fresh ? ', fresh process' : ', same process'}; best variant: ${best.variant})`,
          met: q <= 2,
          failures: [],
        };
      },
    });
    out.push({
      group: 'mlp',
      text: `MLP ${name}: step, compiled (js) ≥ 2.5× faster than TensorFlow.js`,
      suites: { mlp: [{ case: c, implementation: IMPL.js }] },
      fresh: [],
      tfjs: { mlp: [{ case: c }] },
      format: ratio,
      evaluate: (rows) => {
        const best = bestOurs(rows);
        const tf = pick(rows, c, IMPL.tfjs);
        if (best === undefined || tf?.status !== 'ok') return notMeasured([tf?.status === 'ok' ? 'compiled (js): not measured' : (tf ?? 'TensorFlow.js: not measured')]);
        const q = tf.median! / best.median!;
        return { value: q, text: `${ratio(q)} faster (${formatSeconds(best.median!)} vs ${formatSeconds(tf.median!)})`, met: q >= 2.5, failures: [] };
      },
    });
  }
  out.push(...arrayTargets());
  for (const backend of COMPILE_BACKENDS) {
    for (const [shape, bound, text] of COMPILE_SPEEDS) {
      out.push({
        group: 'compile',
        text: `${backend}: compile ≥ ${text} nodes/s on ${shape === 'chain' ? 'chains' : 'random DAGs'}`,
        suites: { compile: [{}] },
        fresh: [],
        format: (v) => v.toExponential(2),
        evaluate: (rows) => compileSpeed(rows, backend, shape, bound),
      });
    }
    out.push({
      group: 'compile',
      text: `${backend}: ≤ 100 bytes/node`,
      suites: { compile: [{}] },
      fresh: [],
      format: (v) => v.toFixed(1),
      evaluate: (rows) => {
        const compiled = rows.filter((r) => r.suite === 'compile' && r.implementation === backend && r.variant === 'compile');
        const ok = compiled.filter((r) => r.status === 'ok');
        if (ok.length === 0) return notMeasured(compiled.length ? compiled : ['no graph compiled']);
        const bytes = ok.map((r) => (r.extra as Record<string, number>).bytesPerNode);
        const worst = Math.max(...bytes);
        const failures = compiled.filter((r) => r.status !== 'ok').map(failed);
        return {
          value: worst,
          text: `${Math.min(...bytes).toFixed(1)} – ${worst.toFixed(1)} bytes/node over ${ok.length} graphs${failures.length ? `; not measured: ${failures.length}` : ''}`,
          met: worst > 100 ? false : failures.length > 0 ? undefined : true,
          failures,
        };
      },
    });
  }
  return out;
}

/** value = the peer's time ÷ ours (how many times faster we are); met when value ≥ bound. */
function versusPeer(caseName: string, peer: string, implementation: string, variant: string, bound: number) {
  return (rows: readonly Row[]): Outcome => {
    const ours = pick(rows, caseName, implementation, variant);
    const theirs = pick(rows, caseName, peer);
    if (ours?.status !== 'ok' || theirs?.status !== 'ok') return notMeasured([ours?.status === 'ok' ? undefined : (ours ?? `${implementation}: not measured`), theirs?.status === 'ok' ? undefined : (theirs ?? `${peer}: not measured`)].filter((x) => x !== undefined));
    const q = theirs.median! / ours.median!;
    return { value: q, text: `${ratio(q)} faster (${formatSeconds(ours.median!)} vs ${formatSeconds(theirs.median!)})`, met: q >= bound, failures: [] };
  };
}

/** The variant of wengert's compiled rows in the arrays suite, by case. */
export const ARRAY_VARIANTS = {
  rosenbrock: 'valueAndGradient',
  mlp: 'whole batch as one array program: valueAndGradient, then the SGD update',
  matmul: 'evaluate',
} as const;

/** Issue 13's benchmark targets: every case of the arrays suite against hand-written loops, and against TensorFlow.js and jax-js (float64). */
function arrayTargets(): Target[] {
  const out: Target[] = [];
  const cases: { name: string; variant: string }[] = [];
  const ours = (name: string, variant: string): Selector => ({ case: name, implementation: IMPL.js, variant });
  const hand = (name: string): Selector => ({ case: name, implementation: IMPL.hand });
  for (const n of ARRAY_SIZES) {
    const c = CASES.rosenbrockSlices(n);
    cases.push({ name: c, variant: ARRAY_VARIANTS.rosenbrock });
    out.push({
      group: 'arrays',
      text: `Rosenbrock with slices, n = ${n}: value and gradient, compiled (js) ≤ 1.5× hand-written`,
      suites: { arrays: [hand(c), ours(c, ARRAY_VARIANTS.rosenbrock)] },
      fresh: [c],
      format: ratio,
      evaluate: versusHandWritten(c, IMPL.js, ARRAY_VARIANTS.rosenbrock, 1.5),
    });
  }
  for (const spec of ARRAY_MLPS) {
    const c = CASES.arrayMlpStep(spec);
    const v = ARRAY_VARIANTS.mlp;
    cases.push({ name: c, variant: v });
    out.push({
      group: 'arrays',
      text: `MLP ${spec.name} on arrays: step, compiled (js) ≤ 1.2× hand-written`,
      suites: { arrays: [hand(c), ours(c, v)] },
      fresh: [c],
      format: ratio,
      evaluate: versusHandWritten(c, IMPL.js, v, 1.2),
    });
    out.push({
      group: 'arrays',
      text: `MLP ${spec.name} on arrays: step, compiled (js) ≥ 5× faster than TensorFlow.js`,
      suites: { arrays: [ours(c, v)] },
      fresh: [],
      tfjs: { arrays: [{ case: c }] },
      format: ratio,
      evaluate: versusPeer(c, IMPL.tfjs, IMPL.js, v, 5),
    });
    out.push({
      group: 'arrays',
      text: `MLP ${spec.name} on arrays: step, compiled (js) faster than jax-js (float64)`,
      suites: { arrays: [ours(c, v)] },
      fresh: [],
      jax: { arrays: [{ case: c, implementation: IMPL.jax }] },
      format: ratio,
      evaluate: (rows) => {
        const o = versusPeer(c, IMPL.jax, IMPL.js, v, 1)(rows);
        return o.value === undefined ? o : { ...o, met: o.value > 1 };
      },
    });
  }
  for (const n of MATMUL_SIZES) {
    const c = CASES.matmul(n);
    cases.push({ name: c, variant: ARRAY_VARIANTS.matmul });
    out.push({
      group: 'arrays',
      text: `matmul ${n} × ${n}, compiled (js) ≤ 1.2× the hand-written blocked matmul`,
      suites: { arrays: [hand(c), ours(c, ARRAY_VARIANTS.matmul)] },
      fresh: [c],
      format: ratio,
      evaluate: versusHandWritten(c, IMPL.js, ARRAY_VARIANTS.matmul, 1.2),
    });
  }
  out.push({
    group: 'arrays',
    text: 'every array case: compiled (js) faster than jax-js (float64)',
    suites: { arrays: cases.map((x) => ours(x.name, x.variant)) },
    fresh: [],
    jax: { arrays: cases.map((x) => ({ case: x.name, implementation: IMPL.jax })) },
    format: ratio,
    evaluate: (rows) => {
      const outcomes = cases.map((x) => ({ name: x.name, o: versusPeer(x.name, IMPL.jax, IMPL.js, x.variant, 1)(rows) }));
      const failures = outcomes.flatMap((x) => x.o.failures);
      const measured = outcomes.filter((x) => x.o.value !== undefined);
      if (measured.length === 0) return notMeasured(failures.length ? failures : ['no case measured']);
      const worst = measured.reduce((a, b) => (b.o.value! < a.o.value! ? b : a));
      return {
        value: worst.o.value,
        text: `slowest case: jax-js ÷ ours = ${ratio(worst.o.value!)} (${worst.name}); ${measured.filter((x) => x.o.value! > 1).length} of ${measured.length} cases ahead`,
        met: worst.o.value! <= 1 ? false : failures.length > 0 ? undefined : true,
        failures,
      };
    },
  });
  return out;
}

/** For every case with both rows: the direct reverse sweep, the micrograd-style baseline, and micrograd ÷ direct. */
export function directAgainstMicrograd(rows: readonly Row[]): { case: string; direct?: Row; micrograd?: Row; quotient?: number }[] {
  // the cases that have a direct reverse sweep (the sigmoid's value case has a micrograd row, and nothing to compare it with)
  const cases = [...new Set(rows.filter((r) => r.implementation === IMPL.direct && DIRECT_REVERSE.includes(r.variant ?? '')).map((r) => r.case))];
  return cases.map((c) => {
    const direct = fastest(rows.filter((r) => r.case === c && r.implementation === IMPL.direct && DIRECT_REVERSE.includes(r.variant ?? '')));
    const micrograd = fastest(rows.filter((r) => r.case === c && r.implementation === IMPL.micrograd));
    const quotient = direct?.status === 'ok' && micrograd?.status === 'ok' ? micrograd.median! / direct.median! : undefined;
    return { case: c, direct, micrograd, quotient };
  });
}

/**
 * Issue 12's compile speeds, by graph shape (the `group` of bench/compile.ts's rows): compile alone, the
 * graph already built by the user; the first gradient call (where the js backend generates its code) is reported beside it.
 */
const COMPILE_SPEEDS: readonly (readonly ['chain' | 'random DAG', number, string])[] = [
  ['chain', 1e6, '10⁶'],
  ['random DAG', 5e5, '5·10⁵'],
];

/** The slowest compile, in program nodes/s, over the graphs of one shape of the compile suite; compile + first gradient for information. */
function compileSpeed(rows: readonly Row[], backend: string, shape: string, bound: number): Outcome {
  const mine = rows.filter((r) => r.suite === 'compile' && r.implementation === backend && r.group === shape);
  const compiled = mine.filter((r) => r.variant === 'compile');
  const firsts = mine.filter((r) => r.variant !== 'compile');
  const ok = compiled.filter((r) => r.status === 'ok');
  const failures = compiled.filter((r) => r.status !== 'ok').map((r) => `${r.group} ${r.n!.toExponential(0).replace('e+', 'e')} (${r.variant}): ${r.status}: ${r.reason ?? ''}`);
  const firstFailures = firsts.filter((r) => r.status !== 'ok').length;
  if (ok.length === 0) return notMeasured(failures.length ? failures : ['no graph compiled']);
  const extra = (r: Row) => r.extra as Record<string, number>;
  const speeds = ok.map((r) => extra(r).nodesPerSecond);
  const toFirst = ok.map((r) => extra(r).nodesPerSecondToFirstGradient).filter((v) => v !== null && Number.isFinite(v));
  const slowest = Math.min(...speeds);
  const range = (xs: number[]) => `${Math.min(...xs).toExponential(2)} – ${Math.max(...xs).toExponential(2)}`;
  return {
    value: slowest,
    text:
      `compile: ${range(speeds)} nodes/s over ${ok.length} graphs` +
      (toFirst.length ? `; compile + first gradient (not bounded): ${range(toFirst)} over ${toFirst.length}` : '') +
      (firstFailures ? `; first gradient failed on ${firstFailures}` : '') +
      (failures.length ? `; not measured: ${failures.length}` : ''),
    met: slowest < bound ? false : failures.length > 0 ? undefined : true,
    failures,
  };
}

export const TARGETS: readonly Target[] = targets();

/** Verdict over runs: met in every run, missed in every run, unstable in between, or not measured. */
export function verdict(outcomes: readonly Outcome[]): 'met' | 'missed' | 'unstable' | 'not measured' {
  if (outcomes.length === 0 || outcomes.some((o) => o.met === undefined)) return 'not measured';
  if (outcomes.every((o) => o.met)) return 'met';
  if (outcomes.every((o) => !o.met)) return 'missed';
  return 'unstable';
}

/**
 * Suite 2: forward against reverse mode. Gradients of f: ℝⁿ → ℝ (sum of squares,
 * Rosenbrock) for n = 10 … 10⁴ by reverse mode (one sweep) and forward mode (n
 * directions: the compiled Jacobian carries 32 a sweep, or n jvp calls), and the
 * Jacobian of the curve ℝ → ℝᵐ, yᵢ = sin(cᵢ·x)·x, where forward mode needs one
 * sweep and reverse mode m.
 */
import { derivative, parse, type EvalFunction } from 'mathjs';
import { compile, evaluate, forwardMode, jvp, numericalGradient, type Program, reverseMode, variable, vjp, type Node } from '../src/index.js';
import { curveExpressions, curveGraph, curveMicrograd, inputs, rosenbrockTerms, rosenbrockGraph, rosenbrockMicrograd, sumSquaresTerms, sumSquaresGraph, sumSquaresMicrograd } from './graphs.js';
import { CASES, handWritten } from './hand-written.js';
import { agrees, type CaseMeta, formatSeconds, IMPL, Recorder, timed, wanted } from './harness.js';
import {
  CURVE_AT,
  curveCoefficients,
  curveJacobian,
  curveValue,
  point,
  rosenbrockGradient,
  rosenbrockValue,
  SIZES,
  sumSquaresGradient,
  sumSquaresValue,
} from './problems.js';

const r = new Recorder('gradients');
const exact = 1e-12;
/** Setup (compiling, symbolic differentiation) predicted longer than this is skipped. */
const MAX_SETUP_SECONDS = 20;
const setupTimes = new Map<string, { n: number; seconds: number }>();

/** Runs a setup step unless its time, predicted from the last size as ∝ n^exponent, exceeds the limit. */
function setup<T>(key: string, n: number, exponent: number, make: () => T): { value: T; seconds: number } | { skipped: string } {
  const last = setupTimes.get(key);
  if (last !== undefined) {
    const predicted = last.seconds * (n / last.n) ** exponent;
    if (predicted > MAX_SETUP_SECONDS) return { skipped: `too slow: setup (${key}) predicted ${formatSeconds(predicted)} from n = ${last.n}` };
  }
  const t = timed(make);
  setupTimes.set(key, { n, seconds: t.seconds });
  return t;
}

/** Balanced sum, so that mathjs's recursive derivative does not overflow the stack on 10³ terms. */
function balanced(terms: string[]): string {
  if (terms.length === 1) return terms[0];
  const h = terms.length >> 1;
  return `(${balanced(terms.slice(0, h))} + ${balanced(terms.slice(h))})`;
}

interface ScalarProblem {
  group: string;
  graph: (xs: readonly Node[]) => Node;
  value: (x: ArrayLike<number>) => number;
  gradient: (x: ArrayLike<number>, g: Float64Array) => number;
  micrograd: (x: ArrayLike<number>, g: Float64Array) => number;
  terms: (n: number) => string[];
  /** Also time the value alone (for the cost of a gradient relative to an evaluation). */
  valueCase: boolean;
}

const scalarProblems: ScalarProblem[] = [
  {
    group: 'sum of squares',
    graph: sumSquaresGraph,
    value: sumSquaresValue,
    gradient: sumSquaresGradient,
    micrograd: sumSquaresMicrograd,
    terms: sumSquaresTerms,
    valueCase: false,
  },
  {
    group: 'rosenbrock',
    graph: rosenbrockGraph,
    value: rosenbrockValue,
    gradient: rosenbrockGradient,
    micrograd: rosenbrockMicrograd,
    terms: rosenbrockTerms,
    valueCase: true,
  },
];

for (const problem of scalarProblems) {
  const { group } = problem;
  for (const n of SIZES) {
    const x = point(n);
    const g = new Float64Array(n);
    const expected = new Float64Array(n);
    problem.gradient(x, expected);
    const xs = inputs(n);
    const names = xs.map((v) => v.name!);
    const f = problem.graph(xs);
    const bindings: Record<string, number> = {};
    names.forEach((name, i) => (bindings[name] = x[i]));
    const valueCase = problem.valueCase ? CASES.rosenbrockValue(n) : undefined;
    const c = group === 'rosenbrock' ? CASES.rosenbrockGradient(n) : CASES.sumSquaresGradient(n);
    const programs: [string, Program | string, number][] = [];
    for (const backend of ['js', 'interpreter'] as const) {
      const implementation = backend === 'js' ? IMPL.js : IMPL.interpreter;
      // compiling 10⁴ terms takes seconds: only for a run that measures the program
      if (!wanted({ case: c, implementation }) && !(valueCase !== undefined && wanted({ case: valueCase, implementation }))) continue;
      const made = setup(`compile ${group} (${backend})`, n, 1.3, () => compile(f, xs, { backend }));
      programs.push([implementation, 'skipped' in made ? made.skipped : made.value, 'skipped' in made ? NaN : made.seconds]);
    }

    if (valueCase !== undefined) {
      console.log(valueCase);
      const expectedValue = [problem.value(x)];
      const out = new Float64Array(1);
      await r.measure({ ...handWritten(valueCase).meta, implementation: IMPL.hand }, handWritten(valueCase).make());
      for (const [implementation, p] of programs) {
        const meta = { group, case: valueCase, n, implementation, variant: 'evaluate' };
        if (typeof p === 'string') r.skip(meta, p);
        else await r.measure(meta, () => p.evaluate(x, out), { check: agrees(() => p.evaluate(x, out), expectedValue, exact), exponent: 1 });
      }
      await r.measure({ group, case: valueCase, n, implementation: IMPL.direct, variant: 'evaluate' }, () => evaluate(f, bindings), {
        check: agrees(() => [evaluate(f, bindings)], expectedValue, exact),
        exponent: 1,
      });
    }

    console.log(c);
    const meta = (implementation: string, variant?: string, series?: string): CaseMeta => ({
      group,
      case: c,
      n,
      implementation,
      ...(variant ? { variant } : {}),
      ...(series ? { series } : {}),
    });
    await r.measure({ ...handWritten(c).meta, implementation: IMPL.hand }, handWritten(c).make());
    for (const [implementation, p, compileSeconds] of programs) {
      const short = implementation === IMPL.js ? 'compiled (js)' : 'compiled (interpreter)';
      const extra = { compileSeconds };
      const reverse = meta(implementation, 'reverse: gradient (one sweep)', `${short}, reverse`);
      const forward = meta(implementation, 'forward: jacobian (32 directions a sweep)', `${short}, forward`);
      const jvps = meta(implementation, 'forward: n jvp calls');
      if (typeof p === 'string') {
        r.skip(reverse, p);
        r.skip(forward, p);
        if (implementation === IMPL.js) r.skip(jvps, p);
        continue;
      }
      await r.measure(reverse, () => p.gradient(x, g), { check: agrees(() => p.gradient(x, g), expected, exact), exponent: 1, extra });
      await r.measure(forward, () => p.jacobian(x, { mode: 'forward' }), {
        check: agrees(() => p.jacobian(x, { mode: 'forward' })[0], expected, exact),
        exponent: 2,
        extra,
      });
      if (implementation === IMPL.js) {
        const e = new Float64Array(n);
        const t = new Float64Array(1);
        const byJvp = () => {
          for (let i = 0; i < n; i++) {
            e[i] = 1;
            p.jvp(x, e, t);
            e[i] = 0;
            g[i] = t[0];
          }
          return g;
        };
        await r.measure(jvps, byJvp, { check: agrees(byJvp, expected, exact), exponent: 2, extra });
      }
    }
    await r.measure(meta(IMPL.direct, 'reverse: reverseMode (one sweep)', 'direct, reverse'), () => reverseMode(f, bindings), {
      check: agrees(() => {
        const { gradient } = reverseMode(f, bindings);
        return names.map((name) => gradient[name]);
      }, expected, exact),
      exponent: 1,
    });
    const directions = names.map((name) => ({ [name]: 1 }));
    const forwardN = () => {
      for (let i = 0; i < n; i++) g[i] = forwardMode(f, bindings, directions[i]).derivative;
      return g;
    };
    await r.measure(meta(IMPL.direct, 'forward: forwardMode ×n (one sweep per input)', 'direct, forward'), forwardN, {
      check: agrees(forwardN, expected, exact),
      exponent: 2,
    });
    const fd = () => numericalGradient(problem.value, x);
    await r.measure(meta(IMPL.fd, 'numericalGradient (h = 1e-6): 2n evaluations of the hand-written f'), fd, {
      check: agrees(fd, expected, 1e-6),
      exponent: 2,
    });
    await r.measure(meta(IMPL.micrograd, 'graph rebuilt, one backward pass'), () => problem.micrograd(x, g), {
      check: agrees(() => (problem.micrograd(x, g), g), expected, exact),
      exponent: 1,
    });
    const mathjsMeta = meta(IMPL.mathjs, 'n derivatives (simplify: false) → compile, once; evaluate n expressions');
    if (!wanted(mathjsMeta)) continue;
    const made = setup(`mathjs ${group}`, n, 2, () => {
      const expr = parse(balanced(problem.terms(n)));
      return names.map((name) => derivative(expr, name, { simplify: false }).compile());
    });
    if ('skipped' in made) r.skip(mathjsMeta, made.skipped);
    else {
      const partials: EvalFunction[] = made.value;
      const scope = { ...bindings };
      const mathjs = () => {
        for (let i = 0; i < n; i++) g[i] = partials[i].evaluate(scope);
        return g;
      };
      await r.measure(mathjsMeta, mathjs, { check: agrees(mathjs, expected, exact), exponent: 2, extra: { setupSeconds: made.seconds } });
    }
  }
}

// ─── the curve ℝ → ℝᵐ: forward mode needs one sweep, reverse mode m ───
{
  const group = 'curve';
  for (const m of SIZES) {
    const cs = curveCoefficients(m);
    const expected = new Float64Array(m);
    curveJacobian(CURVE_AT, cs, expected);
    const J = new Float64Array(m);
    const xv = variable('x');
    const ys = curveGraph(xv, cs);
    const at = Float64Array.of(CURVE_AT);
    const bindings = { x: CURVE_AT };
    const c = CASES.curveJacobian(m);
    console.log(c);
    const meta = (implementation: string, variant?: string, series?: string): CaseMeta => ({
      group,
      case: c,
      n: m,
      implementation,
      ...(variant ? { variant } : {}),
      ...(series ? { series } : {}),
    });
    await r.measure({ ...handWritten(c).meta, implementation: IMPL.hand }, handWritten(c).make());
    for (const backend of ['js', 'interpreter'] as const) {
      const implementation = backend === 'js' ? IMPL.js : IMPL.interpreter;
      if (!wanted({ case: c, implementation })) continue;
      const short = `compiled (${backend})`;
      const made = setup(`compile curve (${backend})`, m, 1.3, () => compile(ys, [xv], { backend }));
      const forward = meta(implementation, 'forward: jacobian (one sweep)', `${short}, forward`);
      const reverse = meta(implementation, 'reverse: jacobian (m sweeps)', `${short}, reverse`);
      if ('skipped' in made) {
        r.skip(forward, made.skipped);
        r.skip(reverse, made.skipped);
        continue;
      }
      const p = made.value;
      const extra = { compileSeconds: made.seconds };
      const column = (rows: Float64Array[]) => Float64Array.from(rows, (row) => row[0]);
      await r.measure(forward, () => p.jacobian(at, { mode: 'forward' }), {
        check: agrees(() => column(p.jacobian(at, { mode: 'forward' })), expected, exact),
        exponent: 1,
        extra,
      });
      if (backend === 'js') {
        const one = Float64Array.of(1);
        await r.measure(meta(implementation, 'forward: jvp (one sweep, into a reused buffer)'), () => p.jvp(at, one, J), {
          check: agrees(() => p.jvp(at, one, J), expected, exact),
          exponent: 1,
          extra,
        });
      }
      await r.measure(reverse, () => p.jacobian(at, { mode: 'reverse' }), {
        check: agrees(() => column(p.jacobian(at, { mode: 'reverse' })), expected, exact),
        exponent: 2,
        extra,
      });
    }
    const direct = () => jvp(ys, bindings, { x: 1 }).tangent;
    await r.measure(meta(IMPL.direct, 'forward: jvp on the graph (one sweep)', 'direct, forward'), direct, {
      check: agrees(direct, expected, exact),
      exponent: 1,
    });
    const cotangent = new Array<number>(m).fill(0);
    const directReverse = () => {
      for (let i = 0; i < m; i++) {
        cotangent[i] = 1;
        J[i] = vjp(ys, bindings, cotangent).gradient.x;
        cotangent[i] = 0;
      }
      return J;
    };
    await r.measure(meta(IMPL.direct, 'reverse: vjp on the graph ×m (m sweeps)', 'direct, reverse'), directReverse, {
      check: agrees(directReverse, expected, exact),
      exponent: 2,
    });
    // what micrograd does: one reverse sweep per output, each over that output's own small graph
    const perOutput = () => {
      for (let i = 0; i < m; i++) J[i] = reverseMode(ys[i], bindings).gradient.x;
      return J;
    };
    await r.measure(meta(IMPL.direct, 'reverse: reverseMode per output (each over its own subgraph)'), perOutput, {
      check: agrees(perOutput, expected, exact),
      exponent: 1,
    });
    const h = 1e-6;
    const up = new Float64Array(m);
    const down = new Float64Array(m);
    const fd = () => {
      curveValue(CURVE_AT + h, cs, up);
      curveValue(CURVE_AT - h, cs, down);
      for (let i = 0; i < m; i++) J[i] = (up[i] - down[i]) / (2 * h);
      return J;
    };
    await r.measure(meta(IMPL.fd, '2 evaluations of the hand-written curve (h = 1e-6)'), fd, { check: agrees(fd, expected, 1e-6), exponent: 1 });
    await r.measure(meta(IMPL.micrograd, 'graph rebuilt, one backward pass per output'), () => curveMicrograd(CURVE_AT, cs, J), {
      check: agrees(() => (curveMicrograd(CURVE_AT, cs, J), J), expected, exact),
      exponent: 1,
    });
    const mathjsMeta = meta(IMPL.mathjs, 'm derivatives → compile, once; evaluate m expressions');
    if (!wanted(mathjsMeta)) continue;
    const made = setup('mathjs curve', m, 1, () => curveExpressions(cs).map((s) => derivative(parse(s), 'x').compile()));
    if ('skipped' in made) r.skip(mathjsMeta, made.skipped);
    else {
      const partials = made.value;
      const scope = { ...bindings };
      const mathjs = () => {
        for (let i = 0; i < m; i++) J[i] = partials[i].evaluate(scope);
        return J;
      };
      await r.measure(mathjsMeta, mathjs, { check: agrees(mathjs, expected, exact), exponent: 1, extra: { setupSeconds: made.seconds } });
    }
  }
}

/**
 * The compiler's lowering (issue 12): one decision for constant operands on
 * every path, partials built once per consumer, terms rendered from structure,
 * loops over repeated structure, and the invariants of engine/invariants.ts
 * on random and large programs. Sizes that take long are in
 * compile-scaling.test.ts.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  abs,
  add,
  compile,
  constant,
  dot,
  evaluate,
  exp,
  gradientNodes,
  max,
  mul,
  neg,
  type Node,
  pow,
  reverseMode,
  sin,
  square,
  sub,
  sum,
  tanh,
  variable,
} from '../src/index.js';
import { apply } from '../src/graph/node.js';
import { buildIR } from '../src/engine/ir.js';
import { checkRuntimeOrder, checkSlotOrder, checkStatementOrder } from '../src/engine/invariants.js';
import { constantPartials, operandTerms, partialTerm } from '../src/engine/partials.js';
import { type SweepPlan, sweepPlan } from '../src/engine/sweep-plan.js';
import { interpreter } from '../src/engine/interpreter.js';
import { generate } from '../src/engine/codegen.js';
import { ASSIGN, gradientStatements, reverseStatements, Statements, tangentStatements, valueStatements } from '../src/engine/statements.js';
import { SUM_FIRST, SUM_LAST, SUM_NEXT, sumChains } from '../src/engine/sum-chains.js';
import { constantTerm, product, read, render, terms, VALUE } from '../src/engine/terms.js';
import { dotPrimitive } from '../src/ops/dot.js';
import { build, graphArbitrary, pointArbitrary, propertyParameters, variablesOf } from './helpers/random-graph.js';

const same = (got: ArrayLike<number>, want: ArrayLike<number>, what = '') => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) expect([what, i, got[i]]).toEqual([what, i, want[i]]);
};

/** Equal as numbers up to rounding (the sweep plan reorders adjoint sums): NaN with NaN, ∞ with the same ∞. */
const agree = (a: number, b: number) =>
  Number.isNaN(a) || Number.isNaN(b) ? Number.isNaN(a) && Number.isNaN(b) : !Number.isFinite(a) || !Number.isFinite(b) ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** The sources given to `new Function` while fn runs. */
function generatedBy<T>(fn: () => T): { value: T; sources: string[] } {
  const real = globalThis.Function;
  const sources: string[] = [];
  globalThis.Function = function (...args: string[]) {
    sources.push(args[args.length - 1]);
    return real(...args);
  } as unknown as FunctionConstructor;
  try {
    return { value: fn(), sources: sources.filter((s) => s !== 'return 1') };
  } finally {
    globalThis.Function = real;
  }
}

describe('constant operands: one decision (fold.ts) for every path', () => {
  const x = variable('x');

  it('pow(x, add(0, 0)) at x = 0 has derivative 0 by reverseMode, compile (both backends) and gradientNodes', () => {
    const f = pow(x, add(0, 0));
    expect(reverseMode(f, { x: 0 }).gradient.x).toBe(0);
    for (const backend of ['js', 'interpreter'] as const) expect(compile(f, [x], { backend }).gradient([0])[0]).toBe(0);
    const [d] = gradientNodes(f, [x]);
    expect(evaluate(d, { x: 0 })).toBe(0);
  });

  it('the third derivative of pow(x, add(1, 1)) at 0 is 0 through gradientNodes, as it is through constant exponents', () => {
    const f = pow(x, add(1, 1));
    const [d1] = gradientNodes(f, [x]);
    const [d2] = gradientNodes(d1, [x]);
    const [d3] = gradientNodes(d2, [x]);
    expect(evaluate([d1, d2, d3], { x: 0 })).toEqual([0, 2, 0]);
    const [e3] = gradientNodes(gradientNodes(gradientNodes(pow(x, 2), [x])[0], [x])[0], [x]);
    expect(evaluate(e3, { x: 0 })).toBe(0);
  });

  /** Expressions whose constants are written as sub-expressions that fold: c·1, (c + 0) + 0, −(−c). */
  type Shape = { t: 'x' } | { t: 'y' } | { t: 'c'; c: number; how: number } | { t: 'op'; op: string; args: Shape[] };
  const exponents = [0, 1, 2, 3, 0.5, -1];
  const shapeArbitrary: fc.Arbitrary<Shape> = fc.letrec<{ tree: Shape }>((tie) => ({
    tree: fc.oneof(
      { maxDepth: 4, depthIdentifier: 'folded' },
      { weight: 3, arbitrary: fc.constantFrom<Shape>({ t: 'x' }, { t: 'y' }) },
      { weight: 2, arbitrary: fc.record({ t: fc.constant('c' as const), c: fc.constantFrom(0, -0, 1, -1, 2, 0.5, 3), how: fc.nat(2) }) },
      { weight: 2, arbitrary: fc.record({ t: fc.constant('op' as const), op: fc.constantFrom('sin', 'tanh', 'neg', 'abs', 'square'), args: fc.tuple(tie('tree')) }) },
      { weight: 2, arbitrary: fc.record({ t: fc.constant('op' as const), op: fc.constantFrom('add', 'mul', 'max', 'sub'), args: fc.tuple(tie('tree'), tie('tree')) }) },
      {
        weight: 3,
        arbitrary: fc.record({
          t: fc.constant('op' as const),
          op: fc.constant('pow'),
          args: fc.tuple(tie('tree'), fc.record({ t: fc.constant('c' as const), c: fc.constantFrom(...exponents), how: fc.nat(2) })),
        }),
      },
    ),
  })).tree;

  function construct(s: Shape, vars: { x: Node; y: Node }): Node {
    if (s.t === 'x') return vars.x;
    if (s.t === 'y') return vars.y;
    if (s.t === 'c') return s.how === 0 ? mul(constant(s.c), 1) : s.how === 1 ? add(add(constant(s.c), 0), 0) : neg(neg(constant(s.c)));
    const a = s.args.map((arg) => construct(arg, vars));
    switch (s.op) {
      case 'sin': return sin(a[0]);
      case 'tanh': return tanh(a[0]);
      case 'neg': return neg(a[0]);
      case 'abs': return abs(a[0]);
      case 'square': return square(a[0]);
      case 'add': return add(a[0], a[1]);
      case 'mul': return mul(a[0], a[1]);
      case 'max': return max(a[0], a[1]);
      case 'sub': return sub(a[0], a[1]);
      default: return pow(a[0], a[1]);
    }
  }

  it('property: gradientNodes, reverseMode and compile agree on graphs whose constants are folded sub-expressions', () => {
    const point = fc.constantFrom(0, -0, 1, -1, 0.5, 2, -2);
    fc.assert(
      fc.property(shapeArbitrary, point, point, (shape, px, py) => {
        const vars = { x: variable('x'), y: variable('y') };
        const f = add(construct(shape, vars), mul(vars.x, vars.y)); // both variables always present
        const at = { x: px, y: py };
        const direct = reverseMode(f, at).gradient;
        const nodes = evaluate(gradientNodes(f, [vars.x, vars.y]), at);
        const js = compile(f, [vars.x, vars.y]).gradient([px, py]);
        const interpreted = compile(f, [vars.x, vars.y], { backend: 'interpreter' }).gradient([px, py]);
        same(js, interpreted, 'js and interpreter');
        ['x', 'y'].forEach((name, k) => {
          if (!agree(nodes[k], direct[name]) || !agree(nodes[k], js[k])) {
            throw new Error(`∂f/∂${name} at (${px}, ${py}): gradientNodes ${nodes[k]}, reverseMode ${direct[name]}, compile ${js[k]}`);
          }
        });
      }),
      propertyParameters({ numRuns: 400 }),
    );
  });
});

describe('partials from structure', () => {
  it("a partial is constant when its term reads no slot, and its value is the rule's at those constants", () => {
    const [x, y] = [variable('x'), variable('y')];
    const ir = buildIR([add(mul(100, x), mul(x, y)), tanh(x)], [x, y]);
    const constant = constantPartials(ir);
    const mul100 = ir.operands[ir.start[ir.outputs[0]]];
    const mulXY = ir.operands[ir.start[ir.outputs[0]] + 1];
    const at = (c: number, j: number) => {
      for (let s = ir.start[c], k = 0; s < ir.start[c + 1]; s++, k++) if (ir.operands[s] === j) return k;
      throw new Error('not an operand');
    };
    expect(constant(mul100, at(mul100, 0))).toBe(100);
    expect(constant(ir.outputs[0], 0)).toBe(1);
    expect(constant(mulXY, 0)).toBeUndefined();
    expect(constant(ir.outputs[1], 0)).toBeUndefined();
    // tanh′ = (1 + y)(1 − y): a term that reads the slot itself
    const t = partialTerm(ir, ir.outputs[1], 0, operandTerms(ir, ir.outputs[1]));
    expect(render(t, (r) => `s${r.slot}`)).toBe(`((1 + s${ir.outputs[1]}) * (1 + (-s${ir.outputs[1]})))`);
  });

  it('factors ±1 are dropped exactly, constants fold by the rules, reads render through the hook', () => {
    const r = read(VALUE, 7);
    const hook = (q: { slot: number }) => `x[${q.slot}]`;
    expect(product(constantTerm(1), r)).toBe(r);
    expect(render(product(r, constantTerm(-1)), hook)).toBe('(-x[7])');
    expect(render(product(constantTerm(2), r), hook)).toBe('(2 * x[7])');
    expect(terms.mul(constantTerm(0.5), terms.add(constantTerm(1), constantTerm(1)))).toEqual(constantTerm(1));
    expect(render(terms.exp(constantTerm(-0)), hook)).toBe('1');
    expect(render(terms.neg(constantTerm(0)), hook)).toBe('(-0)');
  });

  it("each of a wide dot's partials is built once: compile and its first sweeps are linear in the fan-in", () => {
    const n = 2000;
    const ws = Array.from({ length: n }, (_, i) => variable(`w${i}`));
    const f = dot(ws.map((w) => tanh(w)), ws.map((w) => mul(3, w)));
    const spy = vi.spyOn(dotPrimitive, 'partial');
    try {
      const p = compile(f, ws);
      expect(spy.mock.calls.length, 'partial rules run by compile').toBeLessThanOrEqual(2 * 2 * n);
      const x = Float64Array.from(ws, (_, i) => Math.sin(i));
      p.gradient(x);
      compile(f, ws, { backend: 'interpreter' }).gradient(x);
      expect(spy.mock.calls.length, 'partial rules run by compile and two gradients').toBeLessThanOrEqual(4 * 2 * n);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('loops over repeated structure', () => {
  afterEach(() => vi.restoreAllMocks());

  const rosenbrock = (xs: Node[]) => {
    const t: Node[] = [];
    for (let i = 0; i + 1 < xs.length; i++) t.push(add(mul(100, square(sub(xs[i + 1], square(xs[i])))), square(sub(1, xs[i]))));
    return sum(t);
  };

  it('the Rosenbrock gradient is a few loops: as many generated functions at n = 10⁴ as at n = 10³, bit for bit the interpreter’s', () => {
    const counts: number[] = [];
    for (const n of [1000, 10_000]) {
      const xs = Array.from({ length: n }, (_, i) => variable(`x${i}`));
      const f = rosenbrock(xs);
      const pt = Float64Array.from(xs, (_, i) => Math.sin(i));
      const p = compile(f, xs);
      const { value: g, sources } = generatedBy(() => p.gradient(pt));
      counts.push(sources.length);
      expect(sources.some((s) => s.includes('for (let t = 0;'))).toBe(true);
      const interp = compile(f, xs, { backend: 'interpreter' });
      same(g, interp.gradient(pt), `gradient, n = ${n}`);
      same(p.evaluate(pt), interp.evaluate(pt), `evaluate, n = ${n}`);
      same(p.vjp(pt, [0.5]), interp.vjp(pt, [0.5]), `vjp, n = ${n}`);
      same(p.jvp(pt, pt), interp.jvp(pt, pt), `jvp, n = ${n}`);
    }
    expect(counts[1]).toBe(counts[0]);
    expect(counts[0]).toBeLessThanOrEqual(3);
  });

  it('Σ xᵢ·xₙ₋₁₋ᵢ: blocks whose adjoints meet in the middle are not one loop, and the gradient is the interpreter’s', () => {
    for (const n of [41, 42]) {
      const xs = Array.from({ length: n }, (_, i) => variable(`x${i}`));
      const f = sum(xs.map((x, i) => mul(sin(x), xs[n - 1 - i])));
      const pt = Float64Array.from(xs, (_, i) => 1 + i / 7);
      const js = compile(f, xs, { chunkSize: 60 });
      const interp = compile(f, xs, { backend: 'interpreter' });
      same(js.gradient(pt), interp.gradient(pt), `gradient, n = ${n}`);
      same(js.vjp(pt, [2]), interp.vjp(pt, [2]), `vjp, n = ${n}`);
      same(js.jvp(pt, pt), interp.jvp(pt, pt), `jvp, n = ${n}`);
    }
  });

  /** Σᵢ term(xᵢ, xᵢ₊₁) and the chain tᵢ₊₁ = term(tᵢ, xᵢ) for a random term over two operands. */
  const termArbitrary = graphArbitrary({ outputs: { min: 1, max: 1 }, variables: 2, maxDepth: 3 });

  it('property: repeated random terms, summed and chained, run as loops with every sweep bit for bit the interpreter’s', () => {
    fc.assert(
      fc.property(termArbitrary, fc.integer({ min: 12, max: 60 }), pointArbitrary(), (graph, n, at) => {
        const { outputs } = build(graph.outputs);
        const names = variablesOf(graph.outputs);
        if (names.length === 0) return;
        const xs = Array.from({ length: n + 1 }, (_, i) => variable(`v${i}`));
        // the term's variables x, y become vᵢ, vᵢ₊₁ (or tᵢ, vᵢ in the chain)
        const instance = (a: Node, b: Node) => {
          const memo = new Map<Node, Node>();
          const copy = (node: Node): Node => {
            const hit = memo.get(node);
            if (hit !== undefined) return hit;
            const made = node.isVariable ? (node.name === names[0] ? a : b) : node.op === undefined ? node : apply(node.op, node.inputs.map(copy));
            memo.set(node, made);
            return made;
          };
          return copy(outputs[0]);
        };
        const summed = sum(xs.slice(0, n).map((x, i) => instance(x, xs[i + 1])));
        let chained: Node = xs[0];
        for (let i = 1; i <= n; i++) chained = tanh(instance(chained, xs[i]));
        const pt = xs.map((_, i) => [at.x, at.y, at.z][i % 3] + i / 64);
        const dir = xs.map((_, i) => Math.cos(i));
        for (const f of [summed, chained, [summed, chained]]) {
          const js = compile(f, xs, { chunkSize: 120 });
          const interp = compile(f, xs, { backend: 'interpreter' });
          same(js.evaluate(pt), interp.evaluate(pt), 'evaluate');
          same(js.jvp(pt, dir), interp.jvp(pt, dir), 'jvp');
          const ct = Array.isArray(f) ? [1, -0.5] : [1];
          same(js.vjp(pt, ct), interp.vjp(pt, ct), 'vjp');
          if (!Array.isArray(f)) same(js.gradient(pt), interp.gradient(pt), 'gradient');
        }
      }),
      propertyParameters({ numRuns: 60 }),
    );
  });
});

describe('wide sums accumulate as their terms are computed (sum-chains.ts)', () => {
  const rosenbrock = (xs: Node[]) => {
    const t: Node[] = [];
    for (let i = 0; i + 1 < xs.length; i++) t.push(add(mul(100, square(sub(xs[i + 1], square(xs[i])))), square(sub(1, xs[i]))));
    return sum(t);
  };

  it('the Rosenbrock gradient adds each term into one running sum, right after the term: no piece of the chain is assigned', () => {
    const n = 1000;
    const xs = Array.from({ length: n }, (_, i) => variable(`x${i}`));
    const ir = buildIR(rosenbrock(xs), xs.map((x) => x.name!));
    const chains = sumChains(ir)!;
    const pieces = [...chains.inChain.keys()].filter((i) => chains.inChain[i] === 1);
    expect(pieces.length).toBe(Math.ceil((n - 1 - 32) / 31) + 1);
    const st = gradientStatements(ir, sweepPlan(ir, constantPartials(ir), 500), false, true);
    const kinds = [...Array(st.length).keys()].map((q) => st.kind(q));
    expect(kinds.filter((k) => k === SUM_FIRST).length).toBe(1);
    expect(kinds.filter((k) => k === SUM_NEXT).length).toBe(n - 3);
    expect(kinds.filter((k) => k === SUM_LAST).length).toBe(1);
    for (let q = 0; q < st.length; q++) if (st.kind(q) === ASSIGN) expect(chains.inChain[st.slot(q)]).toBe(0);
    // each term's addition follows its value and pullbacks, before the next term's statements
    const sumAt = kinds.flatMap((k, q) => (k >= SUM_FIRST && k <= SUM_LAST ? [q] : []));
    const gaps = new Set(sumAt.slice(2).map((q, k) => q - sumAt[k + 1]));
    expect(gaps.size).toBe(1);
    // the generated loop keeps the sum in a local: no term is stored to memory to be read back
    const p = compile(rosenbrock(xs), xs);
    const { sources } = generatedBy(() => p.gradient(Float64Array.from(xs, (_, i) => Math.sin(i))));
    const body = sources.join('\n');
    expect(body).toMatch(/for \(let t = 0; t < 99\d; t\+\+\)/);
    expect(body).not.toMatch(/\bv\[\d+ \+ \d+ \* t\] =/);
  });

  it('sums with constant, repeated, nested and shared terms, signed zeros included: every sweep bit for bit the interpreter’s', () => {
    const n = 150;
    const xs = Array.from({ length: n }, (_, i) => variable(`x${i}`));
    const t = xs.map((x, i) => (i % 7 === 0 ? mul(x, -2) : i % 5 === 0 ? constant(i / 3) : tanh(mul(x, xs[(i * 13) % n]))));
    const inner = sum(t.slice(0, 60)); // a wide sum that is a term of another, and an output of its own
    const fs: Node[] = [
      sum(t),
      sum([...t, ...t.slice(0, 40), -0]),
      sum(xs), // inputs only: every addition due before the first op
      sum([inner, ...t.slice(60), inner]),
      tanh(sum(t.map((u) => mul(u, u)))), // a sum under a nonlinear op: its adjoint is not static
      inner,
    ];
    const outputs = [fs, fs[0], fs[1], fs[3], fs[4]];
    const points = [xs.map((_, i) => Math.sin(i) * 2), xs.map(() => 0), xs.map((_, i) => (i % 2 ? -0 : 0))];
    for (const f of outputs) {
      for (const chunkSize of [60, 500]) {
        const js = compile(f, xs, { chunkSize });
        const interp = compile(f, xs, { backend: 'interpreter' });
        for (const pt of points) {
          same(js.evaluate(pt), interp.evaluate(pt), 'evaluate');
          same(js.jvp(pt, pt.map((v, i) => Math.cos(i))), interp.jvp(pt, pt.map((v, i) => Math.cos(i))), 'jvp');
          const ct = Array.isArray(f) ? f.map((_, r) => 1 - r / 4) : [1];
          same(js.vjp(pt, ct), interp.vjp(pt, ct), 'vjp');
          if (!Array.isArray(f)) {
            same(js.gradient(pt), interp.gradient(pt), 'gradient');
            same([js.valueAndGradient(pt).value], [interp.valueAndGradient(pt).value], 'value');
          }
        }
      }
    }
    // the signed zero: a sum of −0 terms is −0 on both backends
    const z = sum(xs.map((x) => mul(x, -1)));
    expect(Object.is(compile(z, xs).evaluate(xs.map(() => 0))[0], -0)).toBe(true);
  });

  it('a parameter every block of a loop reaches keeps its adjoint in a local around the loop, bit for bit the interpreter’s', () => {
    const w = variable('w');
    const b = variable('b');
    const xs = Array.from({ length: 300 }, (_, i) => variable(`x${i}`));
    const f = sum(xs.map((x) => tanh(add(mul(w, x), b))));
    const inputs = [w, b, ...xs];
    const pt = inputs.map((_, i) => Math.cos(i) / 2);
    const js = compile(f, inputs);
    const { value: g, sources } = generatedBy(() => js.gradient(pt));
    same(g, compile(f, inputs, { backend: 'interpreter' }).gradient(pt), 'gradient');
    // the adjoints of w and b: declared before the loop, written back after it
    expect(sources.join('\n')).toMatch(/\{\nlet u\d+ = [^;]*;\nlet u\d+ = [^;]*;[^]*for \(let t = 0;/);
  });
});

describe('adjoint buffers between calls', () => {
  it('the generated sweeps clear what they read: calls at changing points give the interpreter’s results', () => {
    const n = 300;
    const xs = Array.from({ length: n }, (_, i) => variable(`x${i}`));
    const e = exp(xs[0]);
    const shared = sum(xs.map((x) => sin(mul(e, x)))); // e's adjoint accumulates in every block of a loop
    const wide = dot(xs.slice(0, 150).map((x) => tanh(x)), xs.slice(150).map((x) => mul(3, x))); // a loop helper over op slots
    const chain = xs.reduce((t: Node, x) => add(mul(sin(t), x), t));
    for (const f of [shared, wide, chain, [shared, wide]]) {
      const js = compile(f, xs);
      const interp = compile(f, xs, { backend: 'interpreter' });
      for (let call = 0; call < 4; call++) {
        const pt = Float64Array.from(xs, (_, i) => Math.sin(i * (call + 1)) / 2);
        if (!Array.isArray(f)) same(js.gradient(pt), interp.gradient(pt), `gradient, call ${call}`);
        const ct = Array.isArray(f) ? [1, -2] : [call + 0.5];
        same(js.vjp(pt, ct), interp.vjp(pt, ct), `vjp, call ${call}`);
      }
    }
    const params = Float64Array.from({ length: 250 }, (_, i) => Math.cos(i) / 3);
    const rows = Float64Array.from({ length: 150 }, (_, i) => Math.sin(i) / 2);
    const g1 = new Float64Array(250);
    const g2 = new Float64Array(250);
    expect(compile(shared, xs).batchValueAndGradient(params, rows, g1)).toBe(compile(shared, xs, { backend: 'interpreter' }).batchValueAndGradient(params, rows, g2));
    same(g1, g2, 'batch gradient');
  });
});

describe('the sweep plan is made on the first gradient', () => {
  /** A program's plan made on first use, as ad/backend.ts makes it, whose constant-partial questions are counted (asked while it is made). */
  function counted(f: Node, names: string[]) {
    const ir = buildIR(f, names);
    const partials = constantPartials(ir);
    let asked = 0;
    let made: SweepPlan | undefined;
    const plan = () => (made ??= sweepPlan(ir, (c, k) => (asked++, partials(c, k)), 500));
    return { ir, plan, asked: () => asked };
  }

  it('evaluating, forward and reverse sweeps of a large program plan nothing; its first gradient plans once, for both backends', () => {
    const xs = Array.from({ length: 400 }, (_, i) => variable(`x${i}`));
    const { ir, plan, asked } = counted(sum(xs.map((x, i) => mul(sin(x), i + 1))), xs.map((x) => x.name!));
    const kernels = [interpreter(ir, plan), generate(ir, plan, 500)];
    const x = Float64Array.from(xs, (_, i) => i / 400);
    const out = new Float64Array(1);
    for (const k of kernels) {
      k.evaluate?.(x, out); // the generated kernels only
      const v = new Float64Array(ir.size);
      v.set(x);
      k.forward(v);
      const a = new Float64Array(ir.size);
      a[ir.outputs[0]] = 1;
      k.reverse(v, a);
    }
    expect(asked()).toBe(0);
    const v = new Float64Array(ir.size);
    v.set(x);
    kernels[0].gradient!(v, new Float64Array(ir.size));
    const once = asked();
    expect(once).toBeGreaterThan(0);
    const g = new Float64Array(400);
    kernels[1].valueAndGradient!(x, g, new Float64Array(1));
    kernels[0].gradient!(v, new Float64Array(ir.size));
    expect(asked()).toBe(once); // one plan, shared
    expect(g[3]).toBeCloseTo(4 * Math.cos(3 / 400), 14);
  });

  it('a small program whose gradient fuses into one function plans when its code is set up (its plan decides the form)', () => {
    const x = variable('x');
    const y = variable('y');
    const { ir, plan, asked } = counted(add(mul(x, y), sin(x)), ['x', 'y']);
    generate(ir, plan, 500);
    expect(asked()).toBeGreaterThan(0);
  });
});

describe('invariants (engine/invariants.ts)', () => {
  function checkAll(outputs: Node | Node[], inputs: readonly string[]): void {
    for (const cse of [true, false]) {
      const ir = buildIR(outputs, inputs, { cse });
      checkSlotOrder(ir);
      for (const helpers of [true, false]) {
        checkStatementOrder(valueStatements(ir, helpers, true));
        checkStatementOrder(valueStatements(ir, helpers, true, true));
        checkStatementOrder(tangentStatements(ir, helpers), true);
        const reverse = reverseStatements(ir, helpers);
        checkStatementOrder(reverse, true);
        checkRuntimeOrder(reverse, undefined);
        if (ir.outputs.length === 1) {
          for (const maxBlock of [4, 500]) {
            const plan = sweepPlan(ir, constantPartials(ir), maxBlock);
            for (const accumulateSums of [false, true]) {
              const st = gradientStatements(ir, plan, helpers, accumulateSums);
              checkStatementOrder(st);
              checkRuntimeOrder(st, plan);
            }
          }
        }
      }
    }
  }

  it('slot order, statement order and the runtime order of every sweep hold on random graphs', () => {
    fc.assert(
      fc.property(graphArbitrary(), (graph) => {
        const { outputs } = build(graph.outputs);
        const names = variablesOf(graph.outputs);
        if (names.length === 0) return;
        checkAll(outputs, names);
        checkAll(outputs[0], names);
      }),
      propertyParameters({ numRuns: 300 }),
    );
  });

  it('… and on wide dot products (loop helpers), Rosenbrock and a chain', () => {
    const ws = Array.from({ length: 300 }, (_, i) => variable(`w${i}`));
    checkAll(dot(ws.slice(0, 150).map((w) => tanh(w)), ws.slice(150)), ws.map((w) => w.name!));
    checkAll([dot(ws.slice(0, 20), ws.slice(20, 40)), exp(dot(ws.slice(40, 60), ws.slice(60, 80)))], ws.map((w) => w.name!));
    const xs = ws.slice(0, 50);
    const terms: Node[] = [];
    for (let i = 0; i + 1 < xs.length; i++) terms.push(add(mul(100, square(sub(xs[i + 1], square(xs[i])))), square(sub(1, xs[i]))));
    checkAll(sum(terms), xs.map((w) => w.name!));
    checkAll([sum([...terms, ...terms.map((t) => sin(t))]), mul(sum(xs), sum(terms.slice(1)))], xs.map((w) => w.name!));
    let t: Node = xs[0];
    for (let i = 0; i < 200; i++) t = add(mul(sin(t), xs[1]), t);
    checkAll(t, ['w0', 'w1']);
  });

  it('the checks catch what they check', () => {
    const xs = Array.from({ length: 40 }, (_, i) => variable(`x${i}`));
    const wide = buildIR(sum(xs), xs.map((x) => x.name!)); // every addition due at once: adjacent statements
    const st = valueStatements(wide, false, false, true);
    // two adjacent additions of the running sum, swapped: the same terms in another order
    const q = [...Array(st.length).keys()].find((k) => st.kind(k) === SUM_NEXT && st.kind(k + 1) === SUM_NEXT)!;
    const swapped = new Statements(wide, undefined);
    for (let k = 0; k < st.length; k++) {
      const from = k === q ? q + 1 : k === q + 1 ? q : k;
      swapped.add(st.kind(from), st.slot(from), st.position(from));
    }
    expect(() => checkStatementOrder(st)).not.toThrow();
    expect(() => checkStatementOrder(swapped)).toThrow(/the interpreter/);
    const x = variable('x');
    const ir = buildIR(sin(x), [x]);
    expect(() => checkSlotOrder({ ...ir, operands: Int32Array.of(1) })).toThrow(/not an earlier one/);
    expect(() => checkSlotOrder({ ...ir, active: Uint8Array.of(1, 0) })).toThrow(/marked inactive/);
  });
});

/**
 * Property-based tests over random expression graphs (see helpers/random-graph.ts),
 * with a fixed seed so that any failure replays. In the style of JAX's check_grads:
 * 1. forward against reverse mode by the dot-product identity ⟨ū, J·v⟩ = ⟨Jᵀ·ū, v⟩;
 * 2. both modes against centered finite differences, with PyTorch gradcheck's tolerances;
 * 3. reverse mode against mathjs's symbolic `derivative` of the same function;
 * 4. at extreme magnitudes (values from about 1e−150 to 1e150), values and both modes
 *    against a 60-digit reference (mathjs's derivative on BigNumbers), to 16ε of the
 *    first-order error scale — the "few ulps" of the README.
 * Every primitive and composite appears in the random graphs (checked after each run).
 *
 * WENGERT_PROPERTY_RUNS (default 5000: 15,000 random graphs per CI run over the three
 * graph properties) and WENGERT_PROPERTY_SEED set the runs and seed; `npm run test:soak`
 * runs 10^6 per property.
 */
import fc from 'fast-check';
import { all, create, derivative, parse } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { evaluate, forwardMode, jvp, type Node, reverseMode, tape, vjp } from '../src/index.js';
import {
  ALL_OPS,
  build,
  EXTREME_OPS,
  exactDecimal,
  exprArbitrary,
  graphArbitrary,
  MATHJS_OPS,
  type OpName,
  opsOf,
  pointArbitrary,
  PRIMITIVE_OPS,
  propertyParameters,
  propertyRuns,
  propertySeed,
  sensitivity,
  show,
  sweepRange,
  toMathjs,
  type VarName,
  variablesOf,
  vectorArbitrary,
  type Expr,
} from './helpers/random-graph.js';

/** PyTorch gradcheck's defaults: step, absolute and relative tolerance. */
const H = 1e-6;
const ATOL = 1e-5;
const RTOL = 1e-3;
/** Exact derivatives agree to a relative 1e-10, with a floor of 1e-12 × the error scale for derivatives near 0. */
const REL = 1e-10;
const FLOOR = 1e-12;
/** An absolute floor below which products lose relative precision anyway (subnormal directions, underflow). */
const TINY = 1e-300;
/** Points whose kink arguments are this close to the kink (times the argument's slope, if larger than 1) are skipped. */
const KINK_MARGIN = 1e-4;

const tag = `seed ${propertySeed}, ${propertyRuns} graphs`;

/** Throws (so fast-check reports and shrinks) unless |actual − expected| ≤ rel·|expected| + floor. */
function agree(what: string, actual: number, expected: number, rel: number, floor: number): void {
  const error = Math.abs(actual - expected);
  const tolerance = rel * Math.abs(expected) + floor + TINY;
  if (!(error <= tolerance)) {
    throw new Error(`${what}: got ${actual}, expected ${expected} (error ${error}, tolerance ${tolerance})`);
  }
}

/** True if some kink argument (abs, relu, sign: x; max, min: a − b) is within the margin of 0. */
function nearKink(kinks: readonly Node[], at: Readonly<Record<string, number>>): boolean {
  return kinks.some((k) => {
    const { value, gradient } = reverseMode(k, at);
    const slope = Math.max(1, ...Object.values(gradient).map(Math.abs));
    return Math.abs(value) <= KINK_MARGIN * slope;
  });
}

/** Counts the ops each run uses, and after the run checks that none was missed. */
class Coverage {
  readonly ops = new Map<string, number>();
  readonly primitives = new Set<string>();
  graphs = 0;
  skipped = 0;

  record(exprs: readonly Expr[], outputs: readonly Node[]): void {
    this.graphs++;
    for (const op of opsOf(exprs)) this.ops.set(op, (this.ops.get(op) ?? 0) + 1);
    for (const node of tape(outputs).nodes) if (node.op !== undefined) this.primitives.add(node.op.name);
  }

  check(expected: readonly OpName[]): void {
    expect(this.graphs).toBe(propertyRuns);
    // fc.pre must not hollow the property out
    expect(this.skipped).toBeLessThan(0.2 * propertyRuns);
    if (propertyRuns < 200) return;
    const missing = expected.filter((op) => (this.ops.get(op) ?? 0) < 0.02 * propertyRuns);
    expect(missing, 'ops used in fewer than 2% of the graphs').toEqual([]);
    const primitives = PRIMITIVE_OPS.filter((op) => expected.includes(op));
    expect(primitives.filter((op) => !this.primitives.has(op)), 'primitives never reached').toEqual([]);
  }
}

describe('random graphs', () => {
  it(`forward and reverse mode satisfy ⟨ū, J·v⟩ = ⟨Jᵀ·ū, v⟩ (${tag}, 1–3 outputs, kinks included)`, () => {
    const coverage = new Coverage();
    fc.assert(
      fc.property(graphArbitrary(), pointArbitrary(), vectorArbitrary(3), vectorArbitrary(3), (g, at, v, u) => {
        const { outputs } = build(g.outputs);
        coverage.record(g.outputs, outputs);
        const ct = u.slice(0, outputs.length);
        const reverse = vjp(outputs, at, ct);
        // the direction names the graph's own variables only: a name the graph does not have is an error
        const along: Record<VarName, number> = { x: v[0], y: v[1], z: v[2] };
        const direction = Object.fromEntries(Object.keys(reverse.gradient).map((name) => [name, along[name as VarName]])) as Record<VarName, number>;
        const forward = jvp(outputs, at, direction);
        // the value sweep is shared: values agree bit for bit
        const values = evaluate(outputs, at);
        values.forEach((y, i) => {
          if (!Number.isFinite(y)) throw new Error(`output ${i + 1} is ${y}: the generator left the domain`);
          if (!Object.is(forward.value[i], y) || !Object.is(reverse.value[i], y)) {
            throw new Error(`output ${i + 1}: evaluate ${y}, jvp ${forward.value[i]}, vjp ${reverse.value[i]}`);
          }
        });

        let lhs = 0; // ⟨ū, J·v⟩
        let scale = 0; // Σᵢⱼ |ūᵢ|·Pᵢⱼ·|vⱼ| with Pᵢⱼ the sum of |path products| from varⱼ to outputᵢ
        outputs.forEach((_, i) => {
          lhs += ct[i] * forward.tangent[i];
          // both modes multiply the very same local partials: only the order of summation differs
          const s = sensitivity(g.outputs[i], at).paths;
          scale += Math.abs(ct[i]) * (s.x * Math.abs(v[0]) + s.y * Math.abs(v[1]) + s.z * Math.abs(v[2]));
        });
        let rhs = 0; // ⟨Jᵀ·ū, v⟩
        for (const [name, gi] of Object.entries(reverse.gradient)) rhs += gi * direction[name as VarName];
        agree('⟨ū, J·v⟩ against ⟨Jᵀ·ū, v⟩', lhs, rhs, REL, FLOOR * scale);
      }),
      propertyParameters(),
    );
    coverage.check(ALL_OPS);
  });

  it(`forward and reverse mode match centered differences, h = ${H}, atol ${ATOL}, rtol ${RTOL} (${tag})`, () => {
    const coverage = new Coverage();
    fc.assert(
      fc.property(exprArbitrary(), pointArbitrary(), (e, at) => {
        const {
          outputs: [f],
          kinks,
        } = build([e]);
        if (nearKink(kinks, at)) {
          coverage.skipped++;
          fc.pre(false);
        }
        coverage.record([e], [f]);
        const reverse = reverseMode(f, at);
        for (const name of variablesOf([e])) {
          const plus = evaluate(f, { ...at, [name]: at[name] + H });
          const minus = evaluate(f, { ...at, [name]: at[name] - H });
          const numeric = (plus - minus) / (2 * H);
          const forward = forwardMode(f, at, { [name]: 1 }).derivative;
          agree(`forward ∂/∂${name} against centered difference`, forward, numeric, RTOL, ATOL);
          agree(`reverse ∂/∂${name} against centered difference`, reverse.gradient[name], numeric, RTOL, ATOL);
        }
      }),
      propertyParameters(),
    );
    coverage.check(ALL_OPS);
  });

  it(`reverse mode matches mathjs derivative() of the same expression to 1e-10 (${tag})`, () => {
    const coverage = new Coverage();
    fc.assert(
      fc.property(exprArbitrary({ ops: MATHJS_OPS }), pointArbitrary(), (e, at) => {
        const {
          outputs: [f],
          kinks,
        } = build([e]);
        // abs is the only kink here; mathjs differentiates it as abs(a)/a, NaN at a = 0
        if (nearKink(kinks, at)) {
          coverage.skipped++;
          fc.pre(false);
        }
        coverage.record([e], [f]);
        const text = toMathjs(e);
        const expr = parse(text);
        const scope = { ...at };
        const { magnitude, scale } = sensitivity(e, at);
        const reference = expr.evaluate(scope) as unknown;
        if (typeof reference !== 'number') throw new Error(`mathjs evaluates ${text} to ${String(reference)}`);
        const reverse = reverseMode(f, at);
        agree(`value of ${text}`, reverse.value, reference, REL, FLOOR * magnitude);
        for (const name of variablesOf([e])) {
          // unsimplified: mathjs's chain rule as written, without its algebraic rewriting
          const d = derivative(expr, name, { simplify: false }).evaluate(scope) as unknown;
          if (typeof d !== 'number') throw new Error(`mathjs ∂/∂${name} of ${text} is ${String(d)}`);
          agree(`∂/∂${name} of ${text}`, reverse.gradient[name], d, REL, FLOOR * scale[name]);
        }
      }),
      propertyParameters(),
    );
    coverage.check(MATHJS_OPS);
  });
});

describe('random graphs at extreme magnitudes', () => {
  /** The reference: mathjs on 60-digit BigNumbers, fed the exact decimal value of every double. */
  const digits60 = create(all, { number: 'BigNumber', precision: 60 });
  /** "A few ulps": values and derivatives within this many ε of their first-order error scale (worst measured: 9.3). */
  const ULPS = 16;
  /** Sweeps whose model meets a magnitude outside 10^±290 are outside the double range (see sweepRange): not asserted. */
  const RANGE = 290;
  const runs = Math.min(propertyRuns, 1000);

  it(`values and both modes agree with a 60-digit reference to ${ULPS}ε of the error scale (seed ${propertySeed}, ${runs} graphs)`, () => {
    let graphs = 0;
    let outOfRange = 0;
    let nearKinks = 0;
    let reached = 0;
    fc.assert(
      fc.property(exprArbitrary({ ops: EXTREME_OPS, magnitudes: 'extreme' }), pointArbitrary(), (e, at) => {
        const {
          outputs: [f],
          kinks,
        } = build([e]);
        if (nearKink(kinks, at)) {
          nearKinks++;
          fc.pre(false);
        }
        const range = sweepRange(e, at);
        if (range.lowest < -RANGE || range.highest > RANGE) {
          outOfRange++;
          fc.pre(false);
        }
        graphs++;
        if (range.highest >= 100 || range.lowest <= -100) reached++;
        const expr = digits60.parse(toMathjs(e, { exact: true, at }));
        const scope = Object.fromEntries(Object.entries(at).map(([name, v]) => [name, digits60.bignumber(exactDecimal(v))]));
        const { magnitude, scale } = sensitivity(e, at);
        const reverse = reverseMode(f, at);
        const value = Number(String(expr.evaluate(scope)));
        agree(`value of ${show(e)}`, reverse.value, value, 0, ULPS * Number.EPSILON * magnitude);
        for (const name of variablesOf([e])) {
          const d = Number(String(digits60.derivative(expr, name, { simplify: false }).evaluate(scope)));
          const tolerance = ULPS * Number.EPSILON * scale[name];
          agree(`reverse ∂/∂${name}`, reverse.gradient[name], d, 0, tolerance);
          agree(`forward ∂/∂${name}`, forwardMode(f, at, { [name]: 1 }).derivative, d, 0, tolerance);
        }
      }),
      propertyParameters({ numRuns: runs }),
    );
    expect(graphs).toBe(runs);
    // the preconditions must not hollow the property out, and the graphs must reach the extremes
    expect(outOfRange + nearKinks).toBeLessThan(0.2 * runs);
    expect(reached, 'graphs meeting a magnitude beyond 10^±100').toBeGreaterThan(0.05 * runs);
  });

  it('leaving the double range is what the precondition excludes: reverse mode underflows there, forward mode does not', () => {
    // cos(1/(−(1 + (2x/4e−75)²))·z / 0.000201) at x = −½: the adjoint 1e−143 reaching 1/a meets its partial −1/a² ≈ 1e−269
    const x: Expr = { kind: 'var', name: 'x', fresh: false, lo: -2.01, hi: 2.01 };
    const z: Expr = { kind: 'var', name: 'z', fresh: false, lo: -2.01, hi: 2.01 };
    const c = (value: number): Expr => ({ kind: 'const', value, lo: value, hi: value });
    const op = (name: OpName, ...args: Expr[]): Expr => ({ kind: 'op', op: name, args, lo: -Infinity, hi: Infinity });
    const e = op('cos', op('div', op('mul', op('reciprocal', op('neg', op('add', c(1), op('square', op('div', op('mul', c(2), x), c(4.02e-75)))))), z), c(0.000201)));
    const at = { x: -0.5, y: 0, z: 0.71 };
    expect(sweepRange(e, at).lowest).toBeLessThan(-RANGE);
    const {
      outputs: [f],
    } = build([e]);
    const forward = forwardMode(f, at, { x: 1 }).derivative;
    expect(forward).toBeLessThan(-1e-291);
    expect(reverseMode(f, at).gradient.x).toBe(0);
  });
});

describe('the random-graph generator', () => {
  it('keeps every node inside its bounds at random points, extreme trees too', () => {
    // the intervals the generator relies on are sound: every sub-tree's value lies within [lo, hi]
    fc.assert(
      fc.property(fc.oneof(exprArbitrary(), exprArbitrary({ magnitudes: 'extreme' })), pointArbitrary(), (e, at) => {
        const stack: Expr[] = [e];
        while (stack.length > 0) {
          const n = stack.pop()!;
          const { value } = sensitivity(n, at);
          if (!(value >= n.lo && value <= n.hi)) throw new Error(`${show(n)} = ${value} outside [${n.lo}, ${n.hi}]`);
          if (n.kind === 'op') stack.push(...n.args);
        }
      }),
      propertyParameters({ numRuns: Math.min(propertyRuns, 300) }),
    );
  });
});

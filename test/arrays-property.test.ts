/**
 * Property-based tests over random array programs (helpers/random-array-program.ts):
 * random shapes (extents 0–3, ranks 0–3), broadcasting, every array op, with a
 * fixed seed so that a failure replays. In the style of JAX's check_grads:
 * 1. values agree between evaluate, jvp and vjp bit for bit; forward and reverse
 *    mode satisfy ⟨ū, J·v⟩ = ⟨Jᵀū, v⟩;
 * 2. both modes match the centered difference of ⟨ū, f(x + h·v)⟩ with
 *    gradcheck's tolerances (h = 1e-6, atol 1e-5, rtol 1e-3), away from kinks;
 * 3. every backend of the compiled-program hook (compiledBackends in the
 *    helper: compile() with the js and the interpreter backend) agrees with the
 *    direct sweeps bit for bit, and with each other (a program with no array
 *    node compiles to the scalar engine: its derivatives agree with the direct
 *    sweeps to rounding, their sums in another order).
 * All three on each program, so one run checks every program three ways.
 * Every op appears in the programs (checked after each run).
 *
 * WENGERT_PROPERTY_RUNS and WENGERT_PROPERTY_SEED set the runs and seed, as for
 * the scalar suites; WENGERT_COVERAGE_REPORT=1 prints how often each op appeared.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, evaluate, jvp, type Node, tape, type Value, vjp } from '../src/index.js';
import { inner, innerScale, reduceMap } from './helpers/array-reference.js';
import {
  ARRAY_OPS,
  ARRAY_VARIABLES,
  type ArrayBackend,
  arrayPropertyParameters,
  arrayPropertyRuns,
  buildProgram,
  compiledBackends,
  type Program,
  type ProgramCase,
  type ProgramInputs,
  type ProgramResults,
  programArbitrary,
} from './helpers/random-array-program.js';
import { propertySeed } from './helpers/random-graph.js';

const H = 1e-6;
const ATOL = 1e-5;
const RTOL = 1e-3;
/** Points whose kink arguments are this close to 0 (times their directional slope, if above 1) are skipped. */
const KINK_MARGIN = 1e-4;
/**
 * Forward and reverse mode agree to IDENTITY_REL relative to Σ|ūᵢ·(J·v)ᵢ| +
 * Σ|(Jᵀū)ⱼ·vⱼ|, plus IDENTITY_FLOOR·‖ū‖₁·max |ṅ| over every node n of the
 * program: where J·v comes out of cancellation (mean(softmax(y)) has
 * derivative 0, computed as a few ulps of the tangents inside), the rounding
 * is a few ulps of the intermediate tangents, not of the result.
 */
const IDENTITY_REL = 1e-10;
const IDENTITY_FLOOR = 1e-12;
/** Relative difference allowed between the scalar engine's compiled derivatives and the direct sweeps (summation order). */
const CLOSE = 1e-12;

const tag = `seed ${propertySeed}, ${arrayPropertyRuns} programs`;

const data = (v: Value) => (typeof v === 'number' ? Float64Array.of(v) : v.data);

/** The program's bindings, direction and cotangents from the drawn case. */
function inputsOf(c: ProgramCase, program: Program): ProgramInputs {
  const used = new Set(tape(program.outputs).variables.keys());
  const value = (i: number, list: readonly number[][]) => (c.shapes[i].length === 0 ? list[i][0] : Float64Array.from(list[i]));
  const at = new Map(ARRAY_VARIABLES.map((name, i) => [name, value(i, c.point as number[][])] as const));
  const direction = new Map(ARRAY_VARIABLES.flatMap((name, i) => (used.has(name) ? [[name, value(i, c.direction as number[][])] as const] : [])));
  let offset = 0;
  const cotangents = program.outputs.map((o) => {
    const u = Float64Array.from(c.cotangent.slice(offset, offset + o.size));
    offset += o.size;
    return o.shape.length === 0 ? u[0] : u;
  });
  return { at, direction, cotangents };
}

/** The direct sweeps: evaluate, jvp and vjp on the array interpreter. */
const direct: ArrayBackend = {
  name: 'direct sweeps',
  run(outputs, { at, direction, cotangents }) {
    const forward = jvp(outputs, at, direction);
    const reverse = vjp(outputs, at, cotangents);
    const values = (evaluate(outputs, at) as Value[]).map(data);
    (forward.value as Value[]).forEach((v, r) => same(`jvp value of output ${r + 1}`, data(v), values[r]));
    (reverse.value as Value[]).forEach((v, r) => same(`vjp value of output ${r + 1}`, data(v), values[r]));
    return {
      values,
      tangents: (forward.tangent as Value[]).map(data),
      gradient: new Map(Object.entries(reverse.gradient).map(([name, g]) => [name, data(g as Value)] as const)),
    };
  },
};

/** Throws (for fast-check to report and shrink) unless two arrays hold the same bits. */
function same(what: string, a: Float64Array, b: Float64Array): void {
  if (a.length !== b.length) throw new Error(`${what}: ${a.length} elements vs ${b.length}`);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) throw new Error(`${what}: element ${i} is ${a[i]} vs ${b[i]}`);
}

/** Throws unless two arrays agree to rounding (a few ulps of the larger, or the same non-finite value). */
function close(what: string, a: Float64Array, b: Float64Array): void {
  if (a.length !== b.length) throw new Error(`${what}: ${a.length} elements vs ${b.length}`);
  for (let i = 0; i < a.length; i++) {
    if (Object.is(a[i], b[i]) || Math.abs(a[i] - b[i]) <= CLOSE * Math.max(Math.abs(a[i]), Math.abs(b[i]))) continue;
    throw new Error(`${what}: element ${i} is ${a[i]} vs ${b[i]}`);
  }
}

/** ⟨ū, J·v⟩ and ⟨Jᵀū, v⟩ with the scale of their rounding errors. */
function sides(results: ProgramResults, inputs: ProgramInputs): { left: number; right: number; scale: number } {
  const flat = (u: number | Float64Array) => (typeof u === 'number' ? Float64Array.of(u) : u);
  let left = 0;
  let right = 0;
  let scale = 0;
  results.tangents.forEach((t, r) => {
    left += inner(flat(inputs.cotangents[r]), t);
    scale += innerScale(flat(inputs.cotangents[r]), t);
  });
  for (const [name, v] of inputs.direction) {
    const g = results.gradient.get(name);
    if (g === undefined) throw new Error(`vjp has no gradient for '${name}'`);
    right += inner(g, flat(v));
    scale += innerScale(g, flat(v));
  }
  return { left, right, scale };
}

/** The direction for the variables of `nodes` only (jvp refuses names that are not variables of its graph). */
function restricted(direction: ProgramInputs['direction'], nodes: readonly Node[]): Map<string, number | Float64Array> {
  const used = new Set(tape(nodes).variables.keys());
  return new Map([...direction].filter(([name]) => used.has(name)));
}

/** ‖ū‖₁ over every output. */
function cotangentNorm(inputs: ProgramInputs): number {
  return inputs.cotangents.reduce<number>((s, u) => s + (typeof u === 'number' ? Math.abs(u) : u.reduce((t, x) => t + Math.abs(x), 0)), 0);
}

/** The largest |tangent| of any element of any node of the program along the direction. */
function largestTangent(program: Program, inputs: ProgramInputs): number {
  const nodes = tape(program.outputs).nodes.filter((n) => n.op !== undefined);
  if (nodes.length === 0) return 0;
  const { tangent } = jvp(nodes, inputs.at, restricted(inputs.direction, nodes));
  return (tangent as Value[]).reduce<number>((m, t) => data(t).reduce((q, x) => Math.max(q, Math.abs(x)), m), 0);
}

/** True if some kink of the program lies within the margin of the point (along the direction). */
function nearKink(program: Program, inputs: ProgramInputs): boolean {
  if (program.kinks.length === 0) return false;
  const nodes = program.kinks.map((k) => k.node);
  const { value, tangent } = jvp(nodes, inputs.at, restricted(inputs.direction, nodes));
  const close = (x: number, slope: number) => Math.abs(x) <= KINK_MARGIN * Math.max(1, Math.abs(slope));
  return program.kinks.some((kink, q) => {
    const x = data((value as Value[])[q]);
    const t = data((tangent as Value[])[q]);
    if (kink.kind === 'zero') return x.some((xi, i) => close(xi, t[i]));
    // a max reduction: the gap between the two largest elements of each group, and how fast it moves
    const { terms } = reduceMap(kink.node.shape, kink.axes, false);
    return terms.some((group) => {
      if (group.length < 2) return false;
      const sorted = group.slice().sort((i, j) => x[j] - x[i]);
      return close(x[sorted[0]] - x[sorted[1]], t[sorted[0]] - t[sorted[1]]);
    });
  });
}

/** ⟨ū, f(x + s·h·v)⟩ summed over the outputs. */
function projected(program: Program, inputs: ProgramInputs, s: number): number {
  const at = new Map(inputs.at);
  for (const [name, v] of inputs.direction) {
    const x = inputs.at.get(name)!;
    at.set(name, typeof x === 'number' ? x + s * H * (v as number) : x.map((xi, i) => xi + s * H * (v as Float64Array)[i]));
  }
  const values = evaluate(program.outputs, at) as Value[];
  return values.reduce<number>((total, y, r) => {
    const u = inputs.cotangents[r];
    return total + inner(typeof u === 'number' ? [u] : u, data(y));
  }, 0);
}

/** Counts the ops and primitives each run uses, and checks after the run that none was missed. */
class Coverage {
  readonly ops = new Map<string, number>();
  readonly primitives = new Set<string>();
  programs = 0;
  skipped = 0;
  empty = 0;

  record(program: Program): void {
    this.programs++;
    for (const op of program.ops) this.ops.set(op, (this.ops.get(op) ?? 0) + 1);
    for (const node of tape(program.outputs).nodes) if (node.op !== undefined) this.primitives.add(node.op.name);
    if (program.outputs.some((o) => o.size === 0) || tape(program.outputs).nodes.some((n) => n.size === 0)) this.empty++;
  }

  check(): void {
    if (process.env.WENGERT_COVERAGE_REPORT) console.log(JSON.stringify({ programs: this.programs, skipped: this.skipped, empty: this.empty, ops: Object.fromEntries(this.ops), primitives: [...this.primitives].sort() }));
    expect(this.programs).toBe(arrayPropertyRuns);
    expect(this.skipped, 'programs skipped next to a kink').toBeLessThan(0.2 * arrayPropertyRuns);
    if (arrayPropertyRuns < 200) return;
    const rare = ARRAY_OPS.filter((op) => (this.ops.get(op) ?? 0) < 0.02 * arrayPropertyRuns);
    expect(rare, 'ops used in fewer than 2% of the programs').toEqual([]);
    const structural = ['broadcastTo', 'reshape', 'transpose', 'slice', 'pad', 'concat', 'take', 'scatterAdd', 'reduceSum', 'reduceMax', 'matmul', 'where', 'less', 'greater'];
    expect(structural.filter((p) => !this.primitives.has(p)), 'primitives never reached').toEqual([]);
    expect(this.empty, 'programs with an empty array somewhere').toBeGreaterThan(0.005 * arrayPropertyRuns);
  }
}

/** fast-check reports a program by its text. */
function described(c: ProgramCase): ProgramCase {
  return Object.assign(Object.create({ [fc.toStringMethod]: () => `${JSON.stringify(c.shapes)} ${buildProgram(c.roots, c.shapes).texts.join(' ; ')}` }) as object, c) as ProgramCase;
}

describe('random array programs', () => {
  it(`values agree across sweeps; ⟨ū, J·v⟩ = ⟨Jᵀū, v⟩; both modes match centered differences of ⟨ū, f(x + h·v)⟩ (h = ${H}, atol ${ATOL}, rtol ${RTOL}) away from kinks; compiled backends (hook) agree bit for bit (${tag})`, () => {
    const coverage = new Coverage();
    fc.assert(
      fc.property(programArbitrary().map(described), (c) => {
        const program = buildProgram(c.roots, c.shapes);
        coverage.record(program);
        const inputs = inputsOf(c, program);
        const results = direct.run(program.outputs, inputs);
        results.values.forEach((y, r) => {
          if (!y.every(Number.isFinite)) throw new Error(`output ${r + 1} has a non-finite element: the generator left the domain`);
        });

        // 1. forward against reverse
        const { left, right, scale } = sides(results, inputs);
        // the floor costs a sweep over every node: computed only when the difference is not already within the scale
        const floor = Math.abs(left - right) <= IDENTITY_REL * scale ? 0 : IDENTITY_FLOOR * cotangentNorm(inputs) * largestTangent(program, inputs);
        if (!(Math.abs(left - right) <= IDENTITY_REL * scale + floor + 1e-300)) {
          throw new Error(`⟨ū, J·v⟩ = ${left} but ⟨Jᵀū, v⟩ = ${right} (difference ${Math.abs(left - right)}, scale ${scale}, floor ${floor})`);
        }

        // 2. both against centered differences, unless a kink is within reach of the step
        if (nearKink(program, inputs)) coverage.skipped++;
        else {
          const numeric = (projected(program, inputs, 1) - projected(program, inputs, -1)) / (2 * H);
          const tolerance = ATOL + RTOL * Math.abs(numeric);
          if (!(Math.abs(left - numeric) <= tolerance)) throw new Error(`forward ⟨ū, J·v⟩ = ${left}, centered difference ${numeric}`);
          if (!(Math.abs(right - numeric) <= tolerance)) throw new Error(`reverse ⟨Jᵀū, v⟩ = ${right}, centered difference ${numeric}`);
        }

        // 3. every compiled backend against the direct sweeps: bit for bit on array graphs; a graph with no
        //    array node compiles to the scalar engine, whose schedule reorders adjoint sums (values bit for
        //    bit, derivatives to rounding); and the compiled backends against each other bit for bit
        const arrays = tape(program.outputs).nodes.some((n) => n.shape.length > 0);
        const derivative = arrays ? same : close;
        let first: ProgramResults | undefined;
        for (const backend of compiledBackends) {
          const other = backend.run(program.outputs, inputs);
          other.values.forEach((y, r) => same(`${backend.name}: value of output ${r + 1}`, y, results.values[r]));
          other.tangents.forEach((t, r) => derivative(`${backend.name}: tangent of output ${r + 1}`, t, results.tangents[r]));
          // a variable bound but not in the graph is not an input of the compiled program: the direct gradient gives it zeros
          for (const [name, g] of results.gradient) derivative(`${backend.name}: gradient of '${name}'`, other.gradient.get(name) ?? new Float64Array(g.length), g);
          if (first === undefined) first = other;
          else {
            other.tangents.forEach((t, r) => same(`${backend.name}: tangent of output ${r + 1} (against ${compiledBackends[0].name})`, t, first!.tangents[r]));
            for (const [name, g] of first.gradient) same(`${backend.name}: gradient of '${name}' (against ${compiledBackends[0].name})`, other.gradient.get(name) ?? new Float64Array(0), g);
          }
        }
      }),
      arrayPropertyParameters(),
    );
    coverage.check();
    // 2,500 programs, each compiled on both backends: 63–78 s at load 15–20 on
    // two cores and 106 s at load 16 — over the 60 s default.
  }, 600_000);

  it('the compiled-program hook runs compile() on both backends', () => {
    expect(compiledBackends.map((b) => b.name)).toEqual(['compiled js', 'compiled interpreter']);
    const program = buildProgram([{ t: 'op', op: 'sum', k: 0, args: [{ t: 'var', i: 0, fresh: false }] }], [[2, 3], [], []]);
    const x: Node = tape(program.outputs).nodes.find((n) => n.name === 'x')!;
    expect(compile(program.outputs, [x]).layout.inputSize).toBe(6);
  });
});

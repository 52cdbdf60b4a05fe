/**
 * Scalar graphs before and after arrays: a fixed list of random scalar graphs
 * (test/helpers/random-graph.ts, a seed of its own) and every result the scalar
 * API gives on them — direct sweeps, derivative graphs, function transforms
 and compiled programs on both backends — as the exact bits of
 * each float64.
 *
 * test/fixtures/record-scalar-results.ts runs this on a checkout of the code
 * before arrays and writes test/fixtures/scalar-results-main.json;
 * test/arrays-scalar-unchanged.test.ts runs it on this checkout and compares.
 * Only APIs that exist on both sides are used.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  compile,
  constant,
  evaluate,
  forwardMode,
  grad,
  gradientNodes,
  hessian,
  hvp,
  jacobian,
  jvp,
  type Node,
  reverseMode,
  valueAndGrad,
  variable,
  vjp,
} from '../../src/index.js';
import { ALL_OPS, construct, ELEMENTARY_OPS, type Expr, graphArbitrary, pointArbitrary, show, type VarName, VARIABLE_NAMES, variablesOf, vectorArbitrary, build } from './random-graph.js';

/** Seed and count of the recorded graphs (not the property-test seed: the fixture must not move with it). */
export const SCALAR_RESULTS_SEED = 86_753_090;
export const SCALAR_RESULTS_COUNT = 300;

export interface ScalarCase {
  readonly outputs: readonly Expr[];
  readonly at: Record<VarName, number>;
  readonly direction: Record<VarName, number>;
  readonly cotangent: readonly number[];
}

/** The recorded cases, regenerated from the seed (over the ops of the recording: issue 14's are left out, so the draws are the same). */
export function scalarCases(): ScalarCase[] {
  const ops = ALL_OPS.filter((op) => !ELEMENTARY_OPS.includes(op));
  const arbitrary = fc.tuple(graphArbitrary({ ops }), pointArbitrary(), vectorArbitrary(3), vectorArbitrary(3));
  return fc.sample(arbitrary, { seed: SCALAR_RESULTS_SEED, numRuns: SCALAR_RESULTS_COUNT }).map(([g, at, v, u]) => ({
    outputs: g.outputs,
    at,
    direction: { x: v[0], y: v[1], z: v[2] },
    cotangent: u.slice(0, g.outputs.length),
  }));
}

/** A case's outputs in the library's notation (to check that both sides regenerate the same graphs). */
export function describeCase(c: ScalarCase): string {
  return c.outputs.map(show).join(' ; ');
}

/** The keys of {@link scalarResults}, in order. */
export const RESULT_KEYS = [
  'evaluate',
  'jvp.value',
  'jvp.tangent',
  'vjp.value',
  'vjp.gradient',
  'forwardMode',
  'reverseMode',
  'gradientNodes',
  'gradientNodes²',
  ...['js', 'interpreter'].flatMap((b) => ['evaluate', 'jvp', 'vjp', 'gradient', 'hessian'].map((k) => `compile.${b}.${k}`)),
  'grad',
  'valueAndGrad',
  'jvp(f)',
  'vjp(f)',
  'jacobian',
  'hessian',
  'hvp',
] as const;

/** A short digest of strings (the first 12 hex digits of their SHA-256). */
export function digest(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 12);
}

/** What the fixture keeps: per result key, a digest over every case; per case, a digest of its graph and of every result. */
export interface ScalarDigests {
  readonly keys: Record<string, string>;
  readonly cases: string[];
}

/**
 * Digests of the bits of every result: a mismatch of `keys[k]` says which API
 * changed, a mismatch of `cases[i]` on which graph (so the fixture stays small
 * and a failure still points at both).
 */
export function scalarDigests(cases: readonly ScalarCase[]): ScalarDigests {
  const results = cases.map(scalarResults);
  const keys: Record<string, string> = {};
  for (const k of RESULT_KEYS) keys[k] = digest(results.map((r) => r[k].join(',')));
  return {
    keys,
    cases: cases.map((c, i) => digest([describeCase(c), ...RESULT_KEYS.map((k) => results[i][k].join(','))])),
  };
}

/** The bits of a float64, as 16 hex digits. */
export function bits(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
}

/** The tree applied to nodes standing for x, y, z (the variables a transform passes in), as build() builds it. */
function applyTree(e: Expr, args: Readonly<Record<VarName, Node>>): Node {
  if (e.kind === 'var') return args[e.name];
  if (e.kind === 'const') return constant(e.value);
  return construct(e.op, e.args.map((a) => applyTree(a, args)));
}

/** Every result of the scalar API on one case, by name, as bits. */
export function scalarResults(c: ScalarCase): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const put = (key: string, values: ArrayLike<number> | number) => {
    out[key] = (typeof values === 'number' ? [values] : Array.from(values)).map(bits);
  };
  const { outputs } = build(c.outputs);
  const names = variablesOf(c.outputs);
  const vars = names.map((n) => variable(n));
  const first = outputs[0];

  // direct sweeps
  put('evaluate', evaluate(outputs, c.at));
  // the direction names the graph's own variables only (naming another is an error since issue 9; it never moved anything)
  const direction = Object.fromEntries(Object.entries(c.direction).filter(([n]) => (names as readonly string[]).includes(n)));
  const forward = jvp(outputs, c.at, direction);
  put('jvp.value', forward.value);
  put('jvp.tangent', forward.tangent);
  const reverse = vjp(outputs, c.at, c.cotangent);
  put('vjp.value', reverse.value);
  put('vjp.gradient', names.map((n) => reverse.gradient[n]));
  const own = variablesOf([c.outputs[0]]);
  put('forwardMode', forwardMode(first, c.at, own.length === 0 ? {} : { [own[0]]: 1 }).derivative);
  const { gradient } = reverseMode(first, c.at);
  put('reverseMode', own.map((n) => gradient[n]));

  // derivative graphs, to second order
  const g = gradientNodes(first, vars);
  put('gradientNodes', evaluate(g, c.at));
  put('gradientNodes²', evaluate(gradientNodes(g[0], vars), c.at));

  // compiled programs, both backends
  const x = names.map((n) => c.at[n]);
  const v = names.map((n) => c.direction[n]);
  for (const backend of ['js', 'interpreter'] as const) {
    const p = compile(outputs, vars, { backend });
    put(`compile.${backend}.evaluate`, p.evaluate(x));
    put(`compile.${backend}.jvp`, p.jvp(x, v));
    put(`compile.${backend}.vjp`, p.vjp(x, c.cotangent));
    const q = compile(first, vars, { backend });
    put(`compile.${backend}.gradient`, q.gradient(x));
    put(`compile.${backend}.hessian`, q.hessian(x).flatMap((row) => Array.from(row)));
  }

  // function transforms over x, y, z (every argument, used or not)
  const f = (...args: Node[]) => {
    const byName = { x: args[0], y: args[1], z: args[2] };
    const ys = c.outputs.map((e) => applyTree(e, byName));
    return ys.length === 1 ? ys[0] : ys;
  };
  const f0 = (...args: Node[]) => applyTree(c.outputs[0], { x: args[0], y: args[1], z: args[2] });
  const xyz = VARIABLE_NAMES.map((n) => c.at[n]);
  const dxyz = VARIABLE_NAMES.map((n) => c.direction[n]);
  put('grad', grad(f0)(...xyz) as number[]);
  const vg = valueAndGrad(f0)(...xyz);
  put('valueAndGrad', [vg.value, ...(vg.gradient as number[])]);
  const fj = jvp(f, xyz, dxyz);
  put('jvp(f)', [fj.value, fj.tangent].flat() as number[]);
  const pulled = vjp(f, ...xyz);
  put('vjp(f)', pulled.vjp(c.outputs.length === 1 ? c.cotangent[0] : c.cotangent) as number[]);
  put('jacobian', (jacobian(f)(...xyz) as number[][]).flat());
  put('hessian', (hessian(f0)(...xyz) as number[][]).flat());
  put('hvp', hvp(f0)(xyz, dxyz) as number[]);
  // (nested transforms such as grad(grad(f)) are new with arrays: test/arrays-transforms.test.ts checks them)
  return out;
}

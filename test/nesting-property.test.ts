/**
 * Nested transforms on random graphs (helpers/random-graph.ts, fixed seed):
 * every composition of forward (jvp) and reverse (grad) mode to order 4 — 2 + 4 +
 * 8 + 16 orders of nesting — gives the k-th derivative of t ↦ f(p + t·v) at 0,
 * against nested `gradientNodes` (exact) and a centered difference of the exact
 * order k − 1. The matrix transforms nest too: hessian = jacobian∘grad, hvp =
 * jvp∘grad = grad∘jvp = the vjp of grad, at order 4 (on second derivatives),
 * and valueAndGrad traced inside grad. Smooth ops only (kinks have no higher
 * derivatives); tame magnitudes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  constant,
  evaluate,
  grad,
  gradientNodes,
  hessian,
  hvp,
  jacobian,
  jvp,
  mul,
  type Node,
  substitute,
  sum,
  valueAndGrad,
  variable,
  vjp,
} from '../src/index.js';
import { ALL_OPS, build, exprArbitrary, KINK_OPS, propertyParameters, propertyRuns, propertySeed, show, type Expr } from './helpers/random-graph.js';

/** Graphs per property: nesting to order 4 traces 30 compositions per graph. */
const RUNS = Math.max(40, Math.round(propertyRuns / 100));
const SMOOTH = ALL_OPS.filter((op) => !KINK_OPS.includes(op));
const NAMES = ['x', 'y', 'z'] as const;
/** Exact routes agree to a relative 1e-9 of the largest derivative of that order or below (they round differently). */
const REL = 1e-9;
/** Centered differences: step, and a tolerance relative to the derivatives' size (PyTorch gradcheck's rtol). */
const H = 1e-5;
const FD = 1e-3;

type F3 = (x: Node, y: Node, z: Node) => Node;
type Level = 'F' | 'R';

/** The random graph as a function of three nodes (its variables x, y, z replaced by them). */
function asFunction(e: Expr): F3 {
  const [g] = build([e]).outputs;
  return (x, y, z) => substitute([g], new Map([['x', x], ['y', y], ['z', z]]))[0];
}

function dot3(g: readonly unknown[], v: readonly number[]): Node {
  return add(add(mul(g[0] as Node, v[0]), mul(g[1] as Node, v[1])), mul(g[2] as Node, v[2]));
}

/** One more derivative along v: forward (jvp) or reverse (⟨grad, v⟩), as a function of nodes. */
function along(f: F3, level: Level, v: readonly number[]): F3 {
  if (level === 'F') return (x, y, z) => jvp(f, [x, y, z], v).tangent as Node;
  return (x, y, z) => dot3(grad(f)(x, y, z), v);
}

/** The outermost level at numbers. */
function atNumbers(f: F3, level: Level, p: readonly number[], v: readonly number[]): number {
  if (level === 'F') return jvp(f, p, v).tangent as number;
  const g = grad(f)(...p) as number[];
  return g[0] * v[0] + g[1] * v[1] + g[2] * v[2];
}

/** Every word over {F, R} of length k. */
function words(k: number): Level[][] {
  if (k === 0) return [[]];
  return words(k - 1).flatMap((w) => [[...w, 'F' as Level], [...w, 'R' as Level]]);
}

/** d₀ = f, dₖ = ⟨∇dₖ₋₁, v⟩ by nested gradientNodes, over user variables x, y, z. */
function references(e: Expr, v: readonly number[], order: number): { nodes: Node[]; vars: Node[] } {
  const [g] = build([e]).outputs;
  const vars = NAMES.map((n) => variable(n));
  const nodes = [g];
  for (let k = 1; k <= order; k++) nodes.push(dot3(gradientNodes(nodes[k - 1], vars), v));
  return { nodes, vars };
}

function close(what: string, got: number, want: number, tol: number): void {
  if (!(Math.abs(got - want) <= tol)) throw new Error(`${what}: got ${got}, expected ${want} (error ${Math.abs(got - want)}, tolerance ${tol})`);
}

const point = fc.array(fc.integer({ min: -(2 ** 20), max: 2 ** 20 }).map((n) => (n / 2 ** 20) * 1.9), { minLength: 3, maxLength: 3 });
const direction = fc.array(fc.integer({ min: -(2 ** 20), max: 2 ** 20 }).map((n) => n / 2 ** 20), { minLength: 3, maxLength: 3 });
const graphs = exprArbitrary({ ops: SMOOTH, maxDepth: 3 });
const tag = `seed ${propertySeed}, ${RUNS} graphs`;

describe('nested transforms on random graphs', () => {
  it(`every composition of jvp and grad to order 4 equals nested gradientNodes and a centered difference (${tag})`, () => {
    fc.assert(
      fc.property(graphs, point, direction, (e, p, v) => {
        const at = { x: p[0], y: p[1], z: p[2] };
        const { nodes } = references(e, v, 4);
        const exact = nodes.map((d) => evaluate(d, at));
        if (!exact.every(Number.isFinite)) throw new Error(`reference not finite: ${exact}`);
        const f = asFunction(e);
        for (let k = 1; k <= 4; k++) {
          const scale = Math.max(1, ...exact.slice(0, k + 1).map(Math.abs));
          for (const w of words(k)) {
            let g = f;
            for (const level of w.slice(0, -1)) g = along(g, level, v);
            close(`order ${k}, ${w.join('∘')} (${show(e)})`, atNumbers(g, w[k - 1], p, v), exact[k], REL * scale);
          }
          const shifted = (s: number) => evaluate(nodes[k - 1], { x: p[0] + s * v[0], y: p[1] + s * v[1], z: p[2] + s * v[2] });
          close(`order ${k}, centered difference (${show(e)})`, (shifted(H) - shifted(-H)) / (2 * H), exact[k], FD * scale);
        }
      }),
      propertyParameters({ numRuns: RUNS }),
    );
  });

  it(`the matrix transforms at order 4: hessian = jacobian∘grad = nested gradientNodes on a second derivative; hvp = jvp∘grad = grad∘jvp = vjp of grad (${tag})`, () => {
    fc.assert(
      fc.property(graphs, point, direction, fc.constantFrom<Level[]>(['F', 'F'], ['F', 'R'], ['R', 'F'], ['R', 'R']), (e, p, v, w) => {
        const at = { x: p[0], y: p[1], z: p[2] };
        const f = asFunction(e);
        // g = the second derivative along v by the chosen composition; its Hessian is a fourth derivative
        const g = along(along(f, w[0], v), w[1], v);
        const { nodes, vars } = references(e, v, 2);
        const want = gradientNodes(nodes[2], vars).map((gi) => gradientNodes(gi, vars).map((h) => evaluate(h, at)));
        const scale = Math.max(1, ...want.flat().map(Math.abs));
        const check = (what: string, M: number[][]) => M.forEach((row, i) => row.forEach((h, j) => close(`${what}[${i}][${j}] (${w.join('∘')}, ${show(e)})`, h, want[i][j], REL * scale)));
        check('hessian', hessian(g)(...p));
        check('jacobian∘grad', jacobian((x: Node, y: Node, z: Node) => grad(g)(x, y, z) as Node[])(...p));
        const Hv = want.map((row) => row.reduce((s, h, j) => s + h * v[j], 0));
        const routes: [string, number[]][] = [
          ['hvp', hvp(g)(p, v) as number[]],
          ['jvp∘grad', jvp((x: Node, y: Node, z: Node) => grad(g)(x, y, z) as Node[], p, v).tangent as number[]],
          ['grad∘jvp', grad((x: Node, y: Node, z: Node) => jvp(g, [x, y, z], v).tangent as Node)(...p) as number[]],
          ['vjp of grad', vjp((x: Node, y: Node, z: Node) => grad(g)(x, y, z) as Node[], ...p).vjp(v) as number[]],
          ['grad of valueAndGrad', grad((x: Node, y: Node, z: Node) => dot3((valueAndGrad(g)(x, y, z) as unknown as { gradient: Node[] }).gradient, v))(...p) as number[]],
        ];
        for (const [what, got] of routes) got.forEach((h, i) => close(`${what}[${i}] (${w.join('∘')}, ${show(e)})`, h, Hv[i], REL * scale));
      }),
      propertyParameters({ numRuns: RUNS }),
    );
  });

  it(`arrays: the same compositions on f(X) with X of shape [3] to order 3, and hessian of an array argument (${tag})`, () => {
    fc.assert(
      fc.property(graphs, point, direction, (e, p, v) => {
        const at = { x: p[0], y: p[1], z: p[2] };
        const { nodes } = references(e, v, 3);
        const exact = nodes.map((d) => evaluate(d, at));
        const f = asFunction(e);
        const ofArray = (F: F3) => (X: Node) => {
          const [x, y, z] = [0, 1, 2].map((i) => sum(mul(X, constant([0, 1, 2].map((j) => (j === i ? 1 : 0))))));
          return F(x, y, z);
        };
        type A = (X: Node) => Node;
        const V = Float64Array.from(v);
        const alongA = (a: A, level: Level): A =>
          level === 'F' ? (X) => jvp(a, [X], [V]).tangent as Node : (X) => sum(mul((grad(a)(X) as Node[])[0], constant(V)));
        const outer = (a: A, level: Level): number => {
          if (level === 'F') return jvp(a, [Float64Array.from(p)], [V]).tangent as number;
          const g = (grad(a)(Float64Array.from(p)) as { data: Float64Array }[])[0].data;
          return g[0] * v[0] + g[1] * v[1] + g[2] * v[2];
        };
        for (let k = 1; k <= 3; k++) {
          const scale = Math.max(1, ...exact.slice(0, k + 1).map(Math.abs));
          for (const w of words(k)) {
            let a: A = ofArray(f);
            for (const level of w.slice(0, -1)) a = alongA(a, level);
            close(`arrays, order ${k}, ${w.join('∘')} (${show(e)})`, outer(a, w[k - 1]), exact[k], REL * scale);
          }
        }
        const Hs = hessian(f)(...p);
        const Ha = hessian(ofArray(f))(Float64Array.from(p));
        const hscale = Math.max(1, ...Hs.flat().map(Math.abs));
        Ha.forEach((row, i) => row.forEach((h, j) => close(`arrays, hessian[${i}][${j}] (${show(e)})`, h, Hs[i][j], REL * hscale)));
      }),
      propertyParameters({ numRuns: Math.max(20, Math.round(RUNS / 2)) }),
    );
  });
});

it('the property runs at least 40 graphs', () => {
  expect(RUNS).toBeGreaterThanOrEqual(40);
});

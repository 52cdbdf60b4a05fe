/**
 * One graph, every route the library differentiates it by: evaluate, forward
 * mode (one tangent sweep per variable), reverse mode, the derivative graph
 * (gradientNodes, evaluated), and compiled programs on both backends. Each
 * route's value and gradient are returned flat (array variables row-major),
 * so a test can hold every route to the same expected numbers, and the two
 * compiled backends to each other bit for bit.
 */
import { compile, evaluate, forwardMode, gradientNodes, type Node, reverseMode } from '../../src/index.js';

/** A value or a gradient entry, flat: a scalar is one number, an array its elements in row-major order. */
function flat(v: unknown): number[] {
  if (typeof v === 'number') return [v];
  if (v instanceof Float64Array) return [...v];
  if (v !== null && typeof v === 'object' && 'data' in v) return [...(v as { data: Float64Array }).data];
  throw new Error(`routes: unexpected value ${String(v)}`);
}

export interface RouteResult {
  readonly value: number;
  /** ∂/∂(each variable, in order), each flattened, concatenated. */
  readonly gradient: number[];
}

/** The value and gradient of a scalar output `f` of the variables `wrt` at `at`, by every route. */
export function routes(f: Node, wrt: readonly Node[], at: Readonly<Record<string, number | readonly number[]>>): Record<string, RouteResult> {
  const names = wrt.map((w) => w.name!);
  const bindings = Object.fromEntries(names.map((n) => [n, typeof at[n] === 'number' ? at[n] : Float64Array.from(at[n] as number[])]));
  const sizes = wrt.map((w) => w.shape.reduce((s, d) => s * d, 1));
  const out: Record<string, RouteResult> = {};
  out.evaluate = { value: evaluate(f, bindings) as number, gradient: [] };
  const reverse = reverseMode(f, bindings);
  out.reverse = { value: reverse.value, gradient: names.flatMap((n) => flat((reverse.gradient as Record<string, unknown>)[n])) };
  // forward: one sweep per element of each variable; the direction names that variable only
  // (the others are structural zeros, so an infinite partial along them cannot make 0·∞)
  const forward: number[] = [];
  let forwardValue = NaN;
  wrt.forEach((w, k) => {
    for (let e = 0; e < sizes[k]; e++) {
      let d: number | Float64Array = 1;
      if (w.shape.length > 0) {
        d = new Float64Array(sizes[k]);
        d[e] = 1;
      }
      const direction = { [names[k]]: d };
      const r = forwardMode(f, bindings, direction);
      forwardValue = r.value as number;
      forward.push(r.derivative as number);
    }
  });
  out.forward = { value: forwardValue, gradient: forward };
  const graphs = gradientNodes(f, [...wrt]);
  out.gradientNodes = { value: evaluate(f, bindings) as number, gradient: graphs.flatMap((g) => flat(evaluate(g, bindings))) };
  const point = names.flatMap((n) => flat(bindings[n]));
  for (const backend of ['js', 'interpreter'] as const) {
    const p = compile(f, [...wrt], { backend });
    out[backend] = { value: p.evaluate(point)[0], gradient: [...p.gradient(point)] };
  }
  return out;
}

/** Whether a and b are the same double (NaN matches NaN; signed zeros differ only when `signed`). */
export function sameNumber(a: number, b: number, signed = false): boolean {
  if (Number.isNaN(b)) return Number.isNaN(a);
  return signed ? Object.is(a, b) : a === b;
}

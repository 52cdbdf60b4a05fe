/**
 * Small random array programs for the compiled-engine tests: a few variables of
 * random shapes (extents 1–4, ranks 0–3), then a chain of random ops drawn over
 * everything built so far — elementwise ops with broadcasting, every
 * structural op (slices with steps, transposes, reshapes, broadcasts, pads,
 * concatenations, gathers, reductions, matrix products), comparisons and
 * `where` — and a scalar loss Σ wᵢ·outputᵢ for the gradients. Values stay
 * tame (tanh before exp, 1 + x² under sqrt and log), but any NaN the program
 * makes must still agree bit for bit between the engines.
 */
import {
  abs,
  add,
  broadcastTo,
  concat,
  constant,
  exp,
  greater,
  log,
  logSumExp,
  matmul,
  max,
  mean,
  min,
  mul,
  neg,
  type Node,
  pad,
  Random,
  relu,
  reshape,
  sin,
  slice,
  softmax,
  sqrt,
  square,
  sub,
  sum,
  take,
  tanh,
  transpose,
  variable,
  where,
} from '../../src/index.js';

/** Numbers in [0, 1) from the library's seeded generator. */
export function random(seed: number): () => number {
  const r = new Random(seed);
  return () => r.float();
}

/** A random program: its variables, its outputs, a scalar loss over them, and a point. */
export interface ArrayProgramCase {
  readonly variables: readonly Node[];
  readonly outputs: readonly Node[];
  readonly loss: Node;
  /** Every variable's values, flat, in the order of `variables`. */
  readonly point: Float64Array;
  /** A description for failure messages. */
  readonly description: string;
}

/** Draws a program from `rand`; `steps` ops after the variables. */
export function randomArrayProgram(rand: () => number, steps = 6): ArrayProgramCase {
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const shape = () => Array.from({ length: int(0, 3) }, () => int(1, 4));
  const variables = Array.from({ length: int(1, 3) }, (_, k) => variable(`v${k}`, shape()));
  const pool: Node[] = [...variables];
  const log_: string[] = variables.map((v) => `${v.name}: [${v.shape}]`);
  const node = () => pick(pool.slice(-4));

  /** A node that broadcasts against x: a reduction of x over some axes (kept), a scalar, or x itself. */
  const partner = (x: Node): Node => {
    const r = x.shape.length;
    if (r === 0 || rand() < 0.3) return rand() < 0.5 ? sum(x) : x;
    const axes = Array.from({ length: r }, (_, k) => k).filter(() => rand() < 0.5);
    if (axes.length === 0) return tanh(x);
    return mean(x, { axis: axes, keepdims: true });
  };

  const ops: ((x: Node) => Node | undefined)[] = [
    (x) => pick([neg, tanh, sin, abs, relu, square, (v: Node) => exp(tanh(v)), (v: Node) => sqrt(add(1, square(v))), (v: Node) => log(add(1, square(v)))])(x),
    (x) => pick([add, mul, sub, max, min])(x, partner(x)),
    (x) => pick([add, mul])(partner(x), x),
    (x) => where(greater(x, partner(x)), x, mul(0.5, x)),
    (x) => {
      if (x.shape.length === 0) return undefined;
      const spec = x.shape.map((d) => {
        const start = int(0, d - 1);
        return [start, int(start + 1, d), int(1, 3)] as [number, number, number];
      });
      return slice(x, spec);
    },
    (x) => {
      const r = x.shape.length;
      if (r < 2) return undefined;
      const perm = Array.from({ length: r }, (_, k) => k).sort(() => rand() - 0.5);
      return transpose(x, perm);
    },
    (x) => {
      if (x.shape.length === 0) return reshape(x, [1, 1]);
      const choice = int(0, 2);
      if (choice === 0) return reshape(x, [x.size]);
      if (choice === 1) return reshape(x, [1, ...x.shape]);
      const k = int(0, x.shape.length - 1);
      if (k + 1 >= x.shape.length) return reshape(x, [...x.shape, 1]);
      return reshape(x, [...x.shape.slice(0, k), x.shape[k] * x.shape[k + 1], ...x.shape.slice(k + 2)]);
    },
    (x) => {
      const s = x.shape.map((d) => (d === 1 ? int(1, 3) : d));
      return broadcastTo(x, rand() < 0.5 ? [int(1, 3), ...s] : s);
    },
    (x) => {
      if (x.shape.length === 0) return undefined;
      return pad(
        x,
        x.shape.map(() => [int(0, 2), int(0, 2)] as [number, number]),
        pick([0, 0, -1.5]),
      );
    },
    (x) => {
      const r = x.shape.length;
      if (r === 0) return undefined;
      const axis = int(0, r - 1);
      const other = rand() < 0.5 ? tanh(x) : slice(x, x.shape.map((d, k) => (k === axis ? [0, int(1, d)] : null)) as never);
      return concat([x, other], axis);
    },
    (x) => {
      const r = x.shape.length;
      if (r === 0) return undefined;
      const axes = Array.from({ length: r }, (_, k) => k).filter(() => rand() < 0.6);
      const keepdims = rand() < 0.5;
      const f = pick(['sum', 'max', 'mean', 'logSumExp'] as const);
      if (f === 'sum') return sum(x, { axis: axes, keepdims });
      if (f === 'max') return max(x, { axis: axes, keepdims });
      if (f === 'mean') return mean(x, { axis: axes, keepdims });
      return logSumExp(x, { axis: axes, keepdims });
    },
    (x) => {
      const r = x.shape.length;
      if (r === 0) return undefined;
      if (r === 1) return matmul(reshape(x, [1, x.shape[0]]), broadcastTo(reshape(tanh(x), [x.shape[0], 1]), [x.shape[0], 2]));
      const t = transpose(x, [...Array.from({ length: r - 2 }, (_, k) => k), r - 1, r - 2]);
      return rand() < 0.5 ? matmul(x, t) : matmul(t, x);
    },
    (x) => {
      const r = x.shape.length;
      if (r === 0) return undefined;
      const axis = int(0, r - 1);
      const indices = Array.from({ length: int(1, 4) }, () => int(0, x.shape[axis] - 1));
      return take(x, indices, axis);
    },
    (x) => (x.shape.length === 0 ? undefined : softmax(x, -1)),
  ];

  for (let s = 0; s < steps; s++) {
    const x = node();
    const k = int(0, ops.length - 1);
    const y = ops[k](x);
    if (y === undefined || y.size > 400) continue;
    pool.push(y);
    log_.push(`op ${k} on [${x.shape}] → [${y.shape}]`);
  }
  const outputs = pool.slice(-2);
  const weights = outputs.map((o) => (o.shape.length === 0 ? constant(rand() - 0.5) : constant(Float64Array.from({ length: o.size }, () => rand() - 0.5), o.shape)));
  const loss = sum(outputs.map((o, r) => sum(mul(o, weights[r]))));
  const size = variables.reduce((n, v) => n + v.size, 0);
  const point = Float64Array.from({ length: size }, () => 3 * rand() - 1.5);
  return { variables, outputs, loss, point, description: log_.join('; ') };
}

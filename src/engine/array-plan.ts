/**
 * The plan of a compiled array program: which slots get a buffer, and the
 * steps that fill them, in order. A step is a loop over an output's positions
 * whose body is an expression tree (elementwise ops over reads through views,
 * selects for pads and concatenations), a reduction (a loop over its input's
 * positions, accumulating in row-major order), or a call to a kernel (matmul,
 * take, scatter-add, interior pad).
 *
 * With `fuse` (the js backend) an elementwise op is inlined into the loop of
 * its consumer — chains become one pass over memory, views become index
 * arithmetic in that pass, and a reduction's producer runs inside the
 * reduction's loop — unless its value is needed by a kernel, is an output, or
 * is used several times (or read through a broadcast) and is not cheap to
 * recompute. Without it (the interpreter) every op is a step of its own; views
 * are never copied either way. Both give the same numbers bit for bit: every
 * element goes through the same operations in the same order.
 */
import { type Shape, sizeOf, stridesOf } from '../graph/shape.js';
import type { Primitive } from '../ops/primitive.js';
import { type ArrayIR, VIEW_OPS } from './array-ir.js';
import { mergeSiblings } from './array-siblings.js';
import { type Expr, Exprs, type LoopStep, type Operand, type Plan, type Read, type Step } from './array-steps.js';
import { type Form, identityMap, type IndexMap, loopRank, offsetForm, throughBroadcast, throughConcat, throughPad, throughReshape, throughSlice, throughTranspose } from './array-views.js';

/** Options of {@link planArrays}. */
export interface PlanOptions {
  /** Inline elementwise producers into their consumers' loops (the js backend). */
  readonly fuse: boolean;
  /** Largest expression (ops and reads, counted with repeats) inlined into one loop body. */
  readonly maxExpression?: number;
  /** Largest cost (see {@link opCost}) recomputed rather than stored when a value is used twice. */
  readonly recompute?: number;
}

/** Expressions above this size are cut: generated functions stay bounded. */
export const MAX_EXPRESSION = 64;
/** Views composed into one read at most. */
const MAX_VIEWS = 64;
/**
 * A value used several times is recomputed by each user when it costs at most
 * this much (see {@link opCost}): arithmetic is recomputed, a transcendental is
 * stored. Measured with bench/arrays-engine.ts: storing every shared value
 * (0) made the Rosenbrock gradient 2.5–5× slower (x[i+1] − x[i]² and 200·that
 * went through memory); recomputing everything made the 64-32-10 MLP step 2×
 * slower (tanh and exp computed again by each user).
 */
export const RECOMPUTE = 8;

const EXPENSIVE = new Set([
  'exp', 'log', 'log1p', 'tanh', 'sin', 'cos', 'pow',
  'tan', 'asin', 'acos', 'atan', 'atan2', 'sinh', 'cosh', 'asinh', 'acosh', 'atanh', 'expm1', 'log2', 'log10', 'hypot', 'sinc',
]);

/** Relative cost of one element of an op: 1 for arithmetic, 4 for a division, a root or a several-step rounding (mod, round), 20 for a transcendental. */
export function opCost(name: string, arity: number): number {
  if (EXPENSIVE.has(name)) return 20;
  if (name === 'reciprocal' || name === 'sqrt' || name === 'mod' || name === 'round') return 4;
  if (name === 'sum' || name === 'dot') return arity;
  return 1;
}

const KERNELS = new Set(['matmul', 'take', 'scatterAdd', 'reduceSum', 'reduceMax']);

/** Row-major strides of the kept axes of `shape`, 0 along the reduced ones. */
function keptStrides(shape: Shape, reduced: readonly boolean[]): number[] {
  const strides = new Array<number>(shape.length).fill(0);
  let s = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    if (reduced[k]) continue;
    strides[k] = s;
    s *= shape[k];
  }
  return strides;
}

/** A loop that stores expr at every position of `shape` into dest, row-major. */
function store(dest: number, shape: Shape, expr: Expr): LoopStep {
  return { kind: 'loop', shape, effects: [{ dest, kind: 'store', out: { c: 0, a: stridesOf(shape) }, expr, guard: [] }] };
}

function isContiguous(form: Form, shape: Shape): boolean {
  const rs = stridesOf(shape);
  return shape.every((d, k) => d === 1 || form.a[k] === rs[k]);
}

/**
 * Plans `ir`: decides which slots get buffers and builds the steps.
 * @example
 * ```ts
 * const x = variable('x', [1000]);
 * const ir = lowerArrays([exp(mul(x, x))], 'compile');
 * planArrays(ir, { fuse: true }).steps.length;  // 1: one loop, exp(x·x)
 * planArrays(ir, { fuse: false }).steps.length; // 2
 * ```
 */
export function planArrays(ir: ArrayIR, options: PlanOptions): Plan {
  const n = ir.slots.length;
  const buffered = new Uint8Array(n);
  decide(ir, options, buffered);
  const plan = build(ir, buffered);
  return options.fuse ? mergeSiblings(plan, options.maxExpression ?? MAX_EXPRESSION) : plan;
}

/** The slot under a chain of views (stopping at a buffered view). */
function baseOf(ir: ArrayIR, s: number, buffered: Uint8Array): { base: number; amplified: boolean } {
  let amplified = false;
  let b = s;
  while (!buffered[b] && ir.uniform[b] === undefined && ir.slots[b].op !== undefined && VIEW_OPS.has(ir.slots[b].op!.name)) {
    const x = ir.slots[b].operands[0];
    if (ir.slots[b].op!.name === 'broadcastTo' && ir.slots[b].size > ir.slots[x].size) amplified = true;
    b = x;
  }
  return { base: b, amplified };
}

/** Marks the slots that get a buffer (adding to the marks already there). */
function decide(ir: ArrayIR, options: PlanOptions, buffered: Uint8Array): void {
  const { slots } = ir;
  const n = slots.length;
  const maxExpression = options.maxExpression ?? MAX_EXPRESSION;
  const recompute = options.recompute ?? RECOMPUTE;
  const computed = (s: number) => ir.uniform[s] === undefined && slots[s].kind === 'op' && !VIEW_OPS.has(slots[s].op!.name);
  const uses = new Int32Array(n);
  const amplified = new Uint8Array(n);
  for (const o of ir.outputs) if (computed(o)) buffered[o] = 1;
  // a long chain of views is cut by a copy: reads compose their views one by one
  const chain = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    const slot = slots[s];
    if (slot.kind !== 'op' || !VIEW_OPS.has(slot.op!.name) || buffered[s] || ir.uniform[s] !== undefined) continue;
    chain[s] = 1 + chain[slot.operands[0]];
    if (chain[s] > MAX_VIEWS) {
      buffered[s] = 1;
      chain[s] = 0;
    }
  }
  for (let s = 0; s < n; s++) {
    const slot = slots[s];
    if (!computed(s)) continue;
    const kernel = KERNELS.has(slot.op!.name);
    if (kernel || !options.fuse) buffered[s] = 1;
    slot.operands.forEach((q, k) => {
      const { base, amplified: amp } = baseOf(ir, q, buffered);
      uses[base]++;
      if (amp) amplified[base] = 1;
      // kernels read buffers; a reduction inlines its producer
      const reduction = slot.op!.name === 'reduceSum' || slot.op!.name === 'reduceMax';
      if (kernel && !reduction && computed(base)) buffered[base] = 1;
      if (slot.op!.name === 'pad' && k === 0 && (slot.attrs as { interior: readonly number[] }).interior.some((v) => v !== 0) && computed(base)) buffered[base] = 1;
    });
  }
  if (!options.fuse) return;
  const cost = new Float64Array(n);
  const size = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    if (!computed(s) || KERNELS.has(slots[s].op!.name)) continue;
    const slot = slots[s];
    // an operand used twice (x·x) is computed once per position
    const bases = [...new Set(slot.operands.map((q) => baseOf(ir, q, buffered).base))];
    const measure = () => {
      let c = slot.op!.kind === 'structural' ? 1 : opCost(slot.op!.name, slot.operands.length);
      let z = 1;
      for (const b of bases) {
        const inline = computed(b) && !buffered[b];
        c += inline ? cost[b] : 0;
        z += inline ? size[b] : 1;
      }
      cost[s] = c;
      size[s] = z;
    };
    measure();
    while (size[s] > maxExpression) {
      let largest = -1;
      for (const b of bases) if (computed(b) && !buffered[b] && (largest < 0 || size[b] > size[largest])) largest = b;
      if (largest < 0) break;
      buffered[largest] = 1;
      measure();
    }
    if (cost[s] > recompute && (uses[s] > 1 || amplified[s])) buffered[s] = 1;
  }
}

/**
 * Builds the steps for the buffers marked. Where a view cannot be read in
 * place by its consumer (a pad under a merging reshape, a kernel's operand that
 * is not a strided read), the view gets a buffer, and its step is built there
 * and then — before the consumer's, so the steps stay in order.
 */
function build(ir: ArrayIR, buffered: Uint8Array): Plan {
  const { slots } = ir;
  const n = slots.length;
  const leaf = (s: number) => buffered[s] === 1 || slots[s].kind !== 'op';
  const steps: Step[] = [];
  const reads: number[][] = [];
  const sizes = slots.map((s) => s.size);
  const slotOf = slots.map((_, i) => i);

  const step = (st: Step, exprs: readonly Expr[], operands: readonly number[] = []) => {
    const seen = new Set<number>(operands);
    const visit = (e: Expr) => {
      if (e.kind === 'read') seen.add(e.slot);
      else if (e.kind === 'apply') e.args.forEach(visit);
      else if (e.kind === 'select') {
        visit(e.then);
        visit(e.otherwise);
      }
    };
    exprs.forEach(visit);
    steps.push(st);
    reads.push([...seen]);
  };

  /** The expression of slot s at the index map `map`; `node` builds s's own op even when s has a buffer. */
  const expression = (E: Exprs, s: number, map: IndexMap, node = false): Expr => {
    const u = ir.uniform[s];
    if (u !== undefined && !buffered[s]) return E.literal(u);
    const slot = slots[s];
    const R = loopRank(map);
    if (!node && leaf(s)) return E.read(s, offsetForm(map, slot.shape, R));
    const op = slot.op!;
    const x = slot.operands[0];
    const xs = x === undefined ? undefined : slots[x].shape;
    let inner: IndexMap | undefined;
    switch (op.name) {
      case 'broadcastTo':
        inner = throughBroadcast(map, xs!, slot.shape);
        break;
      case 'transpose':
        inner = throughTranspose(map, (slot.attrs as { perm: readonly number[] }).perm);
        break;
      case 'slice': {
        const { start, step: st } = slot.attrs as { start: readonly number[]; step: readonly number[] };
        inner = throughSlice(map, start, st);
        break;
      }
      case 'reshape':
        inner = throughReshape(map, xs!, slot.shape);
        break;
      case 'pad': {
        const { low, interior, value } = slot.attrs as { low: readonly number[]; interior: readonly number[]; value: number };
        const through = throughPad(map, low, interior, xs!, slot.shape);
        if (through === undefined) return own(E, s, map);
        return E.select(through.conds, expression(E, x, through.map), E.literal(value));
      }
      case 'concat': {
        const { axis } = slot.attrs as { axis: number };
        const parts = throughConcat(map, axis, slot.operands.map((q) => slots[q].shape));
        if (parts === undefined) return own(E, s, map);
        const present = parts.map((p, q) => ({ ...p, q })).filter((p) => p.cond.hi > p.cond.lo);
        if (present.length === 0) return E.literal(0); // an empty concatenation: no element is read
        let e = expression(E, slot.operands[present[present.length - 1].q], present[present.length - 1].map);
        for (let q = present.length - 2; q >= 0; q--) e = E.select([present[q].cond], expression(E, slot.operands[present[q].q], present[q].map), e);
        return e;
      }
      default:
        if (op.kind === 'structural') throw new Error(`planArrays: ${op.name} is a kernel and needs a buffer`);
        return E.apply(op as Primitive, slot.operands.map((q) => expression(E, q, map)));
    }
    if (inner === undefined) return own(E, s, map);
    return expression(E, x, inner);
  };

  /** Gives slot s a buffer (and its step, now) and reads it at `map`. */
  const own = (E: Exprs, s: number, map: IndexMap): Read => {
    if (buffered[s]) throw new Error(`planArrays: slot ${s} has a buffer and still cannot be read`);
    buffered[s] = 1;
    stepFor(s);
    return E.read(s, offsetForm(map, slots[s].shape, loopRank(map)));
  };

  /** Slot s read in place over its own positions: a strided read of a buffer (else s needs one). */
  const strided = (s: number): Read => {
    const E = new Exprs();
    const map = identityMap(slots[s].shape.length);
    const e = expression(E, s, map);
    // a literal (a filled array) or a select under views: the view chain's top gets a buffer
    return e.kind === 'read' ? e : own(E, s, map);
  };
  const contiguous = (s: number): Operand => {
    let r = strided(s);
    if (!isContiguous(r.form, slots[s].shape)) r = own(new Exprs(), s, identityMap(slots[s].shape.length));
    return { slot: r.slot, offset: r.form.c };
  };

  const built = new Uint8Array(n);
  /** Builds the step that fills buffered slot s. */
  const stepFor = (s: number): void => {
    built[s] = 1;
    const slot = slots[s];
    const E = new Exprs();
    const u = ir.uniform[s];
    if (u !== undefined) {
      // a filled array a kernel reads
      step(store(s, slot.shape, E.literal(u)), []);
      return;
    }
    const op = slot.op!;
    switch (op.name) {
      case 'reduceSum':
      case 'reduceMax': {
        const x = slot.operands[0];
        const shape = slots[x].shape;
        const axes = (slot.attrs as { axes: readonly number[] }).axes;
        const reduced = shape.map((_, k) => axes.includes(k));
        const expr = expression(E, x, identityMap(shape.length));
        const kind = op.name === 'reduceSum' ? 'sum' : 'max';
        step({ kind: 'loop', shape, effects: [{ dest: s, kind, out: { c: 0, a: keptStrides(shape, reduced) }, expr, guard: [] }] }, [expr]);
        break;
      }
      case 'matmul': {
        const [A, B] = slot.operands;
        const a = strided(A);
        const b = strided(B);
        const as = slots[A].shape;
        const bs = slots[B].shape;
        const batch = slot.shape.slice(0, -2);
        const batchStrides = (form: Form, shape: Shape) =>
          batch.map((d, k) => {
            const m = k - (batch.length - (shape.length - 2));
            return m < 0 || shape[m] === 1 ? 0 : form.a[m];
          });
        const ra = as.length;
        const rb = bs.length;
        step(
          {
            kind: 'matmul',
            dest: s,
            batch,
            a: { slot: a.slot, offset: a.form.c, batch: batchStrides(a.form, as), row: a.form.a[ra - 2], col: a.form.a[ra - 1] },
            b: { slot: b.slot, offset: b.form.c, batch: batchStrides(b.form, bs), row: b.form.a[rb - 2], col: b.form.a[rb - 1] },
            M: as[ra - 2],
            K: as[ra - 1],
            N: bs[rb - 1],
          },
          [],
          [a.slot, b.slot],
        );
        break;
      }
      case 'take': {
        const [X, I] = slot.operands;
        const { axis } = slot.attrs as { axis: number };
        const xs = slots[X].shape;
        const x = contiguous(X);
        const indices = contiguous(I);
        step({ kind: 'take', dest: s, x, indices, outer: sizeOf(xs.slice(0, axis)), n: xs[axis], m: slots[I].size, inner: sizeOf(xs.slice(axis + 1)) }, [], [x.slot, indices.slot]);
        break;
      }
      case 'scatterAdd': {
        const [U, I] = slot.operands;
        const { axis, size } = slot.attrs as { axis: number; size: number };
        const us = slots[U].shape;
        const rank = slots[I].shape.length;
        const u = contiguous(U);
        const indices = contiguous(I);
        step({ kind: 'scatterAdd', dest: s, u, indices, outer: sizeOf(us.slice(0, axis)), m: slots[I].size, size, inner: sizeOf(us.slice(axis + rank)) }, [], [u.slot, indices.slot]);
        break;
      }
      case 'pad': {
        const { low, interior, value } = slot.attrs as { low: readonly number[]; interior: readonly number[]; value: number };
        if (interior.every((v) => v === 0)) {
          const expr = expression(E, s, identityMap(slot.shape.length), true);
          step(store(s, slot.shape, expr), [expr]);
          break;
        }
        const X = slot.operands[0];
        const x = strided(X);
        const rs = stridesOf(slot.shape);
        const place: Form = { c: low.reduce((c, l, k) => c + l * rs[k], 0), a: rs.map((r, k) => r * (interior[k] + 1)) };
        step({ kind: 'pad', dest: s, size: slot.size, value, shape: slots[X].shape, x, place }, [], [x.slot]);
        break;
      }
      default: {
        const expr = expression(E, s, identityMap(slot.shape.length), true);
        step(store(s, slot.shape, expr), [expr]);
      }
    }
  };

  for (let s = 0; s < n; s++) {
    const slot = slots[s];
    if (buffered[s] && !built[s] && slot.kind !== 'input' && !(slot.kind === 'constant' && ir.uniform[s] === undefined)) stepFor(s);
  }

  // outputs: the slot's own buffer, once; a copy where the slot has no buffer of its own or is already an output
  const claimed = new Set<number>();
  const outputs = ir.outputs.map((o) => {
    if (slots[o].kind === 'op' && buffered[o] && ir.uniform[o] === undefined && !claimed.has(o)) {
      claimed.add(o);
      return o;
    }
    const dest = sizes.length;
    sizes.push(slots[o].size);
    slotOf.push(o);
    const expr = expression(new Exprs(), o, identityMap(slots[o].shape.length));
    step(store(dest, slots[o].shape, expr), [expr]);
    return dest;
  });
  return { ir, steps, sizes, outputs, reads, slotOf };
}

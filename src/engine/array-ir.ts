/**
 * The IR of a compiled array program: one slot per distinct computation, in
 * topological order, each with its op, attributes, operand slots and shape.
 * Lowering a graph to it merges identical (op, attrs, operands) triples (CSE),
 * folds sub-graphs of constants whose every element is the same number (a
 * scalar constant, broadcast or reshaped) into one such constant, applies the
 * identities that hold bit for bit (x·1 = x, x + (−0) = x, −(−x) = x, views of
 * views), makes broadcasting explicit (every elementwise op's operands have
 * its shape, through broadcastTo views) and prunes what the outputs do not
 * need. A transpose of a matrix product used nowhere else becomes the product
 * of the transposes (Bᵀ·Aᵀ: the same products, commuted, summed in the same
 * order), so reverse mode never materializes a transposed matrix.
 */
import { ShapeError } from '../errors.js';
import { Node } from '../graph/node.js';
import { formatShape, sameShape, type Shape, sizeOf } from '../graph/shape.js';
import { tape } from '../graph/tape.js';
import { broadcastToPrimitive } from '../ops/broadcast-to.js';
import { matmulPrimitive } from '../ops/matmul.js';
import { type Attrs, evaluateOn, type Primitive } from '../ops/primitive.js';
import type { Op, StructuralOp } from '../graph/node.js';
import type { SliceAttrs } from '../ops/slice.js';
import { transposePrimitive } from '../ops/transpose.js';

/** One computation of the IR. */
export interface ArraySlot {
  /** 'input': a variable (by name); 'constant': numbers known now; 'op': an op applied to earlier slots. */
  readonly kind: 'input' | 'constant' | 'op';
  readonly op: Op | undefined;
  readonly attrs: Attrs | undefined;
  readonly operands: readonly number[];
  readonly shape: Shape;
  readonly size: number;
  /** A constant's values, row-major (one number for a scalar). */
  readonly data: Float64Array | undefined;
  /** An input's variable name. */
  readonly name: string | undefined;
  /** The first graph node lowered to this slot: messages name it. */
  readonly node: Node;
}

/** A lowered array program. */
export interface ArrayIR {
  readonly slots: readonly ArraySlot[];
  /** The slot of each output. */
  readonly outputs: readonly number[];
  /** The number every element of a slot holds, when it is known now (scalar constants and their views); else undefined. */
  readonly uniform: readonly (number | undefined)[];
  /** 1 on the slots that compute values of the primal graph (check mode names the sweep by it). */
  readonly primal: Uint8Array;
}

/** Ops that only re-index their operand: lowered to reads through strides, never to a loop of their own. */
export const VIEW_OPS: ReadonlySet<string> = new Set(['reshape', 'broadcastTo', 'transpose', 'slice']);

/** A key for a number that tells −0 from 0 (and names NaN). */
export function numberKey(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

function attrsKey(attrs: Attrs | undefined): string {
  if (attrs === undefined) return '';
  return JSON.stringify(attrs, (_, v) => (typeof v === 'number' ? numberKey(v) : v));
}

/** The permutation of rank r that swaps the last two axes. */
export function swapLast(r: number): number[] {
  return [...Array.from({ length: r - 2 }, (_, k) => k), r - 1, r - 2];
}

function isSwapLast(perm: readonly number[]): boolean {
  const r = perm.length;
  return r >= 2 && perm.every((p, k) => (k < r - 2 ? p === k : k === r - 2 ? p === r - 1 : p === r - 2));
}

/** Appends slots, merging repeats and folding what is known. */
class Builder {
  readonly slots: ArraySlot[] = [];
  readonly uniform: (number | undefined)[] = [];
  private readonly keys = new Map<string, number>();
  private readonly arrays = new Map<Float64Array, number>();

  constructor(private readonly where: string) {}

  private push(slot: ArraySlot, key: string | undefined, uniform: number | undefined): number {
    const i = this.slots.length;
    this.slots.push(slot);
    this.uniform.push(uniform);
    if (key !== undefined) this.keys.set(key, i);
    return i;
  }

  input(name: string, shape: Shape, node: Node): number {
    const key = `v${name}`;
    const hit = this.keys.get(key);
    if (hit !== undefined) {
      if (!sameShape(this.slots[hit].shape, shape)) {
        throw new ShapeError(`${this.where}: variable '${name}' appears with shapes ${formatShape(this.slots[hit].shape)} and ${formatShape(shape)}`);
      }
      return hit;
    }
    return this.push({ kind: 'input', op: undefined, attrs: undefined, operands: [], shape, size: sizeOf(shape), data: undefined, name, node }, key, undefined);
  }

  scalar(value: number, node: Node): number {
    const key = `c${numberKey(value)}`;
    const hit = this.keys.get(key);
    if (hit !== undefined) return hit;
    return this.push({ kind: 'constant', op: undefined, attrs: undefined, operands: [], shape: [], size: 1, data: Float64Array.of(value), name: undefined, node }, key, value);
  }

  array(data: Float64Array, shape: Shape, node: Node): number {
    const hit = this.arrays.get(data);
    if (hit !== undefined) return hit;
    const first = data[0];
    const same = data.every((v) => Object.is(v, first));
    if (same && data.length > 0) return this.filled(first, shape, node);
    const i = this.push({ kind: 'constant', op: undefined, attrs: undefined, operands: [], shape, size: data.length, data, name: undefined, node }, undefined, undefined);
    this.arrays.set(data, i);
    return i;
  }

  /** Every element `value`: a scalar constant, broadcast to the shape. */
  filled(value: number, shape: Shape, node: Node): number {
    const c = this.scalar(value, node);
    if (shape.length === 0) return c;
    return this.intern(broadcastToPrimitive, { shape }, [c], shape, node, value);
  }

  private intern(op: Op, attrs: Attrs | undefined, operands: readonly number[], shape: Shape, node: Node, uniform: number | undefined): number {
    const key = `${op.name}|${attrsKey(attrs)}|${operands.join(',')}`;
    const hit = this.keys.get(key);
    if (hit !== undefined) return hit;
    return this.push({ kind: 'op', op, attrs, operands, shape, size: sizeOf(shape), data: undefined, name: undefined, node }, key, uniform);
  }

  /** x broadcast to `shape` (x itself when it has that shape). */
  broadcast(x: number, shape: Shape, node: Node): number {
    if (sameShape(this.slots[x].shape, shape)) return x;
    return this.apply(broadcastToPrimitive, { shape }, [x], shape, node);
  }

  apply(op: Op, attrs: Attrs | undefined, given: readonly number[], shape: Shape, node: Node): number {
    if (op.kind !== 'structural') return this.elementwise(op as Primitive, given, shape, node);
    const x = given[0];
    const ux = this.uniform[x];
    const xs = this.slots[x];
    switch (op.name) {
      case 'reshape':
      case 'broadcastTo':
      case 'transpose':
      case 'slice': {
        if (ux !== undefined) return this.filled(ux, shape, node);
        if (sameShape(xs.shape, shape) && op.name !== 'transpose' && op.name !== 'slice') return x;
        // a view of a view of the same kind is one view
        if (xs.op === op && op.name !== 'slice') {
          if (op.name !== 'transpose') return this.apply(op, attrs, [xs.operands[0]], shape, node);
          const inner = (xs.attrs as { perm: readonly number[] }).perm;
          const perm = (attrs as { perm: readonly number[] }).perm.map((p) => inner[p]);
          if (perm.every((p, k) => p === k)) return xs.operands[0];
          return this.intern(op, { perm }, [xs.operands[0]], shape, node, undefined);
        }
        if (op.name === 'transpose' && (attrs as { perm: readonly number[] }).perm.every((p, k) => p === k)) return x;
        if (op.name === 'slice' && sameShape(xs.shape, shape) && (attrs as SliceAttrs).start.every((s) => s === 0)) return x;
        return this.intern(op, attrs, [x], shape, node, undefined);
      }
      case 'pad': {
        const { value } = attrs as { value: number };
        if (xs.size === 0 || (ux !== undefined && Object.is(ux, value))) return this.filled(value, shape, node);
        break;
      }
      case 'reduceSum':
        if (sizeOf(shape) === 0) return this.filled(0, shape, node);
        // a sum over no element is 0 (as the scalar path's reduction kernel writes it)
        if (xs.size === 0) return this.filled(0, shape, node);
        break;
      case 'reduceMax':
        if (ux !== undefined && xs.size > 0) return this.filled(ux, shape, node);
        break;
      case 'matmul': {
        const a = this.slots[given[0]].shape;
        if (a[a.length - 1] === 0 || sizeOf(shape) === 0) return this.filled(0, shape, node);
        break;
      }
      case 'concat':
        if (given.every((g) => this.uniform[g] !== undefined && Object.is(this.uniform[g], ux))) return this.filled(ux!, shape, node);
        break;
    }
    return this.intern(op, attrs, given, shape, node, undefined);
  }

  private elementwise(op: Primitive, given: readonly number[], shape: Shape, node: Node): number {
    const x = given.map((g) => this.broadcast(g, shape, node));
    const u = x.map((k) => this.uniform[k]);
    if (u.every((v) => v !== undefined)) return this.filled(evaluateOn(op, u as number[]), shape, node);
    // identities that hold for every double, NaN and −0 included
    if (op.name === 'mul') {
      if (u[0] === 1) return x[1];
      if (u[1] === 1) return x[0];
    } else if (op.name === 'add') {
      if (Object.is(u[0], -0)) return x[1];
      if (Object.is(u[1], -0)) return x[0];
    } else if (op.name === 'neg') {
      const inner = this.slots[x[0]];
      if (inner.op === op) return inner.operands[0];
    } else if (op.name === 'where' && u[0] !== undefined) {
      return u[0] !== 0 ? x[1] : x[2];
    }
    return this.intern(op, undefined, x, shape, node, undefined);
  }

  /** The IR of `outputs`: slots reachable from them, renumbered in order. */
  finish(outputs: readonly number[], primalSlots: Uint8Array | undefined): ArrayIR {
    const n = this.slots.length;
    const live = new Uint8Array(n);
    for (const o of outputs) live[o] = 1;
    for (let i = n - 1; i >= 0; i--) if (live[i]) for (const q of this.slots[i].operands) live[q] = 1;
    const index = new Int32Array(n).fill(-1);
    const slots: ArraySlot[] = [];
    const uniform: (number | undefined)[] = [];
    const primal: number[] = [];
    for (let i = 0; i < n; i++) {
      if (!live[i]) continue;
      index[i] = slots.length;
      const s = this.slots[i];
      slots.push(s.operands.length === 0 ? s : { ...s, operands: s.operands.map((q) => index[q]) });
      uniform.push(this.uniform[i]);
      primal.push(primalSlots === undefined ? 0 : primalSlots[i]);
    }
    return { slots, outputs: outputs.map((o) => index[o]), uniform, primal: Uint8Array.from(primal) };
  }
}

/**
 * Lowers the graph of `outputs` to an {@link ArrayIR}. `primal` (check mode)
 * lists the nodes whose values the primal sweep computes.
 * @example
 * ```ts
 * const x = variable('x', [3]);
 * lowerArrays([mul(x, 1)], 'compile').slots.length; // 1: x·1 is x
 * ```
 */
export function lowerArrays(outputs: readonly Node[], where: string, primal?: readonly Node[]): ArrayIR {
  const t = tape(outputs, where);
  const primalNodes = primal === undefined ? undefined : new Set(tape(primal, where).nodes);
  const b = new Builder(where);
  const slotOf = new Int32Array(t.nodes.length);
  const primalSlot: number[] = [];
  for (let i = 0; i < t.nodes.length; i++) {
    const node = t.nodes[i];
    let s: number;
    if (node.name !== undefined) s = b.input(node.name, node.shape, node);
    else if (node.op === undefined) s = node.data !== undefined ? b.array(node.data, node.shape, node) : b.scalar(node.value, node);
    else {
      const operands: number[] = [];
      for (let q = t.start[i]; q < t.start[i + 1]; q++) operands.push(slotOf[t.operands[q]]);
      s = b.apply(node.op, node.attrs, operands, node.shape, node);
    }
    slotOf[i] = s;
    if (primalNodes?.has(node)) primalSlot[s] = 1;
  }
  const marks = primalNodes === undefined ? undefined : Uint8Array.from({ length: b.slots.length }, (_, k) => primalSlot[k] ?? 0);
  const first = b.finish(Array.from(t.outputs, (o) => slotOf[o]), marks);
  return transposeProducts(first, where);
}

/** Rewrites transpose(A·B) (swapping the last two axes, A·B used nowhere else) as Bᵀ·Aᵀ. */
function transposeProducts(ir: ArrayIR, where: string): ArrayIR {
  const uses = new Int32Array(ir.slots.length);
  for (const s of ir.slots) for (const q of s.operands) uses[q]++;
  for (const o of ir.outputs) uses[o]++;
  const rewritten = ir.slots.some((s) => s.op === transposePrimitive && isSwapLast((s.attrs as { perm: readonly number[] }).perm) && ir.slots[s.operands[0]].op === matmulPrimitive && uses[s.operands[0]] === 1);
  if (!rewritten) return ir;
  const b = new Builder(where);
  const index = new Int32Array(ir.slots.length);
  const marks: number[] = [];
  ir.slots.forEach((s, i) => {
    let k: number;
    const product = s.kind === 'op' ? ir.slots[s.operands[0]] : undefined;
    if (s.kind === 'input') k = b.input(s.name!, s.shape, s.node);
    else if (s.kind === 'constant') k = s.shape.length === 0 ? b.scalar(s.data![0], s.node) : b.array(s.data!, s.shape, s.node);
    else if (s.op === transposePrimitive && isSwapLast((s.attrs as { perm: readonly number[] }).perm) && product!.op === matmulPrimitive && uses[s.operands[0]] === 1) {
      const [A, B] = product!.operands.map((q) => index[q]);
      const swapped = (x: number) => {
        const shape = b.slots[x].shape;
        const r = shape.length;
        const perm = swapLast(r);
        return b.apply(transposePrimitive as StructuralOp, { perm }, [x], perm.map((p) => shape[p]), s.node);
      };
      k = b.apply(matmulPrimitive, undefined, [swapped(B), swapped(A)], s.shape, s.node);
    } else k = b.apply(s.op!, s.attrs, s.operands.map((q) => index[q]), s.shape, s.node);
    index[i] = k;
    if (ir.primal[i]) marks[k] = 1;
  });
  return b.finish(ir.outputs.map((o) => index[o]), Uint8Array.from({ length: b.slots.length }, (_, k) => marks[k] ?? 0));
}

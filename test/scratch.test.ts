/**
 * The compiler's reused working memory (engine/scratch.ts) and the one walk
 * that builds the IR (graph/tape.ts forEachPostOrder): buffers are reused and
 * the pool stays bounded; a compile that follows other compiles on reused
 * memory builds exactly the IR and sweep plan it builds on fresh memory; the
 * walk refuses to nest.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { add, constant, mul, type Node, sin, sum, tanh, variable } from '../src/index.js';
import { buildIR, type IR } from '../src/engine/ir.js';
import { constantPartials } from '../src/engine/partials.js';
import { borrow, BUSY_SCRATCH_BYTES, giveBack, IDLE_MS, pooledBytes, SCRATCH_BYTES, trim } from '../src/engine/scratch.js';
import { sweepPlan } from '../src/engine/sweep-plan.js';
import { forEachPostOrder, topologicalOrder } from '../src/graph/tape.js';

describe('scratch memory', () => {
  it('lends a buffer of at least the size asked, and lends a buffer handed back again', () => {
    const a = borrow(5000);
    expect(a.byteLength).toBe(8192);
    giveBack(a);
    expect(borrow(4097)).toBe(a);
  });

  afterEach(() => {
    vi.useRealTimers();
    trim(SCRATCH_BYTES);
  });

  it('keeps at most BUSY_SCRATCH_BYTES, preferring bigger buffers, and drops a buffer bigger than that', () => {
    const buffers = Array.from({ length: 60 }, (_, k) => borrow(2 ** 20 * (1 + (k % 3))));
    for (const b of buffers) giveBack(b);
    expect(pooledBytes()).toBeGreaterThan(SCRATCH_BYTES);
    expect(pooledBytes()).toBeLessThanOrEqual(BUSY_SCRATCH_BYTES);
    expect(pooledBytes()).toBe(BUSY_SCRATCH_BYTES);
    expect(borrow(2 ** 20).byteLength).toBe(4 * 2 ** 20); // sixteen of the biggest (4 MiB) fill it: the smaller ones made room
    const huge = borrow(2 * BUSY_SCRATCH_BYTES);
    giveBack(huge);
    expect(pooledBytes()).toBeLessThanOrEqual(BUSY_SCRATCH_BYTES);
    expect(borrow(2 * BUSY_SCRATCH_BYTES)).not.toBe(huge); // too big to keep
  });

  it('drops back to SCRATCH_BYTES once no buffer has come back for IDLE_MS, keeping it while buffers keep coming back', () => {
    trim(0);
    vi.useFakeTimers();
    const big = Array.from({ length: 6 }, () => borrow(8 * 2 ** 20));
    for (const b of big.slice(0, 3)) giveBack(b);
    expect(pooledBytes()).toBe(24 * 2 ** 20);
    vi.advanceTimersByTime(IDLE_MS - 10);
    for (const b of big.slice(3)) giveBack(b); // a compile that follows: the pool is busy again
    vi.advanceTimersByTime(IDLE_MS - 10);
    expect(pooledBytes()).toBe(48 * 2 ** 20);
    vi.advanceTimersByTime(20);
    expect(pooledBytes()).toBeLessThanOrEqual(SCRATCH_BYTES);
    expect(pooledBytes()).toBe(16 * 2 ** 20); // two of the 8 MiB buffers stay
  });

  it('refuses a buffer handed back twice (two borrowers would share it)', () => {
    const a = borrow(1024);
    giveBack(a);
    const before = pooledBytes();
    expect(() => giveBack(a)).toThrow(/handed back twice/);
    expect(pooledBytes()).toBe(before); // still pooled once
  });
});

/** Every array of an IR and of its sweep plan, as plain arrays. */
function snapshot(ir: IR): Record<string, number[]> {
  const plan = sweepPlan(ir, constantPartials(ir), 50);
  const out: Record<string, number[]> = {};
  for (const k of ['opcode', 'start', 'operands', 'constants', 'active', 'outputs'] as const) out[k] = Array.from(ir[k]);
  for (const k of ['owner', 'staticAdjoint', 'roots', 'blockStart', 'blockMembers', 'late'] as const) out[`plan ${k}`] = Array.from(plan[k]);
  return out;
}

describe('compiling on reused memory', () => {
  it('a graph compiled after others, on buffers they used, gives the IR and plan it gave first', () => {
    const xs = Array.from({ length: 30 }, (_, i) => variable(`x${i}`));
    const shared = sum(xs.map((x, i) => mul(tanh(mul(x, i + 1)), add(x, constant(i % 4)))));
    let t: Node = xs[0];
    for (let k = 0; k < 5000; k++) t = add(mul(sin(t), xs[1]), k % 7 === 0 ? constant(k) : t);
    const first = snapshot(buildIR(shared, xs));
    const deep = snapshot(buildIR(t, xs)); // fills the pooled buffers with other contents
    expect(snapshot(buildIR(shared, xs))).toEqual(first);
    expect(snapshot(buildIR(t, xs))).toEqual(deep);
    expect(snapshot(buildIR([shared, t], xs, { cse: false })).opcode.length).toBeGreaterThan(first.opcode.length);
  });
});

describe('the walk', () => {
  it('visits each node once, after its inputs, and cannot start inside another walk', () => {
    const x = variable('x');
    const y = mul(x, x);
    const order: Node[] = [];
    forEachPostOrder([add(sin(y), y)], (node) => order.push(node));
    expect(order.map(String)).toEqual(['variable("x")', `mul#${y.id}`, `sin#${order[2].id}`, `add#${order[3].id}`]);
    expect(() => forEachPostOrder([y], () => topologicalOrder([x]))).toThrow(/cannot start inside another/);
    expect(topologicalOrder([y]).length).toBe(2); // a walk after the refused one works
  });
});

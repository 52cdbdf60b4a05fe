/**
 * Scalar graphs keep their results bit for bit through the array work:
 * 1. 300 random scalar graphs (their own seed) and every result of the scalar
 *    API on them — evaluate, jvp, vjp, forwardMode, reverseMode, gradientNodes
 *    to second order, compiled programs on both backends (evaluate, jvp, vjp,
 *    gradient, hessian), grad, valueAndGrad, jvp and vjp of functions,
 *    jacobian, hessian, hvp — against digests of the same results recorded on
 *    the commit before arrays (05d2f03; test/fixtures/record-scalar-results.mts
 *    says how);
 * 2. the numbers the README prints, exactly.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  add,
  compile,
  evaluate,
  exp,
  forwardMode,
  grad,
  gradientNodes,
  hessian,
  hvp,
  jacobian,
  jvp,
  mul,
  neg,
  type Node,
  reciprocal,
  reverseMode,
  sigmoid,
  softmaxCrossEntropy,
  valueAndGrad,
  variable,
  vjp,
} from '../src/index.js';
import { variablesOf } from './helpers/random-graph.js';
import { describeCase, RESULT_KEYS, SCALAR_RESULTS_COUNT, SCALAR_RESULTS_SEED, scalarCases, scalarDigests, type ScalarDigests } from './helpers/scalar-results.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/scalar-results-main.json', import.meta.url), 'utf8')) as {
  seed: number;
  count: number;
} & ScalarDigests;

/** The cases whose bits issue 14's rules for max/min ties and logSumExp changed (see the first test). */
const ISSUE_14_CHANGED = [2, 4, 25, 33, 59, 86, 94, 112, 118, 135, 139, 143, 146, 148, 159, 185, 200, 206, 208, 221, 223, 269, 272];

describe('scalar graphs: the same bits as before arrays', () => {
  it(`${SCALAR_RESULTS_COUNT} random scalar graphs give every result of the scalar API with the bits recorded on 05d2f03 (but the 23 of issue 14's rule changes)`, () => {
    expect([fixture.seed, fixture.count]).toEqual([SCALAR_RESULTS_SEED, SCALAR_RESULTS_COUNT]);
    expect(Object.keys(fixture.keys)).toEqual([...RESULT_KEYS]);
    const cases = scalarCases();
    const now = scalarDigests(cases);
    const changed = cases.flatMap((c, i) => (now.cases[i] === fixture.cases[i] ? [] : [i]));
    // Issue 14 changed two rules on purpose: max/min split ties ½/½ by comparisons (a tie's Hessian
    // entries are now +0 where they were −0), and logSumExp shifts by x − m with 0 where that is NaN
    // (one −m node shared by the arguments: a gradient may sum its adjoints in another order, 1 ulp).
    // Exactly these 23 cases changed, each holding max, min or logSumExp; the other 277 keep every bit.
    expect(changed).toEqual(ISSUE_14_CHANGED);
    for (const i of changed) expect(describeCase(cases[i])).toMatch(/\b(max|min|logSumExp)\(/);
    const changedKeys = RESULT_KEYS.filter((k) => now.keys[k] !== fixture.keys[k]);
    // each key's digest covers every case, so only the keys those cases change may differ
    expect(changedKeys.length).toBeLessThan(RESULT_KEYS.length);
  });

  it('the comparison is sensitive: moving x by one part in 10⁹ in ten cases that use x changes the digests', () => {
    const cases = scalarCases()
      .filter((c) => variablesOf(c.outputs).includes('x'))
      .slice(0, 10);
    const before = scalarDigests(cases);
    const after = scalarDigests(cases.map((c) => ({ ...c, at: { ...c.at, x: c.at.x * (1 + 1e-9) + 1e-12 } })));
    expect(after.keys.evaluate).not.toBe(before.keys.evaluate);
    expect(after.keys.grad).not.toBe(before.keys.grad);
    expect(after.cases.filter((d, i) => d !== before.cases[i]).length).toBeGreaterThan(5);
  });
});

describe('the README’s numbers, exactly', () => {
  const x = variable('x');
  const w = variable('w');
  const b = variable('b');
  const at = { x: 3, w: 2, b: 1 };
  const neuron = reciprocal(add(1, exp(neg(add(mul(w, x), b)))));

  it('the sigmoid neuron: value, forward mode, reverse mode', () => {
    expect(evaluate(neuron, at)).toBe(0.9990889488055994);
    expect(forwardMode(neuron, at, { x: 1 })).toEqual({ value: 0.9990889488055994, derivative: 0.0018204423602436533 });
    expect(reverseMode(neuron, at)).toEqual({ value: 0.9990889488055994, gradient: { w: 0.00273066354036548, x: 0.0018204423602436533, b: 0.0009102211801218266 } });
  });

  it('grad of the neuron (through the stable sigmoid) and valueAndGrad', () => {
    expect(grad((x: Node, w: Node, b: Node) => sigmoid(w.mul(x).add(b)))(3, 2, 1)).toEqual([0.0018204423602436533, 0.00273066354036548, 0.0009102211801218266]);
    expect(valueAndGrad((x: Node) => x.mul(x))(3)).toEqual({ value: 9, gradient: [6] });
  });

  it('jvp, vjp, jacobian, hessian, hvp and gradientNodes as the README prints them', () => {
    const y = variable('y');
    expect(jvp([x.mul(y), x.add(y)], { x: 3, y: 4 }, { x: 1 })).toEqual({ value: [12, 7], tangent: [4, 1] });
    expect(vjp([x.mul(y), x.add(y)], { x: 3, y: 4 }, [1, 1])).toEqual({ value: [12, 7], gradient: { x: 5, y: 4 } });
    expect(jvp((p: Node, q: Node) => p.mul(q), [3, 4], [1, 0])).toEqual({ value: 12, tangent: 4 });
    const { value, vjp: pullback } = vjp((p: Node, q: Node) => [p.mul(q), p.add(q)], 3, 4);
    expect([value, pullback([1, 1])]).toEqual([[12, 7], [5, 4]]);
    expect(jacobian((p: Node, q: Node) => [p.mul(q), p.add(q)])(3, 4)).toEqual([[4, 3], [1, 1]]);
    expect(hessian((p: Node, q: Node) => p.mul(p).mul(q))(3, 2)).toEqual([[4, 6], [6, 0]]);
    expect(hvp((p: Node, q: Node) => p.mul(p).mul(q))([3, 2], [1, 0])).toEqual([4, 6]);
    const [d1] = gradientNodes(x.pow(3), [x]);
    const [d2] = gradientNodes(d1, [x]);
    expect(evaluate([d1, d2], { x: 2 })).toEqual([12, 12]);
  });

  it('the compiled neuron', () => {
    const p = compile(neuron, [x, w, b]);
    expect(p.evaluate([3, 2, 1])).toEqual(Float64Array.of(0.9990889488055994));
    expect(p.valueAndGradient([3, 2, 1]).value).toBe(0.9990889488055994);
    expect(p.jvp([3, 2, 1], [1, 0, 0])).toEqual(Float64Array.of(0.0018204423602436533));
  });

  it('softmax cross-entropy is shift-invariant bit for bit', () => {
    const logits = ['a', 'c', 'd'].map((n) => variable(n));
    expect(evaluate(softmaxCrossEntropy(logits, 2), { a: 1e8 + 1, c: 1e8 + 2, d: 1e8 + 3 })).toBe(0.4076059644443803);
  });
});

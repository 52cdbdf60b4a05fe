/**
 * The losses of src/losses: each against its closed form (values, and
 * gradients from both modes against hand-derived formulas), at the extremes of
 * the design (logits ±1000, a shift of 1e8, −∞ logits), the hinge's subgradient
 * at the margin, gradcheck at random points away from kinks, the reductions of
 * the batch forms, and the typed errors for bad batches and labels.
 */
import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  constant,
  evaluate,
  forwardMode,
  gradcheck,
  max,
  mul,
  type Node,
  reverseMode,
  ShapeError,
  square,
  sub,
  variable,
  WengertError,
} from '../src/index.js';
import type { Reduction } from '../src/losses/batch.js';
import {
  sigmoidCrossEntropy,
  sigmoidCrossEntropyBatch,
  softmaxCrossEntropy,
  softmaxCrossEntropyBatch,
} from '../src/losses/cross-entropy.js';
import { hingeLoss, hingeLossBatch, logisticLoss, logisticLossBatch } from '../src/losses/margin.js';
import { huberLoss, huberLossBatch, l1Loss, l1LossBatch, mse, squareLoss, squareLossBatch } from '../src/losses/regression.js';

type Point = Readonly<Record<string, number>>;

/** A seeded generator (mulberry32), so that the random points are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sigma = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * |actual − expected| ≤ rel·max(|expected|, scale): relative, or relative to `scale` for results
 * that are differences of numbers of that size (pⱼ − zⱼ); exact for ±∞, and for 0 unless a scale
 * is given (either sign of 0); NaN matches NaN.
 */
function expectClose(what: string, actual: number, expected: number, rel = 1e-14, scale = 0): void {
  const ok = Number.isNaN(expected)
    ? Number.isNaN(actual)
    : (expected === 0 && scale === 0) || !Number.isFinite(expected)
      ? actual === expected
      : Math.abs(actual - expected) <= rel * Math.max(Math.abs(expected), scale);
  expect(ok, `${what}: got ${actual}, expected ${expected}`).toBe(true);
}

/** The value by evaluate and both modes, each partial by reverse mode and by one forward sweep, against the closed forms. */
function expectLoss(loss: Node, at: Point, value: number, grad: Point, rel = 1e-14, gradScale = 0): void {
  expectClose('evaluate', evaluate(loss, at), value, rel);
  const r = reverseMode(loss, at);
  expectClose('reverse value', r.value, value, rel);
  expect(Object.keys(r.gradient).sort()).toEqual(Object.keys(grad).sort());
  for (const [name, d] of Object.entries(grad)) {
    const t = forwardMode(loss, at, { [name]: 1 });
    expectClose('forward value', t.value, value, rel);
    expectClose(`reverse ∂/∂${name}`, r.gradient[name], d, rel, gradScale);
    expectClose(`forward ∂/∂${name}`, t.derivative, d, rel, gradScale);
  }
}

const f = variable('f');
const y = variable('y');

describe('regression losses against their closed forms', () => {
  const points: [number, number][] = [
    [3, 1],
    [-2.5, 0.75],
    [0.1, 0.4],
    [-7, -7.5],
    [1e3, -2e3],
  ];

  it.each(points)('squareLoss(f, y) = (f − y)², ∂f = 2(f − y), ∂y = −2(f − y) at f = %d, y = %d', (fv, yv) => {
    const r = fv - yv;
    expectLoss(squareLoss(f, y), { f: fv, y: yv }, r * r, { f: 2 * r, y: -2 * r });
  });

  it.each(points)('l1Loss(f, y) = |f − y|, ∂f = sign(f − y) at f = %d, y = %d', (fv, yv) => {
    const r = fv - yv;
    expectLoss(l1Loss(f, y), { f: fv, y: yv }, Math.abs(r), { f: Math.sign(r), y: -Math.sign(r) });
  });

  const huber = (r: number, delta: number): number => (Math.abs(r) <= delta ? 0.5 * r * r : delta * (Math.abs(r) - 0.5 * delta));
  const clip = (r: number, delta: number): number => Math.min(Math.max(r, -delta), delta);
  it.each([1, 0.5, 2.5])('huberLoss with delta %d: ½r² inside, δ(|r| − ½δ) outside, ∂f = r clipped to [−δ, δ]', (delta) => {
    for (const [fv, yv] of points) {
      const r = fv - yv;
      const loss = delta === 1 ? huberLoss(f, y) : huberLoss(f, y, { delta });
      expectLoss(loss, { f: fv, y: yv }, huber(r, delta), { f: clip(r, delta), y: -clip(r, delta) });
    }
  });

  it('derivatives at the kinks: l1 and huber give 0 where f = y; huber is continuous at |r| = δ', () => {
    expectLoss(l1Loss(f, y), { f: 2, y: 2 }, 0, { f: 0, y: 0 });
    expectLoss(huberLoss(f, y), { f: 2, y: 2 }, 0, { f: 0, y: 0 });
    // at r = ±δ, min(r, δ) splits ½/½ and both halves give δ
    expectLoss(huberLoss(f, y, { delta: 2 }), { f: 3, y: 1 }, 2, { f: 2, y: -2 });
    expectLoss(huberLoss(f, y, { delta: 2 }), { f: -1, y: 1 }, 2, { f: -2, y: 2 });
  });

  it('huber near its minimum: the gradient is the residual itself, exactly (not rounded to ulps of δ)', () => {
    for (const r of [1e-10, -3e-7, 2.5e-300]) {
      const g = reverseMode(huberLoss(f, 0), { f: r });
      expect(g.gradient.f).toBe(r);
      expect(forwardMode(huberLoss(f, 0), { f: r }, { f: 1 }).derivative).toBe(r);
      expectClose('value ½r²', g.value, 0.5 * r * r);
    }
  });

  it("the notes' classification form (1 − y·f)² is the square loss for labels ±1, bit for bit in value and ∂/∂f", () => {
    const next = rng(1);
    for (let i = 0; i < 200; i++) {
      const label = next() < 0.5 ? -1 : 1;
      const at = { f: (next() - 0.5) * 20 };
      const notes = square(sub(1, mul(label, f)));
      const ours = squareLoss(f, label);
      expect(evaluate(ours, at)).toBe(evaluate(notes, at));
      expect(reverseMode(ours, at).gradient.f).toBe(reverseMode(notes, at).gradient.f);
    }
  });
});

describe('margin losses (labels ±1) against their closed forms', () => {
  const scores = [-3, -1.25, -0.5, 0, 0.3, 0.99, 2, 7.5];

  it.each([1, -1])('hingeLoss(f, %d) = max(0, 1 − y·f), ∂f = −y where y·f < 1, else 0', (label) => {
    for (const fv of scores) {
      const m = label * fv;
      expectLoss(hingeLoss(f, label), { f: fv }, Math.max(0, 1 - m), { f: m < 1 ? -label : 0 });
    }
  });

  it('hingeLoss with a variable label: ∂y = −f where y·f < 1', () => {
    expectLoss(hingeLoss(f, y), { f: 0.25, y: -1 }, 1.25, { f: 1, y: -0.25 });
    expectLoss(hingeLoss(f, y), { f: 3, y: 1 }, 0, { f: 0, y: 0 });
  });

  it('hinge at the margin y·f = 1: value 0 and gradient exactly 0 in both modes (relu′(0) = 0)', () => {
    for (const [fv, label] of [
      [1, 1],
      [-1, -1],
    ]) {
      const loss = hingeLoss(f, y);
      const at = { f: fv, y: label };
      const r = reverseMode(loss, at);
      expect(r.value).toBe(0);
      expect(r.gradient.f === 0 && r.gradient.y === 0, `gradient ${r.gradient.f}, ${r.gradient.y}`).toBe(true);
      expect(forwardMode(loss, at, { f: 1 }).derivative === 0).toBe(true);
      expect(forwardMode(loss, at, { y: 1 }).derivative === 0).toBe(true);
      expect(reverseMode(hingeLoss(f, label), { f: fv }).gradient.f === 0).toBe(true);
    }
    // the same formula through max(0, ·) would split the tie ½/½: why hinge is built with relu
    expect(reverseMode(max(0, sub(1, f)), { f: 1 }).gradient.f).toBe(-0.5);
  });

  it.each([1, -1])('logisticLoss(f, %d) = ln(1 + e^−y·f), ∂f = −y·σ(−y·f)', (label) => {
    for (const fv of scores) {
      const m = label * fv;
      expectLoss(logisticLoss(f, label), { f: fv }, Math.log1p(Math.exp(-m)), { f: -label * sigma(-m) });
    }
    expectLoss(logisticLoss(f, y), { f: 0.5, y: label }, Math.log1p(Math.exp(-0.5 * label)), {
      f: -label * sigma(-0.5 * label),
      y: -0.5 * sigma(-0.5 * label),
    });
  });

  it('logistic loss at y·f = ±1000 is 0 and 1000, with gradients (w.r.t. f, y = 1) 0 and −1', () => {
    expectLoss(logisticLoss(f, 1), { f: 1000 }, 0, { f: 0 }, 0);
    expectLoss(logisticLoss(f, 1), { f: -1000 }, 1000, { f: -1 }, 0);
    expectLoss(logisticLoss(f, -1), { f: -1000 }, 0, { f: 0 }, 0);
    expectLoss(logisticLoss(f, -1), { f: 1000 }, 1000, { f: 1 }, 0);
    // and still accurate where ln(1 + e^−m) is tiny: e^−40 is not lost next to 1
    expectClose('at y·f = 40', evaluate(logisticLoss(f, 1), { f: 40 }), Math.exp(-40));
  });
});

describe('sigmoid cross-entropy with logits (labels in [0, 1]) against its closed form', () => {
  const bce = (x: number, z: number): number => -z * Math.log(sigma(x)) - (1 - z) * Math.log(1 - sigma(x));

  it.each([0, 1, 0.3])('label %d: −z ln σ(x) − (1 − z) ln(1 − σ(x)), ∂x = σ(x) − z', (z) => {
    for (const x of [-6, -1.5, -0.2, 0, 0.7, 2, 5]) {
      expectLoss(sigmoidCrossEntropy(f, z), { f: x }, bce(x, z), { f: sigma(x) - z }, 1e-13);
    }
  });

  it('a variable label: ∂z = −x', () => {
    expectLoss(sigmoidCrossEntropy(f, y), { f: 1.25, y: 0.2 }, bce(1.25, 0.2), { f: sigma(1.25) - 0.2, y: -1.25 }, 1e-14);
  });

  it('at logits ±1000 with both labels: finite, 0 or 1000, gradients σ(x) − z exactly', () => {
    expectLoss(sigmoidCrossEntropy(f, 1), { f: 1000 }, 0, { f: 0 }, 0);
    expectLoss(sigmoidCrossEntropy(f, 0), { f: 1000 }, 1000, { f: 1 }, 0);
    expectLoss(sigmoidCrossEntropy(f, 0), { f: -1000 }, 0, { f: 0 }, 0);
    expectLoss(sigmoidCrossEntropy(f, 1), { f: -1000 }, 1000, { f: -1 }, 0);
    // where the loss is tiny it keeps its relative accuracy: ln(1 + e^−40) ≈ e^−40
    expectClose('x = 40, z = 1', evaluate(sigmoidCrossEntropy(f, 1), { f: 40 }), Math.exp(-40));
    expectClose('x = −40, z = 0', evaluate(sigmoidCrossEntropy(f, 0), { f: -40 }), Math.exp(-40));
    // and so does its gradient σ(x) − 1 = −σ(−x): the partials 1 and −1 cancel before −σ(−x) is added
    expectClose('∂/∂x at x = 40, z = 1', reverseMode(sigmoidCrossEntropy(f, 1), { f: 40 }).gradient.f, -sigma(-40));
    expectClose('forward ∂/∂x at x = 40, z = 1', forwardMode(sigmoidCrossEntropy(f, 1), { f: 40 }, { f: 1 }).derivative, -sigma(-40));
  });
});

describe('softmax cross-entropy against its closed form', () => {
  const xs = [variable('x0'), variable('x1'), variable('x2'), variable('x3')];
  const bind = (v: readonly number[]): Point => Object.fromEntries(v.map((x, j) => [`x${j}`, x]));
  /**
   * −Σ zⱼ ln pⱼ with −ln pⱼ = ln(1 + Σᵢ≠ⱼ e^(xᵢ−xⱼ)) (accurate where pⱼ is near 1, unlike −ln pⱼ),
   * and the gradient pⱼ − zⱼ; no max is subtracted, so fine for moderate logits only.
   */
  function reference(v: readonly number[], z: readonly number[]): { value: number; grad: Record<string, number> } {
    const e = v.map(Math.exp);
    const s = e.reduce((a, b) => a + b, 0);
    const p = e.map((ej) => ej / s);
    const nll = (j: number): number => Math.log1p(v.reduce((acc, xi, i) => (i === j ? acc : acc + Math.exp(xi - v[j])), 0));
    return {
      value: z.reduce((acc, zj, j) => acc + (zj === 0 ? 0 : zj * nll(j)), 0),
      grad: Object.fromEntries(p.map((pj, j) => [`x${j}`, pj - z[j]])),
    };
  }
  const logitSets = [
    [0, 0, 0, 0],
    [1.5, -0.25, 3, 0.125],
    [-2, 4, 0.5, -1],
    [10, -10, 3.3, 0.01],
    [2, 2, -1, 0.5],
    [-3, 0.25, -3, 0.25],
  ];

  it('with a class index c: ln Σ e^xⱼ − x_c, ∂xⱼ = pⱼ − [j = c]', () => {
    for (const v of logitSets) {
      for (let c = 0; c < 4; c++) {
        const z = [0, 0, 0, 0];
        z[c] = 1;
        const { value, grad } = reference(v, z);
        // pⱼ − zⱼ is a difference of numbers ≤ 1: its error is relative to 1
        expectLoss(softmaxCrossEntropy(xs, c), bind(v), value, grad, 1e-14, 1);
        // a one-hot vector is the same loss
        expectLoss(softmaxCrossEntropy(xs, z), bind(v), value, grad, 1e-14, 1);
      }
    }
  });

  it('with probabilities z: −Σ zⱼ ln pⱼ, ∂xⱼ = pⱼ − zⱼ; and ∂zⱼ = −ln pⱼ for variable targets', () => {
    const z = [0.1, 0.6, 0, 0.3];
    for (const v of logitSets) {
      const { value, grad } = reference(v, z);
      expectLoss(softmaxCrossEntropy(xs, z), bind(v), value, grad, 1e-14, 1);
    }
    const zs = [variable('z0'), variable('z1'), variable('z2')];
    const v = [0.5, -1, 2];
    const at = { ...bind(v), z0: 0.2, z1: 0.3, z2: 0.5 };
    const { value, grad } = reference(v, [0.2, 0.3, 0.5]);
    const lse = Math.log(v.reduce((a, x) => a + Math.exp(x), 0));
    expectLoss(softmaxCrossEntropy(xs.slice(0, 3), zs), at, value, { ...grad, z0: lse - v[0], z1: lse - v[1], z2: lse - v[2] }, 1e-14, 1);
  });

  it('a small loss keeps its relative accuracy (not rounded to ulps of 1 as m + ln Σ e^(xⱼ−m) − x_c would be)', () => {
    const three = xs.slice(0, 3);
    // −ln p₀ = ln(1 + 2e^−40) ≈ 2e^−40 ≈ 8.5e-18
    expectClose('[40, 0, 0], class 0', evaluate(softmaxCrossEntropy(three, 0), bind([40, 0, 0])), Math.log1p(2 * Math.exp(-40)));
    expectClose('[7, 7, −30], class 1', evaluate(softmaxCrossEntropy(three, 1), bind([7, 7, -30])), Math.log1p(1 + Math.exp(-37)));
  });

  it('one logit is one class: loss 0, gradient 0', () => {
    expectLoss(softmaxCrossEntropy([f], 0), { f: 3.5 }, 0, { f: 0 }, 0);
  });

  it('unchanged bit for bit when every logit is shifted by 1e8 (values and gradients, class and soft targets)', () => {
    // logits that stay exact after the shift (multiples of 2⁻²⁰), as random dyadic numbers
    const next = rng(7);
    for (let trial = 0; trial < 50; trial++) {
      const v = Array.from({ length: 4 }, () => Math.round((next() - 0.5) * 20 * 2 ** 20) / 2 ** 20);
      const shifted = v.map((x) => x + 1e8);
      expect(shifted.map((x) => x - 1e8)).toEqual(v);
      for (const target of [0, 1, 2, 3, [0.25, 0.25, 0, 0.5]]) {
        const loss = softmaxCrossEntropy(xs, target);
        const a = reverseMode(loss, bind(v));
        const b = reverseMode(loss, bind(shifted));
        expect(b.value).toBe(a.value);
        expect(b.gradient).toEqual(a.gradient);
      }
    }
  });

  it('finite for logits like [1000, −1000, 0], with gradients p − z', () => {
    const three = xs.slice(0, 3);
    const at = bind([1000, -1000, 0]);
    expectLoss(softmaxCrossEntropy(three, 0), at, 0, { x0: 0, x1: 0, x2: 0 }, 0);
    expectLoss(softmaxCrossEntropy(three, 1), at, 2000, { x0: 1, x1: -1, x2: 0 }, 0);
    expectLoss(softmaxCrossEntropy(three, 2), at, 1000, { x0: 1, x1: 0, x2: -1 }, 0);
    expectLoss(softmaxCrossEntropy(three, [0.5, 0.5, 0]), at, 1000, { x0: 0.5, x1: -0.5, x2: 0 }, 0);
  });

  it('a −∞ logit has probability 0 and gradient 0; the loss is +∞ if it is the target (gradient −1 there)', () => {
    const three = xs.slice(0, 3);
    const at = bind([-Infinity, 1, 1]);
    // the other two classes split the probability
    expectLoss(softmaxCrossEntropy(three, 1), at, Math.LN2, { x0: 0, x1: -0.5, x2: 0.5 });
    expectLoss(softmaxCrossEntropy(three, [0, 0.5, 0.5]), at, Math.LN2, { x0: 0, x1: 0, x2: 0 });
    expectLoss(softmaxCrossEntropy(three, 0), at, Infinity, { x0: -1, x1: 0.5, x2: 0.5 });
    // a probability given as a node takes part even when it is 0: 0·∞ is NaN, as documented
    const z = variable('z');
    expect(evaluate(softmaxCrossEntropy(three, [z, 0.5, 0.5]), { ...at, z: 0 })).toBeNaN();
  });

  it('all logits −∞, or one +∞ or NaN: the softmax is undefined and the loss is NaN (IEEE, not an error)', () => {
    const three = xs.slice(0, 3);
    for (const v of [
      [-Infinity, -Infinity, -Infinity],
      [Infinity, 0, 1],
      [NaN, 0, 1],
    ]) {
      const r = reverseMode(softmaxCrossEntropy(three, 1), bind(v));
      expect(r.value).toBeNaN();
      expect(Object.values(r.gradient).some(Number.isNaN)).toBe(true);
    }
  });
});

describe('no ∞ or NaN for finite inputs', () => {
  const extremes = [-1e300, -1e10, -1000, -40, -1, 0, 1e-300, 1, 40, 1000, 1e10, 1e300];
  const finite = (loss: Node, at: Point): void => {
    const r = reverseMode(loss, at);
    expect(Number.isFinite(r.value), `value ${r.value} at ${JSON.stringify(at)}`).toBe(true);
    for (const [k, g] of Object.entries(r.gradient)) expect(Number.isFinite(g), `∂/∂${k} = ${g} at ${JSON.stringify(at)}`).toBe(true);
  };

  it('margin losses, sigmoid cross-entropy, l1 and huber at scores from −1e300 to 1e300', () => {
    for (const v of extremes) {
      for (const label of [-1, 1]) {
        finite(hingeLoss(f, label), { f: v });
        finite(logisticLoss(f, label), { f: v });
      }
      for (const z of [0, 0.5, 1]) finite(sigmoidCrossEntropy(f, z), { f: v });
      finite(l1Loss(f, 1), { f: v });
      finite(huberLoss(f, 1, { delta: 3 }), { f: v });
    }
  });

  it('softmax cross-entropy for logits from −1e300 to 1e300', () => {
    const next = rng(3);
    const xs = [variable('a'), variable('b'), variable('c')];
    for (let i = 0; i < 300; i++) {
      const pick = (): number => extremes[Math.floor(next() * extremes.length)] * (next() < 0.5 ? 1 : 0.5);
      const at = { a: pick(), b: pick(), c: pick() };
      for (const target of [0, 2, [0.2, 0.3, 0.5]]) finite(softmaxCrossEntropy(xs, target), at);
    }
  });

  it('the square loss only overflows where (f − y)² itself exceeds the double range', () => {
    finite(squareLoss(f, 1), { f: 1e150 });
    expect(evaluate(squareLoss(f, 1), { f: 1e155 })).toBe(Infinity);
  });
});

describe('gradcheck (PyTorch tolerances) at random points away from kinks', () => {
  const next = rng(2024);
  const uniform = (lo: number, hi: number): number => lo + (hi - lo) * next();
  /** A uniform number whose distance to every kink is at least 1e-3 (redrawn otherwise). */
  const away = (lo: number, hi: number, kinks: (v: number) => boolean): number => {
    for (;;) {
      const v = uniform(lo, hi);
      if (!kinks(v)) return v;
    }
  };
  const label = (): number => (next() < 0.5 ? -1 : 1);
  const passes = (loss: Node, at: Point): void => {
    const report = gradcheck(loss, at);
    expect(report.ok, report.message).toBe(true);
  };
  const trials = 25;

  it('square, l1, huber', () => {
    for (let i = 0; i < trials; i++) {
      const yv = uniform(-5, 5);
      const delta = uniform(0.2, 3);
      passes(squareLoss(f, y), { f: uniform(-5, 5), y: yv });
      passes(l1Loss(f, y), { f: yv + away(-5, 5, (r) => Math.abs(r) < 1e-3), y: yv });
      passes(huberLoss(f, y, { delta }), { f: yv + away(-5, 5, (r) => Math.abs(r) < 1e-3 || Math.abs(Math.abs(r) - delta) < 1e-3), y: yv });
    }
  });

  it('hinge and logistic, with the label as a variable too', () => {
    for (let i = 0; i < trials; i++) {
      const l = label();
      const fv = l * away(-4, 4, (m) => Math.abs(m - 1) < 1e-3); // y·f away from the margin
      passes(hingeLoss(f, l), { f: fv });
      passes(hingeLoss(f, y), { f: fv, y: l });
      passes(logisticLoss(f, y), { f: uniform(-30, 30), y: l });
    }
  });

  it('sigmoid and softmax cross-entropy, with soft labels as variables', () => {
    const xs = [variable('a'), variable('b'), variable('c'), variable('d')];
    const zs = [variable('z0'), variable('z1'), variable('z2'), variable('z3')];
    for (let i = 0; i < trials; i++) {
      passes(sigmoidCrossEntropy(f, y), { f: uniform(-20, 20), y: uniform(0, 1) });
      passes(sigmoidCrossEntropy(f, next() < 0.5 ? 0 : 1), { f: uniform(-20, 20) });
      const at = { a: uniform(-10, 10), b: uniform(-10, 10), c: uniform(-10, 10), d: uniform(-10, 10) };
      passes(softmaxCrossEntropy(xs, Math.floor(next() * 4)), at);
      const w = Array.from({ length: 4 }, () => next());
      const s = w.reduce((p, q) => p + q, 0);
      passes(softmaxCrossEntropy(xs, zs), { ...at, z0: w[0] / s, z1: w[1] / s, z2: w[2] / s, z3: w[3] / s });
    }
  });

  it('every batch form, on a linear model w·x + b', () => {
    const w = variable('w');
    const b = variable('b');
    for (let i = 0; i < 10; i++) {
      const xs = Array.from({ length: 5 }, () => uniform(-2, 2));
      const scores = xs.map((x) => w.mul(x).add(b));
      const at = { w: uniform(-2, 2), b: uniform(-1, 1) };
      const reals = xs.map(() => uniform(-3, 3));
      const signs = xs.map(label);
      const bits = xs.map(() => (next() < 0.5 ? 0 : 1));
      passes(mse(scores, reals), at);
      passes(squareLossBatch(scores, reals, { reduction: 'sum' }), at);
      passes(l1LossBatch(scores, reals), at);
      passes(huberLossBatch(scores, reals, { delta: 0.7 }), at);
      passes(hingeLossBatch(scores, signs), at);
      passes(logisticLossBatch(scores, signs), at);
      passes(sigmoidCrossEntropyBatch(scores, bits), at);
      passes(softmaxCrossEntropyBatch(xs.map((x) => [w.mul(x), b, w.mul(b)]), bits), at);
    }
  });
});

describe('batches and reductions', () => {
  const a = variable('a');
  const b = variable('b');
  const c = variable('c');
  const at = { a: 0.5, b: -2, c: 3 };
  const preds = [a, b, c];

  it("'mean' (the default) is (1/n)·Σℓᵢ, 'sum' is Σℓᵢ, 'none' is one node per sample", () => {
    type Batch = (ps: Node[], ts: number[], o?: { reduction?: Reduction }) => Node | Node[];
    const signs = [1, -1, 1];
    const bits = [1, 0, 0.25];
    const cases: [Batch, (p: Node, t: number) => Node, number[]][] = [
      [squareLossBatch, squareLoss, signs],
      [mse, squareLoss, signs],
      [l1LossBatch, l1Loss, signs],
      [huberLossBatch, (p, t) => huberLoss(p, t), signs],
      [hingeLossBatch, hingeLoss, signs],
      [logisticLossBatch, logisticLoss, signs],
      [sigmoidCrossEntropyBatch, sigmoidCrossEntropy, bits],
    ];
    for (const [batch, single, ts] of cases) {
      const each = preds.map((p, i) => evaluate(single(p, ts[i]), at));
      const total = each[0] + each[1] + each[2];
      expectClose('mean', evaluate(batch(preds, ts) as Node, at), total / 3, 1e-15);
      expect(evaluate(batch(preds, ts, { reduction: 'mean' }) as Node, at)).toBe(evaluate(batch(preds, ts) as Node, at));
      expect(evaluate(batch(preds, ts, { reduction: 'sum' }) as Node, at)).toBe(total);
      const none = batch(preds, ts, { reduction: 'none' }) as Node[];
      expect(evaluate(none, at)).toEqual(each);
    }
  });

  it('the gradient of the mean is the mean of the gradients', () => {
    const w = variable('w');
    const xs = [1, 2, 3, 4];
    const ys = [2, 4, 6, 8];
    // the notes' batch gradient descent on y = 2x: ∂/∂w (1/n)Σ(w·xᵢ − yᵢ)² = (2/n)Σ(w·xᵢ − yᵢ)·xᵢ
    const loss = mse(
      xs.map((x) => w.mul(x)),
      ys,
    );
    const wv = 0.5;
    const expected = (2 / 4) * xs.reduce((s, x, i) => s + (wv * x - ys[i]) * x, 0);
    expectClose('∂/∂w', reverseMode(loss, { w: wv }).gradient.w, expected);
    expectClose('forward ∂/∂w', forwardMode(loss, { w: wv }, { w: 1 }).derivative, expected);
  });

  it("the result type follows the reduction: a Node, or Node[] for 'none' (checked by tsc)", () => {
    const mean: Node = mse(preds, [1, 2, 3]);
    const total: Node = hingeLossBatch(preds, [1, -1, 1], { reduction: 'sum' });
    const each: Node[] = softmaxCrossEntropyBatch([[a, b]], [0], { reduction: 'none' });
    const huber: Node[] = huberLossBatch(preds, [0, 0, 0], { delta: 2, reduction: 'none' });
    const reduction = 'none' as Reduction;
    const either: Node | Node[] = l1LossBatch(preds, [0, 0, 0], { reduction });
    expect([mean, total, ...each, ...huber].every((n) => n instanceof Object)).toBe(true);
    expect(Array.isArray(either)).toBe(true);
  });

  it('the gradient of a batch is the mean of the per-sample gradients (softmax over a batch)', () => {
    const rows = [
      [a, b, c],
      [c, mul(a, b), 1],
      [b, 0, a],
    ];
    const targets = [0, 2, [0.25, 0.25, 0.5]];
    const g = reverseMode(softmaxCrossEntropyBatch(rows, targets), at).gradient;
    const parts = rows.map((r, i) => reverseMode(softmaxCrossEntropy(r, targets[i]), at).gradient);
    for (const name of ['a', 'b', 'c']) {
      expectClose(`∂/∂${name}`, g[name], parts.reduce((acc, p) => acc + (p[name] ?? 0), 0) / 3, 1e-14, 1);
    }
  });

  it('one sample: the mean is the per-sample loss', () => {
    expect(evaluate(hingeLossBatch([a], [1]), at)).toBe(evaluate(hingeLoss(a, 1), at));
  });

  it('typed arrays of plain-number targets are accepted', () => {
    expect(evaluate(mse(preds, new Float64Array([1, -1, 1])), at)).toBe(evaluate(mse(preds, [1, -1, 1]), at));
  });

  it('softmax over a batch: rows of logits, class indices or probability vectors', () => {
    const loss = softmaxCrossEntropyBatch(
      [
        [a, b, c],
        [c, a, 0],
      ],
      [2, [0, 0.5, 0.5]],
      { reduction: 'none' },
    );
    expect(evaluate(loss, at)).toEqual([evaluate(softmaxCrossEntropy([a, b, c], 2), at), evaluate(softmaxCrossEntropy([c, a, 0], [0, 0.5, 0.5]), at)]);
  });
});

describe('typed errors', () => {
  const a = variable('a');

  it('empty batches: ShapeError naming the lengths', () => {
    for (const batch of [squareLossBatch, mse, l1LossBatch, huberLossBatch, hingeLossBatch, logisticLossBatch, sigmoidCrossEntropyBatch]) {
      expect(() => batch([], [])).toThrow(ShapeError);
      expect(() => batch([], [])).toThrow(/length 0/);
    }
    expect(() => softmaxCrossEntropyBatch([], [])).toThrow(ShapeError);
    expect(() => softmaxCrossEntropy([], 0)).toThrow(/softmaxCrossEntropy: logits is empty/);
    expect(() => softmaxCrossEntropyBatch([[a], []], [0, 0])).toThrow(/logits\[1\] is empty/);
  });

  it('mismatched batches: ShapeError naming both lengths', () => {
    expect(() => mse([a, a, a], [1, 2])).toThrow(ShapeError);
    expect(() => mse([a, a, a], [1, 2])).toThrow('mse: predictions has length 3 but targets has length 2; they must match (one per sample)');
    expect(() => hingeLossBatch([a], [1, 1])).toThrow('hingeLossBatch: scores has length 1 but labels has length 2');
    expect(() => softmaxCrossEntropyBatch([[a, 0]], [])).toThrow(ShapeError);
    expect(() => softmaxCrossEntropyBatch([[a, 0], [a, 0, 1]], [0, 0])).toThrow(
      'softmaxCrossEntropyBatch: logits[1] has length 3, expected 2 (the length of logits[0])',
    );
    expect(() => softmaxCrossEntropy([a, 0], [1, 0, 0])).toThrow(ShapeError);
    expect(() => softmaxCrossEntropy([a, 0], [1, 0, 0])).toThrow('softmaxCrossEntropy: target has length 3, expected 2 (one probability per logit)');
    expect(() => softmaxCrossEntropyBatch([[a, 0], [a, 1]], [0, [1]])).toThrow('softmaxCrossEntropyBatch: targets[1] has length 1, expected 2');
  });

  it('labels ±1 for the margin losses: ArgumentError naming the label or its index', () => {
    expect(() => hingeLoss(a, 0)).toThrow(ArgumentError);
    expect(() => hingeLoss(a, 0)).toThrow('hingeLoss: label is the number 0, expected -1 or 1');
    expect(() => logisticLoss(a, constant(2))).toThrow('logisticLoss: label is the number 2, expected -1 or 1');
    expect(() => hingeLossBatch([a, a, a], [1, -1, 0.5])).toThrow('hingeLossBatch: labels[2] is the number 0.5, expected -1 or 1');
    expect(() => logisticLossBatch([a, a], [1, 0])).toThrow(/logisticLossBatch: labels\[1\] is the number 0/);
    // a variable label is not known when the graph is built, so it is taken as it is
    expect(() => hingeLoss(a, variable('y'))).not.toThrow();
  });

  it('labels in [0, 1] for sigmoid cross-entropy', () => {
    expect(() => sigmoidCrossEntropy(a, -1)).toThrow('sigmoidCrossEntropy: label is the number -1, expected a probability in [0, 1]');
    expect(() => sigmoidCrossEntropy(a, NaN)).toThrow(ArgumentError);
    expect(() => sigmoidCrossEntropyBatch([a, a, a], [0, 1, 2])).toThrow(/sigmoidCrossEntropyBatch: labels\[2\] is the number 2/);
  });

  it('class indices and probability vectors for softmax cross-entropy', () => {
    expect(() => softmaxCrossEntropy([a, 0], 2)).toThrow(
      'softmaxCrossEntropy: target is the number 2, expected a class index: an integer in [0, 2) for 2 logits',
    );
    expect(() => softmaxCrossEntropy([a, 0], -1)).toThrow(ArgumentError);
    expect(() => softmaxCrossEntropy([a, 0], 0.5)).toThrow(ArgumentError);
    expect(() => softmaxCrossEntropyBatch([[a, 0], [a, 0]], [0, 3])).toThrow(/softmaxCrossEntropyBatch: targets\[1\] is the number 3/);
    expect(() => softmaxCrossEntropy([a, 0], [1.5, -0.5])).toThrow('softmaxCrossEntropy: target[0] is the number 1.5, expected a probability in [0, 1]');
    expect(() => softmaxCrossEntropyBatch([[a, 0], [a, 0]], [0, [0.5, -0.5]])).toThrow(/targets\[1\]\[1\] is the number -0\.5/);
    expect(() => softmaxCrossEntropy([a, 0], [0, 0])).toThrow(/target is all zeros/);
    expect(() => softmaxCrossEntropy([a, 0], 'a' as never)).toThrow(/expected a class index or an array of 2 probabilities/);
  });

  it('bad arguments and options: ArgumentError', () => {
    expect(() => mse(3 as never, [1])).toThrow('mse: predictions must be an array, got the number 3');
    expect(() => mse([a, 'b' as never], [1, 2])).toThrow('mse: predictions[1] is the string "b", expected a Node or a number');
    expect(() => squareLoss(a, [1] as never)).toThrow('squareLoss: target is an array of length 1, expected a Node or a number');
    expect(() => mse([a], [1], { reduction: 'avg' as never })).toThrow("mse: reduction must be 'mean', 'sum' or 'none', got the string \"avg\"");
    expect(() => mse([a], [1], { delta: 1 } as never)).toThrow("mse: unknown option 'delta' (known: reduction)");
    expect(() => huberLoss(a, 1, { delta: 0 })).toThrow('huberLoss: delta must be a finite number > 0, got the number 0');
    expect(() => huberLoss(a, 1, { delta: Infinity })).toThrow(ArgumentError);
    expect(() => huberLossBatch([a], [1], { delta: -1 })).toThrow(/huberLossBatch: delta must be/);
    expect(() => huberLoss(a, 1, { reduction: 'sum' } as never)).toThrow("huberLoss: unknown option 'reduction' (known: delta)");
  });

  it('every one is a WengertError', () => {
    expect(() => hingeLoss(a, 3)).toThrow(WengertError);
    expect(() => mse([], [])).toThrow(WengertError);
  });
});

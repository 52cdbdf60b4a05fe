/**
 * Suite 1: the sigmoid neuron f = 1/(1 + e^−(w·x + b)) at (x, w, b) = (3, 2, 1),
 * value and gradient (and the value alone, for the cost of a gradient relative to it).
 */
import { derivative, parse } from 'mathjs';
import { compile, evaluate, forwardMode, numericalGradient, reverseMode, withChecks } from '../src/index.js';
import { Value } from './baselines/micrograd.js';
import { sigmoidGraph, sigmoidMicrograd } from './graphs.js';
import { CASES, handWritten } from './hand-written.js';
import { agrees, IMPL, Recorder } from './harness.js';
import { SIGMOID_AT, SIGMOID_EXPRESSION, sigmoidValue, sigmoidValueAndGradient } from './problems.js';

const r = new Recorder('sigmoid');
const at = SIGMOID_AT;
const bindings = { x: at[0], w: at[1], b: at[2] };
const g = new Float64Array(3);
const out = new Float64Array(1);
const expected = new Float64Array(4);
expected[0] = sigmoidValueAndGradient(at, g);
expected.set(g, 1);
/** [f, ∂x, ∂w, ∂b] from an implementation that returns f and fills g. */
const withValue = (run: () => number) => () => {
  const f = run();
  return [f, ...g];
};
const exact = 1e-14;

const { f, inputs } = sigmoidGraph();
const js = compile(f, inputs, { backend: 'js' });
const interpreter = compile(f, inputs, { backend: 'interpreter' });

const group = 'sigmoid';
let c: string = CASES.sigmoidValueAndGradient;
console.log(c);
await r.measure({ ...handWritten(c).meta, implementation: IMPL.hand }, handWritten(c).make(), {
  check: agrees(withValue(() => sigmoidValueAndGradient(at, g)), expected, 0),
});
for (const [implementation, p] of [
  [IMPL.js, js],
  [IMPL.interpreter, interpreter],
] as const) {
  await r.measure({ group, case: c, implementation, variant: 'valueAndGradient' }, () => p.valueAndGradient(at, g), {
    check: agrees(withValue(() => p.valueAndGradient(at, g).value), expected, exact),
  });
  await r.measure({ group, case: c, implementation, variant: 'gradient' }, () => p.gradient(at, g), {
    check: agrees(() => p.gradient(at, g), expected.subarray(1), exact),
  });
}
await r.measure({ group, case: c, implementation: IMPL.direct, variant: 'reverseMode (one sweep)' }, () => reverseMode(f, bindings), {
  check: agrees(() => {
    const { value, gradient } = reverseMode(f, bindings);
    return [value, gradient.x, gradient.w, gradient.b];
  }, expected, exact),
});
// check mode (issue 6): off by default and free when off — the row above is the off path; these are the on path
const checked = () => withChecks(() => reverseMode(f, bindings));
await r.measure({ group, case: c, implementation: IMPL.direct, variant: 'reverseMode inside withChecks (check mode on)' }, checked, {
  check: agrees(() => {
    const { value, gradient } = checked();
    return [value, gradient.x, gradient.w, gradient.b];
  }, expected, exact),
});
const checkedProgram = compile(f, inputs, { checks: true });
await r.measure({ group, case: c, implementation: IMPL.interpreter, variant: 'gradient, compiled with checks: true (check mode on)' }, () => checkedProgram.gradient(at, g), {
  check: agrees(() => [...checkedProgram.valueAndGradient(at, new Float64Array(3)).gradient], expected.subarray(1), exact),
});
const directions: Record<string, number>[] = [{ x: 1 }, { w: 1 }, { b: 1 }];
const forward3 = () => {
  let value = 0;
  for (let k = 0; k < 3; k++) {
    const { value: v, derivative } = forwardMode(f, bindings, directions[k]);
    g[k] = derivative;
    value = v;
  }
  return value;
};
await r.measure({ group, case: c, implementation: IMPL.direct, variant: 'forwardMode ×3 (one sweep per input)' }, forward3, {
  check: agrees(withValue(forward3), expected, exact),
});
const fd = () => {
  g.set(numericalGradient(sigmoidValue, at));
  return sigmoidValue(at);
};
await r.measure({ group, case: c, implementation: IMPL.fd, variant: 'numericalGradient (h = 1e-6) + value' }, fd, {
  check: agrees(withValue(fd), expected, 1e-8),
});
await r.measure({ group, case: c, implementation: IMPL.micrograd }, () => sigmoidMicrograd(at, g), {
  check: agrees(withValue(() => sigmoidMicrograd(at, g)), expected, exact),
});
const expr = parse(SIGMOID_EXPRESSION);
const mathjsValue = expr.compile();
const mathjsPartials = ['x', 'w', 'b'].map((v) => derivative(expr, v).compile());
const scope = { ...bindings };
const mathjs = () => {
  for (let k = 0; k < 3; k++) g[k] = mathjsPartials[k].evaluate(scope);
  return mathjsValue.evaluate(scope) as number;
};
await r.measure({ group, case: c, implementation: IMPL.mathjs, variant: 'derivative → compile, once; evaluate 4 expressions' }, mathjs, {
  check: agrees(withValue(mathjs), expected, 1e-12),
});

c = CASES.sigmoidValue;
console.log(c);
await r.measure({ ...handWritten(c).meta, implementation: IMPL.hand }, handWritten(c).make());
await r.measure({ group, case: c, implementation: IMPL.js, variant: 'evaluate' }, () => js.evaluate(at, out), {
  check: agrees(() => js.evaluate(at, out), expected.subarray(0, 1), exact),
});
await r.measure({ group, case: c, implementation: IMPL.interpreter, variant: 'evaluate' }, () => interpreter.evaluate(at, out), {
  check: agrees(() => interpreter.evaluate(at, out), expected.subarray(0, 1), exact),
});
await r.measure({ group, case: c, implementation: IMPL.direct, variant: 'evaluate' }, () => evaluate(f, bindings), {
  check: agrees(() => [evaluate(f, bindings)], expected.subarray(0, 1), exact),
});
const microValue = () => new Value(at[1]).mul(new Value(at[0])).add(new Value(at[2])).neg().exp().add(1).pow(-1).data;
await r.measure({ group, case: c, implementation: IMPL.micrograd }, microValue, {
  check: agrees(() => [microValue()], expected.subarray(0, 1), exact),
});
await r.measure({ group, case: c, implementation: IMPL.mathjs, variant: 'compile, once; evaluate' }, () => mathjsValue.evaluate(scope), {
  check: agrees(() => [mathjsValue.evaluate(scope) as number], expected.subarray(0, 1), 1e-12),
});

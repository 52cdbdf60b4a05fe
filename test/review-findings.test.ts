/**
 * The findings of the hostile review (issue 9) in the library, one test each:
 * every one failed on the code before its fix. The CLI's findings are in
 * test/cli-hostile.test.ts, the numeric options in test/options.test.ts, and
 * the sweep of every export with hostile arguments in test/reliability.test.ts.
 */
import * as mathjs from 'mathjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  accuracy,
  add,
  ArgumentError,
  BindingTypeError,
  classify,
  compile,
  type Dataset,
  evaluate,
  ExpressionSyntaxError,
  fit,
  forwardMode,
  jvp,
  minimize,
  MLP,
  nelderMead,
  NonFiniteLossError,
  ShapeError,
  sub,
  train,
  variable,
  WengertError,
} from '../src/index.js';
import { parse } from '../src/parse/index.js';
import { gradCommand } from '../src/cli/grad.js';

const x = variable('x');
const y = variable('y');

/** The error `run` throws (the test fails if it returns). */
function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error, but the call returned');
}

/** A dataset not made by createDataset: any labels. */
function rawDataset(labels: number[], cols = 2, classes?: number): Dataset {
  const rows = labels.length;
  const features = Float64Array.from({ length: rows * cols }, (_, i) => ((i * 7) % 5) / 4);
  return { features, rows, cols, labels: Int32Array.from(labels), ...(classes === undefined ? {} : { classes }) };
}

describe('2. labels and shapes are checked against the model before training', () => {
  it('train refuses a label outside 0 … k−1, naming its position', () => {
    const model = new MLP([2, 4, 2], { seed: 1 });
    for (const [labels, at] of [
      [[0, 1, 2, 1], 2],
      [[0, 5, 1, 0], 1],
      [[-1, 0, 1, 1], 0],
    ] as const) {
      const before = model.params.slice();
      const e = thrown(() => train(model, rawDataset([...labels], 2, 2), { epochs: 1 }));
      expect(e).toBeInstanceOf(ArgumentError);
      expect(e.message).toContain(`labels[${at}]`);
      expect(model.params).toEqual(before); // refused before any step
    }
  });

  it('train refuses a label that is not a whole number, and labels of the wrong count', () => {
    const model = new MLP([2, 1], { seed: 1 });
    const fractional: Dataset = { ...rawDataset([0, 1, 1]), labels: Float64Array.from([0, 0.5, 1]), classes: 2 } as Dataset;
    expect(thrown(() => train(model, fractional, { epochs: 1, loss: 'sigmoid-cross-entropy' })).message).toMatch(/labels\[1\]/);
    const short: Dataset = { ...rawDataset([0, 1, 1]), labels: Int32Array.from([0, 1]) };
    expect(thrown(() => train(model, short, { epochs: 1 }))).toBeInstanceOf(ShapeError);
  });

  it('a 1-output model given 3 classes is an error, not 33 % accuracy', () => {
    const model = new MLP([2, 1], { seed: 1 });
    const three = rawDataset([0, 1, 2, 0, 1, 2], 2, 3);
    const e = thrown(() => train(model, three, { epochs: 1 }));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(/3 classes/);
    expect(thrown(() => accuracy(model, three))).toBeInstanceOf(ShapeError);
  });

  it('accuracy refuses out-of-range labels and features of the wrong width; classify refuses a wrong width', () => {
    const model = new MLP([2, 3], { seed: 1 });
    expect(thrown(() => accuracy(model, rawDataset([0, 3, 1], 2, 3))).message).toMatch(/labels\[1\]/);
    const wide = rawDataset([0, 1, 2], 3, 3);
    expect(thrown(() => accuracy(model, wide))).toBeInstanceOf(ShapeError);
    const e = thrown(() => classify(model, [0.5, 1, 2]));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(/^classify: features/);
  });

  it('fit refuses samples that are not numbers, naming the first', () => {
    const [w, u, t] = [variable('w'), variable('u'), variable('t')];
    const program = compile(sub(add(w, u), t), [w, u, t]);
    const e = thrown(() => fit({ program, params: new Float64Array([0]), samples: [1, 2, '3', 4] as unknown as number[] }, { epochs: 1 }));
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.message).toMatch(/samples\[2\]/);
  });
});

describe('3. Nelder-Mead on a function unbounded below', () => {
  it('stops with NonFiniteLossError naming the step, with the best finite point', () => {
    const e = thrown(() => nelderMead((v) => -Math.exp(v[0]), [0])) as NonFiniteLossError;
    expect(e).toBeInstanceOf(NonFiniteLossError);
    expect(e.value).toBe(-Infinity);
    expect(e.step).toBeGreaterThan(0);
    expect(e.message).toMatch(new RegExp(`step ${e.step}\\b`));
    expect(e.best).toBeDefined();
    expect(Number.isFinite(e.best!.value)).toBe(true);
    expect(-Math.exp(e.best!.x[0])).toBe(e.best!.value);
    expect(e.message).toContain('best finite point');
  });

  it('and so does minimize with method nelder-mead', () => {
    expect(thrown(() => minimize((v: Float64Array) => -Math.exp(v[0]), [0], { method: 'nelder-mead' }))).toBeInstanceOf(NonFiniteLossError);
  });
});

describe('4. null and undefined where an object is expected are typed errors naming the argument', () => {
  it.each([
    ['evaluate(f, null)', () => evaluate(add(x, y), null as never), /\bat\b/],
    ['evaluate(f, undefined)', () => evaluate(add(x, y), undefined as never), /\bat\b/],
    ['forwardMode(f, at) without a direction', () => (forwardMode as (...a: unknown[]) => unknown)(add(x, y), { x: 1, y: 2 }), /direction/],
    ['forwardMode(f, null, direction)', () => forwardMode(add(x, y), null as never, { x: 1 }), /\bat\b/],
    ['jvp(graph, at, null)', () => jvp(add(x, y), { x: 1, y: 2 }, null as never), /direction/],
  ])('%s', (_name, run, names) => {
    const e = thrown(run);
    expect(e).toBeInstanceOf(WengertError);
    expect(e.message).toMatch(names);
  });
});

describe('5. names that do not match are errors, not zeros', () => {
  it('forwardMode with a direction naming a variable the graph does not have', () => {
    const e = thrown(() => forwardMode(add(x, y), { x: 1, y: 2 }, { z: 1 }));
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.message).toMatch(/'z'/);
    expect(e.message).toMatch(/its variables: x, y/);
    // naming only variables the graph has still works, and the others have tangent 0
    expect(forwardMode(add(x, y), { x: 1, y: 2 }, { y: 1 }).derivative).toBe(1);
  });

  it('minimize with inputs and x0 of different lengths says which argument is wrong', () => {
    const e = thrown(() => minimize(add(x.square(), y.square()), [1], { inputs: [x, y] }));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(/^minimize: x0 has length 1/);
    expect(e.message).toMatch(/inputs/);
  });

  it('a wrong-length x0 is a ShapeError, as the README promises, for every method', () => {
    for (const method of ['gd', 'adam', 'nelder-mead'] as const) {
      const e = thrown(() => minimize(x.square(), [1, 2], { method }));
      expect(e, method).toBeInstanceOf(ShapeError);
      expect(e.message, method).toMatch(/^minimize: x0 has length 2/);
    }
  });
});

describe('6. compiled programs refuse non-numbers the same way on both backends', () => {
  const f = add(x, y);
  it.each(['js', 'interpreter'] as const)('%s backend', (backend) => {
    const p = compile(f, [x, y], { backend });
    for (const run of [
      () => p.evaluate(['3', '4'] as unknown as number[]),
      () => p.gradient(['3', 4] as unknown as number[]),
      () => p.valueAndGradient([null, 4] as unknown as number[]),
      () => p.jvp(['3', '4'] as unknown as number[], [1, 0]),
      () => p.vjp([3, '4'] as unknown as number[], [1]),
    ]) {
      const e = thrown(run) as BindingTypeError;
      expect(e).toBeInstanceOf(BindingTypeError);
      expect(['x', 'y']).toContain(e.variable);
    }
    expect(thrown(() => p.jvp([3, 4], ['1', 0] as unknown as number[])).message).toMatch(/direction\[0\]/);
    expect(p.evaluate([3, 4])[0]).toBe(7);
    expect(p.evaluate(new Float64Array([3, 4]))[0]).toBe(7);
  });
});

describe('parse refuses a number run into a name that reads like one literal', () => {
  it.each([
    ['1_000', 1],
    ['1e', 1],
    ['2.5e', 3],
    ['1E + x', 1],
    ['3_', 1],
    ['x + 1e_3', 5],
  ])('%s', (source, position) => {
    const e = thrown(() => parse(source)) as ExpressionSyntaxError;
    expect(e).toBeInstanceOf(ExpressionSyntaxError);
    expect(e.position).toBe(position);
  });

  it('keeps implicit multiplication: 2x, 2 e, 2exp(x), 1e3 and 2pi', () => {
    expect(evaluate(parse('2x').output, { x: 3 })).toBe(6);
    expect(evaluate(parse('2 e').output, {})).toBe(2 * Math.E);
    expect(evaluate(parse('2exp(x)').output, { x: 0 })).toBe(2);
    expect(evaluate(parse('1e3').output, {})).toBe(1000);
    expect(evaluate(parse('2pi').output, {})).toBe(2 * Math.PI);
  });
});

describe('SECURITY.md: mathjs never evaluates the user’s string', () => {
  afterEach(() => vi.restoreAllMocks());

  it('wengert grad --mode symbolic differentiates the parsed tree and evaluates it with wengert’s code', () => {
    const compileSpy = vi.spyOn(mathjs.Node.prototype, 'compile');
    const evaluateSpy = vi.spyOn(mathjs.Node.prototype, 'evaluate');
    const out = gradCommand('1/(1+exp(-(w*x+b))) + tanh(x) + sqrt(w) + x^y', { at: 'x=3,w=2,b=1,y=2', mode: 'symbolic' });
    expect(compileSpy).not.toHaveBeenCalled();
    expect(evaluateSpy).not.toHaveBeenCalled();
    const row = (name: string) => out.split('\n').find((l) => l.startsWith(`${name} `))!.trim().split(/\s+/)[1];
    const sig = 1 / (1 + Math.exp(-7));
    expect(Number(row('b'))).toBeCloseTo(sig * (1 - sig), 14);
    expect(Number(row('x'))).toBeCloseTo(2 * sig * (1 - sig) + 1 / Math.cosh(3) ** 2 + 2 * 3, 12);
    expect(Number(row('y'))).toBeCloseTo(9 * Math.log(3), 12);
  });

  it('a string parse refuses never reaches mathjs’s derivative', () => {
    const derivativeSpy = vi.spyOn(mathjs.Node.prototype, 'compile');
    expect(() => gradCommand('x + constructor.constructor("return 1")()', { at: 'x=1', mode: 'symbolic' })).toThrow(WengertError);
    expect(derivativeSpy).not.toHaveBeenCalled();
  });
});

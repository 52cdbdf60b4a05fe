/**
 * What the hostile-argument sweep (test/reliability.test.ts) found in the array
 * exports, one regression test each: a raw TypeError, a hang, a value silently
 * ignored or read as a default, a NaN returned, or a node too large to hold
 * that failed only when evaluated. Each must now be a typed error naming the
 * argument (or the op and the shapes).
 */
import { describe, expect, it } from 'vitest';
import {
  add,
  ArgumentError,
  compile,
  constant,
  evaluate,
  formatShape,
  logSumExp,
  mean,
  MLP,
  pad,
  scatterAdd,
  ShapeError,
  sizeOf,
  square,
  sub,
  substitute,
  sum,
  tangentNodes,
  transpose,
  variable,
  WengertError,
} from '../src/index.js';

/** The error `f` throws (or undefined if it returns). */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('shape helpers', () => {
  it('sizeOf refuses what is not a shape instead of a TypeError, a coerced product or a 2^40-step loop', () => {
    expect(() => sizeOf(null as never)).toThrow(ArgumentError);
    expect(() => sizeOf('3' as never)).toThrow(/sizeOf: shape must be an array/);
    expect(() => sizeOf({ length: 2 ** 40 } as never)).toThrow(/sizeOf: shape must be an array/);
    expect(() => sizeOf([2, -1])).toThrow(/extent 1 of the shape is the number -1/);
    expect(sizeOf([2, 3])).toBe(6);
  });

  it('formatShape refuses what is not an array of numbers instead of a TypeError', () => {
    expect(() => formatShape(null as never)).toThrow(/formatShape: shape must be an array of numbers, got null/);
    expect(() => formatShape(['3', '4'] as never)).toThrow(ArgumentError);
    expect(formatShape([2, -1])).toBe('[2, -1]');
  });
});

describe('graph functions', () => {
  const x = variable('x');
  const f = () => add(x.mul(x), variable('y'));

  it('tangentNodes names tangentOf when it is not a function, and a tangent that is not a node of the variable’s shape', () => {
    expect(() => tangentNodes([f()], null as never)).toThrow(/tangentNodes: tangentOf must be a function/);
    expect(() => tangentNodes([f()], () => 1 as never)).toThrow(/the tangent of variable 'x' \(shape \[\]\) is the number 1/);
    expect(() => tangentNodes([f()], () => constant([1, 2]))).toThrow(/variable 'x' \(shape \[\]\) is .* of shape \[2\]/);
    expect(() => tangentNodes([f()], () => undefined, 3 as never)).toThrow(/tangentNodes: where must be a string/);
  });

  it('substitute names replace when it is not a Map, and a replacement that is not a node', () => {
    expect(() => substitute([f()], {} as never)).toThrow(/substitute: replace must be a Map/);
    expect(() => substitute([f()], new Map([['x', 2 as never]]))).toThrow(/the replacement of variable 'x' is the number 2, expected a Node/);
  });
});

describe('reductions of an array of nodes take no options', () => {
  const [a, b] = [variable('a', [2]), variable('b', [2])];
  for (const [name, op] of [
    ['sum', sum],
    ['mean', mean],
    ['logSumExp', logSumExp],
  ] as const) {
    it(`${name}([a, b], { axis: 0 }) is refused, not the elementwise ${name} with the options ignored`, () => {
      expect(() => (op as (xs: unknown, o: unknown) => unknown)([a, b], { axis: 0 })).toThrow(new RegExp(`${name}: options \\{ axis, keepdims \\} reduce one node`));
      expect((op as (xs: unknown) => { shape: readonly number[] })([a, b]).shape).toEqual([2]);
    });
  }
});

describe('null is not a default', () => {
  it('transpose(A, null) is refused, not read as the reversed axes', () => {
    expect(() => transpose(variable('A', [2, 3]), null as never)).toThrow(/transpose: perm must be a permutation of 0 … 1 for \[2, 3\], got null/);
  });

  it('constant(Float64Array, null) is refused, not read as the data’s length', () => {
    expect(() => constant(new Float64Array([1, 2]), null as never)).toThrow(/constant: a shape must be an array/);
  });
});

describe('results too large to hold are refused when the node is built', () => {
  it('pad with a width of 2^40 is a ShapeError naming pad and the shapes (it failed with a RangeError at evaluation)', () => {
    const e = thrown(() => evaluate(pad(constant([1, 2]), [[2 ** 40, 0]]), {}));
    expect(e).toBeInstanceOf(ShapeError);
    expect((e as Error).message).toMatch(/^pad: \[2\] give \[1099511627778\], more than 2147483647 elements/);
  });

  it('broadcasting [2^20, 1] against [1, 2^20] is a ShapeError naming the op and both shapes', () => {
    const e = thrown(() => evaluate(sub(variable('a', [2 ** 20, 1]), variable('b', [1, 2 ** 20])), { a: new Float64Array(2 ** 20), b: new Float64Array(2 ** 20) }));
    expect(e).toBeInstanceOf(ShapeError);
    expect((e as Error).message).toMatch(/^sub: shapes \[1048576, 1\] and \[1, 1048576\] broadcast to \[1048576, 1048576\], more than 2147483647 elements/);
  });

  it('scatterAdd names size when it is 2^40, and a constant index outside [0, size) when the node is built', () => {
    expect(() => scatterAdd(constant([1, 2, 3]), [0, 1, 0], 0, 2 ** 40)).toThrow(/scatterAdd: size must be a whole number in \[0, 2147483647\], got the number 1099511627776/);
    expect(() => scatterAdd(constant([1, 2, 3]), NaN, 0, 3)).toThrow(/scatterAdd: index 0 is NaN, expected a whole number in \[0, 3\) \(size is 3\)/);
    expect(() => scatterAdd(constant([1, 2, 3]), [0, 3, 0], 0, 3)).toThrow(/scatterAdd: index 1 is 3/);
  });
});

describe('methods', () => {
  it('MLP#forward names X and params instead of a TypeError', () => {
    const model = new MLP([2, 3, 1], { seed: 1 });
    expect(() => model.forward(null as never)).toThrow(/MLP#forward: X must be a node of shape \[rows, 2\], got null/);
    expect(() => model.forward(variable('X', [4, 2]), [1, 2, 3, 4] as never)).toThrow(/MLP#forward: params must be an array of 4 nodes/);
    expect(model.forward(variable('X', [4, 2])).shape).toEqual([4, 1]);
  });

  it('Program#sampleWidth and Program#inputName refuse what is not a count or an input, instead of NaN or undefined', () => {
    const [w, u, t] = [variable('w'), variable('u'), variable('t')];
    const program = compile(square(sub(w.mul(u), t)), [w, u, t]);
    expect(() => program.sampleWidth(NaN)).toThrow(/sampleWidth: params must be a whole number ≥ 0/);
    expect(() => program.sampleWidth(2 ** 40)).toThrow(/1099511627776 parameters \(params\)/);
    expect(() => program.inputName(3)).toThrow(/inputName: k must be a whole number in \[0, 2\], got the number 3/);
    expect(() => program.inputName('1' as never)).toThrow(WengertError);
    expect([program.sampleWidth(1), program.inputName(1)]).toEqual([2, 'u']);
  });
});

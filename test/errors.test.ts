import { describe, expect, it } from 'vitest';
import {
  add,
  ArgumentError,
  BindingTypeError,
  constant,
  dot,
  evaluate,
  forwardMode,
  mean,
  mul,
  reverseMode,
  ShapeError,
  sum,
  UnboundVariableError,
  variable,
  WengertError,
} from '../src/index.js';

describe('errors name what is at fault', () => {
  const x = variable('x');
  const y = variable('y');

  it('an unbound variable, by name', () => {
    const e = (() => {
      try {
        evaluate(add(x, y), { x: 1 });
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(UnboundVariableError);
    expect(e).toBeInstanceOf(WengertError);
    expect((e as UnboundVariableError).variable).toBe('y');
    expect((e as Error).message).toMatch(/'y'/);
  });

  it('inherited object properties are not bindings', () => {
    expect(() => evaluate(variable('toString'), {})).toThrow(UnboundVariableError);
    expect(() => evaluate(variable('__proto__'), {})).toThrow(UnboundVariableError);
    expect(evaluate(variable('__proto__'), new Map([['__proto__', 2]]))).toBe(2);
    expect(reverseMode(mul(variable('__proto__'), 3), new Map([['__proto__', 2]])).gradient['__proto__']).toBe(3);
  });

  it('a binding that is not a number', () => {
    expect(() => evaluate(x, { x: '3' as unknown as number })).toThrow(BindingTypeError);
    expect(() => evaluate(x, { x: '3' as unknown as number })).toThrow(/'x' is bound to the string "3"/);
    expect(() => forwardMode(x, { x: 1 }, { x: null as unknown as number })).toThrow(BindingTypeError);
  });

  it('a variable bound to NaN propagates NaN (IEEE), it is not an error', () => {
    expect(evaluate(mul(x, 2), { x: NaN })).toBeNaN();
  });

  it('wrong arguments to ops', () => {
    expect(() => add(x, 'y' as unknown as number)).toThrow(ArgumentError);
    expect(() => add(x, 'y' as unknown as number)).toThrow(/add: argument 2 is the string "y"/);
    expect(() => sum([])).toThrow(/sum: expected at least 1 input/);
    expect(() => mean([])).toThrow(ShapeError);
    expect(() => dot([x], [x, y])).toThrow(ShapeError);
    expect(() => variable('')).toThrow(ArgumentError);
    expect(() => constant('1' as unknown as number)).toThrow(ArgumentError);
    expect(() => evaluate([x, 3 as unknown as typeof x], { x: 1 })).toThrow(/output 2/);
  });
});

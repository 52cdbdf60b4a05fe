// The mathjs bridge: expression strings to graphs (parse) and back (toExpression).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  abs,
  add,
  ArgumentError,
  constant,
  cos,
  div,
  evaluate,
  exp,
  ExpressionLimitError,
  ExpressionSyntaxError,
  log,
  log1p,
  logSumExp,
  max,
  mean,
  min,
  mul,
  neg,
  Node,
  pow,
  reciprocal,
  relu,
  reverseMode,
  sigmoid,
  sign,
  sin,
  softplus,
  sqrt,
  square,
  sub,
  sum,
  tanh,
  UnsupportedExpressionError,
  variable,
} from '../src/index.js';
import { MAX_EXPRESSION_LENGTH, MAX_NESTING_DEPTH, parse } from '../src/parse/parse.js';
import { toExpression } from '../src/parse/print.js';
import { sourceSpanOf } from '../src/graph/spans.js';

type Bindings = Record<string, number>;

/** The value of a parsed string at a point. */
const value = (source: string, at: Bindings = {}): number => evaluate(parse(source).output, at);

/** Catches what `f` throws (fails the test if it does not throw). */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

const points: Bindings[] = [
  { x: 3, y: 2, z: 1, w: 2, b: 1 },
  { x: -0.7, y: 0.25, z: -3, w: 1e-8, b: -40 },
  { x: 0, y: -0, z: 1e-300, w: -0, b: 0 },
  { x: 1e10, y: -2.5, z: 7, w: -3, b: 700 },
  { x: -1, y: 1, z: 0.5, w: 0.5, b: -0.5 },
];

/** Same value at every point (Object.is: NaN equals NaN, −0 differs from 0), and same gradient. */
function expectSameFunction(a: Node, b: Node): void {
  for (const at of points) {
    expect(Object.is(evaluate(a, at), evaluate(b, at)), `value at ${JSON.stringify(at)}`).toBe(true);
    const ga = reverseMode(a, at).gradient;
    const gb = reverseMode(b, at).gradient;
    expect(Object.keys(gb).sort()).toEqual(Object.keys(ga).sort());
    for (const k of Object.keys(ga)) expect(Object.is(ga[k], gb[k]), `∂${k} at ${JSON.stringify(at)}`).toBe(true);
  }
}

describe('parse: accepted constructs', () => {
  it('reads the numbers mathjs reads', () => {
    expect(value('2')).toBe(2);
    expect(value('0.5')).toBe(0.5);
    expect(value('.5')).toBe(0.5);
    expect(value('5.')).toBe(5);
    expect(value('1e-3')).toBe(1e-3);
    expect(value('2.5E+2')).toBe(250);
    expect(value('0x1F')).toBe(31);
    expect(value('0b101')).toBe(5);
    expect(value('1e400')).toBe(Infinity);
    expect(value('5e-324')).toBe(5e-324);
  });

  it('reads pi, e, Infinity and NaN as constants', () => {
    for (const [s, v] of [
      ['pi', Math.PI],
      ['e', Math.E],
      ['Infinity', Infinity],
      ['NaN', NaN],
    ] as const) {
      const { output, variables } = parse(s);
      expect(output.isConstant).toBe(true);
      expect(Object.is(output.value, v)).toBe(true);
      expect(variables.size).toBe(0);
    }
    expect(value('-Infinity')).toBe(-Infinity);
    expect(value('2 pi')).toBe(2 * Math.PI);
  });

  it('reads every other name as a variable, one node per name, in order of first appearance', () => {
    const { output, variables } = parse('b*x + a*x + b + E + PI + α + $k + _u1');
    expect([...variables.keys()]).toEqual(['b', 'x', 'a', 'E', 'PI', 'α', '$k', '_u1']);
    for (const [name, node] of variables) {
      expect(node.isVariable).toBe(true);
      expect(node.name).toBe(name);
    }
    // both occurrences of x are the same node
    const bx = output.inputs[0].inputs[0].inputs[0].inputs[0].inputs[0].inputs[0].inputs[0];
    expect(bx.op?.name).toBe('mul');
    expect(bx.inputs[1]).toBe(variables.get('x'));
    expect(evaluate(output, { b: 1, x: 2, a: 3, E: 4, PI: 5, α: 6, $k: 7, _u1: 8 })).toBe(2 + 6 + 1 + 4 + 5 + 6 + 7 + 8);
  });

  it('maps + - * / ^ and the signs to add, sub, mul, div, pow, neg', () => {
    const at = { a: 7, b: 2 };
    expect(value('a + b', at)).toBe(9);
    expect(value('a - b', at)).toBe(5);
    expect(value('a * b', at)).toBe(14);
    expect(value('a / b', at)).toBe(3.5);
    expect(value('a ^ b', at)).toBe(49);
    expect(value('-a', at)).toBe(-7);
    expect(value('+a', at)).toBe(7);
    expect(value('2^3^2')).toBe(512); // right-associative
    expect(value('-2^2')).toBe(-4); // ^ binds tighter than the sign
    expect(value('2^-1')).toBe(0.5);
    expect(value('8 - 2 - 1')).toBe(5); // left-associative
    expect(value('8 / 2 / 2')).toBe(2);
    expect(value('(1 + 2) * 3')).toBe(9);
    expect(value('--a', at)).toBe(7);
    expect(value('a - -b', at)).toBe(9);
  });

  it('builds the same nodes as the composites', () => {
    const d = parse('a - b').output;
    expect(d.op?.name).toBe('add');
    expect(d.inputs[1].op?.name).toBe('neg');
    const q = parse('a / b').output;
    expect(q.op?.name).toBe('mul');
    expect(q.inputs[1].op?.name).toBe('reciprocal');
    const r = parse('1/x').output;
    expect(r.op?.name).toBe('reciprocal');
    const n = parse('-2').output;
    expect(n.op?.name).toBe('neg');
    expect(n.inputs[0].value).toBe(2);
    const p = parse('+x');
    expect(p.output).toBe(p.variables.get('x'));
  });

  it('reads implicit multiplication as mul, like mathjs', () => {
    const at = { x: 3, y: 5, r: 2 };
    expect(value('2x', at)).toBe(6);
    expect(value('2 pi r', at)).toBe(2 * Math.PI * 2);
    expect(value('(x)(y)', at)).toBe(15);
    expect(value('2(x + 1)', at)).toBe(8);
    expect(value('x y', at)).toBe(15);
    expect(value('exp(0)(x)', at)).toBe(3);
    expect(value('1/2x', at)).toBe(1.5); // mathjs: a number over a number binds first
    expect(parse('2x').output.op?.name).toBe('mul');
  });

  it('calls every function of the table, by its wengert name', () => {
    const x = variable('x');
    const y = variable('y');
    const z = variable('z');
    const cases: [string, Node][] = [
      ['exp(x)', exp(x)],
      ['log(x)', log(x)],
      ['log1p(x)', log1p(x)],
      ['tanh(x)', tanh(x)],
      ['sin(x)', sin(x)],
      ['cos(x)', cos(x)],
      ['sqrt(x)', sqrt(x)],
      ['abs(x)', abs(x)],
      ['relu(x)', relu(x)],
      ['sign(x)', sign(x)],
      ['neg(x)', neg(x)],
      ['reciprocal(x)', reciprocal(x)],
      ['add(x, y)', add(x, y)],
      ['mul(x, y)', mul(x, y)],
      ['pow(x, y)', pow(x, y)],
      ['max(x, y)', max(x, y)],
      ['min(x, y)', min(x, y)],
      ['sum(x)', sum([x])],
      ['sum(x, y, z, 1)', sum([x, y, z, 1])],
      ['sub(x, y)', sub(x, y)],
      ['div(x, y)', div(x, y)],
      ['square(x)', square(x)],
      ['sigmoid(x)', sigmoid(x)],
      ['softplus(x)', softplus(x)],
      ['logSumExp(x, y, z)', logSumExp([x, y, z])],
      ['logSumExp(x)', logSumExp([x])],
      ['mean(x, y, z)', mean([x, y, z])],
    ];
    for (const [source, expected] of cases) expectSameFunction(parse(source).output, expected);
  });

  it('skips comments, and newlines inside parentheses; allows one trailing separator', () => {
    expect(value('1 + 2 # three')).toBe(3);
    expect(value('max(\n  1,\n  2 # two\n)')).toBe(2);
    expect(value('x;', { x: 4 })).toBe(4);
    expect(value('x\n', { x: 4 })).toBe(4);
    expect(value('\n x \n', { x: 4 })).toBe(4);
    expect(value('\tx\u00a0+ 1', { x: 4 })).toBe(5);
  });
});

describe('parse: the sigmoid neuron of the notes', () => {
  const source = '1/(1+exp(-(w*x+b)))';
  const at = { x: 3, w: 2, b: 1 };

  it('evaluates to 0.9990889488055994 at x = 3, w = 2, b = 1', () => {
    const { output, variables } = parse(source);
    expect([...variables.keys()]).toEqual(['w', 'x', 'b']);
    expect(evaluate(output, at)).toBe(0.9990889488055994);
  });

  it('has the gradient of the hand-built graph, bit for bit, and the exact one to 2e-15', () => {
    const [x, w, b] = [variable('x'), variable('w'), variable('b')];
    const built = reciprocal(add(1, exp(neg(add(mul(w, x), b)))));
    const parsed = parse(source).output;
    const r = reverseMode(parsed, at);
    expect(r).toEqual(reverseMode(built, at));
    expect(r.value).toBe(0.9990889488055994);
    const exact = { x: 0.0018204423602436530307, w: 0.0027306635403654795461, b: 0.00091022118012182651536 };
    for (const k of ['x', 'w', 'b'] as const) expect(Math.abs(r.gradient[k] - exact[k]) / exact[k]).toBeLessThan(2e-15);
    expectSameFunction(parsed, built);
  });
});

describe('parse: refused constructs name the construct and its position', () => {
  const cases: [string, string, number][] = [
    ['a = 1', 'assignment', 2],
    ['f(x) = x^2', 'function definition', 5],
    ['x + a.b', 'property access', 5],
    ['a?.b', 'optional chaining', 1],
    ['x + a[1]', 'index access', 5],
    ['[1, 2]', 'matrix', 0],
    ['{a: 1}', 'object', 0],
    ['"text"', 'string', 0],
    ["x + 'text'", 'string', 4],
    ["x'", 'transpose', 1],
    ['1:3', 'range', 1],
    ['a ? b : c', 'conditional', 2],
    ['a ?? b', 'nullish coalescing', 2],
    ['a < b < c', 'chained comparison', 0],
    ['a == b != c', 'chained comparison', 0],
    ['a and b', "logical operator 'and'", 2],
    ['not a', "logical operator 'not'", 0],
    ['a & b', "bitwise operator '&'", 2],
    ['~a', "bitwise operator '~'", 0],
    ['a >>> 1', "bitwise operator '>>>'", 2],
    ['x % 2', "modulo or percentage '%'", 2],
    ['mod + 2', "modulo 'mod'", 0],
    ['3! + 1', "factorial '!'", 1],
    ['5 cm to inch', "unit conversion 'to'", 5],
    ['a .* b', "element-wise operator '.*'", 2],
    ['x + 1\ny', 'multiple statements', 5],
    ['x; y', 'multiple statements', 1],
    ['foo(x)', "unknown function 'foo'", 0],
    ['1 + x(y + 1)', "unknown function 'x'", 4],
    ['pi(2)', "unknown function 'pi'", 0],
    ['x + __proto__', "reserved name '__proto__'", 4],
    ['constructor', "reserved name 'constructor'", 0],
    ['prototype * 2', "reserved name 'prototype'", 0],
    ['1 + toString', "reserved name 'toString'", 4],
    ['valueOf(x)', "reserved name 'valueOf'", 0],
    ['hasOwnProperty', "reserved name 'hasOwnProperty'", 0],
    ['true', "literal 'true'", 0],
    ['x * null', "literal 'null'", 4],
  ];
  for (const [source, construct, position] of cases) {
    it(`${JSON.stringify(source)}: ${construct} at ${position}`, () => {
      const e = thrown(() => parse(source));
      expect(e).toBeInstanceOf(UnsupportedExpressionError);
      const u = e as UnsupportedExpressionError;
      expect(u.construct).toBe(construct);
      expect(u.position).toBe(position);
      expect(u.message).toContain(construct);
      expect(u.message).toContain(`position ${position}`);
    });
  }

  it('hints at the product when a name is called', () => {
    expect((thrown(() => parse('x(y + 1)')) as Error).message).toContain('x*(…)');
  });
});

describe('parse: syntax errors give the position and the offending token', () => {
  const cases: [string, number, string][] = [
    ['1 +', 3, 'end of the expression'],
    ['exp(x,)', 6, '")"'],
    ['(x', 2, 'end of the expression'],
    ['x)', 1, '")"'],
    ['1 2', 2, '"2"'],
    ['x + * y', 4, '"*"'],
    ['0x', 0, '"0x"'],
    ['x + \u00a7', 4, '"§"'],
  ];
  for (const [source, position, token] of cases) {
    it(JSON.stringify(source), () => {
      const e = thrown(() => parse(source));
      expect(e).toBeInstanceOf(ExpressionSyntaxError);
      expect((e as ExpressionSyntaxError).position).toBe(position);
      expect((e as Error).message).toContain(`position ${position}`);
      expect((e as Error).message).toContain(token);
    });
  }

  it('an empty expression is a syntax error', () => {
    for (const s of ['', '   ', '# only a comment']) expect(thrown(() => parse(s))).toBeInstanceOf(ExpressionSyntaxError);
  });

  it('a known function with the wrong number of arguments names the function and its position', () => {
    const cases: [string, string, number][] = [
      ['exp(x, y)', 'exp takes 1 argument, got 2', 0],
      ['1 + max(x)', 'max takes 2 arguments, got 1', 4],
      ['sum()', 'sum takes 1 or more arguments, got 0', 0],
      ['x * pow(x, 2, 3)', 'pow takes 2 arguments, got 3', 4],
      ['mean()', 'mean takes 1 or more arguments, got 0', 0],
    ];
    for (const [source, text, position] of cases) {
      const e = thrown(() => parse(source));
      expect(e).toBeInstanceOf(ExpressionSyntaxError);
      expect((e as ExpressionSyntaxError).position).toBe(position);
      expect((e as Error).message).toContain(text);
      expect((e as Error).message).toContain(`position ${position}`);
    }
  });

  it('input that is not a string is an ArgumentError', () => {
    for (const bad of [undefined, null, 42, ['x'], { toString: () => 'x' }]) {
      expect(thrown(() => parse(bad as unknown as string))).toBeInstanceOf(ArgumentError);
    }
  });
});

describe('parse: limits', () => {
  it('accepts 64 KB and refuses one character more, before mathjs sees it', () => {
    const ok = 'x' + ' '.repeat(MAX_EXPRESSION_LENGTH - 1);
    expect(MAX_EXPRESSION_LENGTH).toBe(65536);
    expect(value(ok, { x: 1 })).toBe(1);
    const e = thrown(() => parse(ok + ' '));
    expect(e).toBeInstanceOf(ExpressionLimitError);
    expect((e as Error).message).toContain('65536');
  });

  it(`accepts ${MAX_NESTING_DEPTH} levels of nesting and refuses one more`, () => {
    const nest = (n: number) => '('.repeat(n) + 'x' + ')'.repeat(n);
    expect(value(nest(MAX_NESTING_DEPTH), { x: 2 })).toBe(2);
    const e = thrown(() => parse(nest(MAX_NESTING_DEPTH + 1)));
    expect(e).toBeInstanceOf(ExpressionLimitError);
    expect((e as Error).message).toContain(`position ${MAX_NESTING_DEPTH}`);
    expect(value('-'.repeat(MAX_NESTING_DEPTH) + 'x', { x: 2 })).toBe(2);
    expect(thrown(() => parse('-'.repeat(MAX_NESTING_DEPTH + 1) + 'x'))).toBeInstanceOf(ExpressionLimitError);
  });

  const deep: [string, string][] = [
    ['((((…x…))))', '('.repeat(10_000) + 'x' + ')'.repeat(10_000)],
    ['-(-(-(…x…)))', '-('.repeat(10_000) + 'x' + ')'.repeat(10_000)],
    ['----…x', '-'.repeat(10_000) + 'x'],
    ['+-+-…x', '+-'.repeat(10_000) + 'x'],
    ['x^x^…^x', 'x^'.repeat(10_000) + 'x'],
    ['2^-2^-…', '2^-'.repeat(10_000) + '2'],
    ['exp(exp(…x…))', 'exp('.repeat(10_000) + 'x' + ')'.repeat(10_000)],
    ['max(x, max(x, …))', 'max(x, '.repeat(5_000) + 'x' + ')'.repeat(5_000)],
    ['unclosed ((((…', '('.repeat(30_000)],
    ['x^(x^(…))', 'x^('.repeat(10_000) + 'x' + ')'.repeat(10_000)],
  ];
  for (const [name, source] of deep) {
    it(`deep nesting ${name} is an ExpressionLimitError, not a stack overflow`, () => {
      const e = thrown(() => parse(source));
      expect(e).toBeInstanceOf(ExpressionLimitError);
      expect(e).not.toBeInstanceOf(RangeError);
    });
  }

  it('long flat chains are not nesting: a 64 KB x+x+…+x parses, evaluates and differentiates', () => {
    const n = Math.floor((MAX_EXPRESSION_LENGTH + 1) / 2); // 'x' + '+x' × (n − 1)
    const source = 'x' + '+x'.repeat(n - 1);
    expect(source.length).toBeLessThanOrEqual(MAX_EXPRESSION_LENGTH);
    const { output, variables } = parse(source);
    expect([...variables.keys()]).toEqual(['x']);
    expect(evaluate(output, { x: 1.5 })).toBe(1.5 * n);
    const r = reverseMode(output, { x: 1.5 });
    expect(r.value).toBe(1.5 * n);
    expect(r.gradient.x).toBe(n);
    expect(sourceSpanOf(output)).toEqual({ start: 0, end: source.length });
  });

  it('long chains of signs and products between operands are flat too', () => {
    const source = '-x*-x' + '*-x'.repeat(10_000);
    expect(value(source, { x: 1 })).toBe(1); // 10 002 factors of −1
    const minus = 'x' + '-x'.repeat(20_000);
    expect(value(minus, { x: 2 })).toBe(2 - 2 * 20_000);
    expect(value('2x' + ' 2x'.repeat(10_000), { x: 1 })).toBe(Infinity); // implicit products
    expect(value('(x)'.repeat(10_000), { x: -1 })).toBe(1);
  });
});

describe('sourceSpanOf', () => {
  it('gives the span of each op node and literal', () => {
    const source = '1 + exp(w*x) - 2';
    const { output, variables } = parse(source);
    const text = (n: Node) => {
      const s = sourceSpanOf(n)!;
      return source.slice(s.start, s.end);
    };
    // (1 + exp(w*x)) - 2  =  add(add(1, exp(mul(w, x))), neg(2))
    expect(text(output)).toBe(source);
    expect(text(output.inputs[1])).toBe(source); // the neg made by the subtraction
    expect(text(output.inputs[1].inputs[0])).toBe('2');
    const left = output.inputs[0];
    expect(text(left)).toBe('1 + exp(w*x)');
    expect(text(left.inputs[0])).toBe('1');
    expect(text(left.inputs[1])).toBe('exp(w*x)');
    expect(text(left.inputs[1].inputs[0])).toBe('w*x');
    expect(sourceSpanOf(variables.get('w')!)).toBeUndefined();
    expect(sourceSpanOf(add(variable('a'), 1))).toBeUndefined();
  });

  it('spans every node a composite call expands to, without the parentheses around it', () => {
    const source = ' 2 * (sigmoid(x + 1))';
    const { output } = parse(source);
    const call = output.inputs[1];
    expect(sourceSpanOf(call)).toEqual({ start: 6, end: 20 });
    const stack = [call];
    let count = 0;
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.isVariable) continue;
      const s = sourceSpanOf(n)!;
      expect(s.start).toBeGreaterThanOrEqual(6);
      expect(s.end).toBeLessThanOrEqual(20);
      count++;
      stack.push(...n.inputs);
    }
    expect(count).toBeGreaterThan(8);
    expect(sourceSpanOf(output)).toEqual({ start: 1, end: 21 });
  });
});

describe('toExpression', () => {
  const x = variable('x');
  const y = variable('y');
  const z = variable('z');

  it('prints with mathjs operators and minimal parentheses', () => {
    const cases: [Node, string][] = [
      [reciprocal(add(1, exp(neg(add(mul(y, x), z))))), '1/(1 + exp(-(y*x + z)))'],
      [add(add(x, y), z), 'x + y + z'],
      [add(x, add(y, z)), 'x + (y + z)'],
      [sub(sub(x, y), z), 'x - y - z'],
      [sub(x, sub(y, z)), 'x - (y - z)'],
      [mul(add(x, y), z), '(x + y)*z'],
      [div(x, mul(y, z)), 'x/(y*z)'],
      [div(div(x, y), z), 'x/y/z'],
      [mul(reciprocal(x), y), '1/x*y'],
      [mul(1, reciprocal(x)), '1*(1/x)'],
      [pow(pow(x, y), z), '(x^y)^z'],
      [pow(x, pow(y, z)), 'x^y^z'],
      [pow(neg(x), 2), '(-x)^2'],
      [neg(pow(x, 2)), '-x^2'],
      [neg(neg(x)), '-(-x)'],
      [pow(x, -2), 'x^-2'],
      [mul(x, -2), 'x*-2'],
      [add(x, -0), 'x - 0'],
      [add(x, -3), 'x - 3'],
      [sub(x, -3), 'x - -3'],
      [pow(-2, x), '(-2)^x'],
      [mul(x, NaN), 'x*NaN'],
      [add(Infinity, -Infinity), 'Infinity - Infinity'],
      [add(-Infinity, Infinity), '-Infinity + Infinity'],
      [sum([x, mul(y, 2), 0.1]), 'sum(x, y*2, 0.1)'],
      [max(log1p(x), sign(y)), 'max(log1p(x), sign(y))'],
      [constant(1e21), '1e+21'],
      [constant(-5e-324), '-5e-324'],
    ];
    for (const [node, text] of cases) expect(toExpression(node)).toBe(text);
  });

  it('round-trips every graph to the same function, bit for bit, and prints the parse result the same', () => {
    const graphs: Node[] = [
      reciprocal(add(1, exp(neg(add(mul(y, x), z))))),
      sigmoid(x),
      softplus(sub(x, y)),
      logSumExp([x, y, z, 1000]),
      mean([x, square(y), z]),
      square(sub(x, 0.1)),
      div(sin(x), cos(y)),
      div(1, add(x, 1e-300)),
      pow(abs(x), 1.5),
      pow(x, 3),
      pow(x, y),
      pow(-2, 3),
      pow(x, -3),
      tanh(mul(relu(x), sqrt(abs(y)))),
      log(max(x, min(y, z))),
      add(mul(x, -0), neg(0)),
      mul(x, NaN),
      add(x, -Infinity),
      sum([x, y, z, x, -1, 0.3]),
      neg(neg(neg(x))),
      sub(x, sub(y, sub(z, 1))),
      div(x, div(y, div(z, 3))),
      mul(reciprocal(x), reciprocal(y)),
      sign(sub(x, y)),
      add(add(x, 0.1), add(0.2, y)),
      mul(x, 1 / 3),
    ];
    for (const g of graphs) {
      const text = toExpression(g);
      const back = parse(text).output;
      expectSameFunction(back, g);
      expect(toExpression(back)).toBe(text);
    }
  });

  it('round-trips every double', () => {
    fc.assert(
      fc.property(fc.double(), (v) => {
        const back = parse(toExpression(constant(v))).output;
        return Object.is(evaluate(back, {}), v);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips random graphs', () => {
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const leaves = [x, y, z];
    const unary = [neg, exp, reciprocal, log, log1p, tanh, sin, cos, sqrt, abs, relu, sign, square, sigmoid, softplus];
    const binary = [add, mul, pow, max, min, sub, div];
    const grow = (depth: number): Node => {
      const r = random();
      if (depth === 0 || r < 0.2) {
        return random() < 0.7 ? leaves[Math.floor(random() * 3)] : constant((random() - 0.5) * 10);
      }
      if (r < 0.5) return unary[Math.floor(random() * unary.length)](grow(depth - 1));
      if (r < 0.9) return binary[Math.floor(random() * binary.length)](grow(depth - 1), grow(depth - 1));
      return sum([grow(depth - 1), grow(depth - 1), grow(depth - 1)]);
    };
    for (let k = 0; k < 200; k++) {
      const g = grow(5);
      const text = toExpression(g);
      const back = parse(text).output;
      for (const at of points) expect(Object.is(evaluate(back, at), evaluate(g, at)), text).toBe(true);
      expect(toExpression(back)).toBe(text);
      // the converter followed the tokens to the end: the output spans the whole string
      if (back.op !== undefined) expect(sourceSpanOf(back)).toEqual({ start: 0, end: text.length });
    }
  });

  it('prints a chain a million nodes deep without overflowing the stack', () => {
    let g = x;
    for (let k = 0; k < 1_000_000; k++) g = sin(g);
    const text = toExpression(g);
    expect(text.length).toBe(1_000_000 * 5 + 1);
    expect(text.startsWith('sin(sin(')).toBe(true);
    let h = x;
    for (let k = 0; k < 1_000_000; k++) h = add(h, 1);
    const flat = toExpression(h);
    expect(flat.startsWith('x + 1 + 1')).toBe(true);
    expect(flat.length).toBe(1 + 4 * 1_000_000);
  });

  it('refuses to print a graph whose shared subexpressions would blow up', () => {
    let g = x;
    for (let k = 0; k < 80; k++) g = mul(g, g); // x^(2^80) as 80 nodes
    expect(thrown(() => toExpression(g))).toBeInstanceOf(ExpressionLimitError);
    let h = x;
    for (let k = 0; k < 10; k++) h = mul(h, h);
    expect(toExpression(h).length).toBe(3069); // L(1) = 3 ('x*x'), L(k) = 2·L(k−1) + 3 ('A*(A)')
    expect(thrown(() => toExpression(h, { maxLength: 100 }))).toBeInstanceOf(ExpressionLimitError);
  });

  it('refuses variables whose names parse could not read back', () => {
    for (const name of ['w[0]', 'layer.w', '1a', 'a b', 'pi', 'e', 'NaN', 'Infinity', 'true', 'in', 'mod', '__proto__', 'constructor']) {
      const e = thrown(() => toExpression(add(variable(name), 1)));
      expect(e).toBeInstanceOf(ArgumentError);
      expect((e as Error).message).toContain(JSON.stringify(name));
    }
    expect(toExpression(add(variable('exp'), variable('α_1')))).toBe('exp + α_1');
    expect(value('exp + α_1', { exp: 1, α_1: 2 })).toBe(3);
  });

  it('refuses what is not a node', () => {
    expect(thrown(() => toExpression('x' as unknown as Node))).toBeInstanceOf(ArgumentError);
  });
});

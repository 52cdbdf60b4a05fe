/**
 * Graphs back to expression strings that {@link parse} reads to the same
 * function, node for node where the syntax allows it.
 */
import { checkNumber, optionsOf } from '../arguments.js';
import { ArgumentError, describe, ExpressionLimitError } from '../errors.js';
import { Node } from '../graph/node.js';
import { tape } from '../graph/tape.js';
import { variableNameProblem } from './names.js';

// Precedence of printed forms, as mathjs parses them (higher binds tighter).
const ANY = 0;
const COMPARE = 1; // a < b, a == b … (never chained: mathjs reads a < b < c as a < b and b < c)
const SUM = 2; // a + b, a - b (left-associative)
const PRODUCT = 3; // a * b, a / b, 1/x (left-associative)
const SIGN = 4; // -x
const POWER = 5; // a ^ b (right-associative; the exponent may be signed)
const ATOM = 6; // names, non-negative numbers, calls, parenthesized forms

/** The comparisons, printed as mathjs's operators. */
const comparisonOperators: ReadonlyMap<string, string> = new Map([
  ['equal', ' == '],
  ['notEqual', ' != '],
  ['less', ' < '],
  ['lessEqual', ' <= '],
  ['greater', ' > '],
  ['greaterEqual', ' >= '],
]);

/** The default longest string {@link toExpression} builds: 100 million characters. */
export const DEFAULT_MAX_PRINT_LENGTH = 100_000_000;

/** Options of {@link toExpression}. */
export interface PrintOptions {
  /** The longest string to build (default 100 million characters); a longer one raises ExpressionLimitError. */
  readonly maxLength?: number;
}

/**
 * A number as text that parses back to the same double: the shortest
 * round-trip digits (`String`), with `-0`, `NaN`, `Infinity` and `-Infinity`
 * spelled so that parse reads them back to the same value.
 */
function numberText(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (Object.is(v, -0)) return '-0';
  return String(v);
}

/** Whether a constant prints with a leading minus sign (so binds like a unary minus). */
function isSigned(v: number): boolean {
  return v < 0 || Object.is(v, -0);
}

function isConstantOne(node: Node): boolean {
  return node.isConstant && node.value === 1;
}

/**
 * An upper bound on the printed length of every node, from the leaves up.
 * Shared subexpressions print once per use, so a small graph can print to
 * an enormous string; this catches that before any string is built.
 */
function printedLength(output: Node): number {
  const t = tape(output, 'toExpression');
  const n = t.nodes.length;
  const size = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const node = t.nodes[i];
    let s: number;
    if (node.name !== undefined) s = node.name.length;
    else if (node.op === undefined) s = numberText(node.value).length;
    else s = Math.max(node.op.name.length + 2, 6);
    for (let k = t.start[i]; k < t.start[i + 1]; k++) s += size[t.operands[k]] + 4;
    size[i] = s;
  }
  return size[t.outputs[0]];
}

/**
 * Prints a graph as an expression string that {@link parse} reads back to the
 * same function: at every point it has the same value, bit for bit, and the
 * same derivatives. Primitives print in mathjs's syntax: `a + b`, `a - b` for
 * `add(a, neg(b))`, `a*b`, `a/b` for `mul(a, reciprocal(b))`, `1/x` for
 * `reciprocal(x)`, `-x`, `a^b`, the comparisons as `a == b`, `a != b`, `a < b`,
 * `a <= b`, `a > b`, `a >= b`; the others as calls with wengert's names
 * (`exp(x)`, `log1p(x)`, `max(a, b)`, `sum(a, b, c)`, `mod(a, b)`, `where(c, a, b)` …). So the
 * parsed graph is made of the same primitives, except that a negative constant
 * `c` comes back as `neg(|c|)` (same value), and `add(a, c)` prints as `a - |c|`.
 * Printing the parsed graph again gives the same string. Parentheses appear only where
 * precedence needs them. Numbers print with the shortest digits that round-trip;
 * `-0`, `NaN` and `±Infinity` print as such.
 *
 * Printing uses an explicit stack, so a chain a million nodes deep prints
 * (such a string is longer and deeper than `parse` accepts, though).
 * A subexpression shared by several nodes prints once per use; if the string
 * would exceed `maxLength`, ExpressionLimitError is raised before building it.
 * A variable whose name is not a plain expression name (say `w[0]`, `pi`,
 * `e` or `in`) raises ArgumentError, since parse could not read it back.
 *
 * @example
 * ```ts
 * const [x, w, b] = [variable('x'), variable('w'), variable('b')];
 * toExpression(reciprocal(add(1, exp(neg(add(mul(w, x), b))))));
 * // '1/(1 + exp(-(w*x + b)))'
 * toExpression(sigmoid(x)); // 'exp(-(max(-x, 0) + log1p(exp(-abs(-x)))))'
 * ```
 */
export function toExpression(output: Node, options: PrintOptions = {}): string {
  if (!(output instanceof Node)) {
    throw new ArgumentError(`toExpression: output must be a Node, got ${describe(output)}`);
  }
  const maxLength = checkNumber('toExpression', 'maxLength', optionsOf('toExpression', options).maxLength ?? DEFAULT_MAX_PRINT_LENGTH, { integer: true, min: 0 });
  const bound = printedLength(output);
  if (bound > maxLength) {
    throw new ExpressionLimitError(
      `toExpression: the expression could be up to ${bound} characters long (a shared subexpression prints once per use); the limit is ${maxLength}`,
    );
  }

  const checked = new Set<string>();
  const pieces: string[] = [];
  // Work stack, popped from the end: a string to emit, or a node to print
  // with the lowest precedence its position allows (in `minimum`).
  const items: (string | Node)[] = [output];
  const minimum: number[] = [ANY];
  // Pushes the parts of a form in reverse, so they pop in reading order.
  const form = (precedence: number, least: number, parts: readonly (string | Node)[], partMinimum: readonly number[]): void => {
    const wrap = precedence < least;
    if (wrap) {
      items.push(')');
      minimum.push(ANY);
    }
    for (let k = parts.length - 1; k >= 0; k--) {
      items.push(parts[k]);
      minimum.push(partMinimum[k]);
    }
    if (wrap) {
      items.push('(');
      minimum.push(ANY);
    }
  };

  while (items.length > 0) {
    const item = items.pop()!;
    const least = minimum.pop()!;
    if (typeof item === 'string') {
      pieces.push(item);
      continue;
    }
    const node = item;
    if (node.name !== undefined) {
      if (!checked.has(node.name)) {
        const problem = variableNameProblem(node.name);
        if (problem !== undefined) {
          throw new ArgumentError(`toExpression: variable ${JSON.stringify(node.name)} cannot be written in an expression: ${problem}`);
        }
        checked.add(node.name);
      }
      pieces.push(node.name);
      continue;
    }
    const op = node.op;
    if (op === undefined) {
      form(isSigned(node.value) ? SIGN : ATOM, least, [numberText(node.value)], [ANY]);
      continue;
    }
    const [a, b] = node.inputs;
    switch (op.name) {
      case 'add':
        if (b.op !== undefined && b.op.name === 'neg') {
          form(SUM, least, [a, ' - ', b.inputs[0]], [SUM, ANY, PRODUCT]);
        } else if (b.isConstant && isSigned(b.value)) {
          // a + (−c) as a − c: the same value, and it reads back as add(a, neg(c)), which prints the same
          form(SUM, least, [a, ' - ', numberText(-b.value)], [SUM, ANY, ANY]);
        } else {
          form(SUM, least, [a, ' + ', b], [SUM, ANY, PRODUCT]);
        }
        break;
      case 'mul':
        if (b.op !== undefined && b.op.name === 'reciprocal' && !isConstantOne(a)) {
          form(PRODUCT, least, [a, '/', b.inputs[0]], [PRODUCT, ANY, SIGN]);
        } else {
          form(PRODUCT, least, [a, '*', b], [PRODUCT, ANY, SIGN]);
        }
        break;
      case 'reciprocal':
        form(PRODUCT, least, ['1/', a], [ANY, SIGN]);
        break;
      case 'neg':
        form(SIGN, least, ['-', a], [ANY, POWER]);
        break;
      case 'pow':
        form(POWER, least, [a, '^', b], [ATOM, ANY, SIGN]);
        break;
      case 'less':
      case 'lessEqual':
      case 'greater':
      case 'greaterEqual':
      case 'equal':
      case 'notEqual':
        form(COMPARE, least, [a, comparisonOperators.get(op.name)!, b], [SUM, ANY, SUM]);
        break;
      default: {
        const parts: (string | Node)[] = [`${op.name}(`];
        const mins: number[] = [ANY];
        node.inputs.forEach((input, k) => {
          if (k > 0) {
            parts.push(', ');
            mins.push(ANY);
          }
          parts.push(input);
          mins.push(ANY);
        });
        parts.push(')');
        mins.push(ANY);
        form(ATOM, least, parts, mins);
      }
    }
  }
  return pieces.join('');
}

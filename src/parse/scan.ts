/**
 * The scan that runs before mathjs sees a string. It splits the string into
 * tokens exactly as mathjs's tokenizer does, and on the way:
 * - bounds the size (64 KB) and the nesting depth. mathjs's parser is
 *   recursive: every parenthesis or call level costs it about thirty stack
 *   frames, every unary sign one and every `^` two, so a deep string would
 *   overflow the stack instead of failing cleanly;
 * - refuses every token that only serves constructs wengert does not turn
 *   into a graph (assignment, property access, matrices, strings, ranges,
 *   conditionals, logical and bitwise operators, `%` …), naming the
 *   construct and its position;
 * - refuses reserved names and calls of unknown functions.
 * The tokens also give the converter the source position of every mathjs node.
 */
import { parse as mathParse } from 'mathjs';
import { ExpressionLimitError, ExpressionSyntaxError, UnsupportedExpressionError } from '../errors.js';
import { expressionFunctions } from './functions.js';
import {
  isDigitAt,
  isForbiddenName,
  isNameCharAt,
  nameEnd,
  namedOperators,
  nonNumericLiterals,
  numericLiterals,
} from './names.js';

/** The longest expression string `parse` accepts: 64 KB (65 536 characters). */
export const MAX_EXPRESSION_LENGTH = 65536;

/**
 * The deepest nesting `parse` accepts. Each open parenthesis or function call,
 * each unary sign still waiting for its operand and each `^` still waiting for
 * its exponent counts as one level: `-(-(x))` is 4 levels deep at `x`, and so
 * is `a^b^c^d^e`. mathjs's recursive parser overflows Node's default stack at
 * about 260 nested parentheses, so the limit leaves a wide margin.
 */
export const MAX_NESTING_DEPTH = 100;

/** One token: a number, a name, or an operator / delimiter. Positions are 0-based, `end` exclusive. */
export interface Token {
  readonly kind: 'number' | 'name' | 'operator';
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** The tokens of a string, and where scanning stopped at a character mathjs will refuse (if it did). */
export interface Scan {
  readonly tokens: readonly Token[];
  readonly stoppedAt: number | undefined;
}

function unsupported(construct: string, position: number, hint?: string): UnsupportedExpressionError {
  const tail = hint === undefined ? '' : `; ${hint}`;
  return new UnsupportedExpressionError(`parse: ${construct} is not supported (at position ${position})${tail}`, construct, position);
}

/** The same error for a name that cannot be used (an unknown function, a reserved name, a non-numeric literal). */
function refusedName(construct: string, position: number, hint: string): UnsupportedExpressionError {
  return new UnsupportedExpressionError(`parse: ${construct} at position ${position}; ${hint}`, construct, position);
}

/** Operators of mathjs that wengert refuses, with the construct each one belongs to. */
const refusedOperators: ReadonlyMap<string, string> = new Map([
  ['.*', "element-wise operator '.*'"],
  ['./', "element-wise operator './'"],
  ['.^', "element-wise operator '.^'"],
  ['.', 'property access'],
  ['?.', 'optional chaining'],
  ['??', 'nullish coalescing'],
  ['?', 'conditional'],
  [':', 'range'],
  ['{', 'object'],
  ['"', 'string'],
  ['%', "modulo or percentage '%'"],
  ['!', "factorial '!'"],
  ['~', "bitwise operator '~'"],
  ['&', "bitwise operator '&'"],
  ['|', "bitwise operator '|'"],
  ['^|', "bitwise operator '^|'"],
  ['<<', "bitwise operator '<<'"],
  ['>>', "bitwise operator '>>'"],
  ['>>>', "bitwise operator '>>>'"],
]);

/** mathjs's two-character operators that wengert refuses. */
const twoCharOperators: ReadonlySet<string> = new Set(['.*', './', '.^', '^|', '<<', '>>', '?.', '??']);

/** The comparison operators, two-character ones first (each builds a comparison primitive). */
const comparisonOperators: readonly string[] = ['==', '!=', '<=', '>=', '<', '>'];

function namedOperatorConstruct(word: string): string {
  if (word === 'mod') return "modulo 'mod'";
  if (word === 'to' || word === 'in') return `unit conversion '${word}'`;
  return `logical operator '${word}'`;
}

/**
 * A decimal number directly followed by a name that makes the two read as one
 * numeric literal — `1_000` (a digit separator in JavaScript) or `1e` (an
 * exponent without digits) — would be read by mathjs as an implicit product
 * with a variable (`1 * _000`, `1 * e`). Refused at the name; `2x`, `2exp(x)`
 * and `2 e` stay implicit products.
 */
function refuseRunOn(source: string, start: number, end: number): void {
  if (!isNameCharAt(source, end)) return;
  const name = source.slice(end, nameEnd(source, end));
  if (name.startsWith('_') || /^[eE](_|\d|$)/.test(name)) {
    const number = source.slice(start, end);
    const hint = name.startsWith('_') ? `digit separators are not numbers here: write ${number}${name.replace(/_/g, '')}` : `an exponent needs digits, as in ${number}e3; for a product write ${number}*${name}`;
    throw new ExpressionSyntaxError(`parse: syntax error at position ${end} (at ${JSON.stringify(name)}): a number runs into the name '${name}'; ${hint}`, end);
  }
}

/**
 * Splits an expression string into tokens, checking its size, its nesting
 * depth and the constructs and names it uses (see the module comment).
 * Structural problems are reported before name problems, so `f(x) = x^2`
 * is a "function definition", not an "unknown function 'f'".
 */
export function scan(source: string): Scan {
  const n = source.length;
  if (n > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionLimitError(
      `parse: the expression is ${n} characters long; the limit is ${MAX_EXPRESSION_LENGTH} (64 KB)`,
    );
  }
  const tokens: Token[] = [];
  // Nesting: one entry per open parenthesis (plus the top level), counting the
  // unary signs and '^' still pending at that level; depth is their total plus
  // the number of open parentheses.
  const pending: number[] = [0];
  const opens: number[] = [];
  let depth = 0;
  let lastClosedOpen = -1;
  let separator = -1;
  let nameIssue: UnsupportedExpressionError | undefined;
  let stoppedAt: number | undefined;

  const deeper = (position: number): void => {
    depth++;
    if (depth > MAX_NESTING_DEPTH) {
      throw new ExpressionLimitError(
        `parse: the expression nests more than ${MAX_NESTING_DEPTH} levels deep at position ${position} ` +
          `(each open parenthesis or call, unary sign and '^' is a level)`,
      );
    }
  };
  const endChain = (): void => {
    const top = pending.length - 1;
    depth -= pending[top];
    pending[top] = 0;
  };
  const afterOperand = (): boolean => {
    const t = tokens[tokens.length - 1];
    return t !== undefined && (t.kind !== 'operator' || t.text === ')');
  };
  const noteName = (issue: UnsupportedExpressionError): void => {
    if (nameIssue === undefined) nameIssue = issue;
  };
  const push = (kind: Token['kind'], start: number, end: number): void => {
    if (separator >= 0) throw unsupported('multiple statements', separator, 'an expression string holds one expression');
    const text = source.slice(start, end);
    const operand = afterOperand();
    if (kind !== 'operator') {
      if (operand) endChain(); // implicit multiplication: `2x`, `(a)(b)`
    } else if (text === '(') {
      const prev = tokens[tokens.length - 1];
      if (prev !== undefined && prev.kind === 'name' && !numericLiterals.has(prev.text)) {
        if (!expressionFunctions.has(prev.text)) {
          noteName(
            refusedName(
              `unknown function '${prev.text}'`,
              prev.start,
              `a name followed by '(' is a call; the functions are ${[...expressionFunctions.keys()].join(', ')} (for a product write ${prev.text}*(…))`,
            ),
          );
        }
      } else if (operand) {
        endChain();
      }
      opens.push(tokens.length);
      pending.push(0);
      deeper(start);
    } else if (text === ')') {
      if (opens.length > 0) {
        lastClosedOpen = opens.pop()!;
        depth -= 1 + pending.pop()!;
      }
    } else if (text === '+' || text === '-') {
      if (operand) endChain();
      else {
        pending[pending.length - 1]++;
        deeper(start);
      }
    } else if (text === '^') {
      pending[pending.length - 1]++;
      deeper(start);
    } else if (text === '*' || text === '/' || text === ',' || text === 'mod' || comparisonOperators.includes(text)) {
      endChain();
    }
    tokens.push({ kind, text, start, end });
  };

  let i = 0;
  scanning: for (;;) {
    // whitespace and comments; a newline is whitespace inside parentheses
    for (;;) {
      const c = source.charAt(i);
      if (c === '#') {
        while (i < n && source.charAt(i) !== '\n') i++;
      } else if (mathParse.isWhitespace(c, opens.length)) {
        i++;
      } else {
        break;
      }
    }
    if (i >= n) break;
    const start = i;
    const c = source.charAt(i);
    if ((c === '\n' || c === ';') && opens.length === 0) {
      if (tokens.length > 0 && separator < 0) separator = i;
      i++;
      continue;
    }
    if (source.startsWith('>>>', i)) throw unsupported(refusedOperators.get('>>>')!, start);
    const c2 = source.slice(i, i + 2);
    if (twoCharOperators.has(c2) && (c2 !== '?.' || !isDigitAt(source, i + 2))) {
      throw unsupported(refusedOperators.get(c2)!, start);
    }
    const comparison = comparisonOperators.find((op) => source.startsWith(op, i));
    if (comparison !== undefined) {
      push('operator', start, start + comparison.length);
      i += comparison.length;
      continue;
    }
    switch (c) {
      case '(':
      case ')':
      case ',':
      case '+':
      case '-':
      case '*':
      case '/':
      case '^':
      case ']': // stray closers and separators: mathjs reports the syntax error
      case '}':
      case ';':
        push('operator', start, start + 1);
        i++;
        continue;
      case '=': {
        const prev = tokens[tokens.length - 1];
        const definesFunction =
          prev !== undefined && prev.text === ')' && lastClosedOpen > 0 && tokens[lastClosedOpen - 1].kind === 'name';
        if (definesFunction) throw unsupported('function definition', start, 'build functions in code, not in the string');
        throw unsupported('assignment', start, 'an expression computes one value; bind variables when you evaluate it');
      }
      case '[':
        throw unsupported(afterOperand() ? 'index access' : 'matrix', start);
      case "'":
        throw unsupported(afterOperand() ? 'transpose' : 'string', start);
      default: {
        // ('.' starts a number or is property access: see below)
        const refused = c === '.' ? undefined : refusedOperators.get(c);
        if (refused !== undefined) throw unsupported(refused, start);
      }
    }
    if (mathParse.isDigitDot(c)) {
      let j = i;
      const prefix = source.slice(i, i + 2);
      if (prefix === '0b' || prefix === '0o' || prefix === '0x') {
        // binary, octal or hexadecimal, as mathjs reads it
        j += 2;
        while (j < n && (isNameCharAt(source, j) || isDigitAt(source, j))) j++;
        if (source.charAt(j) === '.') {
          j++;
          while (j < n && (isNameCharAt(source, j) || isDigitAt(source, j))) j++;
        } else if (source.charAt(j) === 'i') {
          j++;
          while (isDigitAt(source, j)) j++;
        }
      } else {
        if (c === '.') {
          j++;
          if (!isDigitAt(source, j)) throw unsupported('property access', start);
        } else {
          while (isDigitAt(source, j)) j++;
          if (mathParse.isDecimalMark(source.charAt(j), source.charAt(j + 1))) j++;
        }
        while (isDigitAt(source, j)) j++;
        const e = source.charAt(j);
        if (e === 'e' || e === 'E') {
          const next = source.charAt(j + 1);
          if (mathParse.isDigit(next) || next === '-' || next === '+') {
            j++;
            if (source.charAt(j) === '+' || source.charAt(j) === '-') j++;
            if (!isDigitAt(source, j)) {
              stoppedAt = j;
              break scanning;
            }
            while (isDigitAt(source, j)) j++;
            if (mathParse.isDecimalMark(source.charAt(j), source.charAt(j + 1))) {
              stoppedAt = j;
              break scanning;
            }
          } else if (mathParse.isDecimalMark(next, source.charAt(j + 2))) {
            stoppedAt = j + 1;
            break scanning;
          }
        }
        refuseRunOn(source, start, j);
      }
      push('number', start, j);
      i = j;
      continue;
    }
    if (isNameCharAt(source, i)) {
      const j = nameEnd(source, i);
      const word = source.slice(i, j);
      if (word === 'mod' && (afterOperand() || /^\s*\(/.test(source.slice(j, j + 64)))) {
        // `a mod b` (after an operand) is the operator, `mod(a, b)` the function: both build mod
        push(afterOperand() ? 'operator' : 'name', start, j);
        i = j;
        continue;
      }
      if (namedOperators.has(word)) throw unsupported(namedOperatorConstruct(word), start);
      if (nonNumericLiterals.has(word)) {
        noteName(refusedName(`literal '${word}'`, start, 'only numbers are values in an expression'));
      } else if (isForbiddenName(word)) {
        noteName(refusedName(`reserved name '${word}'`, start, 'choose another name'));
      }
      push('name', start, j);
      i = j;
      continue;
    }
    // a character mathjs does not know: it reports the syntax error
    stoppedAt = start;
    break;
  }
  if (nameIssue !== undefined) throw nameIssue;
  return { tokens, stoppedAt };
}

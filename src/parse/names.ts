/**
 * The rules for names in expression strings, shared by the parser and the
 * printer: which character sequences are names, which names are constants,
 * and which names are refused.
 */
import { parse as mathParse } from 'mathjs';

/**
 * Names that read as constants rather than variables. mathjs itself turns
 * `NaN` and `Infinity` into numbers; `pi` and `e` are ours. Every other name
 * (`E`, `PI`, `tau` …) is a variable.
 */
export const namedConstants: ReadonlyMap<string, number> = new Map([
  ['pi', Math.PI],
  ['e', Math.E],
]);

/** Names mathjs reads as numbers by itself. */
export const numericLiterals: ReadonlySet<string> = new Set(['NaN', 'Infinity']);

/** Names mathjs reads as non-numeric literals; never a number, so refused. */
export const nonNumericLiterals: ReadonlySet<string> = new Set(['true', 'false', 'null', 'undefined']);

/** Words mathjs reads as operators (`a mod b`, `a and b`, `5 in to cm` …). */
export const namedOperators: ReadonlySet<string> = new Set(['mod', 'to', 'in', 'and', 'xor', 'or', 'not']);

/**
 * Names refused as variables or functions because plain objects already have
 * them (`__proto__`, `constructor`, `toString` …): a binding record like
 * `{ x: 3 }` would answer for them. Also `prototype`.
 */
const forbidden: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'toLocaleString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  ...Object.getOwnPropertyNames(Object.prototype),
]);

/** Whether a name is refused in expressions because plain objects already have it. */
export function isForbiddenName(name: string): boolean {
  return forbidden.has(name);
}

/** Whether the character at index i of s can be part of a name (mathjs's rule: latin, greek, `_`, `$`, math letters …). */
export function isNameCharAt(s: string, i: number): boolean {
  return mathParse.isAlpha(s.charAt(i), s.charAt(i - 1), s.charAt(i + 1));
}

/** Whether the character at index i of s is a decimal digit. */
export function isDigitAt(s: string, i: number): boolean {
  return mathParse.isDigit(s.charAt(i));
}

/** The end of the name that starts at index i of s (i must be a name character). */
export function nameEnd(s: string, i: number): number {
  let j = i;
  while (j < s.length && (isNameCharAt(s, j) || isDigitAt(s, j))) j++;
  return j;
}

/**
 * Why a variable with this name cannot be written in an expression string, or
 * undefined if it can: the name must read as one mathjs name, and must not be
 * a constant, a literal, an operator word or a refused name.
 */
export function variableNameProblem(name: string): string | undefined {
  if (name.length === 0 || !isNameCharAt(name, 0) || nameEnd(name, 0) !== name.length) {
    return 'it is not a name in expression syntax (letters, digits, _ and $, not starting with a digit)';
  }
  if (namedConstants.has(name) || numericLiterals.has(name)) return `'${name}' reads as a constant`;
  if (nonNumericLiterals.has(name)) return `'${name}' reads as a literal`;
  if (namedOperators.has(name)) return `'${name}' reads as an operator`;
  if (isForbiddenName(name)) return `'${name}' is a reserved name`;
  return undefined;
}

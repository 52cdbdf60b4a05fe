/**
 * Every error wengert raises is a {@link WengertError}; the subclasses say which
 * kind of mistake it was, and the message names the variable, node, argument or
 * position at fault.
 *
 * @example
 * ```ts
 * try { evaluate(variable('x'), {}); }
 * catch (e) { if (e instanceof UnboundVariableError) console.log(e.variable); } // 'x'
 * ```
 */
export class WengertError extends Error {
  override name = 'WengertError';
}

/** A variable of the graph has no value in the bindings. */
export class UnboundVariableError extends WengertError {
  override name = 'UnboundVariableError';
  constructor(readonly variable: string) {
    super(`variable '${variable}' is not bound: pass a number for '${variable}'`);
  }
}

/** A binding is not a number (a string, an object, undefined …). */
export class BindingTypeError extends WengertError {
  override name = 'BindingTypeError';
  constructor(readonly variable: string, readonly received: unknown) {
    super(`variable '${variable}' is bound to ${describe(received)}, expected a number`);
  }
}

/** An argument has the wrong type, or an op was given the wrong number of inputs. */
export class ArgumentError extends WengertError {
  override name = 'ArgumentError';
}

/** Arrays that must have matching lengths (inputs and directions, predictions and labels) do not. */
export class ShapeError extends WengertError {
  override name = 'ShapeError';
}

/** A `(start, end)` range of characters in an expression string. */
export interface SourceSpan {
  readonly start: number;
  readonly end: number;
}

/** The expression string could not be parsed (bad syntax), with the position of the offending token. */
export class ExpressionSyntaxError extends WengertError {
  override name = 'ExpressionSyntaxError';
  constructor(message: string, readonly position: number) {
    super(message);
  }
}

/** The expression parsed, but uses a construct wengert does not turn into a graph. */
export class UnsupportedExpressionError extends WengertError {
  override name = 'UnsupportedExpressionError';
  constructor(message: string, readonly construct: string, readonly position: number | undefined) {
    super(message);
  }
}

/** The expression is larger or more deeply nested than the parser accepts. */
export class ExpressionLimitError extends WengertError {
  override name = 'ExpressionLimitError';
}

/** Describes a value for an error message without printing all of it. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') {
    const s = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `the string ${JSON.stringify(s)}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return `the ${typeof value} ${String(value)}`;
  }
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'function') return 'a function';
  return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
}

/**
 * Check mode found a non-finite value (NaN or ±∞) computed from finite inputs:
 * the first one of the sweep, with the op and node that produced it, its
 * inputs' values and, for parsed graphs, where in the expression it came from.
 */
export class NonFiniteError extends WengertError {
  override name = 'NonFiniteError';
  constructor(
    message: string,
    readonly sweep: 'forward' | 'tangent' | 'reverse' | 'bindings',
    readonly op: string,
    readonly nodeId: number | undefined,
    readonly inputs: readonly number[],
    readonly value: number,
    readonly span: SourceSpan | undefined,
  ) {
    super(message);
  }
}

/**
 * A feature needs an optional package (a peer dependency of wengert) that is
 * not installed: the message names the package and the command that installs it.
 */
export class MissingPackageError extends WengertError {
  override name = 'MissingPackageError';
  constructor(
    message: string,
    readonly packageName: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * `wengert/parse`: expression strings to graphs and back, through mathjs's
 * parser. A separate entry point so that the core, `wengert`, loads without
 * mathjs; the graphs it builds are ordinary core nodes.
 *
 * @example
 * ```ts
 * import { parse } from 'wengert/parse';
 * import { reverseMode } from 'wengert';
 * const { output } = parse('1 / (1 + exp(-(w*x + b)))');
 * reverseMode(output, { x: 3, w: 2, b: 1 }).gradient; // { w: 0.00273…, x: 0.00182…, b: 0.00091… }
 * ```
 * @module
 */
import '../ops/fluent.js'; // parsed nodes have the fluent methods, whichever entry point was imported first

export { parse, MAX_EXPRESSION_LENGTH, MAX_NESTING_DEPTH, type ParsedExpression } from './parse.js';
export { toExpression, DEFAULT_MAX_PRINT_LENGTH, type PrintOptions } from './print.js';
export { sourceSpanOf } from '../graph/spans.js';
export { ExpressionSyntaxError, UnsupportedExpressionError, ExpressionLimitError, type SourceSpan } from '../errors.js';

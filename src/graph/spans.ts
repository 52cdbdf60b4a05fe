/**
 * Where in its source string each parsed node came from, so that later
 * diagnostics (a check mode, for one) can point at the text. The graph keeps
 * the spans and the parser (src/parse) records them: the engine reads them
 * without knowing the parser, which stays out of the core entry point.
 */
import { ArgumentError, describe, type SourceSpan } from '../errors.js';
import { Node } from './node.js';

const spans = new WeakMap<Node, SourceSpan>();

/** @internal records the span of a node made by `parse` (the first record wins). */
export function recordSpan(node: Node, span: SourceSpan): void {
  if (!spans.has(node)) spans.set(node, span);
}

/** @internal whether a node already has a span. */
export function hasSpan(node: Node): boolean {
  return spans.has(node);
}

/**
 * The characters of the source string a node was parsed from, as a 0-based
 * `{ start, end }` range (`end` exclusive), or undefined for nodes that `parse`
 * did not make. Every op node and literal constant made by `parse` has one: an
 * op node spans its whole subexpression, including the nodes a composite like
 * `sigmoid(…)` or `a - b` expands to. Variables are shared by all their
 * occurrences, so they have none.
 *
 * @example
 * ```ts
 * const { output } = parse('1 + exp(x)');
 * sourceSpanOf(output);           // { start: 0, end: 10 }
 * sourceSpanOf(output.inputs[1]); // { start: 4, end: 10 }
 * ```
 */
export function sourceSpanOf(node: Node): SourceSpan | undefined {
  if (!(node instanceof Node)) throw new ArgumentError(`sourceSpanOf: node must be a Node, got ${describe(node)}`);
  return spans.get(node);
}

/**
 * Expression strings to graphs, through mathjs's parser. mathjs only reads the
 * string into its syntax tree (its `evaluate`, `compile`, `toString`, `traverse`
 * and `transform` are never called on it); the tree is then converted to
 * wengert nodes with an explicit stack, so a left-deep tree 16 000 levels deep
 * (a 64 KB `x+x+…+x`) converts without recursion.
 */
import { parse as mathParse } from 'mathjs';
import {
  ArgumentError,
  describe,
  ExpressionLimitError,
  ExpressionSyntaxError,
  UnsupportedExpressionError,
  type SourceSpan,
} from '../errors.js';
import { constant, variable, type Node } from '../graph/node.js';
import { hasSpan, recordSpan } from '../graph/spans.js';
import { add } from '../ops/add.js';
import { equal, greater, greaterEqual, less, lessEqual, notEqual } from '../ops/compare.js';
import { mod } from '../ops/mod.js';
import { div, sub } from '../ops/composites.js';
import { mul } from '../ops/mul.js';
import { neg } from '../ops/neg.js';
import { pow } from '../ops/pow.js';
import { acceptsArguments, describeArity, expressionFunctions } from './functions.js';
import { isForbiddenName, namedConstants } from './names.js';
import { scan, type Scan, type Token } from './scan.js';

export { MAX_EXPRESSION_LENGTH, MAX_NESTING_DEPTH } from './scan.js';

/** What {@link parse} returns: the output node, and the variables by name in order of first appearance. */
export interface ParsedExpression {
  readonly output: Node;
  readonly variables: ReadonlyMap<string, Node>;
}

/** The parts of mathjs's syntax-tree nodes the converter reads. */
interface MathNode {
  readonly type: string;
  readonly value?: unknown;
  readonly name?: unknown;
  readonly content?: MathNode;
  readonly op?: unknown;
  readonly fn?: unknown;
  readonly implicit?: unknown;
  readonly args?: readonly MathNode[];
  readonly blocks?: readonly { readonly node: MathNode }[];
}

/** mathjs's binary operator functions, and the graph each one builds. */
const binaryOperators: ReadonlyMap<string, (a: Node, b: Node) => Node> = new Map([
  ['add', add],
  ['subtract', sub],
  ['multiply', mul],
  ['divide', div],
  ['pow', pow],
  ['mod', mod],
  ['equal', equal],
  ['unequal', notEqual],
  ['smaller', less],
  ['smallerEq', lessEqual],
  ['larger', greater],
  ['largerEq', greaterEqual],
]);

/** A name for each mathjs node type the converter refuses. */
const refusedNodeTypes: ReadonlyMap<string, string> = new Map([
  ['AssignmentNode', 'assignment'],
  ['FunctionAssignmentNode', 'function definition'],
  ['AccessorNode', 'property access'],
  ['IndexNode', 'index access'],
  ['ArrayNode', 'matrix'],
  ['ObjectNode', 'object'],
  ['RangeNode', 'range'],
  ['ConditionalNode', 'conditional'],
  ['RelationalNode', 'chained comparison'],
  ['BlockNode', 'multiple statements'],
]);

function unsupported(construct: string, position: number | undefined, what = 'is not supported'): UnsupportedExpressionError {
  const where = position === undefined ? '' : ` (at position ${position})`;
  return new UnsupportedExpressionError(`parse: ${construct} ${what}${where}`, construct, position);
}

/** Where mathjs's "(char N)" points (1-based), as a 0-based position, and the message without it. */
function syntaxError(source: string, scanned: Scan, error: unknown): ExpressionSyntaxError {
  const message = error instanceof Error ? error.message : String(error);
  const char = /\s*\(char (\d+)\)\s*$/.exec(message);
  let position = 0;
  let reason = message;
  if (char !== null) {
    position = Math.min(Math.max(Number(char[1]) - 1, 0), source.length);
    reason = message.slice(0, char.index);
  } else {
    // e.g. 'String "0x" is not a valid number': find the quoted token
    const quoted = /"([^"]*)"/.exec(message);
    const t = quoted === null ? undefined : scanned.tokens.find((tok) => tok.text === quoted[1]);
    if (t !== undefined) position = t.start;
  }
  const token = scanned.tokens.find((t) => t.start <= position && position < t.end);
  const at =
    token !== undefined
      ? `at ${JSON.stringify(token.text)}`
      : position >= source.length
        ? 'at the end of the expression'
        : `at ${JSON.stringify(source.slice(position, position + 10))}`;
  return new ExpressionSyntaxError(`parse: syntax error at position ${position} (${at}): ${reason}`, position);
}

/** Marks the nodes an op or composite just made (not its inputs) with the span of their source. */
function markNew(root: Node, inputs: readonly Node[], span: SourceSpan): void {
  const old = new Set(inputs);
  const todo = [root];
  while (todo.length > 0) {
    const node = todo.pop()!;
    if (old.has(node) || node.isVariable || hasSpan(node)) continue;
    recordSpan(node, span);
    for (const input of node.inputs) todo.push(input);
  }
}

interface Frame {
  readonly m: MathNode;
  /** How far the conversion of this node has got (0 = just entered). */
  step: number;
  /** The converted children so far. */
  readonly args: Node[];
  /** The index of this node's first token. */
  readonly first: number;
}

/**
 * Converts mathjs's tree to nodes, walking it in source order with an explicit
 * stack and following along in the tokens, so every node knows its position.
 */
function convert(root: MathNode, tokens: readonly Token[]): ParsedExpression {
  const variables = new Map<string, Node>();
  let cursor = 0;
  // False if the tokens ever disagree with the tree (they should not): then
  // positions and spans are left out rather than guessed.
  let tracking = true;
  const take = (accept: (t: Token) => boolean): void => {
    if (!tracking) return;
    const t = tokens[cursor];
    if (t !== undefined && accept(t)) cursor++;
    else tracking = false;
  };
  const takeText = (text: unknown): void => take((t) => t.text === text);
  const positionOf = (index: number): number | undefined =>
    tracking && index < tokens.length ? tokens[index].start : undefined;
  const spanFrom = (first: number): SourceSpan | undefined =>
    tracking && cursor > first ? { start: tokens[first].start, end: tokens[cursor - 1].end } : undefined;

  const stack: Frame[] = [];
  let output: Node | undefined;
  const enter = (m: MathNode): void => {
    let node = m;
    if (node.type === 'BlockNode') {
      // `x;` or a trailing newline: mathjs wraps the one statement in a block
      const blocks = node.blocks ?? [];
      if (blocks.length !== 1) throw unsupported('multiple statements', positionOf(cursor));
      node = blocks[0].node;
    }
    stack.push({ m: node, step: 0, args: [], first: cursor });
  };
  const finish = (node: Node): void => {
    stack.pop();
    if (stack.length === 0) output = node;
    else stack[stack.length - 1].args.push(node);
  };
  const build = (f: Frame, make: () => Node): void => {
    const node = make();
    const span = spanFrom(f.first);
    if (span !== undefined) markNew(node, f.args, span);
    finish(node);
  };

  enter(root);
  while (stack.length > 0) {
    const f = stack[stack.length - 1];
    const m = f.m;
    switch (m.type) {
      case 'ConstantNode': {
        if (typeof m.value !== 'number') throw unsupported(`literal ${describe(m.value)}`, positionOf(f.first));
        take((t) => t.kind !== 'operator');
        const node = constant(m.value);
        const span = spanFrom(f.first);
        if (span !== undefined) recordSpan(node, span);
        finish(node);
        break;
      }
      case 'SymbolNode': {
        const name = String(m.name);
        if (isForbiddenName(name)) throw unsupported(`reserved name '${name}'`, positionOf(f.first), 'cannot be used');
        takeText(name);
        const c = namedConstants.get(name);
        if (c !== undefined) {
          const node = constant(c);
          const span = spanFrom(f.first);
          if (span !== undefined) recordSpan(node, span);
          finish(node);
        } else {
          let v = variables.get(name);
          if (v === undefined) {
            v = variable(name);
            variables.set(name, v);
          }
          finish(v);
        }
        break;
      }
      case 'ParenthesisNode': {
        if (f.step === 0) {
          takeText('(');
          f.step = 1;
          enter(m.content!);
        } else {
          takeText(')');
          finish(f.args[0]);
        }
        break;
      }
      case 'OperatorNode': {
        const args = m.args ?? [];
        const fn = String(m.fn);
        if (args.length === 1 && (fn === 'unaryMinus' || fn === 'unaryPlus')) {
          if (f.step === 0) {
            takeText(m.op);
            f.step = 1;
            enter(args[0]);
          } else if (fn === 'unaryPlus') {
            finish(f.args[0]);
          } else {
            build(f, () => neg(f.args[0]));
          }
          break;
        }
        const make = args.length === 2 ? binaryOperators.get(fn) : undefined;
        if (make === undefined) throw unsupported(`operator '${String(m.op)}'`, positionOf(f.first));
        if (f.step === 0) {
          f.step = 1;
          enter(args[0]);
        } else if (f.step === 1) {
          if (m.implicit !== true) takeText(m.op);
          f.step = 2;
          enter(args[1]);
        } else {
          build(f, () => make(f.args[0], f.args[1]));
        }
        break;
      }
      case 'FunctionNode': {
        const args = m.args ?? [];
        const callee = m.fn as MathNode | undefined;
        const name = callee !== undefined && callee.type === 'SymbolNode' ? String(callee.name) : undefined;
        const fun = name === undefined ? undefined : expressionFunctions.get(name);
        if (f.step === 0) {
          const position = positionOf(f.first);
          if (name === undefined) throw unsupported('call of an expression', position);
          if (fun === undefined) throw unsupported(`unknown function '${name}'`, position, 'cannot be called');
          if (!acceptsArguments(fun.arity, args.length)) {
            const p = position ?? 0;
            throw new ExpressionSyntaxError(
              `parse: ${name} takes ${describeArity(fun.arity)}, got ${args.length} (at position ${p}, ${JSON.stringify(name)})`,
              p,
            );
          }
          takeText(name);
          takeText('(');
          f.step = 1;
        }
        const done = f.args.length;
        if (done < args.length) {
          if (done > 0) takeText(',');
          enter(args[done]);
        } else {
          takeText(')');
          build(f, () => fun!.build(f.args));
        }
        break;
      }
      default:
        throw unsupported(refusedNodeTypes.get(m.type) ?? `construct '${m.type}'`, positionOf(f.first));
    }
  }
  return { output: output!, variables };
}

/**
 * Reads an expression string into a graph: `{ output, variables }`, with the
 * variables by name in order of first appearance (one node per name, however
 * often it occurs).
 *
 * The string uses mathjs's syntax, restricted to what a graph can express:
 * - numbers (`2`, `0.5`, `1e-3`, `.5`, `0x1F`), and the constants `pi`, `e`,
 *   `Infinity` and `NaN`; every other name is a variable;
 * - `+ - * / ^`, unary `-` and `+`, parentheses. `a - b` builds `sub`
 *   (a + (−b)), `a / b` builds `div` (a · (1/b), and `1/b` is just
 *   `reciprocal(b)`), `^` builds `pow` and is right-associative, unary minus
 *   builds `neg` (`-2` is `neg(2)`), unary plus builds nothing;
 * - `a mod b` (as mathjs, at the precedence of `*`) builds `mod`;
 * - the comparisons `== != < <= > >=` build `equal notEqual less lessEqual
 *   greater greaterEqual` (1 where the relation holds, else 0), below `+` in
 *   precedence; a chain such as `a < b < c` is refused (mathjs reads it as
 *   `a < b and b < c`): parenthesize it;
 * - implicit multiplication as mathjs reads it: `2x`, `2 pi r`, `(a)(b)`. But
 *   a name directly followed by `(` is a call: write `x*(y+1)`, not `x(y+1)`;
 * - calls of the primitives (`exp log log1p tanh sin cos sqrt abs relu sign
 *   neg reciprocal tan asin acos atan sinh cosh asinh acosh atanh expm1 log2
 *   log10 sinc floor ceil round trunc` with one argument, `add mul pow max min
 *   atan2 hypot mod less lessEqual greater greaterEqual equal notEqual` with
 *   two, `where(c, a, b)` with three, `sum` with one or more,
 *   `dot(a₀, …, aₙ₋₁, b₀, …, bₙ₋₁)` = Σ aᵢ·bᵢ with an even number), mathjs's
 *   `fix` for `trunc`, and the composites `sub div remainder` (two), `square
 *   sigmoid softplus exp2 deg2rad rad2deg` (one) and `logSumExp mean` (one or
 *   more);
 * - `#` comments; newlines inside parentheses.
 *
 * Errors (positions are 0-based offsets into the string):
 * - {@link ArgumentError} if `source` is not a string;
 * - {@link ExpressionLimitError} for strings over {@link MAX_EXPRESSION_LENGTH}
 *   (64 KB) or nested deeper than {@link MAX_NESTING_DEPTH} levels, found by a
 *   scan before mathjs's recursive parser sees the string;
 * - {@link UnsupportedExpressionError} (with `construct` and `position`) for
 *   assignments, function definitions, property and index access, matrices,
 *   objects, strings, ranges, conditionals (write `where(c, a, b)`), chained
 *   comparisons, logical and bitwise operators, `%` (mathjs reads it as
 *   percent or modulo: write `mod`), `!`, unit conversion, several statements, unknown
 *   functions, `true`/`false`/`null`/`undefined`, and the names plain objects
 *   already have (`__proto__`, `constructor`, `prototype`, `toString` …);
 * - {@link ExpressionSyntaxError} (with `position`; the message quotes the
 *   offending token) for syntax errors, an empty string, and a known function
 *   called with the wrong number of arguments (an odd number, for `dot`).
 *
 * Each op node made has a source span: see {@link sourceSpanOf}.
 *
 * @example
 * ```ts
 * const { output, variables } = parse('1/(1+exp(-(w*x+b)))');
 * [...variables.keys()];                     // ['w', 'x', 'b']
 * evaluate(output, { x: 3, w: 2, b: 1 });    // 0.9990889488055994
 * reverseMode(output, { x: 3, w: 2, b: 1 }); // { value, gradient: { w, x, b } }
 * ```
 */
export function parse(source: string): ParsedExpression {
  if (typeof source !== 'string') {
    throw new ArgumentError(`parse: expected an expression string, got ${describe(source)}`);
  }
  const scanned = scan(source);
  if (scanned.tokens.length === 0 && scanned.stoppedAt === undefined) {
    throw new ExpressionSyntaxError('parse: the expression is empty (at position 0)', 0);
  }
  let tree: MathNode;
  try {
    tree = mathParse(source) as unknown as MathNode;
  } catch (e) {
    if (e instanceof RangeError) {
      // the scan's bounds leave a wide margin, but the caller's own stack may be deep
      throw new ExpressionLimitError('parse: the expression is nested too deeply for the stack available here');
    }
    throw syntaxError(source, scanned, e);
  }
  if (scanned.stoppedAt !== undefined) {
    // mathjs refuses every character the scan stops at; this is a safeguard
    const p = scanned.stoppedAt;
    throw new ExpressionSyntaxError(
      `parse: syntax error at position ${p} (at ${JSON.stringify(source.slice(p, p + 10))}): unexpected character`,
      p,
    );
  }
  return convert(tree, scanned.tokens);
}

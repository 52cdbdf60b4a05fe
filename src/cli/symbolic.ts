/**
 * The `mathjs symbolic` column of `wengert grad`: mathjs's `derivative`, kept
 * to what SECURITY.md promises. The expression has already been accepted by
 * `parse` (arithmetic and wengert's functions only); mathjs's parser reads it
 * into a tree, `derivative` rewrites that tree without simplifying it (so no
 * mathjs function runs on it), and the derivative tree is evaluated here, by
 * a walk over the node types `derivative` produces. mathjs's `evaluate` and
 * `compile` are never called on anything that came from the user.
 */
import { derivative, parse as mathParse } from 'mathjs';
import { namedConstants } from '../parse/names.js';

/** The parts of a mathjs syntax-tree node this evaluator reads. */
interface MathNode {
  readonly type: string;
  readonly value?: unknown;
  readonly name?: unknown;
  readonly fn?: unknown;
  readonly args?: readonly MathNode[];
  readonly content?: MathNode;
}

/** The functions a derivative tree of wengert's expressions can call, by mathjs's name (one argument each). */
const functions: ReadonlyMap<string, (x: number) => number> = new Map([
  ['exp', Math.exp],
  ['log', Math.log],
  ['sqrt', Math.sqrt],
  ['sin', Math.sin],
  ['cos', Math.cos],
  ['tanh', Math.tanh],
  ['sech', (x: number) => 1 / Math.cosh(x)],
  ['abs', Math.abs],
  // what derivative() writes for tan, sinh, cosh (asin, acos, atan, asinh, acosh, atanh, log10 need only sqrt and log)
  ['tan', Math.tan],
  ['sec', (x: number) => 1 / Math.cos(x)],
  ['sinh', Math.sinh],
  ['cosh', Math.cosh],
]);

/** mathjs's operator functions, by name. */
const unary: ReadonlyMap<string, (a: number) => number> = new Map([
  ['unaryMinus', (a: number) => -a],
  ['unaryPlus', (a: number) => a],
]);
const binary: ReadonlyMap<string, (a: number, b: number) => number> = new Map([
  ['add', (a: number, b: number) => a + b],
  ['subtract', (a: number, b: number) => a - b],
  ['multiply', (a: number, b: number) => a * b],
  ['divide', (a: number, b: number) => a / b],
  ['pow', (a: number, b: number) => a ** b],
]);

/**
 * Evaluates a derivative tree at `at`, with an explicit stack. Returns
 * undefined for anything outside the node types and functions above.
 */
function evaluateTree(root: MathNode, at: ReadonlyMap<string, number>): number | undefined {
  const values: number[] = [];
  const stack: { node: MathNode; expanded: boolean }[] = [{ node: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    const m = top.node;
    if (m.type === 'ConstantNode') {
      if (typeof m.value !== 'number') return undefined;
      values.push(m.value);
    } else if (m.type === 'SymbolNode') {
      const name = String(m.name);
      const v = namedConstants.get(name) ?? at.get(name); // as parse reads them: pi and e are constants
      if (v === undefined) return undefined;
      values.push(v);
    } else if (m.type === 'ParenthesisNode' && m.content !== undefined) {
      stack.push({ node: m.content, expanded: false });
    } else if (m.type === 'OperatorNode' || m.type === 'FunctionNode') {
      const args = m.args ?? [];
      if (!top.expanded) {
        stack.push({ node: m, expanded: true });
        for (let i = args.length - 1; i >= 0; i--) stack.push({ node: args[i], expanded: false });
        continue;
      }
      const operands = values.splice(values.length - args.length, args.length);
      const name = m.type === 'OperatorNode' ? String(m.fn) : String((m.fn as MathNode | undefined)?.name);
      const f1 = m.type === 'OperatorNode' ? unary.get(name) : functions.get(name);
      const f2 = m.type === 'OperatorNode' ? binary.get(name) : undefined;
      if (args.length === 1 && f1 !== undefined) values.push(f1(operands[0]));
      else if (args.length === 2 && f2 !== undefined) values.push(f2(operands[0], operands[1]));
      else if (args.length === 2 && m.type === 'FunctionNode' && name === 'pow') values.push(operands[0] ** operands[1]);
      else return undefined;
    } else {
      return undefined;
    }
  }
  return values.length === 1 ? values[0] : undefined;
}

/**
 * ∂f/∂name at `at` by mathjs's symbolic derivative of `text`, which `parse`
 * must already have accepted; undefined when mathjs does not differentiate
 * one of its functions (relu, softplus, max …).
 * @example
 * ```ts
 * symbolicPartial('x^2 * y', 'x', new Map([['x', 3], ['y', 2]])); // 12
 * ```
 */
export function symbolicPartial(text: string, name: string, at: ReadonlyMap<string, number>): number | undefined {
  let tree: MathNode;
  try {
    tree = derivative(mathParse(text), name, { simplify: false }) as unknown as MathNode;
  } catch {
    return undefined; // a function mathjs does not differentiate
  }
  return evaluateTree(tree, at);
}

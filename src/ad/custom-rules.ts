/**
 * Functions with their own derivative rules, in the style of JAX's
 * `custom_jvp` and `custom_vjp`: the value comes from the function, every
 * derivative — forward and reverse mode, derivative graphs, both compiled
 * backends, and so the nested transforms — from the rule.
 *
 * A rule is written over nodes, so it is itself differentiable: a second
 * derivative differentiates the rule, as JAX does. The function and its rule
 * take scalar arguments and return a scalar.
 */
import { ArgumentError, describe, ShapeError } from '../errors.js';
import { apply, internalVariable, lift, Node, type NodeLike } from '../graph/node.js';
import { formatShape } from '../graph/shape.js';
import { tape } from '../graph/tape.js';
import { customRulePrimitive } from '../ops/custom-rule.js';
import { stopGradient } from '../ops/stop-gradient.js';
import { gradientNodes } from './gradient-nodes.js';

/** A function of scalar nodes with a derivative rule of its own: called like an op. */
export type CustomFunction = (...xs: NodeLike[]) => Node;

let calls = 0;

function checkFunction(where: string, what: string, f: unknown): void {
  if (typeof f !== 'function') throw new ArgumentError(`${where}: ${what} must be a function, got ${describe(f)}`);
}

/** The arguments as scalar nodes (numbers become constants). */
function scalarArguments(where: string, xs: readonly unknown[]): Node[] {
  if (xs.length === 0) throw new ArgumentError(`${where}: the function needs at least one argument`);
  return xs.map((x, k) => {
    const node = lift(x as NodeLike, where, k);
    if (node.shape.length > 0) throw new ShapeError(`${where}: argument ${k + 1} has shape ${formatShape(node.shape)}; a function with a custom rule takes scalars`);
    return node;
  });
}

function scalarResult(where: string, what: string, r: unknown): Node {
  if (!(r instanceof Node) && typeof r !== 'number') throw new ArgumentError(`${where}: ${what} is ${describe(r)}, expected a Node or a number`);
  const node = lift(r, where, 0);
  if (node.shape.length > 0) throw new ShapeError(`${where}: ${what} has shape ${formatShape(node.shape)}, expected a scalar`);
  return node;
}

/**
 * ∂y/∂xₖ from a linear map of `seeds` (the rule's tangent or cotangents): the
 * coefficient of each seed, checked to be free of the seeds.
 */
function coefficients(where: string, linear: readonly Node[], seeds: readonly Node[], perSeed: boolean): Node[] {
  const out = perSeed ? linear.map((l) => gradientNodes(l, seeds)[0]) : gradientNodes(linear[0], seeds);
  const names = new Set(seeds.map((s) => s.name!));
  out.forEach((p, k) => {
    for (const name of tape(p, where).variables.keys()) {
      if (names.has(name)) throw new ArgumentError(`${where}: the rule is not linear in the ${perSeed ? 'cotangent' : 'tangents'} (the partial with respect to argument ${k + 1} depends on ${perSeed ? 'it' : 'them'})`);
    }
  });
  return out;
}

/** The node y = v with partials p (all of x's shape []): see ops/custom-rule.ts. */
function customNode(v: Node, p: readonly Node[], x: readonly Node[]): Node {
  return apply(customRulePrimitive, [stopGradient(v), ...p.map((pk) => stopGradient(pk)), ...x]);
}

/**
 * A function with its own forward-mode rule (JAX's `custom_jvp`): `rule(x, ẋ, y)`
 * returns the tangent of y = f(x) given the arguments, their tangents and the
 * value, and must be linear in the tangents. Both modes, derivative graphs,
 * compiled programs and the transforms use the rule (never f's own
 * derivative); higher derivatives differentiate the rule. Scalars only.
 * @example
 * ```ts
 * // log(1 + eˣ): its own derivative is eˣ/(1 + eˣ) = ∞/∞ = NaN at x = 1000; the rule's is 1
 * const log1pexp = customJvp(
 *   (x) => log1p(exp(x)),
 *   ([x], [dx]) => mul(dx, sigmoid(x)),
 * );
 * grad((x: Node) => log1pexp(x))(1000); // [1]
 * ```
 */
export function customJvp(f: (...xs: Node[]) => NodeLike, rule: (primals: Node[], tangents: Node[], value: Node) => NodeLike): CustomFunction {
  checkFunction('customJvp', 'f', f);
  checkFunction('customJvp', 'rule', rule);
  return (...args: NodeLike[]) => {
    const x = scalarArguments('customJvp', args);
    const v = scalarResult('customJvp', "the function's result", f(...x));
    const id = calls++;
    const t = x.map((_, k) => internalVariable(`customJvp ${id}:${k}`));
    const dy = scalarResult('customJvp', "the rule's tangent", rule(x.slice(), t.slice(), v));
    return customNode(v, coefficients('customJvp', [dy], t, false), x);
  };
}

/**
 * A function with its own reverse-mode rule (JAX's `custom_vjp`): `rule(x, y, ȳ)`
 * returns one cotangent per argument given the arguments, the value and the
 * output's cotangent, each linear in ȳ. No residuals are needed: the rule sees
 * the arguments and the value as nodes. Used as {@link customJvp}'s rule is, by
 * every mode and backend; scalars only.
 * @example
 * ```ts
 * // the straight-through estimator: the value sign(x), the derivative 1
 * const straight = customVjp((x) => sign(x), ([x], y, ct) => [ct]);
 * reverseMode(straight(variable('x')), { x: 0.3 }); // { value: 1, gradient: { x: 1 } }
 * ```
 */
export function customVjp(f: (...xs: Node[]) => NodeLike, rule: (primals: Node[], value: Node, cotangent: Node) => readonly NodeLike[]): CustomFunction {
  checkFunction('customVjp', 'f', f);
  checkFunction('customVjp', 'rule', rule);
  return (...args: NodeLike[]) => {
    const x = scalarArguments('customVjp', args);
    const v = scalarResult('customVjp', "the function's result", f(...x));
    const c = internalVariable(`customVjp ${calls++}`);
    const cts = rule(x.slice(), v, c);
    if (!Array.isArray(cts) || cts.length !== x.length) {
      throw new ArgumentError(`customVjp: the rule must return an array of ${x.length} cotangent${x.length === 1 ? '' : 's'} (one per argument), got ${describe(cts)}`);
    }
    const ct = cts.map((r, k) => scalarResult('customVjp', `the rule's cotangent ${k + 1}`, r));
    return customNode(v, coefficients('customVjp', ct, [c], true), x);
  };
}

/**
 * The notes' gradient-descent cells on a function of x typed as text: the
 * library's `gradientDescent` with the notes' stopping rule (stop when an
 * iterate moves by no more than the precision), and one of the notes' three
 * step policies — constant, decreasing, optimal (exact line search) — or
 * Armijo backtracking.
 */
import { ArgumentError, evaluate, gradientDescent, type GradientDescentResult, type Node, type StepPolicy } from 'wengert';
import { parse } from 'wengert/parse';

export type Policy = 'constant' | 'decreasing' | 'exact' | 'armijo';

export interface DescentSettings {
  readonly source: string;
  readonly start: number;
  /** α: the constant step, the first of the decreasing ones, the line searches' first trial. */
  readonly step: number;
  readonly precision: number;
  readonly policy: Policy;
}

export interface Descent {
  readonly f: (x: number) => number;
  readonly result: GradientDescentResult;
}

/** The cap on iterations, so that a tiny step on a flat function still answers at once. */
export const MAX_ITERATIONS = 20_000;

function stepOf(policy: Policy, alpha: number): StepPolicy {
  switch (policy) {
    case 'constant': return alpha;
    case 'decreasing': return (t: number) => alpha / (1 + t);
    case 'exact': return 'exact';
    case 'armijo': return 'armijo';
  }
}

/** The graph of f(x): exactly one variable, named x. */
export function graphOf(source: string): Node {
  const { output, variables } = parse(source);
  const others = [...variables.keys()].filter((n) => n !== 'x');
  if (others.length > 0) throw new ArgumentError(`f must depend on x alone; it also names ${others.join(', ')}`);
  if (!variables.has('x')) throw new ArgumentError('f must depend on x');
  return output;
}

/** Runs the descent; throws the library's typed errors (parse errors, NonFiniteLossError on divergence). */
export function descend(settings: DescentSettings): Descent {
  const graph = graphOf(settings.source);
  const result = gradientDescent(graph, [settings.start], {
    step: stepOf(settings.policy, settings.step),
    tolerance: settings.precision,
    stopWhen: 'step',
    maxIterations: MAX_ITERATIONS,
    lineSearch: { initialStep: settings.step },
  });
  return { f: (x: number) => evaluate(graph, { x }) as number, result };
}

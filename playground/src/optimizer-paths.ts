/**
 * The optimizers of panel 3 on a 2-D function: each from the same start, for a
 * number of steps, with the gradient from a compiled program's reverse sweep
 * and the update from the library's optimizer (`init`, `update`,
 * `applyUpdates`), recording the path and the loss. A run whose loss stops
 * being finite, or grows past a million times where it started, is cut there
 * and marked diverged.
 */
import { applyUpdates, compile, type Optimizer, type Program } from 'wengert';
import { parse } from 'wengert/parse';

/** A test function of x and y, with where to look at it. */
export interface Surface {
  readonly name: string;
  readonly source: string;
  readonly start: readonly [number, number];
  readonly xDomain: readonly [number, number];
  readonly yDomain: readonly [number, number];
  readonly minimum: readonly [number, number];
  /** log₁₀ of a learning rate that shows the optimizers apart. */
  readonly logRate: number;
  /** Geometric contour levels, for narrow valleys. */
  readonly logLevels: boolean;
}

export const SURFACES: readonly Surface[] = [
  { name: 'Rosenbrock', source: '(1 - x)^2 + 100 * (y - x^2)^2', start: [-1.5, 2], xDomain: [-2, 2], yDomain: [-1, 3], minimum: [1, 1], logRate: -3, logLevels: true },
  { name: 'Himmelblau', source: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2', start: [-0.5, -4.5], xDomain: [-5, 5], yDomain: [-5, 5], minimum: [3, 2], logRate: -2.3, logLevels: true },
  { name: 'an elongated bowl', source: 'x^2 / 10 + 4 * y^2', start: [-4.5, 1.8], xDomain: [-5, 5], yDomain: [-2.5, 2.5], minimum: [0, 0], logRate: -1.2, logLevels: false },
];

/** How far above its start (and above 1) the loss may grow before the run counts as diverged. */
export const DIVERGED = 1e6;

export interface Path {
  readonly name: string;
  /** (x, y) after each step, the start first. */
  readonly points: [number, number][];
  /** f at each point. */
  readonly losses: number[];
  /** The step at which f stopped being finite or passed DIVERGED × its start, if it did. */
  readonly divergedAt: number | undefined;
}

/** The surface's graph compiled over (x, y). */
export function programOf(surface: Surface): Program {
  const { output, variables } = parse(surface.source);
  return compile(output, [variables.get('x')!, variables.get('y')!]);
}

/** Runs one optimizer for `steps` steps from the surface's start. */
export function descend(program: Program, surface: Surface, name: string, make: Optimizer, steps: number): Path {
  const params = Float64Array.from(surface.start);
  const gradient = new Float64Array(2);
  const state = make.init(params);
  const points: [number, number][] = [[params[0], params[1]]];
  const losses = [program.evaluate(params)[0]];
  let divergedAt: number | undefined;
  const ceiling = DIVERGED * Math.max(1, losses[0]);
  for (let t = 1; t <= steps; t++) {
    program.gradient(params, gradient);
    applyUpdates(params, make.update(gradient, state, params));
    const loss = program.evaluate(params)[0];
    if (!(loss <= ceiling) || !Number.isFinite(params[0]) || !Number.isFinite(params[1])) {
      divergedAt = t;
      break;
    }
    points.push([params[0], params[1]]);
    losses.push(loss);
  }
  return { name, points, losses, divergedAt };
}

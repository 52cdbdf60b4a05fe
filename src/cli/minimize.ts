/**
 * `wengert minimize "<expr>" --from x=15 [--method … --lr … --steps … --tol … --plot out.svg]`:
 * minimizes an expression from a starting point, prints the first and last
 * iterations, the final point, value and status, and optionally plots the history.
 */
import { compile } from '../ad/program.js';
import { METHODS, minimize, type Method, type MinimizeResult } from '../optim/minimize.js';
import { parse } from '../parse/parse.js';
import { contour2d } from '../viz/contour-2d.js';
import { lossCurve } from '../viz/loss-curve.js';
import { trajectory1d } from '../viz/trajectory-1d.js';
import { writePlot } from '../node/write-plot.js';
import { checkPlotPath, CliError, parseChoice, parseNumber, parsePoint } from './args.js';
import { MAX_STEPS } from './limits.js';
import { full, table } from './table.js';

/** Iterations shown at the start and at the end of the table. */
const HEAD = 5;
const TAIL = 5;
/** The learning rate of the gradient methods unless --lr says otherwise. */
export const DEFAULT_LEARNING_RATE = 0.1;

/** A number to 10 significant digits, without trailing zeros. */
function compact(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(10))) : String(x);
}

/** The learning rate from --lr: a positive number, or for gd a line search ('armijo' or 'exact'). */
function learningRateOf(method: Method, text: string | undefined): number | 'armijo' | 'exact' | undefined {
  if (method === 'nelder-mead') {
    if (text !== undefined) throw new CliError(`--lr: method nelder-mead takes no learning rate`);
    return undefined;
  }
  if (text === 'armijo' || text === 'exact') {
    if (method !== 'gd') throw new CliError(`--lr: '${text}' (a line search) is for method gd only; give ${method} a number`);
    return text;
  }
  return parseNumber('--lr', text, DEFAULT_LEARNING_RATE, { positive: true });
}

function statusText(result: MinimizeResult, steps: number, tolerance: number): string {
  const tol = tolerance < 1e-3 ? tolerance.toExponential() : String(tolerance);
  switch (result.status) {
    case 'converged':
      return result.method === 'nelder-mead' ? `converged (simplex within --tol ${tol})` : `converged (‖∇f‖ ≤ --tol ${tol})`;
    case 'max-iterations':
    case 'maxIterations':
      return `not converged: stopped after --steps ${steps} iterations`;
    case 'maxEvaluations':
      return 'not converged: stopped at the evaluation limit';
    case 'lineSearchFailed':
      return 'stopped: the line search found no decrease';
    case 'degenerate':
      return 'stopped: the simplex collapsed';
    default:
      return result.status;
  }
}

/** Low and high of values, widened by a quarter of the range on each side (by 1 when the range is empty). */
function padded(values: readonly number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (!(lo < hi)) {
    const d = Math.max(1, Math.abs(lo) * 0.5);
    return [lo - d, hi + d];
  }
  const d = (hi - lo) * 0.25;
  lo -= d;
  hi += d;
  return [lo, hi];
}

/**
 * Runs `wengert minimize`: parses the expression, checks that `--from` names every
 * variable, minimizes with the chosen method and returns the report (writing the
 * plot first when `--plot` is given).
 * @throws CliError for a bad command line (exit code 2); WengertError for a bad expression or a diverging run
 */
export async function minimizeCommand(expression: string | undefined, flags: Record<string, string | undefined>): Promise<string> {
  if (expression === undefined) throw new CliError('minimize: give an expression, for example wengert minimize "x^2 - 6*x + 5" --from x=15');
  const method = parseChoice('--method', flags.method, METHODS, 'gd');
  const learningRate = learningRateOf(method, flags.lr);
  const steps = parseNumber('--steps', flags.steps, 1000, { integer: true, positive: true, max: MAX_STEPS });
  const tol = parseNumber('--tol', flags.tol, 1e-6, { positive: true });
  const plot = await checkPlotPath('--plot', flags.plot);
  if (flags.from === undefined) throw new CliError('minimize: --from is required: a starting value for every variable, for example --from x=15');
  const from = parsePoint('--from', flags.from);

  const { output, variables } = parse(expression);
  const names = [...variables.keys()];
  if (names.length === 0) throw new CliError(`minimize: '${expression}' has no variables: nothing to minimize`);
  for (const name of names) {
    if (!from.has(name)) throw new CliError(`--from: no starting value for '${name}' (the expression uses ${names.join(', ')})`);
  }
  for (const name of from.keys()) {
    if (!variables.has(name)) throw new CliError(`--from: '${name}' is not a variable of the expression (it uses ${names.join(', ')})`);
  }
  const x0 = names.map((n) => from.get(n)!);

  const result = minimize(output, x0, { inputs: names, method, learningRate, maxIterations: steps, tolerance: tol });
  const { values, points } = result.history;

  const header = ['iteration', 'f', ...names];
  const width = Math.max('iteration'.length, String(values.length - 1).length);
  const row = (k: number) => [String(k).padStart(width), compact(values[k]), ...Array.from(points[k], compact)];
  const rows: string[][] = [];
  const n = values.length;
  if (n <= HEAD + TAIL + 1) for (let k = 0; k < n; k++) rows.push(row(k));
  else {
    for (let k = 0; k < HEAD; k++) rows.push(row(k));
    rows.push(['…'.padStart(width), '', ...names.map(() => '')]);
    for (let k = n - TAIL; k < n; k++) rows.push(row(k));
  }

  const rate = method === 'nelder-mead' ? '' : `, learning rate ${learningRate}`;
  const lines = [
    `f = ${expression}`,
    `method ${method}${rate}, from ${names.map((name, k) => `${name} = ${x0[k]}`).join(', ')}`,
    '',
    table(header, rows),
    '',
    `final point: ${names.map((name, k) => `${name} = ${full(result.x[k])}`).join(', ')}`,
    `final value: f = ${full(result.value)}`,
    `status: ${statusText(result, steps, tol)} after ${result.iterations} iteration${result.iterations === 1 ? '' : 's'}`,
  ];

  if (plot !== undefined) {
    const program = compile(output, names);
    const title = `${method}: f = ${expression}`;
    let spec;
    if (names.length === 1) {
      const f = (t: number) => program.evaluate([t])[0];
      spec = trajectory1d(f, points, { title, xTitle: names[0], yTitle: `f(${names[0]})`, curveName: `f(${names[0]})`, pathName: method });
    } else if (names.length === 2) {
      const f = (a: number, b: number) => program.evaluate([a, b])[0];
      const xDomain = padded(points.map((p) => p[0]));
      const yDomain = padded(points.map((p) => p[1]));
      spec = contour2d(f, { title, xDomain, yDomain, xTitle: names[0], yTitle: names[1], logLevels: true }, [{ name: method, points }]);
    } else {
      // a log scale shows the convergence, when every value allows one
      const logScale = values.every((v) => v > 0 || !Number.isFinite(v));
      spec = lossCurve({ loss: values }, { title, xTitle: 'Iteration', yTitle: 'f', logScale });
    }
    await writePlot(spec, plot);
    lines.push(`plot: ${plot}`);
  }
  return lines.join('\n');
}

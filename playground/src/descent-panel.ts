/**
 * Panel 2: the notes' gradient-descent widget (cells [4]/[5]): sliders for the
 * start, the step size and the precision, and the step policy. The trajectory
 * on the curve and the cost per iteration redraw as they move (the library's
 * own plot specs, `trajectory1d` and `lossCurve`, through vega-embed), with the
 * final x and the number of steps beside them.
 */
import { NonFiniteLossError } from 'wengert';
import { lossCurve, trajectory1d } from 'wengert/plot';
import { draw, plotSize } from './charts.js';
import { descend, MAX_ITERATIONS, type Policy } from './descent.js';
import { byId, describeList, linkSlider, perFrame } from './dom.js';
import { full, messageOf } from './format.js';

/** The notes' x range for this function's plots. */
const DOMAIN: readonly [number, number] = [-10, 20];

export async function descentPanel(): Promise<void> {
  const source = byId<HTMLInputElement>('descent-f');
  const policy = byId<HTMLSelectElement>('descent-policy');
  const error = byId('descent-error');
  const update = perFrame(redraw);
  const start = linkSlider(byId('descent-start'), byId('descent-start-value'), update);
  const step = linkSlider(byId('descent-step'), byId('descent-step-value'), update);
  const precision = linkSlider(byId('descent-precision'), byId('descent-precision-value'), update);
  source.addEventListener('input', update);
  policy.addEventListener('change', update);

  async function redraw(): Promise<void> {
    let run;
    try {
      run = descend({ source: source.value, start: start(), step: step(), precision: precision(), policy: policy.value as Policy });
    } catch (e) {
      error.textContent = e instanceof NonFiniteLossError ? `${messageOf(e)} — the step is too large: the iterates diverge.` : messageOf(e);
      source.setAttribute('aria-invalid', String(!(e instanceof NonFiniteLossError)));
      return;
    }
    error.textContent = '';
    source.removeAttribute('aria-invalid');
    const { f, result } = run;
    const x = result.x[0];
    const capped = result.status === 'maxIterations' ? ` (stopped at the cap of ${MAX_ITERATIONS})` : '';
    describeList(byId('descent-summary'), [
      { term: 'final x, to 2 decimals', value: x.toFixed(2), id: 'descent-x' },
      { term: 'steps', value: `${result.iterations}${capped}`, id: 'descent-steps' },
      { term: 'final x', value: full(x), id: 'descent-x-full' },
      { term: 'f(x)', value: full(result.value) },
      { term: 'status', value: result.status },
    ]);
    byId('descent-summary').dataset.steps = String(result.iterations);
    const trajectoryBox = byId('descent-trajectory');
    const costBox = byId('descent-cost');
    const inside = result.history.points.every((p) => p[0] >= DOMAIN[0] && p[0] <= DOMAIN[1]);
    try {
      await Promise.all([
        draw(
          trajectoryBox,
          trajectory1d(f, result.history.points, { ...plotSize(trajectoryBox), domain: inside ? DOMAIN : undefined, xTitle: 'x', yTitle: 'f(x)', title: `f(x) = ${source.value}` }),
          `The ${result.iterations} iterates of gradient descent on the curve of f, ending at x = ${x.toFixed(3)}`,
        ),
        draw(
          costBox,
          lossCurve(result.history.values, { ...plotSize(costBox), xTitle: 'iteration', yTitle: 'f(xₜ)', title: 'Cost per iteration' }),
          `f at each of the ${result.iterations + 1} iterates`,
        ),
      ]);
    } catch (e) {
      error.textContent = messageOf(e);
    }
  }
  await redraw();
}

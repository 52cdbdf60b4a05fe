/**
 * Panel 3: optimizers side by side on Rosenbrock, Himmelblau or an elongated
 * bowl. Pick optimizers, move the learning rate, the momentum and the number of
 * steps: the paths redraw on the contour plot (the library's `contour2d`) and
 * the loss curves beside it (`lossCurve`, log scale).
 */
import { contour2d, lossCurve } from 'wengert/plot';
import { draw, plotSize } from './charts.js';
import { byId, perFrame } from './dom.js';
import { messageOf, short } from './format.js';
import { descend, OPTIMIZER_MAKERS, programOf, SURFACES, type Path } from './optimizer-paths.js';

/** Points of a path or a loss curve the charts draw at most: every k-th, and the last. */
const DRAWN = 300;

function kept(length: number): number[] {
  const k = Math.max(1, Math.ceil(length / DRAWN));
  const indices: number[] = [];
  for (let i = 0; i < length; i += k) indices.push(i);
  if (indices[indices.length - 1] !== length - 1) indices.push(length - 1);
  return indices;
}

export async function optimizersPanel(): Promise<void> {
  const surface = byId<HTMLSelectElement>('surface');
  surface.replaceChildren(...SURFACES.map((s, i) => new Option(`${s.name}: ${s.source}`, String(i), i === 0, i === 0)));
  const choice = byId('optimizer-choice');
  const chosen = new Set(['sgd', 'momentum', 'adam']);
  for (const name of Object.keys(OPTIMIZER_MAKERS)) {
    const label = document.createElement('label');
    const box = document.createElement('input');
    Object.assign(box, { type: 'checkbox', id: `use-${name}`, value: name, checked: chosen.has(name) });
    label.append(box, ` ${name}`);
    choice.append(label);
  }
  const rate = byId<HTMLInputElement>('opt-lr');
  const mu = byId<HTMLInputElement>('opt-momentum');
  const steps = byId<HTMLInputElement>('opt-steps');
  const error = byId('optimizers-error');
  const update = perFrame(redraw);
  for (const input of [rate, mu, steps]) input.addEventListener('input', update);
  choice.addEventListener('change', update);
  surface.addEventListener('change', () => {
    rate.value = String(SURFACES[Number(surface.value)].logRate);
    update();
  });

  async function redraw(): Promise<void> {
    const s = SURFACES[Number(surface.value)];
    const learningRate = 10 ** Number(rate.value);
    byId('opt-lr-value').textContent = short(learningRate, 3);
    byId('opt-momentum-value').textContent = mu.value;
    byId('opt-steps-value').textContent = steps.value;
    const names = [...choice.querySelectorAll<HTMLInputElement>('input:checked')].map((b) => b.value);
    let paths: Path[];
    let f: (x: number, y: number) => number;
    try {
      const program = programOf(s);
      const at = new Float64Array(2);
      f = (x, y) => {
        at[0] = x;
        at[1] = y;
        return program.evaluate(at)[0];
      };
      paths = names.map((name) => descend(program, s, name, OPTIMIZER_MAKERS[name](learningRate, Number(mu.value)), Number(steps.value)));
    } catch (e) {
      error.textContent = messageOf(e);
      return;
    }
    error.textContent = '';
    const body = byId<HTMLTableElement>('optimizers-table').tBodies[0];
    body.replaceChildren(
      ...paths.map((p) => {
        const row = document.createElement('tr');
        const [x, y] = p.points[p.points.length - 1];
        const cells = [p.name, `(${short(x, 6)}, ${short(y, 6)})`, p.divergedAt === undefined ? short(p.losses[p.losses.length - 1], 4) : `diverged at step ${p.divergedAt} (f > 10⁶ · max(1, f₀))`];
        for (const text of cells) {
          const td = document.createElement('td');
          td.textContent = text;
          row.append(td);
        }
        return row;
      }),
    );
    const contourBox = byId('optimizers-contour');
    const lossBox = byId('optimizers-loss');
    const label = `${paths.length} optimizers on ${s.name} from (${s.start.join(', ')}), learning rate ${short(learningRate, 3)}`;
    await Promise.all([
      draw(
        contourBox,
        contour2d(f, { ...plotSize(contourBox, 200), xDomain: s.xDomain, yDomain: s.yDomain, logLevels: s.logLevels, minimum: s.minimum, resolution: 80, title: s.name }, paths.map((p) => ({ name: p.name, points: kept(p.points.length).map((i) => p.points[i]) }))),
        `Contours of ${s.name} with the paths of ${label}`,
      ),
      paths.length === 0
        ? Promise.resolve(lossBox.replaceChildren(Object.assign(document.createElement('p'), { className: 'empty', textContent: 'Pick an optimizer.' })))
        : draw(
            lossBox,
            lossCurve(paths.map((p) => { const i = kept(p.losses.length); return { name: p.name, loss: i.map((k) => p.losses[k]), step: i }; }), { ...plotSize(lossBox, 190), logScale: true, xTitle: 'step', yTitle: 'f(x, y)', title: 'Loss per step' }),
            `Loss per step of ${label}`,
          ),
    ]);
  }
  await redraw();
}

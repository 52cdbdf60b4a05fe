/**
 * Panel 3: optimizers side by side on Rosenbrock, Himmelblau or an elongated
 * bowl. Pick optimizers, move the learning rate, the momentum and the number of
 * steps: the paths redraw on the contour plot (the library's `contour2d`) and
 * the loss curves beside it (`lossCurve`, log scale).
 */
import { contour2d, lossCurve, type VegaLiteSpec } from 'wengert/plot';
import { draw, plotSize } from './charts.js';
import { byId, perFrame } from './dom.js';
import { messageOf, short } from './format.js';
import { descend, programOf, SURFACES, type Path } from './optimizer-paths.js';
import { OPTIMIZER_MAKERS, type OptimizerName } from './optimizers.js';

/** Points of a path or a loss curve the charts draw at most: every k-th, and the last. */
const DRAWN = 300;

function kept(length: number): number[] {
  const k = Math.max(1, Math.ceil(length / DRAWN));
  const indices: number[] = [];
  for (let i = 0; i < length; i += k) indices.push(i);
  if (indices[indices.length - 1] !== length - 1) indices.push(length - 1);
  return indices;
}

type ColorScale = { domain?: string[]; range?: string[] };
type Encoded = { encoding?: { color?: { field?: string; scale?: ColorScale } } };

/**
 * Gives the loss curves the colours of the paths, so that one optimizer has one
 * colour in both charts (the contour plot picks colours that stand out on its
 * bands; the loss curve would use its own palette). The paths' white, for a
 * seventh optimizer, is grey in both: white vanishes on the loss plot.
 */
function matchColors(contour: VegaLiteSpec, loss: VegaLiteSpec): void {
  const layers = ((contour as { layer?: Encoded[] }).layer ?? []).filter((l) => l.encoding?.color?.field === 'name');
  for (const layer of layers) {
    const scale = layer.encoding!.color!.scale!;
    scale.range = scale.range?.map((c) => (c.toLowerCase() === '#ffffff' ? '#7f7f7f' : c));
  }
  const range = layers[0]?.encoding?.color?.scale?.range;
  const color = (loss as Encoded).encoding?.color;
  if (range !== undefined && color?.scale !== undefined) color.scale.range = range;
}

export async function optimizersPanel(): Promise<void> {
  const surface = byId<HTMLSelectElement>('surface');
  surface.replaceChildren(...SURFACES.map((s, i) => new Option(`${s.name}: ${s.source}`, String(i), i === 0, i === 0)));
  const choice = byId('optimizer-choice');
  const chosen = new Set(['sgd', 'momentum', 'adam']);
  for (const name of ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adagrad', 'adam', 'adamw'] satisfies OptimizerName[]) {
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
      paths = names.map((name) => descend(program, s, name, OPTIMIZER_MAKERS[name as OptimizerName](learningRate, Number(mu.value)), Number(steps.value)));
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
    try {
      const contour = contour2d(
        f,
        { ...plotSize(contourBox, 200), xDomain: s.xDomain, yDomain: s.yDomain, logLevels: s.logLevels, minimum: s.minimum, resolution: 80, title: s.name },
        paths.map((p) => ({ name: p.name, points: kept(p.points.length).map((i) => p.points[i]) })),
      );
      const loss =
        paths.length === 0
          ? undefined
          : lossCurve(
              paths.map((p) => {
                const i = kept(p.losses.length);
                return { name: p.name, loss: i.map((k) => p.losses[k]), step: i };
              }),
              { ...plotSize(lossBox, 190), logScale: true, xTitle: 'step', yTitle: 'f(x, y)', title: 'Loss per step' },
            );
      if (loss !== undefined) matchColors(contour, loss);
      await Promise.all([
        draw(contourBox, contour, `Contours of ${s.name} with the paths of ${label}`),
        loss === undefined
          ? Promise.resolve(lossBox.replaceChildren(Object.assign(document.createElement('p'), { className: 'empty', textContent: 'Pick an optimizer.' })))
          : draw(lossBox, loss, `Loss per step of ${label}`),
      ]);
    } catch (e) {
      error.textContent = messageOf(e);
    }
  }
  await redraw();
}

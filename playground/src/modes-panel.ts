/**
 * Panel 5: forward or reverse? Times the gradient of panel 1's expression and
 * of Rosenbrock in n variables for growing n by both modes, in this browser,
 * and plots the two curves (the library's `timingPlot`).
 */
import { timingPlot, type TimingRow } from 'wengert/plot';
import { parse } from 'wengert/parse';
import { draw, plotSize } from './charts.js';
import { byId, describeList } from './dom.js';
import { messageOf, short } from './format.js';
import { rosenbrock, timeModes } from './mode-timing.js';

const SIZES = [3, 10, 30, 100, 300, 1000];

const ms = (v: number) => `${short(v * 1000, 3)} µs`;

/** Panel 1's expression at its sliders' values (variables without a slider at 1). */
function currentExpression() {
  const text = byId<HTMLInputElement>('expression').value;
  const { output, variables } = parse(text);
  const names = [...variables.keys()];
  const x = Float64Array.from(names, (n) => {
    const field = document.getElementById(`var-${n}-value`) as HTMLInputElement | null;
    return field === null ? 1 : Number(field.value);
  });
  return { text, output, inputs: names.map((n) => variables.get(n)!), x };
}

export function modesPanel(): void {
  const panel = byId('modes');
  const button = byId<HTMLButtonElement>('modes-run');
  const error = byId('modes-error');
  panel.dataset.state = 'idle';

  const run = async () => {
    button.disabled = true;
    panel.dataset.state = 'running';
    error.textContent = '';
    const entries: { term: string; value: string; id?: string }[] = [];
    try {
      const e = currentExpression();
      const t = await timeModes(e.output, e.inputs, e.x);
      entries.push({
        term: `f = ${e.text} (${e.inputs.length} inputs)`,
        value: `forward ${ms(t.forward)}, reverse ${ms(t.reverse)} per gradient; the modes agree to ${t.disagreement.toExponential(1)}`,
        id: 'modes-expression',
      });
      describeList(byId('modes-summary'), entries);
      const rows: TimingRow[] = [];
      const largest = Number(byId<HTMLSelectElement>('modes-max').value);
      for (const n of SIZES.filter((n) => n <= largest)) {
        const { f, xs } = rosenbrock(n);
        const x = Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
        const r = await timeModes(f, xs, x);
        rows.push({ n, mode: 'forward', ms: r.forward }, { n, mode: 'reverse', ms: r.reverse });
        entries.push({ term: `Rosenbrock, n = ${n}`, value: `forward ${ms(r.forward)}, reverse ${ms(r.reverse)}: forward ÷ reverse = ${short(r.forward / r.reverse, 3)}` });
        describeList(byId('modes-summary'), entries);
        const box = byId('modes-chart');
        await draw(box, timingPlot(rows, { ...plotSize(box), title: 'Gradient of Rosenbrock in n variables, in this browser' }), `Milliseconds per gradient against n, forward and reverse mode, up to n = ${n}`);
      }
      panel.dataset.state = 'done';
    } catch (e) {
      error.textContent = messageOf(e);
      panel.dataset.state = 'error';
    } finally {
      button.disabled = false;
    }
  };
  button.addEventListener('click', () => void run());
}

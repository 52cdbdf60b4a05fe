/**
 * Panel 5: forward or reverse? The library's `compareModes` on panel 1's
 * expression and on Rosenbrock in n variables for growing n, in this browser:
 * its table of routes (times, × fastest, the cost model's prediction), its
 * recommendation with the reason, and the best forward and reverse times
 * against n plotted (the library's `timingPlot`).
 *
 * `compareModes` is synchronous: it runs once per size with a pause between
 * sizes, on short warm-ups and budgets, so the page answers between them.
 */
import { compareModes, type CompareModesOptions, type ModeComparison } from 'wengert';
import { timingPlot, type TimingRow } from 'wengert/plot';
import { parse } from 'wengert/parse';
import { draw, plotSize } from './charts.js';
import { byId, describeList } from './dom.js';
import { messageOf, short } from './format.js';
import { rosenbrock } from './rosenbrock.js';

const SIZES = [3, 10, 30, 100, 300, 1000];

/** Milliseconds of warm-up and of samples per route, and the longest whole Jacobian timed in one call (a comparison then holds the page for 0.7–0.8 s at n ≤ 100 on the 2-core machine). */
const TIMING: CompareModesOptions = { warmup: 40, budget: 30, maxCall: 30 };

/** 3 significant digits, in ns below 1 µs and in µs below 1 ms (as the library's tables print them). */
const time = (ms: number) => (ms === 0 ? '0 µs' : ms < 1e-3 ? `${short(ms * 1e6, 3)} ns` : ms < 1 ? `${short(ms * 1000, 3)} µs` : `${short(ms, 3)} ms`);
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Panel 1's expression at its sliders' values (variables without a slider at 1). */
function currentExpression() {
  const text = byId<HTMLInputElement>('expression').value;
  const { output, variables } = parse(text);
  const names = [...variables.keys()];
  const at = Object.fromEntries(
    names.map((n) => {
      const field = document.getElementById(`var-${n}-value`) as HTMLInputElement | null;
      return [n, field === null ? 1 : Number(field.value)];
    }),
  );
  return { text, output, inputs: names.map((n) => variables.get(n)!), at };
}

/** The recommended mode and the fastest route's time of each mode. */
function verdict(r: ModeComparison): { forward: number; reverse: number; line: string } {
  const [forward, reverse] = (['forward', 'reverse'] as const).map((mode) => r.rows.find((row) => row.mode === mode)!.ms);
  return { forward, reverse, line: `${r.recommendation.mode}: best forward ${time(forward)}, best reverse ${time(reverse)}, forward ÷ reverse = ${short(forward / reverse, 3)}` };
}

/** Fills a table with the comparison's routes (fastest first), its caption with the verdict, and `reason` with why. */
function showTable(table: HTMLTableElement, reason: HTMLElement, title: string, r: ModeComparison): void {
  reason.textContent = r.recommendation.reason;
  table.caption!.textContent = `${title}: ${r.recommendation.mode}, by ${r.recommendation.route}`;
  table.dataset.recommended = r.recommendation.mode;
  table.dataset.predicted = r.predicted;
  table.tBodies[0].replaceChildren(
    ...r.rows.map((row) => {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = row.route;
      const cells = [row.backend, String(row.sweeps), `${row.extrapolated ? '≈ ' : ''}${time(row.ms)}`, `${short(row.ratio, 3)}×`, short(row.evaluations, 3), short(row.predicted, 3), row.error === 0 ? '0' : row.error.toExponential(1)];
      tr.append(
        th,
        ...cells.map((text) => {
          const td = document.createElement('td');
          td.textContent = text;
          return td;
        }),
      );
      return tr;
    }),
  );
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
      const r = compareModes(e.output, e.at, { ...TIMING, inputs: e.inputs });
      showTable(byId<HTMLTableElement>('modes-expression-table'), byId('modes-expression-reason'), `f = ${e.text}`, r);
      entries.push({ term: `f = ${e.text}`, value: verdict(r).line, id: 'modes-expression' });
      describeList(byId('modes-summary'), entries);
      await pause();
      const rows: TimingRow[] = [];
      const largest = Number(byId<HTMLSelectElement>('modes-max').value);
      for (const n of SIZES.filter((n) => n <= largest)) {
        const { f, xs, at } = rosenbrock(n);
        const c = compareModes(f, at, { ...TIMING, inputs: xs });
        const { forward, reverse, line } = verdict(c);
        rows.push({ n, mode: 'forward', ms: forward }, { n, mode: 'reverse', ms: reverse });
        showTable(byId<HTMLTableElement>('modes-rosenbrock-table'), byId('modes-rosenbrock-reason'), `Rosenbrock, n = ${n}`, c);
        entries.push({ term: `Rosenbrock, n = ${n}`, value: line });
        describeList(byId('modes-summary'), entries);
        const box = byId('modes-chart');
        await draw(box, timingPlot(rows, { ...plotSize(box), title: 'Gradient of Rosenbrock in n variables, in this browser' }), `Milliseconds per gradient against n, the fastest forward and reverse route, up to n = ${n}`);
        await pause();
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

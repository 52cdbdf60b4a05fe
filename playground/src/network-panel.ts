/**
 * Panel 4: train a small network live. The settings go to a Web Worker
 * (train-worker.ts) that trains with the library and reports every few epochs;
 * the page draws the decision boundary, the loss curve (the library's
 * `lossCurve` through vega-embed), train and test accuracy, and any weight
 * with its gradient. Stop (or a new Train) terminates the worker.
 */
import { ACTIVATIONS, type Activation } from 'wengert';
import { lossCurve } from 'wengert/plot';
import { drawBoundary } from './boundary.js';
import { draw, plotSize } from './charts.js';
import type { DataSettings, DatasetName } from './datasets.js';
import { byId, describeList } from './dom.js';
import { full, messageOf } from './format.js';
import type { WorkerMessage } from './train-worker.js';
import { OPTIMIZERS, type OptimizerName } from './optimizers.js';
import { previewPoints, type Points, type Progress, type TrainSettings } from './training.js';

/** Points per dataset, train and test together. */
const POINTS = 400;
/** The loss chart's largest number of points, and its shortest time between redraws while training. */
const CHART_POINTS = 400;
const CHART_INTERVAL_MS = 1000;

/** Every k-th epoch's loss (and the last), so that the chart stays at most CHART_POINTS points long. */
function thinned(losses: readonly number[]): { epochs: number[]; loss: number[] } {
  const k = Math.ceil(losses.length / CHART_POINTS);
  const epochs: number[] = [];
  for (let i = 0; i < losses.length; i += k) epochs.push(i + 1);
  if (epochs[epochs.length - 1] !== losses.length) epochs.push(losses.length);
  return { epochs, loss: epochs.map((e) => losses[e - 1]) };
}

/** The hidden sizes typed as "8, 8" (an empty field: no hidden layer, a linear model). */
function hiddenSizes(text: string): number[] {
  const parts = text.split(/[\s,]+/).filter((s) => s !== '');
  return parts.map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n)) throw new Error(`hidden layers: "${s}" is not a whole number (write sizes like 8, 8)`);
    return n;
  });
}

function number(id: string): number {
  return Number(byId<HTMLInputElement>(id).value);
}

function dataSettingsOf(): DataSettings {
  return { name: byId<HTMLSelectElement>('net-data').value as DatasetName, n: POINTS, noise: number('net-noise'), seed: number('net-seed') };
}

function settingsOf(): TrainSettings {
  return {
    data: dataSettingsOf(),
    hidden: hiddenSizes(byId<HTMLInputElement>('net-layers').value),
    activation: byId<HTMLSelectElement>('net-activation').value as Activation,
    optimizer: byId<HTMLSelectElement>('net-optimizer').value as OptimizerName,
    learningRate: number('net-lr'),
    batchSize: number('net-batch'),
    epochs: number('net-epochs'),
    seed: number('net-seed'),
  };
}

export function networkPanel(): void {
  const panel = byId('network');
  const trainButton = byId<HTMLButtonElement>('net-train');
  const stopButton = byId<HTMLButtonElement>('net-stop');
  const bar = byId<HTMLProgressElement>('net-progress');
  const canvas = byId<HTMLCanvasElement>('net-boundary');
  const weight = byId<HTMLSelectElement>('net-weight');
  const error = byId('network-error');
  byId<HTMLSelectElement>('net-activation').replaceChildren(...ACTIVATIONS.map((a) => new Option(a, a, a === 'tanh', a === 'tanh')));
  byId<HTMLSelectElement>('net-optimizer').replaceChildren(...OPTIMIZERS.map((o) => new Option(o, o, o === 'adam', o === 'adam')));

  let worker: Worker | undefined;
  let points: Points | undefined;
  let latest: Progress | undefined;
  let losses: number[] = [];
  let started = 0;

  const setState = (state: 'idle' | 'training' | 'done' | 'stopped' | 'error') => {
    panel.dataset.state = state;
    trainButton.disabled = false;
    stopButton.disabled = state !== 'training';
  };
  setState('idle');

  // the loss chart redraws at most once a second while training (a Vega view costs the main thread far more
  // than a report does), from at most CHART_POINTS epochs; the last report is always drawn
  let lastDraw = -Infinity;
  let pending: ReturnType<typeof setTimeout> | undefined;
  let drawing: Promise<unknown> = Promise.resolve();

  const drawLoss = (now = false) => {
    clearTimeout(pending);
    pending = undefined;
    const wait = lastDraw + CHART_INTERVAL_MS - performance.now();
    if (!now && wait > 0) {
      pending = setTimeout(() => drawLoss(true), wait);
      return;
    }
    lastDraw = performance.now();
    const box = byId('net-loss');
    const { epochs, loss } = thinned(losses);
    const spec = lossCurve({ loss, step: epochs }, { ...plotSize(box), logScale: true, xTitle: 'epoch', yTitle: 'mean training loss', title: 'Training loss' });
    drawing = drawing.then(() => draw(box, spec, `Training loss over ${losses.length} epochs`)).catch((e: unknown) => (error.textContent = messageOf(e)));
  };

  const showWeight = () => {
    if (latest === undefined || points === undefined) return;
    const k = Number(weight.value);
    describeList(byId('net-weight-info'), [
      { term: `value of ${points.names[k]}`, value: full(latest.params[k]), id: 'net-weight-value' },
      { term: `∂L/∂${points.names[k]} (mean over the training points, reverse mode)`, value: full(latest.gradient[k]), id: 'net-weight-gradient' },
    ]);
  };
  weight.addEventListener('change', showWeight);

  const onProgress = (p: Progress) => {
    latest = p;
    losses = losses.concat(p.losses);
    bar.value = p.epoch / p.epochs;
    bar.textContent = `${Math.round((100 * p.epoch) / p.epochs)}%`;
    panel.dataset.epoch = String(p.epoch);
    const seconds = (performance.now() - started) / 1000;
    describeList(byId('network-summary'), [
      { term: 'epoch', value: `${p.epoch} of ${p.epochs}`, id: 'net-epoch' },
      { term: 'training loss', value: losses.length > 0 ? losses[losses.length - 1].toPrecision(6) : '—', id: 'net-loss-value' },
      { term: 'train accuracy', value: `${(100 * p.trainAccuracy).toFixed(1)}%`, id: 'net-train-accuracy' },
      { term: 'test accuracy', value: `${(100 * p.testAccuracy).toFixed(1)}%`, id: 'net-test-accuracy' },
      { term: 'time', value: `${seconds.toFixed(1)} s`, id: 'net-time' },
    ]);
    panel.dataset.testAccuracy = String(p.testAccuracy);
    if (points !== undefined) drawBoundary(canvas, points, p.grid);
    showWeight();
    if (losses.length > 0) drawLoss(p.done);
    if (p.done) {
      setState('done');
      worker?.terminate();
      worker = undefined;
    }
  };

  const stop = () => {
    worker?.terminate();
    worker = undefined;
    if (panel.dataset.state === 'training') {
      setState('stopped');
      if (losses.length > 0) drawLoss(true);
    }
  };

  const start = () => {
    stop();
    error.textContent = '';
    let settings: TrainSettings;
    try {
      settings = settingsOf();
    } catch (e) {
      error.textContent = messageOf(e);
      setState('error');
      return;
    }
    losses = [];
    latest = undefined;
    points = undefined;
    bar.value = 0;
    started = performance.now();
    setState('training');
    worker = new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module', name: 'wengert training' });
    worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
      const m = event.data;
      if (m.type === 'points') {
        points = m.points;
        weight.replaceChildren(...m.points.names.map((name, k) => new Option(name, String(k))));
        drawBoundary(canvas, m.points);
      } else if (m.type === 'progress') onProgress(m.progress);
      else {
        error.textContent = m.message;
        setState('error');
        stop();
      }
    };
    worker.onerror = (event) => {
      error.textContent = `the training worker failed: ${event.message}`;
      setState('error');
      stop();
    };
    worker.postMessage(settings);
  };

  // the data as it will be trained on, drawn as soon as its settings change (while idle)
  const preview = () => {
    if (panel.dataset.state === 'training') return;
    try {
      drawBoundary(canvas, previewPoints(dataSettingsOf()));
      error.textContent = '';
    } catch (e) {
      error.textContent = messageOf(e);
    }
  };
  for (const id of ['net-data', 'net-noise', 'net-seed']) byId(id).addEventListener('input', preview);
  preview();

  trainButton.addEventListener('click', start);
  stopButton.addEventListener('click', stop);
}

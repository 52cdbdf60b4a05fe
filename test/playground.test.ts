/**
 * The playground (playground/) in a real browser: the site is built with Vite
 * as `npm run build:playground` builds it, served as static files from a
 * folder deep below the server's root on 127.0.0.1 (so only relative paths
 * work), and driven in Debian's Chromium through playwright-core.
 *
 * Checked: no console errors or failed requests; the default sigmoid neuron's
 * value and partials as the library computes them, and again after the `w`
 * slider moves (by the keyboard); a syntax error's position; the notes' 3.48
 * in 159 steps; moons trained in the Web Worker to ≥ 97 % test accuracy within
 * a bounded time, with the page answering an interaction while the worker
 * trains; panel 5's compareModes tables (the routes, fastest first), the
 * recommendation for Rosenbrock at n = 100 (reverse, as the cost model
 * predicts) and its curves; every control labelled; a narrow window without
 * sideways scrolling.
 * The built site's size and the page's load time are printed.
 *
 * Chromium must be at /usr/bin/chromium (.ci/run installs it). Screenshots of
 * every panel are taken on every run; WENGERT_SCREENSHOT=1 writes them to
 * docs/playground/ (otherwise to a temporary folder).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adam, applyUpdates, cheaperMode, compile, gradientDescent, momentum, reverseMode, sgd, type Optimizer } from '../src/index.js';
import { rosenbrock } from '../playground/src/rosenbrock.js';
import { parse } from '../src/parse/index.js';
import { browserBundle } from './helpers/browser-bundle.js';
import { launchChromium, watchProblems } from './helpers/chromium.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PLAYGROUND = join(ROOT, 'playground');
/** The site is served from here, below the server's root: an absolute path in the page would 404. */
const BASE = '/a/static/host/playground/';
const scratch = mkdtempSync(join(tmpdir(), 'wengert-playground-'));
const site = join(scratch, 'site');
const shots = process.env.WENGERT_SCREENSHOT === '1' ? join(ROOT, 'docs', 'playground') : join(scratch, 'shots');
/** The bound on training moons (300 epochs take about 1 s in Chromium on an idle core; this holds at load 8 with room). */
const TRAIN_BOUND_MS = 60_000;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

let server: Server;
let origin: string;
let browser: Browser;
/**
 * The library alone (not the playground's code), bundled for the page: what it
 * computes for the neuron in the same browser. Chromium's Math.exp is not
 * Node's (exp(−7.03) differs in the last bit), so the page's digits are checked
 * against the library run in Chromium, and those against Node's within 2 ulps.
 */
let reference: string;
const size = { files: 0, bytes: 0, gzipBytes: 0 };

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  reference = (
    await browserBundle({
      contents: `import { reverseMode } from './src/index.ts';
import { parse } from './src/parse/index.ts';
const { output } = parse('1 / (1 + exp(-(w*x + b)))');
window.referenceNeuron = (at) => {
  const { value, gradient } = reverseMode(output, at);
  return [value, gradient.x, gradient.w, gradient.b].map((v) => v.toPrecision(17));
};`,
      resolveDir: ROOT,
    })
  ).code;
  await build({ root: PLAYGROUND, configFile: join(PLAYGROUND, 'vite.config.ts'), logLevel: 'warn', build: { outDir: site, emptyOutDir: true } });
  for (const file of filesUnder(site)) {
    size.files++;
    size.bytes += statSync(file).size;
    size.gzipBytes += gzipSync(readFileSync(file), { level: 9 }).length;
  }
  server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    if (!path.startsWith(BASE)) return void response.writeHead(404).end();
    const file = normalize(join(site, path.slice(BASE.length) || 'index.html'));
    if (relative(site, file).split(sep)[0] === '..' || !existsSync(file) || !statSync(file).isFile()) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  rmSync(scratch, { recursive: true, force: true });
});

/** A page of the site, with every console error or warning, page error, failed request and HTTP error collected. */
async function open(viewport = { width: 1280, height: 900 }): Promise<{ page: Page; problems: string[]; loadMs: number }> {
  const page = await browser.newPage({ viewport });
  const problems = watchProblems(page);
  const start = performance.now();
  await page.goto(`${origin}${BASE}`);
  await page.waitForFunction(() => document.body.dataset.ready !== undefined, undefined, { timeout: 60_000 });
  const loadMs = performance.now() - start;
  expect(await page.evaluate(() => document.body.dataset.ready)).toBe('true');
  return { page, problems, loadMs };
}

const text = (page: Page, selector: string) => page.locator(selector).innerText();
const full = (x: number) => x.toPrecision(17);

type Point = { x: number; w: number; b: number };

/** The sigmoid neuron's value and partials at a point by the library's reverse mode in Node, to 17 digits. */
function neuronInNode(at: Point): string[] {
  const { output } = parse('1 / (1 + exp(-(w*x + b)))');
  const { value, gradient } = reverseMode(output, at);
  return [full(value as number), full(gradient.x as number), full(gradient.w as number), full(gradient.b as number)];
}

/**
 * What the page must show for the neuron at a point: the library's value and
 * partials computed in the same browser (the reference bundle, injected into
 * the page once), which agree with Node's to 2 ulps.
 */
async function neuronAt(page: Page, at: Point): Promise<string[]> {
  if (!(await page.evaluate(() => 'referenceNeuron' in window))) {
    await page.addScriptTag({ content: reference, type: 'module' });
    await page.waitForFunction(() => 'referenceNeuron' in window);
  }
  const inPage = await page.evaluate((p) => (window as unknown as { referenceNeuron(at: Point): string[] }).referenceNeuron(p), at);
  const inNode = neuronInNode(at);
  inPage.forEach((v, i) => expect(Math.abs(Number(v) - Number(inNode[i]))).toBeLessThanOrEqual(2 * Number.EPSILON * Math.abs(Number(inNode[i]))));
  return inPage;
}

async function shownNeuron(page: Page): Promise<string[]> {
  return Promise.all(['#graph-value', '#graph-partial-x', '#graph-partial-w', '#graph-partial-b'].map((s) => text(page, s)));
}

describe('the playground in Chromium', () => {
  it('builds to a static site with relative paths; the page loads with no console errors', async () => {
    const { page, problems, loadMs } = await open();
    console.log(`playground: ${size.files} files, ${size.bytes} bytes, ${size.gzipBytes} bytes gzipped; loaded and drawn in ${Math.round(loadMs)} ms`);
    expect(size.bytes).toBeGreaterThan(0);
    expect(readFileSync(join(site, 'index.html'), 'utf8')).not.toMatch(/(src|href)="\/(?!\/)/);
    await page.screenshot({ path: join(shots, 'page.png'), fullPage: false });
    await page.close();
    expect(problems).toEqual([]);
  }, 120_000);

  it("panel 1: the default neuron's value and partials, the Wengert list and the graph; the w slider moves them; a syntax error shows its position", async () => {
    const { page, problems } = await open();
    expect(await text(page, '#graph-value')).toBe('0.99908894880559940');
    expect(await shownNeuron(page)).toEqual(await neuronAt(page, { x: 3, w: 2, b: 1 }));
    expect(await shownNeuron(page)).toEqual(neuronInNode({ x: 3, w: 2, b: 1 }));
    // the notes' chain: x, w, b, the constants, and one row per operation, the last f with adjoint 1
    const rows = page.locator('#wengert-list tbody tr');
    const count = await rows.count();
    expect(count).toBeGreaterThanOrEqual(8);
    expect(await rows.nth(count - 1).locator('th').innerText()).toBe('f');
    expect(await rows.nth(count - 1).locator('td').nth(4).innerText()).toBe('1');
    // the graph drawn by Graphviz: one SVG node per row
    await page.waitForFunction((n) => document.querySelectorAll('#graph-drawing svg g.node').length === n, count, { timeout: 30_000 });
    await page.locator('#graph').screenshot({ path: join(shots, 'graph.png') });

    // the w slider, by the keyboard: one step of 0.01
    await page.focus('#var-w');
    await page.keyboard.press('ArrowRight');
    expect(await page.inputValue('#var-w')).toBe('2.01');
    const moved = await neuronAt(page, { x: 3, w: 2.01, b: 1 });
    await page.waitForFunction((v) => document.getElementById('graph-value')?.textContent === v, moved[0], { timeout: 30_000 });
    expect(await shownNeuron(page)).toEqual(moved);
    expect(moved).not.toEqual(await neuronAt(page, { x: 3, w: 2, b: 1 }));

    // a syntax error: its position under the input, and the rest of the page still there
    await page.fill('#expression', '1 / (1 + exp(-(w*x + b)');
    const alert = page.locator('#expression-error');
    await expect.poll(() => alert.innerText(), { timeout: 30_000 }).toContain('position 23');
    expect(await alert.innerText()).toContain('ExpressionSyntaxError');
    expect(await alert.locator('pre.caret').innerText()).toBe(`1 / (1 + exp(-(w*x + b)\n${' '.repeat(23)}^ position 23`);
    expect(await page.getAttribute('#expression', 'aria-invalid')).toBe('true');
    await page.locator('#graph').screenshot({ path: join(shots, 'graph-error.png') });
    // fixed again: the error goes, the values come back
    await page.fill('#expression', '1 / (1 + exp(-(w*x + b)))');
    await expect.poll(() => alert.innerText(), { timeout: 30_000 }).toBe('');
    expect(await shownNeuron(page)).toEqual(moved);
    await page.close();
    expect(problems).toEqual([]);
  }, 120_000);

  it("panel 2: the notes' values show 3.48 in 159 steps; a slider redraws with the library's result", async () => {
    const { page, problems } = await open();
    expect([await page.inputValue('#descent-start-value'), await page.inputValue('#descent-step-value'), await page.inputValue('#descent-precision-value')]).toEqual(['15', '0.01', '0.01']);
    expect(await text(page, '#descent-x')).toBe('3.48');
    expect(await text(page, '#descent-steps')).toBe('159');
    expect(await text(page, '#descent-x-full')).toBe(full(3.4832003955785793));
    expect(await page.locator('#descent-trajectory svg').count()).toBe(1);
    expect(await page.locator('#descent-cost svg').count()).toBe(1);
    expect(await page.locator('#descent-trajectory svg').innerHTML()).toContain('End (159 steps)');
    await page.locator('#descent').screenshot({ path: join(shots, 'descent.png') });

    // the step slider to 0.1 (cell [5]'s default), by the keyboard: from 0.01, nine steps of 0.01
    await page.focus('#descent-step');
    for (let k = 0; k < 9; k++) await page.keyboard.press('ArrowRight');
    expect(await page.inputValue('#descent-step-value')).toBe('0.1');
    const x = variableGraph();
    const r = gradientDescent(x, [15], { step: 0.1, tolerance: 0.01, stopWhen: 'step' });
    await page.waitForFunction((n) => document.getElementById('descent-steps')?.textContent === n, String(r.iterations), { timeout: 30_000 });
    expect(await text(page, '#descent-x-full')).toBe(full(r.x[0]));
    // the optimal step: one exact line search lands on 3
    await page.selectOption('#descent-policy', 'exact');
    const exact = gradientDescent(x, [15], { step: 'exact', tolerance: 0.01, stopWhen: 'step', lineSearch: { initialStep: 0.1 } });
    await page.waitForFunction((n) => document.getElementById('descent-x-full')?.textContent === n, full(exact.x[0]), { timeout: 30_000 });
    expect(await text(page, '#descent-steps')).toBe(String(exact.iterations));
    await page.close();
    expect(problems).toEqual([]);
  }, 120_000);

  it("panel 3: each optimizer's path on Rosenbrock ends where the library's own loop ends; the sliders and the function redraw it", async () => {
    const { page, problems } = await open();
    const ends = async () =>
      page.$$eval('#optimizers-table tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    // the defaults: sgd, momentum and adam at learning rate 10⁻³, μ = 0.9, 1000 steps
    const shown = await ends();
    expect(shown.map((r) => r[0])).toEqual(['sgd', 'momentum', 'adam']);
    const expected = [sgd({ learningRate: 1e-3 }), momentum({ learningRate: 1e-3, momentum: 0.9 }), adam({ learningRate: 1e-3 })].map((o) => rosenbrockEnd(o, 1000));
    shown.forEach((row, k) => {
      const [x, y] = row[1].slice(1, -1).split(', ').map(Number);
      expect(Math.abs(x - expected[k][0])).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(expected[k][0])));
      expect(Math.abs(y - expected[k][1])).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(expected[k][1])));
    });
    expect(await page.locator('#optimizers-contour svg').count()).toBe(1);
    expect(await page.locator('#optimizers-loss svg').count()).toBe(1);
    await page.locator('#optimizers').screenshot({ path: join(shots, 'optimizers.png') });
    // nesterov added by the keyboard (Space on its checkbox), then Himmelblau
    await page.focus('#use-nesterov');
    await page.keyboard.press('Space');
    await expect.poll(async () => (await ends()).map((r) => r[0]), { timeout: 30_000 }).toEqual(['sgd', 'momentum', 'nesterov', 'adam']);
    await page.selectOption('#surface', { label: 'Himmelblau: (x^2 + y - 11)^2 + (x + y^2 - 7)^2' });
    await expect.poll(async () => (await ends())[0][1], { timeout: 30_000 }).not.toBe(shown[0][1]);
    expect(await page.inputValue('#opt-lr')).toBe('-2.3');
    await page.close();
    expect(problems).toEqual([]);
  }, 120_000);

  it("panel 5: compareModes on the expression and on Rosenbrock for growing n: the library's table, its recommendation and reason, the curves", async () => {
    const { page, problems } = await open();
    await page.selectOption('#modes-max', '100');
    // the longest task on the main thread while it runs (compareModes is synchronous: one comparison at a time, a pause between them)
    await page.evaluate(() => {
      const w = window as unknown as { longestTask: number };
      w.longestTask = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longestTask = Math.max(w.longestTask, e.duration);
      }).observe({ type: 'longtask' });
    });
    await page.click('#modes-run');
    await page.waitForFunction(() => document.getElementById('modes')?.dataset.state === 'done', undefined, { timeout: 120_000 });
    const summary = await text(page, '#modes-summary');
    // the expression (the sigmoid neuron, 3 inputs): the library's reason, and its table
    expect(await text(page, '#modes-expression-reason')).toMatch(/^(forward|reverse): m = 1 output, n = 3 inputs: .* measured: (forward|reverse) [\d.]+ [nµm]?s \(/);
    expect(await text(page, '#modes-expression')).toMatch(/^(forward|reverse): best forward [\d.]+ [nµm]s, best reverse [\d.]+ [nµm]s, forward ÷ reverse = [\d.]+$/);
    for (const n of [3, 10, 30, 100]) expect(summary).toContain(`Rosenbrock, n = ${n}`);
    expect(summary).not.toContain('n = 300');
    // every time is > 0: Chromium's clock reads in steps of 0.1 ms, and timeCalls keeps each sample ≥ 0.5 ms (a
    // pause during its calibration had left samples too short for the clock: 0 in about 2 runs in 3 here)
    const best = [...summary.matchAll(/best (?:forward|reverse) ([\d.e+-]+) ([nµm]s)/g)].map((m) => Number(m[1]) / { ns: 1e6, µs: 1000, ms: 1 }[m[2]]!);
    expect(best).toHaveLength(10);
    for (const t of best) expect(t).toBeGreaterThan(0);
    // the table holds the routes of the last comparison, Rosenbrock at n = 100, fastest first
    const table = async (id: string) =>
      page.$$eval(`#${id} tbody tr`, (trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => (c as HTMLElement).innerText)));
    const routes = (rows: string[][]) => rows.map((r) => `${r[0]} (${r[1]})`).sort();
    const expected = ['centered differences (h = 1e-6) (js)', 'forward, 1 direction a sweep (interpreter)', 'forward, 1 direction a sweep (js)', 'forward, 32 directions a sweep (interpreter)', 'reverse, 1 sweep (gradient) (interpreter)', 'reverse, 1 sweep (gradient) (js)'];
    const rosenbrockRows = await table('modes-rosenbrock-table');
    expect(routes(rosenbrockRows)).toEqual(expected);
    expect(routes(await table('modes-expression-table'))).toEqual(expected);
    expect(await text(page, '#modes-rosenbrock-table caption')).toMatch(/^Rosenbrock, n = 100: /);
    const ms = (cell: string) => { const [v, unit] = cell.replace(/^≈ /, '').split(' '); return Number(v) / ({ ns: 1e6, µs: 1000, ms: 1 }[unit] ?? NaN); };
    const times = rosenbrockRows.map((r) => ms(r[3]));
    for (const t of times) expect(t).toBeGreaterThan(0);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(rosenbrockRows[0][4]).toBe('1×');
    for (const r of rosenbrockRows) expect(Number(r[6])).toBeGreaterThan(0); // the model's prediction, in evaluations
    // the summary's best times are the table's fastest forward and reverse rows
    const fastest = (mode: string) => rosenbrockRows.find((r) => r[0].startsWith(mode))![3].replace(/^≈ /, '');
    expect(summary).toContain(`best forward ${fastest('forward')}, best reverse ${fastest('reverse')}`);
    // at n = 100 the recommendation is reverse mode, as the library's cost model predicts for this graph
    const { f, xs } = rosenbrock(100);
    const { operations } = compile(f, xs, { backend: 'interpreter' }).stats;
    const model = cheaperMode({ n: 100, m: 1, forwardOps: operations.forward, partialTerms: operations.reverse, directions: 32 });
    expect(model).toBe('reverse');
    expect(await page.getAttribute('#modes-rosenbrock-table', 'data-predicted')).toBe(model);
    expect(await page.getAttribute('#modes-rosenbrock-table', 'data-recommended')).toBe('reverse');
    expect(await text(page, '#modes-rosenbrock-reason')).toMatch(/^reverse: m = 1 output, n = 100 inputs: 1 reverse sweep \(model ≈ [\d.]+ evaluations\) against 100 forward sweeps/);
    expect(summary).toMatch(/Rosenbrock, n = 100\s+reverse: best forward/);
    // 8 points: the fastest forward and reverse route at 4 sizes
    expect(await page.locator('#modes-chart svg').count()).toBe(1);
    const longest = await page.evaluate(() => (window as unknown as { longestTask: number }).longestTask);
    console.log(`playground: ${summary.replace(/\n/g, ' | ')}; longest main-thread task ${Math.round(longest)} ms`);
    await page.locator('#modes').screenshot({ path: join(shots, 'modes.png') });
    await page.close();
    expect(problems).toEqual([]);
  }, 180_000);

  it('panel 4: trains moons in the Web Worker to ≥ 97 % test accuracy in bounded time; the page answers while the worker trains', async () => {
    const { page, problems } = await open();
    expect(await page.inputValue('#net-data')).toBe('moons');
    // started from the keyboard
    await page.focus('#net-train');
    const started = performance.now();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('network')?.dataset.state === 'done', undefined, { timeout: TRAIN_BOUND_MS });
    const trainMs = performance.now() - started;
    const accuracy = Number(await page.getAttribute('#network', 'data-test-accuracy'));
    console.log(`playground: moons (300 epochs, 8-8 tanh, adam 0.03) trained to ${(100 * accuracy).toFixed(1)} % test accuracy in ${Math.round(trainMs)} ms`);
    expect(accuracy).toBeGreaterThanOrEqual(0.97);
    expect(trainMs).toBeLessThan(TRAIN_BOUND_MS);
    expect(await text(page, '#net-epoch')).toBe('300 of 300');
    expect(await page.locator('#net-loss svg').count()).toBe(1);
    // a weight and its gradient: the first weight of the first layer
    expect(await page.locator('#net-weight option').count()).toBe(2 * 8 + 8 + 8 * 8 + 8 + 8 + 1);
    expect(Number(await text(page, '#net-weight-gradient'))).not.toBeNaN();
    await page.selectOption('#net-weight', { label: 'b3[0]' });
    await expect.poll(() => page.locator('#net-weight-info dt').first().innerText()).toBe('value of b3[0]');
    await page.locator('#network').screenshot({ path: join(shots, 'network.png') });

    // a long run: while the worker trains, the x slider of panel 1 is answered
    await page.fill('#net-epochs', '5000');
    await page.click('#net-train');
    await page.waitForFunction(() => document.getElementById('network')?.dataset.state === 'training' && Number(document.getElementById('network')?.dataset.epoch) > 0, undefined, { timeout: 60_000 });
    const before = await text(page, '#graph-value');
    await page.focus('#var-x');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((v) => document.getElementById('graph-value')?.textContent !== v, before, { timeout: 30_000 });
    // answered while training: the worker was still at it (5000 epochs take seconds; this took milliseconds)
    expect(await page.getAttribute('#network', 'data-state')).toBe('training');
    expect(Number(await page.getAttribute('#network', 'data-epoch'))).toBeLessThan(5000);
    // Stop (from the keyboard) ends the worker: no report comes after it
    await page.focus('#net-stop');
    await page.keyboard.press('Enter');
    expect(await page.getAttribute('#network', 'data-state')).toBe('stopped');
    const stoppedAt = await page.getAttribute('#network', 'data-epoch');
    await page.waitForTimeout(1000);
    expect(await page.getAttribute('#network', 'data-epoch')).toBe(stoppedAt);
    expect(await text(page, '#graph-value')).toBe((await neuronAt(page, { x: 3.01, w: 2, b: 1 }))[0]);
    await page.close();
    expect(problems).toEqual([]);
  }, 180_000);

  it('every control has a label; a narrow window needs no sideways scrolling', async () => {
    const { page, problems } = await open({ width: 380, height: 800 });
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input, select, button, textarea')]
        .filter((e) => {
          const c = e as HTMLInputElement;
          const named = (c.labels?.length ?? 0) > 0 || c.getAttribute('aria-label') || c.getAttribute('aria-labelledby');
          return !named && !(e.tagName === 'BUTTON' && e.textContent?.trim());
        })
        .map((e) => e.outerHTML.slice(0, 80)),
    );
    expect(unlabelled).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(380);
    await page.screenshot({ path: join(shots, 'narrow.png'), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
  }, 120_000);
});

/** Where `steps` steps of an optimizer from (−1.5, 2) on Rosenbrock end: the library's init/update/applyUpdates loop, written here. */
function rosenbrockEnd(optimizer: Optimizer, steps: number): Float64Array {
  const { output, variables } = parse('(1 - x)^2 + 100 * (y - x^2)^2');
  const program = compile(output, [variables.get('x')!, variables.get('y')!]);
  const params = Float64Array.of(-1.5, 2);
  const state = optimizer.init(params);
  const g = new Float64Array(2);
  for (let t = 0; t < steps; t++) { program.gradient(params, g); applyUpdates(params, optimizer.update(g, state, params)); }
  return params;
}

/** x² − 6x + 5 as the page builds it: parsed from the panel's default text. */
function variableGraph() {
  return parse('x^2 - 6*x + 5').output;
}

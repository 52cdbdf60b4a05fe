/**
 * The page of the browser test (test/browser.test.ts bundles it for the browser
 * with esbuild and serves it on 127.0.0.1). It builds the notes' sigmoid neuron
 * with the core entry point and checks, in the page, the value and the three
 * partials by both modes against the README's digits, and a compiled program's
 * value and gradient. Served at /csp/ with `Content-Security-Policy:
 * script-src 'self'`, generated code is forbidden and the program must fall back
 * to the interpreter; the page at / embeds /csp/ in a frame and checks that
 * every number it computed there is bit for bit the one computed here.
 *
 * Results are shown as a table (the screenshot in docs/) and left in
 * `window.wengertResults` for the test to read.
 */
import { add, compile, evaluate, exp, forwardMode, mul, neg, reciprocal, reverseMode, variable, type Backend } from '../../src/index.js';

type Name = 'x' | 'w' | 'b';
const NAMES: readonly Name[] = ['x', 'w', 'b'];

/** What the page computes: every number, by both modes and the compiled program. */
export interface Run {
  readonly backend: Backend;
  readonly value: number;
  readonly forward: Record<Name, number>;
  readonly reverse: Record<Name, number>;
  readonly compiled: { readonly value: number; readonly gradient: Record<Name, number> };
}

/** One line of the table. */
export interface Check {
  readonly name: string;
  readonly expected: string;
  readonly got: string;
  readonly ok: boolean;
}

/** What the page leaves in `window.wengertResults`. */
export interface PageResults {
  readonly csp: boolean;
  readonly run?: Run;
  readonly checks: readonly Check[];
  readonly error?: string;
  readonly userAgent: string;
}

/** The README's printed values at x = 3, w = 2, b = 1 (reverseMode's output, and forwardMode's for x). */
const README = {
  value: '0.9990889488055994',
  gradient: { x: '0.0018204423602436533', w: '0.00273066354036548', b: '0.0009102211801218266' } as Record<Name, string>,
  forwardX: '0.0018204423602436533',
};
/** The README's exact partials; it says both modes agree with them to within 2e-15, relatively. */
const EXACT: Record<Name, string> = { x: '0.00182044236024365303', w: '0.00273066354036547954', b: '0.000910221180121826515' };
const TOLERANCE = 2e-15;

const csp = location.pathname.startsWith('/csp/');
const embedded = window.parent !== window;

function compute(): Run {
  const x = variable('x'), w = variable('w'), b = variable('b');
  const f = reciprocal(add(1, exp(neg(add(mul(w, x), b)))));
  const at = { x: 3, w: 2, b: 1 };
  const forward = { x: 0, w: 0, b: 0 };
  for (const name of NAMES) forward[name] = forwardMode(f, at, { [name]: 1 }).derivative;
  const { gradient } = reverseMode(f, at);
  const program = compile(f, [x, w, b]);
  const g = program.gradient([3, 2, 1]);
  return {
    backend: program.backend,
    value: evaluate(f, at),
    forward,
    reverse: { x: gradient.x, w: gradient.w, b: gradient.b },
    compiled: { value: program.evaluate([3, 2, 1])[0], gradient: { x: g[0], w: g[1], b: g[2] } },
  };
}

function exactly(name: string, expected: string, got: number): Check {
  return { name, expected, got: String(got), ok: String(got) === expected };
}

function near(name: string, exact: string, got: number): Check {
  const error = Math.abs(got - Number(exact)) / Math.abs(Number(exact));
  return { name, expected: `${exact}… (±${TOLERANCE} rel.)`, got: `${got} (${error.toExponential(1)})`, ok: error <= TOLERANCE };
}

function checksOf(run: Run): Check[] {
  const checks = [exactly('value f(3, 2, 1)', README.value, run.value)];
  for (const name of NAMES) checks.push(exactly(`reverse mode ∂f/∂${name}`, README.gradient[name], run.reverse[name]));
  checks.push(exactly('forward mode ∂f/∂x', README.forwardX, run.forward.x));
  for (const name of ['w', 'b'] as const) checks.push(near(`forward mode ∂f/∂${name}`, EXACT[name], run.forward[name]));
  checks.push(exactly('compiled program: value', README.value, run.compiled.value));
  for (const name of NAMES) checks.push(exactly(`compiled program: ∂f/∂${name}`, README.gradient[name], run.compiled.gradient[name]));
  const backend = csp ? 'interpreter' : 'js';
  checks.push({ name: 'compiled program: backend', expected: backend, got: run.backend, ok: run.backend === backend });
  return checks;
}

/** Every number of a run, as the hex of its IEEE bits. */
function bits(run: Run): string[] {
  const numbers = [run.value, run.compiled.value, ...NAMES.flatMap((n) => [run.forward[n], run.reverse[n], run.compiled.gradient[n]])];
  return numbers.map((v) => new BigUint64Array(new Float64Array([v]).buffer)[0].toString(16));
}

/** Loads /csp/ in a frame and waits for the results it posts back. */
function runUnderCsp(): Promise<PageResults> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the /csp/ frame sent no results in 20 s')), 20_000);
    window.addEventListener('message', (event: MessageEvent<PageResults>) => {
      if (event.origin !== location.origin) return;
      clearTimeout(timer);
      resolve(event.data);
    });
    const frame = document.createElement('iframe');
    frame.src = '/csp/';
    frame.title = 'the same page under Content-Security-Policy: script-src \'self\'';
    document.getElementById('frame')!.append(frame);
  });
}

function cell(row: HTMLTableRowElement, text: string, className?: string): void {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
}

function show(results: PageResults): void {
  document.getElementById('title')!.textContent = csp
    ? "wengert under Content-Security-Policy: script-src 'self'"
    : 'wengert in the browser: the sigmoid neuron f(x, w, b) = 1 / (1 + exp(−(w·x + b))) at (3, 2, 1)';
  document.getElementById('agent')!.textContent = results.userAgent;
  const table = document.getElementById('checks') as HTMLTableElement;
  for (const c of results.checks) {
    const row = table.insertRow();
    cell(row, c.ok ? '✓' : '✗', c.ok ? 'ok' : 'bad');
    cell(row, c.name);
    cell(row, c.expected);
    cell(row, c.got);
  }
  const passed = results.checks.filter((c) => c.ok).length;
  document.getElementById('summary')!.textContent = results.error
    ? `error: ${results.error}`
    : `${passed} of ${results.checks.length} checks passed`;
}

async function main(): Promise<void> {
  const userAgent = navigator.userAgent;
  let results: PageResults;
  try {
    const run = compute();
    const checks = checksOf(run);
    if (!csp) {
      const other = await runUnderCsp();
      const same = other.run !== undefined && bits(other.run).join() === bits(run).join();
      checks.push({
        name: "under CSP script-src 'self': every number, bit for bit",
        expected: `the same ${bits(run).length} numbers (interpreter backend)`,
        got: other.run === undefined ? `no results (${other.error ?? 'error'})` : `${same ? 'identical' : 'different'} (${other.run.backend} backend)`,
        ok: same && other.run?.backend === 'interpreter' && other.checks.every((c) => c.ok),
      });
    }
    results = { csp, run, checks, userAgent };
  } catch (e) {
    results = { csp, checks: [], error: e instanceof Error ? `${e.name}: ${e.message}` : String(e), userAgent };
  }
  show(results);
  if (embedded) window.parent.postMessage(results, location.origin);
  (window as unknown as { wengertResults: PageResults }).wengertResults = results;
}

void main();

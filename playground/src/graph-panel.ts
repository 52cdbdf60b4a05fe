/**
 * Panel 1: an expression's graph. The expression is parsed by `wengert/parse`;
 * its Wengert list is a table (value, tangent along the chosen input, adjoint)
 * and its graph is the library's DOT text (`toDot`) laid out by Graphviz in
 * WebAssembly. A slider per variable; everything redraws as one moves. A parse
 * error shows its position under the input.
 */
import { ExpressionSyntaxError, parse, UnsupportedExpressionError } from 'wengert/parse';
import { toDot, type Node } from 'wengert';
import { byId, describeList, perFrame } from './dom.js';
import { full, messageOf, short } from './format.js';
import { wengertList } from './wengert-list.js';

/** The notes' point for the sigmoid neuron; other variables start at 1. */
const DEFAULTS: Readonly<Record<string, number>> = { x: 3, w: 2, b: 1 };
const RANGE = 5;

type Viz = Awaited<ReturnType<typeof import('@viz-js/viz').instance>>;
let viz: Promise<Viz> | undefined;

/** The current expression, the values of its variables (kept by name across edits) and the tangent direction. */
interface State {
  output: Node | undefined;
  names: string[];
  readonly at: Record<string, number>;
  direction: string;
}

/** The position of a parse error in the expression, when the error has one. */
function positionOf(e: unknown): number | undefined {
  if (e instanceof ExpressionSyntaxError) return e.position;
  if (e instanceof UnsupportedExpressionError) return e.position;
  return undefined;
}

function showError(text: string, e: unknown): void {
  const box = byId('expression-error');
  const position = positionOf(e);
  box.replaceChildren();
  const message = document.createElement('p');
  message.textContent = messageOf(e);
  box.append(message);
  if (position !== undefined) {
    // the expression with a caret under the offending position
    const pre = document.createElement('pre');
    pre.className = 'caret';
    pre.textContent = `${text}\n${' '.repeat(Math.min(position, text.length))}^ position ${position}`;
    box.append(pre);
  }
  byId('expression').setAttribute('aria-invalid', 'true');
}

function clearError(): void {
  byId('expression-error').replaceChildren();
  byId('expression').removeAttribute('aria-invalid');
}

/** One slider and number field per variable of the expression. */
function buildSliders(state: State, changed: () => void): void {
  const group = byId('variables');
  group.replaceChildren(
    ...state.names.map((name) => {
      const value = state.at[name];
      const div = document.createElement('div');
      div.className = 'slider';
      const label = document.createElement('label');
      label.htmlFor = `var-${name}`;
      label.textContent = name;
      const range = document.createElement('input');
      Object.assign(range, { type: 'range', id: `var-${name}`, min: String(-RANGE), max: String(RANGE), step: '0.01', value: String(value) });
      const field = document.createElement('input');
      Object.assign(field, { type: 'number', id: `var-${name}-value`, step: '0.01', value: String(value) });
      field.setAttribute('aria-label', `${name}, exact value`);
      range.addEventListener('input', () => {
        field.value = range.value;
        state.at[name] = Number(range.value);
        changed();
      });
      field.addEventListener('input', () => {
        const v = Number(field.value);
        if (field.value === '' || !Number.isFinite(v)) return;
        range.value = field.value;
        state.at[name] = v;
        changed();
      });
      div.append(label, range, field);
      return div;
    }),
  );
  const select = byId<HTMLSelectElement>('direction');
  select.replaceChildren(...state.names.map((name) => new Option(name, name, false, name === state.direction)));
}

function cell(row: HTMLTableRowElement, text: string, header = false): void {
  const c = document.createElement(header ? 'th' : 'td');
  if (header) c.setAttribute('scope', 'row');
  c.textContent = text;
  row.append(c);
}

/** A cell: the shortest digits that name the double exactly (so 1, not 1.0000000000000000). */
const show = (v: unknown) => (v === undefined ? '—' : String(v));

async function redraw(state: State): Promise<void> {
  if (state.output === undefined) return;
  const at = Object.fromEntries(state.names.map((n) => [n, state.at[n]]));
  let list;
  try {
    list = wengertList(state.output, at, state.direction);
  } catch (e) {
    showError(byId<HTMLInputElement>('expression').value, e);
    return;
  }
  const body = (byId<HTMLTableElement>('wengert-list').tBodies[0]);
  body.replaceChildren();
  for (const row of list.rows) {
    const tr = body.insertRow();
    cell(tr, row.name, true);
    cell(tr, row.op);
    cell(tr, row.inputs.join(', '));
    cell(tr, show(row.value));
    cell(tr, show(row.tangent));
    cell(tr, show(row.adjoint));
  }
  const point = state.names.map((n) => `${n} = ${short(at[n])}`).join(', ');
  describeList(byId('graph-summary'), [
    { term: `f(${point})`, value: full(list.value), id: 'graph-value' },
    ...state.names.map((n) => ({ term: `∂f/∂${n}`, value: full(list.gradient[n]), id: `graph-partial-${n}` })),
  ]);
  viz ??= import('@viz-js/viz').then((m) => m.instance());
  let dot = toDot(state.output, { at, direction: state.direction === '' ? undefined : { [state.direction]: 1 } });
  // top to bottom on a narrow window, where a left-to-right chain would shrink to nothing
  if (byId('graph-drawing').clientWidth < 640) dot = dot.replace('rankdir=LR;', 'rankdir=TB;');
  const svg = (await viz).renderSVGElement(dot);
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  svg.setAttribute('aria-hidden', 'true');
  const drawing = byId('graph-drawing');
  drawing.replaceChildren(svg);
  drawing.dataset.nodes = String(list.rows.length);
}

/** Wires panel 1 and draws the default expression (resolves once it is drawn). */
export async function graphPanel(): Promise<void> {
  const state: State = { output: undefined, names: [], at: {}, direction: 'x' };
  const input = byId<HTMLInputElement>('expression');
  const schedule = perFrame(() => redraw(state));
  const load = async () => {
    const text = input.value;
    let parsed;
    try {
      parsed = parse(text);
    } catch (e) {
      showError(text, e);
      return;
    }
    clearError();
    state.output = parsed.output;
    // the notes' order for the neuron: x, w, b; otherwise the order of appearance
    state.names = [...parsed.variables.keys()].sort((a, b) => order(a) - order(b));
    for (const n of state.names) state.at[n] ??= DEFAULTS[n] ?? 1;
    if (!state.names.includes(state.direction)) state.direction = state.names[0] ?? '';
    buildSliders(state, schedule);
    await redraw(state);
  };
  input.addEventListener('input', () => void load());
  byId<HTMLSelectElement>('direction').addEventListener('change', (event) => {
    state.direction = (event.target as HTMLSelectElement).value;
    schedule();
  });
  await load();
}

const order = (name: string) => {
  const i = Object.keys(DEFAULTS).indexOf(name);
  return i < 0 ? Object.keys(DEFAULTS).length : i;
};

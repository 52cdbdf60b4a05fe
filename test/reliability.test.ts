/**
 * The hostile-argument sweep (issue 9): every exported function and every
 * public method, called with each argument in turn replaced by each hostile
 * value of test/helpers/hostile.ts — null, undefined, NaN, ±∞, −1, 0, 1.5,
 * 2^40, strings, empty, wrong-length and huge arrays, objects with own
 * `__proto__`/`constructor` keys or inherited properties. Every case must
 * return or throw a WengertError naming the argument (and refuse what the
 * argument's kind refuses), change nothing the caller passed, and finish: the
 * cases run in child processes with a watchdog (test/helpers/sweep.ts).
 *
 * The table (test/helpers/export-table.ts) must cover every export: a new
 * export without a row (or an exemption with its reason) fails the first test.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { WengertError } from '../src/index.js';
import { cases, ENTRY_POINTS, EXEMPT, ROWS } from './helpers/export-table.js';
import { HOSTILE, type Outcome } from './helpers/hostile.js';
import { isLost, runCases } from './helpers/sweep.js';

/** Whether a row or an exemption covers `name` (`Program#evaluate`, `MLP.new`, `grad` …). */
const covered = (names: ReadonlySet<string>, name: string) => names.has(name) || Object.hasOwn(EXEMPT, name);

/** The export a row is about: `Program` for `Program#evaluate`, `grad` for `grad()`, `jvp` for `jvp (graph)`. */
const exportOf = (row: string) => /^[A-Za-z0-9_]+/.exec(row)![0];

const isClass = (v: unknown): v is new (...a: never[]) => unknown =>
  typeof v === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(v));

/** Whether a value holds nothing callable (a constant, an array of names, a record of numbers). */
function inert(v: unknown, depth = 0): boolean {
  if (typeof v === 'function') return false;
  if (v === null || typeof v !== 'object' || depth > 3) return true;
  const values = v instanceof Map ? [...v.values()] : Object.values(v);
  return values.every((e) => inert(e, depth + 1));
}

/** The public methods of a class that take arguments (own prototype functions, not getters, not the constructor). */
function methodsWithArguments(cls: { prototype: object }): string[] {
  const proto = cls.prototype;
  return Object.getOwnPropertyNames(proto).filter((name) => {
    if (name === 'constructor' || name.startsWith('_')) return false;
    const d = Object.getOwnPropertyDescriptor(proto, name)!;
    return typeof d.value === 'function' && d.value.length > 0;
  });
}

describe('the sweep covers every export', () => {
  const names = new Set(ROWS.map((r) => r.name));
  const exports = Object.entries(ENTRY_POINTS).flatMap(([entry, module]) => Object.entries(module).map(([name, value]) => ({ entry, name, value })));

  it('every exported function has a row, every class its constructor and methods, every other export a reason', () => {
    const missing: string[] = [];
    for (const { entry, name, value } of exports) {
      if (Object.hasOwn(EXEMPT, name)) {
        if (isClass(value)) for (const m of methodsWithArguments(value)) if (!covered(names, `${name}#${m}`)) missing.push(`${entry}: ${name}#${m}`);
        continue;
      }
      if (isClass(value)) {
        if (value.prototype instanceof Error || value === Error) continue; // error classes are made by the library
        if (!covered(names, `${name}.new`)) missing.push(`${entry}: new ${name}(…)`);
        for (const m of methodsWithArguments(value)) if (!covered(names, `${name}#${m}`)) missing.push(`${entry}: ${name}#${m}`);
      } else if (typeof value === 'function') {
        if (![...names].some((r) => exportOf(r) === name && !r.includes('#') && !r.includes('.new'))) missing.push(`${entry}: ${name}`);
      } else if (!inert(value)) {
        missing.push(`${entry}: ${name} (holds functions: sweep them or exempt it with a reason)`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every exemption gives its reason', () => {
    for (const [name, reason] of Object.entries(EXEMPT)) expect(reason.length, `the reason ${name} is exempt`).toBeGreaterThan(20);
  });

  it('every row is about an export (no stale rows)', () => {
    const exported = new Set(exports.map((e) => e.name));
    const stale = ROWS.map((r) => r.name).filter((r) => !exported.has(exportOf(r)));
    expect(stale).toEqual([]);
    for (const name of Object.keys(EXEMPT)) expect(exported.has(exportOf(name)), `exempt ${name} is exported`).toBe(true);
  });
});

describe('every export under hostile arguments', () => {
  const all = cases();
  const byRow = new Map<string, string[]>();
  let outcomes: Awaited<ReturnType<typeof runCases<Outcome & { k: number }>>> = [];

  beforeAll(async () => {
    outcomes = await runCases<Outcome & { k: number }>(fileURLToPath(new URL('./helpers/sweep-child.ts', import.meta.url)), { caseTimeout: 60_000 });
    for (const o of outcomes) {
      const c = all[o.k];
      const row = ROWS[c.row].name;
      const problems = isLost(o) ? [o.detail] : o.problems;
      if (!byRow.has(row)) byRow.set(row, []);
      for (const p of problems) byRow.get(row)!.push(`argument ${c.position + 1} = ${HOSTILE[c.hostile].label}: ${p}`);
    }
    const held = outcomes.filter((o) => !isLost(o) && o.problems.length === 0).length;
    console.log(`hostile-argument sweep: ${outcomes.length} cases over ${ROWS.length} rows, ${held} held`);
  }, 1_200_000);

  it('ran every case, and the hostile values are the issue’s list', () => {
    expect(outcomes.length).toBe(all.length);
    expect(HOSTILE.map((h) => h.label)).toEqual(expect.arrayContaining(['null', 'undefined', 'NaN', '+Infinity', '-Infinity', '-1', '0', 'huge (2^40)', 'own __proto__ and constructor keys']));
    expect(new WengertError('x')).toBeInstanceOf(Error);
  });

  for (const row of ROWS) {
    if (row.params.every((p) => p.swept === false)) continue;
    it(row.name, () => {
      expect(byRow.get(row.name) ?? []).toEqual([]);
    });
  }
});

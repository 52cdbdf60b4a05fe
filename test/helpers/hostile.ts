/**
 * The hostile-argument sweep: a table of hostile values, a vocabulary of
 * argument kinds (which values each kind must refuse), and the runner of one
 * case — an export called with valid arguments except one, which is replaced
 * by a hostile value.
 *
 * What a case must show:
 * - the call returns, or throws a `WengertError` — never a raw `TypeError`,
 *   `RangeError` or a stack overflow;
 * - a value the argument's kind refuses is refused: a `WengertError` whose
 *   message names the argument (the kind's `names` pattern);
 * - any `WengertError` thrown names the argument;
 * - nothing the caller passed (arrays, typed arrays, plain objects, Maps,
 *   the hostile value itself) is changed, unless the row says the function
 *   writes into that argument;
 * - it finishes: the cases run in a child process that is killed when one
 *   case takes longer than a bound (see test/reliability.test.ts).
 */
import { WengertError } from '../../src/index.js';

/** One hostile value, made fresh for every case (so a mutation cannot leak into the next). */
export interface Hostile {
  readonly label: string;
  readonly make: () => unknown;
}

/** The values every argument of every export is tried with. */
export const HOSTILE: readonly Hostile[] = [
  { label: 'null', make: () => null },
  { label: 'undefined', make: () => undefined },
  { label: 'NaN', make: () => NaN },
  { label: '+Infinity', make: () => Infinity },
  { label: '-Infinity', make: () => -Infinity },
  { label: '-1', make: () => -1 },
  { label: '0', make: () => 0 },
  { label: '1.5', make: () => 1.5 },
  { label: 'huge (2^40)', make: () => 2 ** 40 },
  { label: "the string '3'", make: () => '3' },
  { label: 'the empty string', make: () => '' },
  { label: 'an empty array', make: () => [] },
  { label: 'a wrong-length array', make: () => [1, 2, 3, 4, 5, 6, 7] },
  { label: 'an array of strings', make: () => ['3', '4'] },
  { label: 'a huge array-like', make: () => ({ length: 2 ** 40 }) },
  { label: 'an empty object', make: () => ({}) },
  { label: 'own __proto__ and constructor keys', make: () => JSON.parse('{"__proto__": {"x": 1, "length": 2}, "constructor": {"x": 1}}') },
  { label: 'inherited properties', make: () => Object.create({ x: 1, y: 2, length: 2, 0: 1, 1: 2, value: () => 1 }) },
];

const NUMBER_LABELS = ['NaN', '+Infinity', '-Infinity', '-1', '0', '1.5', 'huge (2^40)'];
const isNumberLabel = (label: string) => NUMBER_LABELS.includes(label);

/** What an argument accepts: `refuses(label, value)` is true for hostile values it must refuse by name. */
export interface Kind {
  /** What the error message must contain (a word or a pattern): usually the argument's name. */
  readonly names: RegExp;
  readonly refuses: (label: string, value: unknown) => boolean;
  /** False for the receiver of a method (or the function a factory returned): `null.f()` fails in the caller, before the library runs. */
  readonly swept?: boolean;
}

/** An argument named `name` (matched as a word in messages), or any of several names. */
function namePattern(name: string | RegExp): RegExp {
  if (name instanceof RegExp) return name;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w])${escaped}($|[^\\w])`);
}

interface Optional {
  /** undefined selects a default: accepted. */
  readonly optional?: boolean;
}

const optionalUndefined = (o: Optional, label: string) => o.optional === true && label === 'undefined';

/** A node or a number (numbers are lifted to constants, NaN and ±∞ included). */
export function nodeLike(name: string | RegExp, o: Optional = {}): Kind {
  return { names: namePattern(name), refuses: (label, v) => typeof v !== 'number' && !optionalUndefined(o, label) };
}

/** Anything that is not what the argument needs at all: every hostile value is refused. */
export function strict(name: string | RegExp, o: Optional = {}): Kind {
  return { names: namePattern(name), refuses: (label) => !optionalUndefined(o, label) };
}

/** A number; `finite`, `min`/`max` (closed, or open with `minOpen`), `integer` narrow it. */
export function num(
  name: string | RegExp,
  o: Optional & { finite?: boolean; min?: number; minOpen?: boolean; max?: number; maxOpen?: boolean; integer?: boolean } = {},
): Kind {
  return {
    names: namePattern(name),
    refuses: (label, v) => {
      if (optionalUndefined(o, label)) return false;
      if (typeof v !== 'number') return true;
      if (o.finite && !Number.isFinite(v)) return true;
      if (o.integer && !Number.isInteger(v)) return true;
      if (Number.isNaN(v) && (o.min !== undefined || o.max !== undefined)) return true;
      if (o.min !== undefined && (o.minOpen ? !(v > o.min) : !(v >= o.min))) return true;
      if (o.max !== undefined && (o.maxOpen ? !(v < o.max) : !(v <= o.max))) return true;
      return false;
    },
  };
}

/** A whole number in [min, max]: a count, a size, an index. */
export function count(name: string | RegExp, min: number, max: number, o: Optional = {}): Kind {
  return num(name, { ...o, finite: true, integer: true, min, max });
}

/**
 * An options object: undefined (the defaults) or an object; null, numbers,
 * strings and arrays are refused. An error about one of its entries may name
 * that entry instead (the hostile objects' keys: x, y, length, value, __proto__, constructor).
 */
export function options(name: string | RegExp = /\boptions?\b|\b(x|y|length|value|__proto__|constructor)\b/): Kind {
  return {
    names: namePattern(name),
    refuses: (label, v) => label !== 'undefined' && (v === null || typeof v !== 'object' || Array.isArray(v)),
  };
}

/** Bindings (variable values by name): an object or a Map. Objects without the variables give UnboundVariableError. */
export function bindings(name: string): Kind {
  return {
    names: new RegExp(`${namePattern(name).source}|variable '`),
    refuses: (_label, v) => v === null || typeof v !== 'object' || Array.isArray(v),
  };
}

/** The entries of an array or array-like of at most a million entries, or undefined for anything else. */
function entries(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  if (v === null || typeof v !== 'object') return undefined;
  const n = (v as { length?: unknown }).length;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0 || n > 1e6) return undefined;
  return Array.from({ length: n }, (_, i) => (v as Record<number, unknown>)[i]);
}

/** An array (or array-like) of numbers; `length` fixes its length, `nonEmpty` refuses []. */
export function vector(name: string | RegExp, o: Optional & { length?: number; nonEmpty?: boolean; finite?: boolean } = {}): Kind {
  return {
    names: namePattern(name),
    refuses: (label, v) => {
      if (optionalUndefined(o, label)) return false;
      const a = entries(v);
      if (a === undefined) return true;
      if (a.some((e) => typeof e !== 'number' || (o.finite === true && !Number.isFinite(e)))) return true;
      if (o.length !== undefined && a.length !== o.length) return true;
      return o.nonEmpty === true && a.length === 0;
    },
  };
}

/** An output buffer the function writes into: an array or a Float64Array of `length` (its contents do not matter). */
export function outBuffer(length: number): Kind {
  return {
    names: /\bout\b/,
    refuses: (label, v) => label !== 'undefined' && (!(Array.isArray(v) || v instanceof Float64Array) || v.length !== length),
  };
}

/** The outputs of a graph: a Node, or an array of nodes (possibly empty). */
export function outputs(name: string | RegExp = /\boutputs?\b|output \d/): Kind {
  return {
    names: namePattern(name),
    refuses: (label) => label !== 'an empty array', // no hostile value is a node; [] is an array of nodes
  };
}

/** An objective: a function, or an object with a `value` function (own or inherited, as a class instance's). */
export function objectiveKind(): Kind {
  return {
    names: /objective|\bf\b|source/,
    refuses: (_label, v) => !(v !== null && typeof v === 'object' && typeof (v as { value?: unknown }).value === 'function'),
  };
}

/** An array of nodes or numbers; `length` fixes its length, `nonEmpty` refuses []. */
export function nodeArray(name: string | RegExp, o: { length?: number; nonEmpty?: boolean } = {}): Kind {
  return {
    names: namePattern(name),
    refuses: (_label, v) => {
      if (!Array.isArray(v)) return true;
      if (v.some((e) => typeof e !== 'number')) return true;
      if (o.length !== undefined && v.length !== o.length) return true;
      return o.nonEmpty === true && v.length === 0;
    },
  };
}

/** A string; `nonEmpty` refuses ''. */
export function text(name: string | RegExp, o: Optional & { nonEmpty?: boolean; valid?: readonly string[] } = {}): Kind {
  return {
    names: namePattern(name),
    refuses: (label, v) =>
      !optionalUndefined(o, label) && (typeof v !== 'string' || (o.nonEmpty === true && v === '') || (o.valid !== undefined && !o.valid.includes(v))),
  };
}

/** An argument no hostile value is refused by name (its errors, if any, must still be typed and name `name`). */
export function lenient(name: string | RegExp): Kind {
  return { names: namePattern(name), refuses: () => false };
}

/** The object a method is called on, or the function a factory returned: not swept. */
export function receiver(): Kind {
  return { names: /$^/, refuses: () => false, swept: false };
}

/** A row of the sweep: one callable, its valid arguments, and the kind of each. */
export interface Row {
  /** The export (or `Class#method`, `Class.new`, `fn()` for what a function returns). */
  readonly name: string;
  /** Valid arguments, made fresh for every case. */
  readonly args: () => unknown[];
  /** Calls the function on `args` (which may be awaited). */
  readonly call: (...args: any[]) => unknown;
  /** One kind per argument, in order. */
  readonly params: readonly Kind[];
  /** Positions of arguments the function writes into by contract (optimizer updates, in-place training …). */
  readonly writes?: readonly number[];
}

/** What one case did. */
export interface Outcome {
  readonly row: string;
  readonly position: number;
  readonly value: string;
  /** 'returned', 'typed' (a WengertError), 'untyped' (any other exception) or 'hang' (set by the parent). */
  readonly result: 'returned' | 'typed' | 'untyped' | 'hang';
  readonly error?: string;
  /** The problems found, empty when the case held. */
  readonly problems: string[];
}

/** A deep copy of what the caller passed, for comparison after the call (nodes, functions and class instances are kept by identity). */
export function snapshot(value: unknown, seen = new Map<unknown, unknown>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return seen.get(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const copy = (value as unknown as { slice(): unknown }).slice();
    seen.set(value, copy);
    return copy;
  }
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const v of value) copy.push(snapshot(v, seen));
    return copy;
  }
  if (value instanceof Map) {
    const copy = new Map();
    seen.set(value, copy);
    for (const [k, v] of value) copy.set(k, snapshot(v, seen));
    return copy;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null && Object.getPrototypeOf(proto) !== null && !isPlainPrototype(proto)) return value;
  const copy: Record<string, unknown> = Object.create(proto);
  seen.set(value, copy);
  for (const key of Reflect.ownKeys(value)) {
    const d = Object.getOwnPropertyDescriptor(value, key)!;
    if ('value' in d) d.value = snapshot(d.value, seen);
    Object.defineProperty(copy, key, d);
  }
  return copy;
}

/** A prototype made by Object.create({...}) from a plain object (the hostile "inherited properties" value). */
function isPlainPrototype(proto: object): boolean {
  return Object.getPrototypeOf(proto) === Object.prototype && !Object.hasOwn(proto, 'constructor');
}

/** Whether `b` (a snapshot) still equals `a`; NaN equals NaN, −0 differs from 0. Returns the path of the first difference. */
export function difference(a: unknown, b: unknown, path = 'argument', seen = new Set<unknown>()): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return path;
  if (seen.has(a)) return undefined;
  seen.add(a);
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    if (x.length !== y.length || a.constructor !== b.constructor) return path;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return `${path}[${i}]`;
    return undefined;
  }
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map && b instanceof Map) || a.size !== b.size) return path;
    for (const [k, v] of b) {
      const d = difference(a.get(k), v, `${path}.get(${String(k)})`, seen);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b) && !Array.isArray(a)) return `${path} (prototype)`;
  const keysA = Reflect.ownKeys(a);
  const keysB = Reflect.ownKeys(b);
  if (keysA.length !== keysB.length) return `${path} (keys)`;
  for (const key of keysB) {
    const da = Object.getOwnPropertyDescriptor(a, key);
    const db = Object.getOwnPropertyDescriptor(b, key)!;
    if (da === undefined) return `${path}.${String(key)}`;
    if ('value' in db) {
      const d = difference(da.value, db.value, `${path}.${String(key)}`, seen);
      if (d !== undefined) return d;
    }
  }
  return undefined;
}

/** Consumes what a call returned when it is lazy: an iterator (a few items) or a promise. */
async function settle(result: unknown): Promise<void> {
  if (result instanceof Promise) {
    await result;
    return;
  }
  const it = result as { next?: unknown; [Symbol.iterator]?: unknown } | null;
  if (it !== null && typeof it === 'object' && typeof it.next === 'function' && typeof it[Symbol.iterator] === 'function') {
    const iterator = it as Iterator<unknown>;
    for (let k = 0; k < 3; k++) if (iterator.next().done) break;
  }
}

/** Runs `row` with argument `position` replaced by `hostile`, and judges the outcome. */
export async function runCase(row: Row, position: number, hostile: Hostile): Promise<Outcome> {
  const args = row.args();
  const value = hostile.make();
  args[position] = value;
  const call = args;
  const before = call.map((a) => snapshot(a));
  const kind = row.params[position];
  const problems: string[] = [];
  let result: Outcome['result'];
  let error: string | undefined;
  try {
    await settle(row.call(...call));
    result = 'returned';
  } catch (e) {
    if (e instanceof WengertError) {
      result = 'typed';
      error = `${e.name}: ${e.message}`;
      if (!kind.names.test(e.message)) problems.push(`the message does not name the argument (${kind.names}): ${error}`);
    } else {
      result = 'untyped';
      error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      problems.push(`raw ${error}`);
    }
  }
  if (result === 'returned' && kind.refuses(hostile.label, value)) problems.push('accepted a value it must refuse');
  call.forEach((a, k) => {
    if (row.writes?.includes(k)) return;
    const d = difference(a, before[k], k === position ? 'the hostile value' : `argument ${k + 1}`);
    if (d !== undefined) problems.push(`changed ${d}`);
  });
  return { row: row.name, position, value: hostile.label, result, error, problems };
}

export { isNumberLabel };

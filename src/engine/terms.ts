/**
 * Terms: the small expression trees code generation is lowered through. A
 * term is a constant, a read of a slot (its value, adjoint or tangent), or a
 * primitive applied to terms. The primitives' own partial rules build them,
 * through {@link terms} (an Arithmetic of terms), so codegen knows from the
 * structure which slots a statement reads, which partials are constant and
 * which factors are ±1; JavaScript text is rendered only at the end, through
 * each primitive's `emit` template, with slot reads rendered by a hook (the
 * backend's choice of local or memory). Nothing ever reads generated text back.
 *
 * Invariant: a term computes, operation for operation, what the interpreter
 * computes with the same rule over numbers. Constant sub-terms are folded at
 * construction by the primitives' own `evaluate` (the same double the
 * interpreter gets at run time), and the only other rewrite is the exact
 * 1·t = t, (−1)·t = −t of {@link product}.
 */
import { literal, makeArithmetic } from '../ops/arithmetic.js';
import { type Arithmetic, emitOn, evaluateOn, type Primitive } from '../ops/primitive.js';

/** Which buffer a read refers to. */
export const VALUE = 0;
export const ADJOINT = 1;
export const TANGENT = 2;
export type Place = typeof VALUE | typeof ADJOINT | typeof TANGENT;

export interface ConstantTerm {
  readonly kind: 'constant';
  readonly value: number;
}
export interface Read {
  readonly kind: 'read';
  readonly place: Place;
  readonly slot: number;
}
export interface Application {
  readonly kind: 'apply';
  readonly op: Primitive;
  readonly args: readonly Term[];
}
export type Term = ConstantTerm | Read | Application;

/** The constant term c. */
export function constantTerm(c: number): ConstantTerm {
  return { kind: 'constant', value: c };
}

/** A read of slot j of a buffer. */
export function read(place: Place, slot: number): Read {
  return { kind: 'read', place, slot };
}

/** p applied to args; folded to a constant when every argument is one. */
export function application(op: Primitive, args: readonly Term[]): Term {
  let allConstant = true;
  for (const a of args) if (a.kind !== 'constant') allConstant = false;
  if (!allConstant) return { kind: 'apply', op, args };
  return constantTerm(evaluateOn(op, args.map((a) => (a as ConstantTerm).value)));
}

/** Terms as an Arithmetic: the partial rules, run over it, build the trees of their partials. */
export const terms: Arithmetic<Term> = makeArithmetic<Term>(
  constantTerm,
  (p, x) => application(p, [x]),
  (p, a, b) => application(p, [a, b]),
  (p, x) => application(p, x),
);

/** The value of a constant term, else undefined. */
export function constantOf(t: Term): number | undefined {
  return t.kind === 'constant' ? t.value : undefined;
}

/** a·b, with the exact identities 1·b = b and (−1)·b = −b (either side): no multiplication by ±1 is ever emitted. */
export function product(a: Term, b: Term): Term {
  const ca = constantOf(a);
  const cb = constantOf(b);
  if (ca === 1) return b;
  if (cb === 1) return a;
  if (ca === -1) return terms.neg(b);
  if (cb === -1) return terms.neg(a);
  return terms.mul(a, b);
}

/**
 * JavaScript text of a term: constants as literals, applications through their
 * primitive's `emit` template, reads through `readText` (where the backend keeps
 * the slot). `replace`, when given, may supply the text of an application
 * instead (a name the backend hoisted it into).
 */
export function render(t: Term, readText: (r: Read) => string, replace?: (t: Application) => string | undefined): string {
  if (t.kind === 'constant') return literal(t.value);
  if (t.kind === 'read') return readText(t);
  const instead = replace?.(t);
  if (instead !== undefined) return instead;
  return emitOn(
    t.op,
    t.args.map((a) => render(a, readText, replace)),
  );
}

/** Whether t reads from the given place. */
export function readsFrom(t: Term, place: Place): boolean {
  if (t.kind === 'read') return t.place === place;
  if (t.kind === 'constant') return false;
  for (const a of t.args) if (readsFrom(a, place)) return true;
  return false;
}

/** Calls f on every read of t, left to right (the order {@link render} visits them). */
export function forEachRead(t: Term, f: (r: Read) => void): void {
  if (t.kind === 'read') f(t);
  else if (t.kind === 'apply') for (const a of t.args) forEachRead(a, f);
}

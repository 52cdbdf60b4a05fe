/**
 * Helpers for the notes' examples: Python's number formatting (so that an
 * example prints exactly what the notes' Python cell prints), a plain text
 * table, and "print the lines when this file is run directly".
 *
 * Not a notes cell itself; every other file in this folder uses it.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Python's `repr(float)` (what `print` shows for a float, alone or in a list):
 * the shortest digits that round-trip (as JavaScript's `String`), but with
 * Python's switch to exponent notation (below 1e-4 or from 1e16 on, written
 * `1e-05`) and a `.0` on whole numbers.
 */
export function pyFloat(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const [mantissa, e] = v.toExponential().split('e'); // toExponential() gives the shortest round-trip digits
  const exponent = Number(e);
  if (exponent < -4 || exponent >= 16) return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  const s = String(v); // plain decimal notation for exponents in [-6, 21)
  return Number.isInteger(v) ? `${s}.0` : s;
}

/** Python's `print([a, b, c])` for a list of floats. */
export function pyList(values: ArrayLike<number>): string {
  return `[${Array.from(values, pyFloat).join(', ')}]`;
}

/**
 * Python's `round(v, digits)` for digits ≥ 1 (and |v| < 1e21): `toFixed`
 * rounds the exact binary value to the nearest decimal, as CPython does, and an
 * exact tie cannot occur (a decimal halfway point with digits ≥ 1 has a factor
 * 5 in its denominator, so it is never a double).
 */
export function pyRound(v: number, digits: number): number {
  return Number(v.toFixed(digits));
}

/**
 * Python's `'{:.Nf}'.format(v)` (and `'{: .Nf}'` with `sign = ' '`, `'{:W.Nf}'`
 * with a minimum width). Both round the exact binary value; they could differ
 * only on an exact binary tie such as 0.125 to 2 places (Python rounds half to
 * even, `toFixed` up), which none of the notes' numbers is.
 */
export function pyFixed(v: number, digits: number, options: { sign?: ' '; width?: number } = {}): string {
  let s = v.toFixed(digits);
  if (options.sign === ' ' && !s.startsWith('-')) s = ` ${s}`;
  return s.padStart(options.width ?? 0);
}

/** Python's `'{:3d}'.format(i)`. */
export function pyInt(i: number, width = 0): string {
  return String(i).padStart(width);
}

/** Python's `print(a, b)`: the arguments' strings joined by one space. */
export function pyPrint(...parts: string[]): string {
  return parts.join(' ');
}

/** Prints `run()`'s lines when the file that calls this is the one run (`npx tsx examples/notes/<file>.ts`). */
export function printWhenMain(meta: ImportMeta, run: () => string[]): void {
  const script = process.argv[1];
  if (script !== undefined && resolve(script) === fileURLToPath(meta.url)) {
    for (const line of run()) console.log(line);
  }
}

/**
 * A plain text table: a header, a rule, the rows, each column padded to its
 * widest cell; `align` has one letter per column, 'l' or 'r'.
 */
export function textTable(header: string[], rows: string[][], align: string, indent = '  '): string[] {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) =>
    indent + cells.map((c, j) => (align[j] === 'r' ? c.padStart(widths[j]) : c.padEnd(widths[j]))).join('   ').trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)];
}

/** Small parsers for command-line values, each failing with a CliError that names the flag. */
import { WengertError } from '../errors.js';

/** A bad command line: printed as one line, exit code 2. */
export class CliError extends WengertError {
  override name = 'CliError';
}

/** `x=3,w=2,b=1` → Map of name to number. */
export function parsePoint(flag: string, text: string): Map<string, number> {
  const point = new Map<string, number>();
  if (text.trim() === '') return point;
  for (const part of text.split(',')) {
    const m = /^\s*([^=\s]+)\s*=\s*(\S+)\s*$/.exec(part);
    const value = m === null ? NaN : Number(m[2]);
    if (m === null || m[2] === '' || Number.isNaN(value)) throw new CliError(`${flag}: '${part.trim()}' is not name=number (for example ${flag} x=3,w=2)`);
    if (point.has(m[1])) throw new CliError(`${flag}: '${m[1]}' is given twice`);
    point.set(m[1], value);
  }
  return point;
}

/** A number flag (or its default), checked. */
export function parseNumber(flag: string, text: string | undefined, fallback: number, { integer = false, positive = false } = {}): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new CliError(`${flag}: '${text}' is not a number`);
  if (integer && !Number.isInteger(value)) throw new CliError(`${flag}: '${text}' is not a whole number`);
  if (positive && value <= 0) throw new CliError(`${flag}: ${text} must be positive`);
  return value;
}

/** One of several words. */
export function parseChoice<T extends string>(flag: string, text: string | undefined, choices: readonly T[], fallback: T): T {
  if (text === undefined) return fallback;
  if (!(choices as readonly string[]).includes(text)) throw new CliError(`${flag}: '${text}' is not one of ${choices.join(', ')}`);
  return text as T;
}

/** `16,16` → [16, 16]. */
export function parseSizes(flag: string, text: string | undefined, fallback: number[]): number[] {
  if (text === undefined) return fallback;
  return text.split(',').map((part) => parseNumber(flag, part, 0, { integer: true, positive: true }));
}

/** Checks a --plot path's extension before any work is done. */
export function checkPlotPath(flag: string, path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  if (!/\.(svg|png|json)$/i.test(path)) throw new CliError(`${flag}: '${path}' must end in .svg, .png or .json`);
  return path;
}

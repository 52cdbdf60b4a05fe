/** Small parsers for command-line values, each failing with a CliError that names the flag. */
import { WengertError } from '../errors.js';
import { preparePlotPath } from '../node/file-path.js';

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

/** A number flag (or its default), checked: finite, and whole, positive or at most `max` when asked. */
export function parseNumber(
  flag: string,
  text: string | undefined,
  fallback: number,
  { integer = false, positive = false, max = Infinity }: { integer?: boolean; positive?: boolean; max?: number } = {},
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new CliError(`${flag}: '${text}' is not a number`);
  if (integer && !Number.isInteger(value)) throw new CliError(`${flag}: '${text}' is not a whole number`);
  if (positive && value <= 0) throw new CliError(`${flag}: ${text} must be positive`);
  if (value > max) throw new CliError(`${flag}: ${text} is too large (at most ${max})`);
  return value;
}

/** One of several words. */
export function parseChoice<T extends string>(flag: string, text: string | undefined, choices: readonly T[], fallback: T): T {
  if (text === undefined) return fallback;
  if (!(choices as readonly string[]).includes(text)) throw new CliError(`${flag}: '${text}' is not one of ${choices.join(', ')}`);
  return text as T;
}

/** `16,16` → [16, 16], each a whole number in 1 … max. */
export function parseSizes(flag: string, text: string | undefined, fallback: number[], max: number): number[] {
  if (text === undefined) return fallback;
  return text.split(',').map((part) => parseNumber(flag, part, 0, { integer: true, positive: true, max }));
}

/** Checks a --plot path before any work: the extension, and that the file can be written there (its folder is created). */
export async function checkPlotPath(flag: string, path: string | undefined): Promise<string | undefined> {
  if (path === undefined) return undefined;
  try {
    await preparePlotPath(path, flag);
  } catch (e) {
    if (e instanceof WengertError) throw new CliError(e.message);
    throw e;
  }
  return path;
}

/** Fixed-width text tables for the terminal. */

/** Right-aligns numbers and left-aligns the first column. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('   ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('   '), ...rows.map(line)].join('\n');
}

/** 17 significant digits: every double prints distinctly. */
export function full(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(17).replace(/\.?0+(e|$)/, '$1') : String(x);
}

/** A difference, in e-notation. */
export function diff(x: number): string {
  return x === 0 ? '0' : Number.isFinite(x) ? x.toExponential(2) : String(x);
}

/** How the playground prints numbers. */

/** 17 significant digits: every double prints distinctly (0.9990889488055994 → 0.99908894880559940). */
export function full(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(17) : String(x);
}

/** A short form for labels and tables that need to stay narrow. */
export function short(x: number, digits = 6): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  return String(Number(x.toPrecision(digits)));
}

/** The message of an error, for the page (its class name first, so typed errors show what they are). */
export function messageOf(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

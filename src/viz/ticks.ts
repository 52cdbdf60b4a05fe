/**
 * Axis values for log axes: Vega's own log ticks put a grid line at every
 * minor tick, which crowds the notes' white grid; these keep it to round values.
 */

/** Axis values of a log axis: 1, 2, 5 × 10ᵏ over a few decades, only powers of 10 over many. */
export function logTicks(data: readonly number[]): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of data) if (v > 0 && Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (!(lo <= hi)) return [];
  const e0 = Math.floor(Math.log10(lo));
  const e1 = Math.ceil(Math.log10(hi));
  const decades = e1 - e0;
  const mantissas = decades <= 3 ? [1, 2, 5] : [1];
  const every = Math.max(1, Math.ceil(decades / 8));
  const out: number[] = [];
  for (let e = e0; e <= e1; e++) {
    if ((e - e0) % every !== 0) continue;
    for (const m of mantissas) {
      const t = Number((m * 10 ** e).toPrecision(12));
      if (t >= lo / 1.05 && t <= hi * 1.05) out.push(t);
    }
  }
  return out;
}

/**
 * A Vega expression labelling a log axis: plain numbers from 0.001 to 99999
 * ('0.01', '500'), powers of ten beyond as '1e-7' or '1e13' — rather than
 * '1000000000' and '1e+13' side by side.
 */
export const LOG_LABEL_EXPR =
  "datum.value >= 0.001 && datum.value < 100000 ? format(datum.value, '~g') : replace(format(datum.value, '.0e'), '+', '')";

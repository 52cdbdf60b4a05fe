/**
 * Color ramps computed here rather than by name from Vega's schemes, so that the
 * bands of a contour plot and the regions of a decision boundary get exactly as
 * many colors as they have levels, and points can match their region's hue.
 */

type Rgb = [number, number, number];

function parse(hex: string): Rgb {
  const h = hex.replace('#', '');
  return [0, 2, 4].map((k) => parseInt(h.slice(k, k + 2), 16)) as Rgb;
}

function format([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0')).join('')}`;
}

/** The color a fraction t ∈ [0, 1] along the ramp through `anchors` (evenly spaced, linear in RGB). */
export function colorAt(anchors: readonly string[], t: number): string {
  const u = Math.min(1, Math.max(0, t)) * (anchors.length - 1);
  const k = Math.min(anchors.length - 2, Math.floor(u));
  const a = parse(anchors[k]);
  const b = parse(anchors[k + 1]);
  const s = u - k;
  return format([a[0] + (b[0] - a[0]) * s, a[1] + (b[1] - a[1]) * s, a[2] + (b[2] - a[2]) * s]);
}

/** `n` colors evenly spaced along the ramp through `anchors`, first and last included. */
export function ramp(anchors: readonly string[], n: number): string[] {
  return Array.from({ length: n }, (_, k) => colorAt(anchors, n === 1 ? 0.5 : k / (n - 1)));
}

/** `hex` mixed with white: amount 0 keeps it, 1 gives white. */
export function lighten(hex: string, amount: number): string {
  const [r, g, b] = parse(hex);
  return format([r + (255 - r) * amount, g + (255 - g) * amount, b + (255 - b) * amount]);
}

/** Low to high: dark blue through teal and green to pale yellow (close to viridis, lighter at the bottom). */
export const BANDS = ['#2c3e7a', '#2f6f9a', '#3a9fa0', '#79c38a', '#c9e38c', '#fbf6c8'];

/**
 * Vega-Lite charts through vega-embed, loaded on first use. A chart is drawn
 * into its container, replacing the one drawn there before (whose view is
 * finalized, so that its listeners and timers go with it).
 */
import type { VegaLiteSpec } from 'wengert/plot';

type Embed = typeof import('vega-embed').default;
type View = Awaited<ReturnType<Embed>>['view'];

let embedding: Promise<Embed> | undefined;
const views = new WeakMap<HTMLElement, View>();

function embedder(): Promise<Embed> {
  embedding ??= import('vega-embed').then((m) => m.default);
  return embedding;
}

/** The plot size that fits `container` (the plot builders' `width` and `height` options), leaving `reserve` pixels to axes and legends. */
export function plotSize(container: HTMLElement, reserve = 110): { width: number; height: number } {
  const width = Math.round(Math.max(160, Math.min(460, container.clientWidth - reserve)));
  return { width, height: Math.round(width * 0.6) };
}

/** Draws `spec` into `container` (SVG, no action menu). */
export async function draw(container: HTMLElement, spec: VegaLiteSpec, label: string): Promise<View> {
  const embed = await embedder();
  const result = await embed(container, spec as Parameters<Embed>[1], { actions: false, renderer: 'svg' });
  views.get(container)?.finalize();
  views.set(container, result.view);
  container.setAttribute('role', 'img');
  container.setAttribute('aria-label', label);
  return result.view;
}

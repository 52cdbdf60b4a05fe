/**
 * The playground's build: `npm run playground` serves it on 127.0.0.1,
 * `npm run build:playground` writes a static site to playground/dist with
 * relative paths (base './'), so it works from any folder of any static host.
 *
 * The page imports the library by its public names (`wengert`, `wengert/parse`,
 * `wengert/plot`); they resolve to the entry points' sources in ../src, so the
 * page always runs the checked-out library.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { WENGERT_ALIASES } from './aliases.js';

/**
 * The op files that register themselves with `defineStructural` (pad,
 * scatter-add, broadcast-to: the transposes that slice, take and reduce-sum look
 * up by name) have a side effect that package.json's `sideEffects` does not
 * list, so a bundler reading it drops them from a bundle that does not name
 * them — the training worker's, whose reverse sweeps look them up. Marked here
 * as what they are.
 */
const selfRegisteringOps: Plugin = {
  name: 'wengert-self-registering-ops',
  transform(code, id) {
    if (/[\\/]src[\\/]ops[\\/][^\\/]+\.ts$/.test(id) && code.includes('defineStructural')) return { code, map: null, moduleSideEffects: true };
    return undefined;
  },
};

export default defineConfig({
  plugins: [selfRegisteringOps],
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: { alias: WENGERT_ALIASES },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  preview: { host: '127.0.0.1' },
  worker: { format: 'es', plugins: () => [selfRegisteringOps] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Graphviz (wasm inlined) and Vega are large by nature; they load on their own, after the page
    chunkSizeWarningLimit: 2000,
  },
});

import { defineConfig } from 'vitest/config';
import { WENGERT_ALIASES } from './playground/aliases.js';

/**
 * The integration tests — the packed package installed in a temporary project,
 * and the core in Chromium — start npm, tsc and a browser: they run after the
 * other suites, not beside them on the same cores.
 */
const INTEGRATION = ['test/package.test.ts', 'test/browser.test.ts', 'test/playground.test.ts'];

export default defineConfig({
  // the playground's modules import the library by its public names (its unit tests load them)
  resolve: { alias: WENGERT_ALIASES },
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // lets the heap-use tests collect garbage before measuring
    execArgv: ['--expose-gc'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: INTEGRATION, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'integration', include: INTEGRATION, sequence: { groupOrder: 1 } } },
    ],
  },
});

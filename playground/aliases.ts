/**
 * The library's public names, resolved to the entry points' sources: used by
 * the playground's Vite config and by vitest (whose unit tests import the
 * playground's modules), as tsconfig.json's `paths` do for the type-checker.
 */
import { fileURLToPath } from 'node:url';

const src = (path: string) => fileURLToPath(new URL(`../src/${path}`, import.meta.url));

export const WENGERT_ALIASES = [
  { find: /^wengert$/, replacement: src('index.ts') },
  { find: /^wengert\/parse$/, replacement: src('parse/index.ts') },
  { find: /^wengert\/plot$/, replacement: src('viz/index.ts') },
];

#!/usr/bin/env node
/**
 * `npm run build` (and `prepare`, so `npm ci` and `npm pack` run it): dist/ from src/.
 *
 * - Types: tsc writes the .d.ts of every module (dist/**\/*.d.ts), as laid out in src/.
 * - Library: esbuild bundles the entry points (wengert, /parse, /plot, /datasets,
 *   /node) with code splitting, so that each loads as a handful of files (the core
 *   in tens of milliseconds, where 100-odd separate modules took hundreds) and the
 *   entries share one copy of every class (a Node from wengert/parse is a Node of
 *   wengert). Packages and node: built-ins stay imports.
 * - ops/fluent.js is an entry of its own that the others import: it is the one
 *   module with a side effect (it installs the fluent methods on Node), and the
 *   package's `sideEffects` names it alone, so bundlers keep it and may drop the rest.
 * - The command (dist/cli/main.js) is bundled apart, split by command so that
 *   each one loads only when it runs; its chunks sit in dist/cli/ beside main.js,
 *   two folders below the package root as in src/, where `import.meta.url` finds
 *   package.json.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;

/** The library's entry points, by the path of their output under dist/. */
export const ENTRIES = ['index', 'parse/index', 'viz/index', 'data/datasets', 'node/index', 'ops/fluent'];

rmSync(dist, { recursive: true, force: true });

const tsc = spawnSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

const common = {
  absWorkingDir: root,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  packages: 'external',
  external: ['node:*'],
  outbase: 'src',
  outdir: 'dist',
  logLevel: 'warning',
};

const FLUENT_IMPORT = /^import ('(?:\.\.?\/)(?:\.\.\/)*ops\/fluent\.js');.*\n/m;
/** Entries whose source imports ops/fluent, with the specifier their output must use. */
const fluentImports = new Map();

/**
 * Takes the import of ops/fluent out of the entries' sources (an import inside
 * the shared chunk would run fluent before the chunk has defined Node); it is
 * put back at the top of those entries' outputs once they are written.
 */
const fluentApart = {
  name: 'fluent-apart',
  setup(b) {
    b.onLoad({ filter: /\/src\/.*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const entry = ENTRIES.find((e) => args.path.endsWith(`/src/${e}.ts`));
      const match = FLUENT_IMPORT.exec(source);
      if (match === null || entry === 'ops/fluent') return { contents: source, loader: 'ts' };
      if (entry === undefined) throw new Error(`${args.path} imports ops/fluent: only entry points may (it must stay dist/ops/fluent.js)`);
      fluentImports.set(entry, match[1]);
      return { contents: source.replace(FLUENT_IMPORT, ''), loader: 'ts' };
    });
  },
};

await build({
  ...common,
  entryPoints: ENTRIES.map((e) => `src/${e}.ts`),
  chunkNames: 'chunks/[name]-[hash]',
  // every entry reaches the whole core, so the core is one shared chunk (two files
  // to load instead of one per subset of entries that share a module)
  inject: ['src/index.ts'],
  plugins: [fluentApart],
});
for (const [entry, specifier] of fluentImports) {
  const file = `${dist}/${entry}.js`;
  await writeFile(file, `import ${specifier};\n${await readFile(file, 'utf8')}`);
}

await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  chunkNames: 'cli/[name]-[hash]',
});

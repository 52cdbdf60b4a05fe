#!/usr/bin/env node
// The `wengert` command. In a source checkout (src/ present, tsx installed) it runs the TypeScript
// sources, so it never runs a stale build; an installed package ships only dist/ and runs that.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = `${root}src/cli/main.ts`;
let entry = pathToFileURL(`${root}dist/cli/main.js`).href;
if (existsSync(source)) {
  const tsx = await import('tsx/esm/api').catch(() => undefined);
  if (tsx !== undefined) {
    tsx.register();
    entry = pathToFileURL(source).href;
  }
}
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));

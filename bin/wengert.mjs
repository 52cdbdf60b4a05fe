#!/usr/bin/env node
// The `wengert` command: the built CLI when the package is built, else the TypeScript sources through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = `${root}dist/cli/main.js`;
let entry;
if (existsSync(built)) entry = pathToFileURL(built).href;
else {
  const { register } = await import('tsx/esm/api');
  register();
  entry = pathToFileURL(`${root}src/cli/main.ts`).href;
}
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));

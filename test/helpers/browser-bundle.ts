/**
 * Bundles a module for the browser the way a user's bundler would: esbuild,
 * `platform: 'browser'`, ESM, minified, no externals (so a Node built-in or a
 * package that cannot run in a browser fails the build).
 */
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export interface BrowserBundle {
  readonly code: string;
  /** The files that went into the bundle, relative to the repository. */
  readonly inputs: readonly string[];
  /** Bytes, minified. */
  readonly bytes: number;
  /** Bytes, minified and gzipped (level 9). */
  readonly gzipBytes: number;
}

/** The bundle of `entry` (a path, or `{ contents, resolveDir }` for a module given as text). */
export async function browserBundle(entry: string | { contents: string; resolveDir: string }): Promise<BrowserBundle> {
  const result = await build({
    ...(typeof entry === 'string' ? { entryPoints: [entry] } : { stdin: { contents: entry.contents, resolveDir: entry.resolveDir, loader: 'ts' } }),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].text;
  return {
    code,
    inputs: Object.keys(result.metafile.inputs),
    bytes: Buffer.byteLength(code),
    gzipBytes: gzipSync(code, { level: 9 }).length,
  };
}

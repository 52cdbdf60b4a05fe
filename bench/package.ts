/**
 * `npm run bench:package [-- --baseline old.tgz]`: the package as a user installs
 * it. Packs this checkout, installs the tarball into a temporary project (npm's
 * defaults: optional peers are not installed), and measures, each sample in a
 * fresh process, in alternation:
 *
 * - `import('wengert')`, and `import('mathjs')` in the same run for scale (the
 *   time of the `import` alone, measured inside the process);
 * - `wengert --help`, the whole process (wall clock), beside `node -e ''`;
 * - the install: packages and megabytes (10⁶ bytes, file sizes) of node_modules;
 * - the core bundled for a browser (esbuild, no externals, minified, gzip -9):
 *   all of it (`import * as W`), and the browser test's page (the sigmoid
 *   neuron, both modes, a compiled program).
 *
 * With `--baseline <tarball>` an older package is installed and measured in the
 * same run, sample for sample, for a before/after. Results go to
 * bench/results/package.json. Medians and minima; no target is checked here.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserBundle } from '../test/helpers/browser-bundle.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SAMPLES = Number(process.env.WENGERT_BENCH_SAMPLES ?? 15);

function run(command: string, args: readonly string[], cwd: string): string {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

/** A temporary project with the tarball installed as a user would. */
function install(tarball: string, into: string): string {
  mkdirSync(into);
  writeFileSync(join(into, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], into);
  return into;
}

/** Packages (folders with a package.json under node_modules, nested ones too) and bytes of node_modules. */
function installSize(project: string): { packages: number; megabytes: number } {
  let packages = 0;
  let bytes = 0;
  const walk = (dir: string, isModules: boolean): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (isModules && !entry.name.startsWith('.') && !entry.name.startsWith('@')) packages++;
        walk(path, entry.name === 'node_modules' || (isModules && entry.name.startsWith('@')));
      } else if (entry.isFile()) bytes += statSync(path).size;
    }
  };
  walk(join(project, 'node_modules'), true);
  return { packages, megabytes: Math.round(bytes / 1e5) / 10 };
}

/** Milliseconds of `await import(specifier)` in a fresh node process started in `project`. */
function importTime(project: string, specifier: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t);`;
  return Number(run(process.execPath, ['--input-type=module', '-e', script], project));
}

/** Milliseconds of a whole process, wall clock. */
function processTime(command: string, args: readonly string[], cwd: string): number {
  const start = process.hrtime.bigint();
  run(command, args, cwd);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function summary(samples: number[]): { median: number; min: number; samples: number[] } {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return { median: round(sorted[Math.floor(sorted.length / 2)]), min: round(sorted[0]), samples: samples.map(round) };
}

const baselineIndex = process.argv.indexOf('--baseline');
const baseline = baselineIndex > 0 ? process.argv[baselineIndex + 1] : undefined;

const scratch = mkdtempSync(join(os.tmpdir(), 'wengert-bench-package-'));
try {
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', scratch], ROOT))[0] as { filename: string; size: number; unpackedSize: number };
  const installs: Record<string, string> = { current: install(join(scratch, packed.filename), join(scratch, 'current')) };
  if (baseline) installs.baseline = install(baseline, join(scratch, 'baseline'));

  const times: Record<string, number[]> = {};
  const add = (key: string, ms: number) => (times[key] ??= []).push(ms);
  for (let i = 0; i < SAMPLES; i++) {
    for (const [name, project] of Object.entries(installs)) {
      add(`${name}: import('wengert')`, importTime(project, 'wengert'));
      add(`${name}: import('mathjs')`, importTime(project, 'mathjs'));
      add(`${name}: wengert --help (process)`, processTime(join(project, 'node_modules', '.bin', 'wengert'), ['--help'], project));
    }
    add("node -e '' (process)", processTime(process.execPath, ['-e', ''], scratch));
  }

  const core = await browserBundle({ contents: "import * as W from './src/index.js'; (globalThis as any).W = W;", resolveDir: ROOT });
  const page = await browserBundle(join(ROOT, 'test', 'browser', 'page.ts'));
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100) },
    samples: SAMPLES,
    timesMs: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, summary(v)])),
    install: Object.fromEntries(Object.entries(installs).map(([name, project]) => [name, installSize(project)])),
    tarball: { bytes: packed.size, unpackedBytes: packed.unpackedSize },
    browserBundle: {
      'core, every export (import * as W)': { bytes: core.bytes, gzipBytes: core.gzipBytes },
      'browser test page (sigmoid neuron, both modes, compile)': { bytes: page.bytes, gzipBytes: page.gzipBytes },
    },
  };
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results', 'package.json'), `${JSON.stringify(result, null, 1)}\n`);
  for (const [k, v] of Object.entries(result.timesMs)) console.log(`${k.padEnd(40)} median ${String(v.median).padStart(7)} ms   min ${String(v.min).padStart(7)} ms`);
  for (const [k, v] of Object.entries(result.install)) console.log(`${k} install: ${v.packages} packages, ${v.megabytes} MB`);
  for (const [k, v] of Object.entries(result.browserBundle)) console.log(`bundle, ${k}: ${(v.bytes / 1e3).toFixed(1)} kB min, ${(v.gzipBytes / 1e3).toFixed(1)} kB gz`);
  console.log(`load average ${result.machine.loadAverage.join(' ')} on ${result.machine.cpus} cores`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

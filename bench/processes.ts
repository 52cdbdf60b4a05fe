/**
 * Running benchmark processes: each suite, each fresh-process baseline and
 * each peer library runs in a process of its own (`tsx --expose-gc …`), with a
 * time limit. A process that is stopped or fails leaves rows that say so.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RESULTS_DIR, type Row } from './harness.js';

const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));

export interface Finished {
  code: number | null;
  seconds: number;
  timedOut: boolean;
  /** Rows printed as `ROW <json>` lines (bench/fresh.ts). */
  printed: Row[];
  /** The last line of standard error, for a process that failed. */
  lastError: string;
}

/** Runs `tsx <file> …args` with extra environment variables, echoing its output, stopped after `timeoutSeconds`. */
export function runProcess(file: string, args: readonly string[], env: Record<string, string>, timeoutSeconds: number): Promise<Finished> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['--expose-gc', '--max-old-space-size=8192', file, ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const printed: Row[] = [];
    let pending = '';
    let lastError = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('ROW ')) printed.push(JSON.parse(line.slice(4)) as Row);
        else process.stdout.write(`${line}\n`);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      process.stderr.write(text);
      const lines = text.trim().split('\n');
      if (lines.length > 0 && lines[lines.length - 1] !== '') lastError = lines[lines.length - 1];
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, timeoutSeconds * 1000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, seconds: (performance.now() - started) / 1e3, timedOut, printed, lastError });
    });
  });
}

/** Why a finished process did not complete, or undefined if it did. */
export function failure(r: Finished, timeoutSeconds: number): { status: 'timeout' | 'error'; reason: string } | undefined {
  if (r.timedOut) return { status: 'timeout', reason: `the process was stopped after ${timeoutSeconds} s` };
  if (r.code !== 0) return { status: 'error', reason: `the process exited with code ${r.code}${r.lastError ? `: ${r.lastError}` : ''}` };
  return undefined;
}

export interface ResultsFile {
  suite: string;
  date: string;
  rows: Row[];
  incomplete?: string;
  [key: string]: unknown;
}

export const resultsPath = (name: string) => fileURLToPath(new URL(`${name}.json`, RESULTS_DIR));

export function readResults(name: string): ResultsFile | undefined {
  const path = resultsPath(name);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as ResultsFile) : undefined;
}

export function writeResults(name: string, body: ResultsFile): void {
  writeFileSync(resultsPath(name), JSON.stringify(body, null, 1) + '\n');
}

export function removeResults(name: string): void {
  if (existsSync(resultsPath(name))) rmSync(resultsPath(name));
}

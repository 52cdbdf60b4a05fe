/**
 * Where a result comes from: the commit it ran on (and whether the tree had
 * uncommitted changes), and whether the engine has changed since — results
 * older than the last change to src/graph, src/ops, src/engine or src/ad are stale.
 * Results of scalar programs only (every suite but `arrays`) ignore changes to
 * the files only array programs run (ARRAY_ONLY): a scalar graph never reaches them.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The code every benchmark measures: a change here makes earlier results stale. */
export const ENGINE_PATHS = ['src/graph', 'src/ops', 'src/engine', 'src/ad'] as const;
/** The engine files only array programs run (git pathspecs): the array engine, its sweeps and its compiled programs. */
export const ARRAY_ONLY = ['src/engine/array-*', 'src/ad/array-*', 'src/ad/compiled-array-program.ts'] as const;

/** The pathspecs a result depends on: the engine, less the array-only files for a result of scalar programs. */
function enginePaths(scalar: boolean): string[] {
  return scalar ? [...ENGINE_PATHS, ...ARRAY_ONLY.map((p) => `:(exclude,glob)${p}`)] : [...ENGINE_PATHS];
}

export interface Provenance {
  /** The commit checked out when the run started ('unknown' outside a git checkout). */
  commit: string;
  /** The tree had uncommitted changes (anywhere but bench/results and the README). */
  dirty: boolean;
  /** … and some of them were in the engine (ENGINE_PATHS). */
  engineDirty: boolean;
}

const root = fileURLToPath(new URL('..', import.meta.url));

function git(args: readonly string[]): { ok: boolean; out: string } {
  const r = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  return { ok: r.status === 0, out: (r.stdout ?? '').trim() };
}

/** The commit and state of the tree now. */
export function provenance(): Provenance {
  const head = git(['rev-parse', 'HEAD']);
  if (!head.ok) return { commit: 'unknown', dirty: true, engineDirty: true };
  return {
    commit: head.out,
    // the results a run writes, and the README summary it rewrites, are not what it measures
    dirty: git(['status', '--porcelain', '--', '.', ':!bench/results', ':!README.md']).out !== '',
    engineDirty: git(['status', '--porcelain', '--', ...ENGINE_PATHS]).out !== '',
  };
}

/** The last commit that changed the engine (for `scalar`, the part scalar programs run): hash, committer date and subject. */
export function lastEngineChange(scalar = false): { commit: string; date: string; subject: string } | undefined {
  const r = git(['log', '-1', '--format=%H%x09%cI%x09%s', '--', ...enginePaths(scalar)]);
  if (!r.ok || r.out === '') return undefined;
  const [commit, date, subject] = r.out.split('\t');
  return { commit, date, subject };
}

/**
 * Why a result measured at `when` with provenance `p` does not describe the
 * current engine, or undefined if it does; `scalar` for a result of scalar programs only.
 */
export function staleness(p: Provenance | undefined, when: string, scalar = false): string | undefined {
  const last = lastEngineChange(scalar);
  if (p === undefined) {
    if (last !== undefined && Date.parse(when) < Date.parse(last.date)) return `no commit recorded, and run before the last engine change ${short(last.commit)}`;
    return 'no commit recorded';
  }
  if (p.engineDirty) return `ran on ${short(p.commit)} with uncommitted changes to the engine`;
  if (last === undefined) return undefined;
  if (git(['cat-file', '-e', `${p.commit}^{commit}`]).ok) {
    // the last engine change is part of the measured commit's history: the engine measured is today's
    if (git(['merge-base', '--is-ancestor', last.commit, p.commit]).ok) return undefined;
    return `ran on ${short(p.commit)}, before the engine change ${short(last.commit)} (${last.date.slice(0, 10)}: ${last.subject})`;
  }
  return Date.parse(when) < Date.parse(last.date) ? `ran on ${short(p.commit)} (not in this repository), before the engine change ${short(last.commit)}` : undefined;
}

const short = (commit: string) => commit.slice(0, 7);

/**
 * The warm-up passes of generated array code (array-codegen.ts): before the
 * first run each loop runs one position, so that V8 has type feedback for
 * every statement when it compiles a long loop while the loop runs. Without
 * them the Rosenbrock gradient at n = 10⁴ left its compiled code for the
 * interpreter (V8's "insufficient type feedback" exits) hundreds of times over
 * its first thousand calls, and once every call at n = 10⁶.
 *
 * The count comes from V8's own trace (`--trace-deopt`) in a child process:
 * it is a count of events, not a timing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** V8's exits from the optimized code of generated step (s…) and dispatch (d…) functions over `calls` calls of `program`. */
function exitsOfGeneratedCode(program: string, calls: number): { exits: string[]; value: string } {
  const dir = mkdtempSync(join(tmpdir(), 'wengert-warm-up-'));
  try {
    const file = join(dir, 'run.mts');
    writeFileSync(
      file,
      `import { add, compile, mul, slice, square, sub, sum, variable } from ${JSON.stringify(join(ROOT, 'src', 'index.ts'))};
${program}
let value = 0;
for (let k = 0; k < ${calls}; k++) value = p.valueAndGradient(point, g).value;
console.log('VALUE', value);
`,
    );
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--trace-deopt', file], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const exits = r.stdout.split('\n').filter((l) => l.startsWith('[bailout') && /<JSFunction (s\d+|d\d+_\d+) /.test(l));
    return { exits, value: r.stdout.split('\n').find((l) => l.startsWith('VALUE')) ?? '' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('warm-up passes of generated array code', () => {
  it('the Rosenbrock gradient with slices (n = 10⁴) never leaves its compiled code for want of type feedback over 1500 calls', () => {
    const { exits, value } = exitsOfGeneratedCode(
      `const n = 10_000;
const x = variable('x', [n]);
const head = slice(x, [[null, -1]]);
const tail = slice(x, [[1, null]]);
const p = compile(sum(add(mul(100, square(sub(tail, square(head)))), square(sub(1, head)))), [x], { backend: 'js' });
const point = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
const g = new Float64Array(n);`,
      1500,
    );
    expect(value).toMatch(/^VALUE \d/);
    expect(exits.filter((l) => l.includes('Insufficient type feedback')), exits.slice(0, 3).join('\n')).toEqual([]);
  });
});

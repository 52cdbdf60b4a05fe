/**
 * `tsx bench/fresh.ts <case>`: times the hand-written baseline of one case
 * alone, in this fresh process (nothing else loaded, nothing else run), with
 * the same warm-up and sampling as every other row, and prints the row as a
 * `ROW <json>` line for bench/run.ts to merge into the suite's results.
 *
 * The same function swings by 1.4–1.5× with the process and JIT state it runs
 * in (issue 11): a baseline timed only next to the library can sit at its slow
 * end. The report divides by the faster of this row and the same-process one.
 */
import { handWritten } from './hand-written.js';
import { IMPL, Recorder } from './harness.js';

const name = process.argv[2];
if (name === undefined) {
  console.error('usage: tsx bench/fresh.ts <case name>');
  process.exit(2);
}
const h = handWritten(name);
const r = new Recorder(h.suite, null);
// not a line of the forward-vs-reverse plot: that shows one hand-written line, the same-process one
const { series: _series, ...meta } = h.meta;
await r.measure({ ...meta, implementation: IMPL.handFresh, variant: 'timed alone in a fresh process' }, h.make());

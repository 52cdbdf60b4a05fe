/**
 * timeCalls (src/ad/timing.ts), which compareModes and the tour time with: its
 * samples span many ticks of the clock even when the calibrating batch was
 * slowed by a pause, and it refuses bad options by name.
 */
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../src/errors.js';
import { timeCalls } from '../src/ad/timing.js';

/** Busy-waits for `ms` milliseconds. */
function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('timeCalls', () => {
  it('a pause during the calibrating batch does not leave samples too short for the clock (they read 0 in a browser)', () => {
    let calls = 0;
    // the two warm-up calls are fast; the first calibrating call is slowed by a "pause", the rest are fast
    const fn = () => {
      calls++;
      if (calls === 3) spin(1.5);
    };
    const t = timeCalls(fn, { warmup: 0, budget: 5, minSamples: 3 });
    expect(t.batch).toBeGreaterThan(1);
    for (const s of t.samples) expect(s * t.batch).toBeGreaterThanOrEqual(0.5);
    expect(t.median).toBeGreaterThan(0);
  });

  it('times a call of known length: a 1 ms spin reads about 1 ms a call', () => {
    const t = timeCalls(() => spin(1), { warmup: 5, budget: 20 });
    expect(t.batch).toBe(1);
    expect(t.median).toBeGreaterThanOrEqual(1);
  });

  it('refuses bad options by name', () => {
    expect(() => timeCalls(() => 0, { budget: -1 })).toThrow(ArgumentError);
    expect(() => timeCalls(() => 0, { budget: -1 })).toThrow(/budget/);
    expect(() => timeCalls(() => 0, { minSamples: 0 })).toThrow(/minSamples/);
  });
});

/**
 * A training progress bar: epoch, loss, accuracy and time left. On a terminal
 * it redraws one line in place (`\r`); anywhere else (a pipe, a file, a test)
 * it prints one line per epoch.
 */

/** Where the bar writes: `write` prints without a newline, `line` prints a whole line. */
export interface ProgressOutput {
  /** True to redraw a single line with `\r` (stdout is a terminal). */
  readonly tty: boolean;
  /** Prints text as is (used on a terminal). */
  readonly write: (text: string) => void;
  /** Prints one line (a newline is added). */
  readonly line: (text: string) => void;
}

/** What one epoch reports. */
export interface EpochReport {
  /** 1-based. */
  readonly epoch: number;
  readonly loss: number;
  /** In [0, 1]; left out when not measured. */
  readonly accuracy?: number;
}

/** Seconds as `42s`, `3m 05s` or `1h 02m`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** A loss to 4 significant digits, in e-notation when small. */
export function formatLoss(loss: number): string {
  if (!Number.isFinite(loss)) return String(loss);
  return Math.abs(loss) >= 1e-3 || loss === 0 ? loss.toPrecision(4) : loss.toExponential(3);
}

/** A fraction as a percentage with one decimal. */
export function formatPercent(fraction: number): string {
  return `${(100 * fraction).toFixed(1)}%`;
}

/**
 * Progress over a known number of epochs. Call {@link Progress.update} after
 * each epoch and {@link Progress.done} at the end (it ends the redrawn line).
 * @example
 * ```ts
 * const bar = new Progress(100, { tty: false, write: (s) => process.stdout.write(s), line: console.log });
 * bar.update({ epoch: 1, loss: 0.69, accuracy: 0.5 }); // epoch   1/100 [#·······…] loss 0.6900  acc 50.0%  left …
 * bar.done();
 * ```
 */
export class Progress {
  private readonly start: number;
  private width = 0;
  private drawn = false;

  constructor(
    private readonly epochs: number,
    private readonly output: ProgressOutput,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.start = now();
  }

  /** Seconds since the bar was made. */
  elapsed(): number {
    return (this.now() - this.start) / 1000;
  }

  /** The text of the bar after an epoch (no `\r`, no newline). */
  render(report: EpochReport): string {
    const { epoch, loss, accuracy } = report;
    const fraction = Math.min(1, epoch / this.epochs);
    const cells = 24;
    const full = Math.round(fraction * cells);
    const bar = `[${'#'.repeat(full)}${'·'.repeat(cells - full)}]`;
    const elapsed = this.elapsed();
    const left = epoch >= this.epochs ? 0 : (elapsed / epoch) * (this.epochs - epoch);
    const digits = String(this.epochs).length;
    const parts = [`epoch ${String(epoch).padStart(digits)}/${this.epochs}`, bar, `loss ${formatLoss(loss)}`];
    if (accuracy !== undefined) parts.push(`acc ${formatPercent(accuracy).padStart(6)}`);
    parts.push(epoch >= this.epochs ? `took ${formatDuration(elapsed)}` : `left ${formatDuration(left)}`);
    return parts.join('  ');
  }

  /** Shows the state after an epoch. */
  update(report: EpochReport): void {
    const text = this.render(report);
    if (this.output.tty) {
      // pad over the previous, possibly longer, line
      this.output.write(`\r${text.padEnd(this.width)}`);
      this.width = text.length;
      this.drawn = true;
    } else {
      this.output.line(text);
    }
  }

  /** Ends the redrawn line (on a terminal); call once, after the last update. */
  done(): void {
    if (this.output.tty && this.drawn) this.output.write('\n');
    this.drawn = false;
  }
}

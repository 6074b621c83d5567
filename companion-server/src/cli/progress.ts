import type { CliIo } from './io';

/**
 * Progress on stderr: one redrawn line on a terminal; otherwise a line every 5 % (and
 * for every message), so logs stay short.
 */
export class Progress {
  private n = 0;
  private lastPct = 0;
  private readonly t0 = performance.now();

  constructor(private readonly total: number, private readonly io: CliIo) {}

  step(message?: string): void {
    this.n++;
    const pct = this.total ? Math.floor((100 * this.n) / this.total) : 100;
    if (message) this.io.stderr(`${this.io.stderrIsTTY ? '\r\x1b[K' : ''}${message}\n`);
    if (this.io.stderrIsTTY) this.io.stderr(`\r\x1b[K${this.line(pct)}`);
    else if (pct >= this.lastPct + 5 || this.n === this.total) {
      this.lastPct = pct;
      this.io.stderr(`${this.line(pct)}\n`);
    }
  }

  done(summary: string): void {
    this.io.stderr(`${this.io.stderrIsTTY ? '\r\x1b[K' : ''}${summary}\n`);
  }

  private line(pct: number): string {
    const s = (performance.now() - this.t0) / 1000;
    const eta = this.n ? (s / this.n) * (this.total - this.n) : 0;
    return `[${this.n}/${this.total}] ${pct} %  ${s.toFixed(0)} s elapsed, ~${eta.toFixed(0)} s left`;
  }
}

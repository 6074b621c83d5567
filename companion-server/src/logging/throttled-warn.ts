import type { FastifyBaseLogger } from 'fastify';

/**
 * A warn-level log line that an attacker cannot turn into a log flood: at most one line per
 * `intervalMs` per key, carrying how many events were folded into it since the last line.
 */
export class ThrottledWarn {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly log: () => FastifyBaseLogger,
    private readonly intervalMs = 10_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  warn(key: string, obj: Record<string, unknown>, msg: string): void {
    const t = this.now();
    const e = this.last.get(key);
    if (e && t - e.at < this.intervalMs) {
      e.suppressed++;
      return;
    }
    if (this.last.size > 1000) this.last.clear(); // bounded: keys come from the network
    this.log().warn({ ...obj, ...(e?.suppressed ? { suppressed: e.suppressed } : {}) }, msg);
    this.last.set(key, { at: t, suppressed: 0 });
  }
}

/** Order statistics for timings (the machine is shared: medians and p95, not means). */
export function quantile(xs: readonly number[], q: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

export const median = (xs: readonly number[]) => quantile(xs, 0.5);
export const p95 = (xs: readonly number[]) => quantile(xs, 0.95);
export const round = (x: number, digits = 2) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);

/** Runs `fn` after `warmup` calls until `maxReps` or `maxMs` is reached; returns the times in ms. */
export async function timeRepeated(fn: () => Promise<unknown>, opts: { warmup?: number; maxReps?: number; maxMs?: number } = {}): Promise<number[]> {
  for (let i = 0; i < (opts.warmup ?? 3); i++) await fn();
  const times: number[] = [];
  const t0 = performance.now();
  while (times.length < (opts.maxReps ?? 50) && (times.length < 5 || performance.now() - t0 < (opts.maxMs ?? 4000))) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times;
}

/** Peak resident set size of this process, sampled. */
export class RssSampler {
  peak = process.memoryUsage().rss;
  private timer = setInterval(() => this.sample(), 100);
  sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
  }
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}

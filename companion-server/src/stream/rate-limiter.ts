/** Token bucket: `rate` events per second on average, bursts up to `burst`. */
export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number = rate,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Milliseconds until `n` tokens are there (0 when they are now). */
  waitMs(n: number): number {
    this.refill();
    return this.tokens >= n ? 0 : ((Math.min(n, this.burst) - this.tokens) / this.rate) * 1000;
  }

  /** Takes `n` tokens; false (taking none) when the bucket holds fewer (the event should be refused). */
  take(n = 1): boolean {
    this.refill();
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.rate);
    this.last = t;
  }
}

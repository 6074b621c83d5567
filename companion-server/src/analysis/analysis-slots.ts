import { CompanionError } from '../errors';

/**
 * Admission control for file analyses: at most `concurrent` run at once (two cores; more
 * only multiplies memory), up to `queued` more wait their turn, and beyond that the
 * request is refused with 503 before its upload is read into memory.
 */
export class AnalysisSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrent: number,
    private readonly queued: number,
  ) {}

  async acquire(): Promise<() => void> {
    if (this.running >= this.concurrent) {
      if (this.waiting.length >= this.queued) {
        throw new CompanionError(503, 'busy', 'The companion is busy with other analyses; try again in a moment.');
      }
      await new Promise<void>((r) => this.waiting.push(r));
    } else this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next(); // the slot passes straight to the next request
      else this.running--;
    };
  }
}

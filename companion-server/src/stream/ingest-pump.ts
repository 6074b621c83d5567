/**
 * Inbound WebSocket messages wait in one bounded queue per connection and are handled by one
 * pump for all connections: round-robin, one message per connection per turn, for at most
 * `sliceMs` before the pump yields to the event loop (setImmediate), so /health and socket
 * reads are served between slices however many frames are waiting. Before this, each
 * connection handled its backlog in one promise chain, whose microtasks ran back to back and
 * held the event loop for seconds under a flood.
 *
 * Memory: a connection's queued audio is capped in bytes (`maxBytesPerQueue`), and all
 * connections' together (`maxBytesGlobal`). Past a cap the oldest audio message (of the
 * connection, or of the connection holding the most) is dropped: its place in the queue is
 * kept by a small marker so that its stream learns of the gap in order (see
 * StreamSession.onAudioDropped). Control messages (hello, stream.start, ...) are never dropped;
 * their number is capped by the session.
 */
/** What a queued audio message holds, enough to account for it when it is dropped. */
export interface QueuedAudio {
  streamId: string;
  seq: number;
  samples: number;
}

export interface InboundItem {
  /** Bytes held until it runs (its frame's length; 0 for control messages). */
  bytes: number;
  /** Audio, which may be dropped under overload. */
  audio?: QueuedAudio;
  run(): void;
}

export interface IngestLimits {
  sliceMs: number;
  maxBytesPerQueue: number;
  maxBytesGlobal: number;
}

/** Default limits: about 1.5 s of 8 base64 streams per connection; 16 MiB in all. */
export const INGEST_LIMITS: IngestLimits = { sliceMs: 8, maxBytesPerQueue: 1024 * 1024, maxBytesGlobal: 16 * 1024 * 1024 };

export class InboundQueue {
  private items: InboundItem[] = [];
  private head = 0;
  /** Items before this index hold no droppable audio (control messages, drop markers): drops start here. */
  private droppableFrom = 0;
  bytes = 0;

  constructor(
    private readonly pump: IngestPump,
    /** Makes the marker that stands in for a dropped audio item. */
    private readonly dropped: (audio: QueuedAudio) => InboundItem,
  ) {}

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: InboundItem): void {
    this.items.push(item);
    this.bytes += item.bytes;
    this.pump.account(item.bytes);
    while (this.bytes > this.pump.limits.maxBytesPerQueue && this.dropOldestAudio());
    this.pump.wake(this);
  }

  /** Replaces the oldest queued audio by a marker; false when none is queued. */
  dropOldestAudio(): boolean {
    // Oldest first, so the markers left by earlier drops are not walked again under a long flood.
    for (let i = Math.max(this.head, this.droppableFrom); i < this.items.length; i++) {
      const it = this.items[i]!;
      if (!it.audio || !it.bytes) continue;
      this.items[i] = this.dropped(it.audio);
      this.droppableFrom = i + 1;
      this.bytes -= it.bytes;
      this.pump.account(-it.bytes);
      return true;
    }
    this.droppableFrom = this.items.length;
    return false;
  }

  /** Runs the oldest item; false when the queue is then empty. */
  runOne(): boolean {
    const it = this.items[this.head];
    if (!it) return false;
    this.items[this.head++] = undefined as never;
    if (this.head > 64 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.droppableFrom = Math.max(0, this.droppableFrom - this.head);
      this.head = 0;
    }
    this.bytes -= it.bytes;
    this.pump.account(-it.bytes);
    it.run();
    return this.length > 0;
  }

  /** The connection closed: forget what it sent. */
  clear(): void {
    this.pump.account(-this.bytes);
    this.pump.forget(this);
    this.items = [];
    this.head = 0;
    this.droppableFrom = 0;
    this.bytes = 0;
  }
}

export class IngestPump {
  private readonly waiting = new Set<InboundQueue>();
  private scheduled = false;
  /** Bytes queued over all connections. */
  bytes = 0;
  /** Largest `bytes` seen (tests, bench). */
  peakBytes = 0;

  constructor(readonly limits: IngestLimits = INGEST_LIMITS) {}

  queue(dropped: (audio: QueuedAudio) => InboundItem): InboundQueue {
    return new InboundQueue(this, dropped);
  }

  account(delta: number): void {
    this.bytes += delta;
    this.peakBytes = Math.max(this.peakBytes, this.bytes);
  }

  wake(q: InboundQueue): void {
    this.waiting.add(q);
    // Over the global cap: the connection holding the most gives up its oldest audio.
    while (this.bytes > this.limits.maxBytesGlobal) {
      let largest: InboundQueue | undefined;
      for (const w of this.waiting) if (!largest || w.bytes > largest.bytes) largest = w;
      if (!largest?.dropOldestAudio()) break;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.run());
  }

  forget(q: InboundQueue): void {
    this.waiting.delete(q);
  }

  private run(): void {
    this.scheduled = false;
    const until = performance.now() + this.limits.sliceMs;
    // A Set visits what is added while it is iterated: re-adding a queue after its turn makes
    // this a rotation, and the next slice starts where this one stopped.
    for (const q of this.waiting) {
      this.waiting.delete(q);
      if (q.runOne()) this.waiting.add(q);
      if (performance.now() >= until) break;
    }
    if (this.waiting.size && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.run());
    }
  }
}

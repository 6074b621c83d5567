import type { Site } from '../../shared/protocol/extension';
import type { StreamUpdate } from '../messaging/protocol';
import type { Settings } from '../settings/schema';
import type { SiteAdapter } from '../sites/types';
import { attribute } from './attribution';
import { StreamUplink } from './stream-uplink';

/** What the session shows: the overlay (overlay/overlay.ts) or a test double. */
export interface OverlayLike {
  addStream(streamId: string, label: string): void;
  removeStream(streamId: string): void;
  setLabel(streamId: string, label: string | undefined): void;
  setSources(streamId: string, n: number): void;
  update(u: StreamUpdate): void;
  setVisible(visible: boolean): void;
}

/** The runtime side: messages to the background and the `init` that starts the page's taps. */
export interface SessionLinks {
  start(streamId: string, label: string): Promise<{ ok: boolean }>;
  audio(streamId: string, seq: number, pcm: string): void;
  end(streamId: string): void;
  label(streamId: string, label: string | undefined): void;
  /** Tells the MAIN world to start pulling audio (sent once, when the site is first enabled). */
  initPage(): void;
  warn(msg: string, e: unknown): void;
}

interface Track {
  rate: number;
  origin: 'webrtc' | 'webaudio';
  port: MessagePort;
  /** Set while the site is enabled and the track is being analysed. */
  up?: StreamUplink & { label?: string };
}

/**
 * One page's live capture in the isolated world. Settings apply at once, on open pages:
 * disabling the site ends every stream (badges go, the background stops scoring) and
 * drops audio; enabling it again starts the page's taps if they never started and gives
 * each live track a fresh stream; the overlay switch hides or shows the badges, which keep
 * following their streams meanwhile.
 */
export class CaptureSession {
  private readonly tracks = new Map<number, Track>();
  private enabled = false;
  private started = false;
  private count = 0;

  constructor(
    private readonly site: Site,
    private readonly adapter: SiteAdapter,
    private readonly overlay: OverlayLike,
    private readonly links: SessionLinks,
  ) {}

  /** Whether the page's taps were told to start (they then run for the page's life). */
  get pageStarted(): boolean {
    return this.started;
  }

  get streamIds(): string[] {
    return [...this.tracks.values()].flatMap((t) => (t.up ? [t.up.streamId] : []));
  }

  apply(s: Pick<Settings, 'sites' | 'showOverlay'>): void {
    this.overlay.setVisible(s.showOverlay);
    const on = s.sites[this.site];
    if (on === this.enabled) return;
    this.enabled = on;
    if (on) {
      if (!this.started) {
        this.started = true;
        this.links.initPage();
      }
      for (const id of this.tracks.keys()) this.begin(id);
    } else {
      for (const id of this.tracks.keys()) this.stop(id);
    }
  }

  /** The page tapped a remote track; its worklet blocks arrive on `port`. */
  track(id: number, rate: number, origin: 'webrtc' | 'webaudio', port: MessagePort): void {
    this.tracks.set(id, { rate, origin, port });
    port.onmessage = (e) => {
      if (e.data instanceof Float32Array) this.tracks.get(id)?.up?.push(e.data);
    };
    if (this.enabled) this.begin(id);
  }

  ended(id: number): void {
    const t = this.tracks.get(id);
    if (!t) return;
    this.stop(id);
    t.port.onmessage = null;
    this.tracks.delete(id);
  }

  sources(id: number, count: number): void {
    const up = this.tracks.get(id)?.up;
    if (up) this.overlay.setSources(up.streamId, count);
  }

  update(u: StreamUpdate): void {
    // Only streams still open here: a late update for a stopped stream must not revive it.
    if (this.streamIds.includes(u.streamId)) this.overlay.update(u);
  }

  /** Labels streams from the site's DOM (speaking indicators); see attribution.ts. */
  attribute(root: ParentNode): void {
    const ups = [...this.tracks.values()].flatMap((t) => (t.up ? [t.up] : []));
    if (!ups.length) return;
    const list = ups.map((u) => ({ id: u.streamId, active: u.active, label: u.label }));
    for (const [streamId, label] of attribute(this.adapter, root, list)) {
      const up = ups.find((u) => u.streamId === streamId);
      if (up) up.label = label;
      this.overlay.setLabel(streamId, label);
      this.links.label(streamId, label);
    }
  }

  endAll(): void {
    for (const id of [...this.tracks.keys()]) this.ended(id);
  }

  private begin(id: number): void {
    const t = this.tracks.get(id)!;
    if (t.up) return;
    const streamId = `${this.site}.${Math.random().toString(36).slice(2, 8)}.${id}`;
    const label = t.origin === 'webaudio' ? 'Call audio (Web Audio)' : `Remote audio ${++this.count}`;
    const up: StreamUplink & { label?: string } = new StreamUplink(streamId, t.rate, (seq, pcm) => this.links.audio(streamId, seq, pcm));
    t.up = up;
    this.overlay.addStream(streamId, label);
    this.links
      .start(streamId, label)
      .then((r) => up.accept(r.ok))
      .catch((e: unknown) => {
        this.links.warn('stream.start failed', e);
        up.accept(false);
      });
  }

  private stop(id: number): void {
    const t = this.tracks.get(id);
    if (!t?.up) return;
    const { streamId } = t.up;
    t.up.close();
    t.up = undefined;
    this.overlay.removeStream(streamId);
    this.links.end(streamId);
  }
}

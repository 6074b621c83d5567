import type { Site } from '../sites/site';
import type { StreamUpdate } from '../messaging/protocol';
import type { Settings } from '../settings/schema';
import type { SiteAdapter } from '../sites/types';
import { attribute } from './attribution';
import { asAudioBlock } from './audio-block';
import { StreamUplink } from './stream-uplink';

/** What the session shows: the overlay (overlay/overlay.ts) or a test double. */
export interface OverlayLike {
  addStream(streamId: string, label: string): void;
  removeStream(streamId: string): void;
  setLabel(streamId: string, label: string | undefined): void;
  setSources(streamId: string, n: number): void;
  update(u: StreamUpdate): void;
  setVisible(visible: boolean): void;
  placeOnTile(streamId: string, tile: Element | null): void;
  setNote(text: string | null): void;
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
  /** The MediaStreamTrack's id in the page, when the tap knows it. */
  trackId?: string;
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
  track(id: number, rate: number, origin: 'webrtc' | 'webaudio', port: MessagePort, trackId?: string): void {
    this.tracks.set(id, { rate, origin, port, trackId });
    port.onmessage = (e) => {
      const block = asAudioBlock(e.data);
      if (block) this.tracks.get(id)?.up?.push(block);
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

  /** Labels streams from the site's DOM (speaking indicators; see attribution.ts) and puts their badges on tiles. */
  attribute(root: ParentNode): void {
    const ups = [...this.tracks.values()].flatMap((t) => (t.up ? [t.up] : []));
    if (!ups.length) return;
    this.label(root, ups);
    this.placeOnTiles(root);
  }

  /**
   * Each stream's tile: the tile holding the media element that plays its track (srcObject's
   * track ids), else the tile of the participant it is attributed to. Mixed-audio sites (one
   * track for everyone) and pages whose tiles we cannot find keep the call panel, and say why.
   */
  private placeOnTiles(root: ParentNode): void {
    const live = [...this.tracks.values()].filter((t) => t.up);
    if (this.adapter.mixedAudio) {
      for (const t of live) this.overlay.placeOnTile(t.up!.streamId, null);
      this.overlay.setNote(this.adapter.mixedNote ?? null);
      return;
    }
    const media = [...root.querySelectorAll('audio, video')];
    const tracksOf = (el: Element): string[] => {
      const so = (el as HTMLMediaElement).srcObject as MediaStream | null;
      return so && typeof so.getAudioTracks === 'function' ? so.getAudioTracks().map((x) => x.id) : [];
    };
    let placed = 0;
    for (const t of live) {
      const el = t.trackId ? media.find((m) => tracksOf(m).includes(t.trackId!)) : undefined;
      const tile = (el && this.adapter.tileOf(el)) ?? (t.up!.label ? this.adapter.tileByName(root, t.up!.label) : null);
      if (tile) placed++;
      this.overlay.placeOnTile(t.up!.streamId, tile);
    }
    const noTiles = this.adapter.participants(root).length === 0;
    this.overlay.setNote(
      noTiles
        ? this.site === 'demo'
          ? null
          : 'No participant tiles found on this page (the site may have changed its layout), so badges stay in this panel.'
        : placed < live.length
          ? 'Voices not yet matched to a participant are shown only here.'
          : null,
    );
  }

  private label(root: ParentNode, ups: (StreamUplink & { label?: string })[]): void {
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

import type { VerdictInput } from '../history/entry';
import type { CallStatus, StreamSummary, StreamUpdate } from '../messaging/protocol';
import type { Site } from '../sites/site';

interface TabCall {
  callId: string;
  site: Site;
  streams: Map<string, StreamSummary>;
}

/** A stream's verdict changed: what the verdict log stores, less the time it adds. */
export type StateChange = Omit<VerdictInput, 't'>;

/**
 * What the background knows about calls, per tab: streams, their latest state and engine.
 * Pure bookkeeping (no browser APIs) so it can be tested directly.
 */
export class CallRegistry {
  private tabs = new Map<number, TabCall>();

  constructor(private readonly now: () => number = Date.now) {}

  start(tabId: number, site: Site, streamId: string, label?: string): void {
    let call = this.tabs.get(tabId);
    if (!call || call.site !== site) {
      call = { callId: `${site}-${tabId}-${this.now()}`, site, streams: new Map() };
      this.tabs.set(tabId, call);
    }
    call.streams.set(streamId, { streamId, label, state: 'listening', pSpoof: null, engine: '' });
  }

  label(tabId: number, streamId: string, label?: string): void {
    const s = this.tabs.get(tabId)?.streams.get(streamId);
    if (s) s.label = label;
  }

  /** Records an update; returns the change to log when the stream's state changed. */
  update(u: StreamUpdate): StateChange | null {
    // A restarted service worker has forgotten its streams: the offscreen document's updates re-create them.
    if (!this.tabs.get(u.tabId)?.streams.has(u.streamId)) this.start(u.tabId, u.site, u.streamId, u.label);
    const call = this.tabs.get(u.tabId)!;
    const s = call.streams.get(u.streamId)!;
    const changed = s.state !== u.state;
    s.state = u.state;
    s.pSpoof = u.pSpoof;
    s.engine = u.engine.label;
    if (u.label !== undefined) s.label ??= u.label;
    if (!changed || u.state === 'listening') return null;
    return { callId: call.callId, site: call.site, streamId: s.streamId, label: s.label, state: s.state, pSpoof: s.pSpoof, engine: s.engine };
  }

  end(tabId: number, streamId: string): void {
    const call = this.tabs.get(tabId);
    call?.streams.delete(streamId);
  }

  closeTab(tabId: number): string[] {
    const ids = [...(this.tabs.get(tabId)?.streams.keys() ?? [])];
    this.tabs.delete(tabId);
    return ids;
  }

  /** Streams open in all tabs. */
  get streamCount(): number {
    let n = 0;
    for (const c of this.tabs.values()) n += c.streams.size;
    return n;
  }

  status(tabId: number | null, problem?: string): CallStatus {
    const call = tabId === null ? undefined : this.tabs.get(tabId);
    return {
      site: call?.site ?? null,
      tabId,
      streams: call ? [...call.streams.values()].map((s) => ({ ...s })) : [],
      ...(problem ? { problem } : {}),
    };
  }
}

import type { EngineStatus } from '../messaging/protocol';

/**
 * What the popup says about a companion the extension is trying to reach again: that it keeps
 * trying (with when), and that the in-browser model covers the call meanwhile. A refused token
 * is said plainly, since waiting will not fix it.
 */
export function companionNote(engine: EngineStatus, now: number): string | undefined {
  const r = engine.companionRetry;
  if (engine.companion !== 'down' || !r) return undefined;
  if (/token|4401|unauthori[sz]ed/i.test(r.reason)) return 'The companion refused the pairing token: check it in the options.';
  const s = Math.max(0, Math.ceil((r.nextRetryAt - now) / 1000));
  return `Companion unreachable: retrying in ${s} s (attempt ${r.attempt}). The in-browser model covers the call meanwhile.`;
}

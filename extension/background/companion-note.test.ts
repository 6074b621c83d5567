import { describe, expect, it } from 'vitest';
import { companionNote } from './companion-note';

describe('companionNote', () => {
  it('counts down to the next retry and says the in-browser model covers the call', () => {
    const engine = { model: 'ready' as const, companion: 'down' as const, companionRetry: { attempt: 3, nextRetryAt: 10_000, reason: 'the connection was lost' } };
    expect(companionNote(engine, 2_500)).toBe('Companion unreachable: retrying in 8 s (attempt 3). The in-browser model covers the call meanwhile.');
    expect(companionNote(engine, 12_000)).toContain('retrying in 0 s');
  });

  it('says nothing while connected or off, and names a refused token', () => {
    expect(companionNote({ model: 'ready', companion: 'connected' }, 0)).toBeUndefined();
    expect(companionNote({ model: 'ready', companion: 'off' }, 0)).toBeUndefined();
    const refused = { model: 'ready' as const, companion: 'down' as const, companionRetry: { attempt: 1, nextRetryAt: 0, reason: 'companion refused the token (4401)' } };
    expect(companionNote(refused, 0)).toMatch(/refused the pairing token/);
  });
});

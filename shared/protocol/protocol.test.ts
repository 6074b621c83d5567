import { describe, expect, expectTypeOf, it } from 'vitest';
import { clientMessageSchema, serverMessageSchema, type ClientMessage, type ServerMessage } from './companion-ws';
import { safeParseWith } from './common';
import { analysisEventSchema } from './analysis';

describe('companion WebSocket protocol', () => {
  it('accepts a valid audio frame and narrows on type', () => {
    const r = safeParseWith(clientMessageSchema, { v: 1, type: 'audio', streamId: 's1', seq: 0, sampleRate: 16000, pcm: 'AAA=' });
    expect(r.ok).toBe(true);
    if (r.ok && r.value.type === 'audio') expectTypeOf(r.value.pcm).toEqualTypeOf<string>();
  });

  it('rejects other versions, unknown types and hostile stream ids with a short message', () => {
    expect(safeParseWith(clientMessageSchema, { v: 2, type: 'ping', t: 1 }).ok).toBe(false);
    expect(safeParseWith(clientMessageSchema, { v: 1, type: 'shutdown' }).ok).toBe(false);
    const r = safeParseWith(clientMessageSchema, { v: 1, type: 'stream.start', streamId: '<script>' });
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/^streamId: /) });
    expect(safeParseWith(clientMessageSchema, { v: 1, type: 'audio', streamId: 's', seq: 0, sampleRate: 16000, pcm: 'not base64!' }).ok).toBe(false);
  });

  it('types every message as a discriminated union on `type`', () => {
    expectTypeOf<ClientMessage['type']>().toEqualTypeOf<'hello' | 'stream.start' | 'audio' | 'stream.end' | 'ping'>();
    expectTypeOf<Extract<ServerMessage, { type: 'score' }>>().toHaveProperty('pSpoof');
  });

  it('validates server messages the extension receives', () => {
    expect(serverMessageSchema.safeParse({ v: 1, type: 'dropped', streamId: 'a', windows: 3, reason: 'overload' }).success).toBe(true);
    expect(serverMessageSchema.safeParse({ v: 1, type: 'score', streamId: 'a', pSpoof: 2 }).success).toBe(false);
  });
});

describe('analysis messages', () => {
  it('parses NDJSON analysis events', () => {
    expect(analysisEventSchema.safeParse({ v: 1, type: 'progress', stage: 'scoring', done: 1, total: 4 }).success).toBe(true);
    expect(analysisEventSchema.safeParse({ v: 1, type: 'error', error: 'corrupt file' }).success).toBe(true);
  });
});

import { describe, expect, expectTypeOf, it } from 'vitest';
import { messageMap, ownedBy, type Envelope } from './protocol';

describe('extension message map', () => {
  it('rejects a stream update with an unknown state', () => {
    const u = { streamId: 'a', tabId: 1, site: 'meet', state: 'fake', pSpoof: 0.2, windowP: null, engine: { kind: 'browser', label: 'x', model: 'lite' }, t: 0 };
    expect(messageMap['stream.update'].req.safeParse(u).success).toBe(false);
    expect(messageMap['stream.update'].req.safeParse({ ...u, state: 'human' }).success).toBe(true);
  });

  it('has one name per message: nothing is addressed to a context under a relay name', () => {
    expect(Object.keys(messageMap).filter((k) => k.startsWith('offscreen.'))).toEqual([]);
    expect(ownedBy('inference')).toEqual(
      expect.arrayContaining(['stream.start', 'stream.audio', 'stream.label', 'stream.end', 'file.analyze', 'companion.test', 'settings.changed', 'engine.status']),
    );
    expect(ownedBy('background')).toEqual(expect.arrayContaining(['call.status', 'engine.open', 'stream.update']));
  });

  it('types the envelope as a discriminated union on `type`', () => {
    type Update = Extract<Envelope, { type: 'stream.update' }>['data'];
    expectTypeOf<Update['state']>().toEqualTypeOf<'listening' | 'no-speech' | 'human' | 'suspicious' | 'synthetic'>();
    expectTypeOf<Extract<Envelope, { type: 'stream.start' }>['data']>().toHaveProperty('site');
  });
});

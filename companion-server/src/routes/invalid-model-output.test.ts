import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav, speechLike } from '../testing/audio';
import { writeNanModel } from '../testing/nan-model';
import { buildTestApp, multipart, type TestApp } from '../testing/test-app';
import { audioMessage, pairedProbe, start } from '../testing/ws-probe';

/** Speech-like audio shifted so every window's mean is negative (the NaN model's log then fails). */
const negative = (s: number) => speechLike(s, 16000, 0.3).map((v) => v - 0.4);
const positive = (s: number) => speechLike(s, 16000, 0.3).map((v) => v + 0.4);

describe('a model that produces NaN for some input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ addModels: (dir) => writeNanModel(dir) });
  });
  afterAll(async () => t.close());

  it('answers a file it cannot score with 422, and the next file still works', async () => {
    const post = (data: Buffer) => {
      const b = multipart([{ filename: 'x.wav', data }]);
      return t.app.inject({ method: 'POST', url: '/v1/analyze?model=nan-model', headers: { ...t.auth, ...b.headers }, payload: b.payload });
    };
    const bad = await post(encodeWav([negative(2)], 16000));
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ error: 'unscorable' });
    const good = await post(encodeWav([positive(2)], 16000));
    expect(good.statusCode).toBe(200);
  });

  it('reports the failed windows on their own stream only', async () => {
    const p = await pairedProbe(t.app, t.token);
    p.send(start('bad', 'nan-model'));
    p.send(start('good', 'nan-model'));
    const bad = negative(1);
    const good = positive(1);
    for (let i = 0, seq = 0; i < bad.length; i += 1600, seq++) {
      p.send(audioMessage('bad', seq, bad.subarray(i, i + 1600)));
      p.send(audioMessage('good', seq, good.subarray(i, i + 1600)));
    }
    expect(await p.next('error')).toMatchObject({ code: 'internal', streamId: 'bad', fatal: false });
    await p.next('score', (m) => m.streamId === 'good');
    expect(p.of('score').every((m) => m.streamId === 'good')).toBe(true);
    p.ws.close();
  });
});

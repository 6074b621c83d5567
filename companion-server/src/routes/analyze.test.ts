import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisEventSchema, analysisResultSchema } from '../../../shared/index';
import { encodeWav, speechLike } from '../testing/audio';
import { buildTestApp, multipart, type TestApp } from '../testing/test-app';

// The fixture model's logit is 40·RMS − 4: loud speech-like audio scores "synthetic", quiet "human".
const loud = encodeWav([speechLike(3, 16000, 0.6)], 16000);
const quiet = encodeWav([speechLike(3, 16000, 0.03)], 16000);

describe('POST /v1/analyze', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ config: { maxAudioSeconds: 60, maxUploadBytes: 2 * 1024 * 1024 } });
  });
  afterAll(async () => t.close());

  const analyze = (data: Buffer, query = '', fields: Record<string, string> = {}, filename = 'clip.wav') => {
    const body = multipart([{ filename, data }], fields);
    return t.app.inject({ method: 'POST', url: `/v1/analyze${query}`, headers: { ...t.auth, ...body.headers }, payload: body.payload });
  };

  it('scores a WAV upload and answers the shared result schema', async () => {
    const res = await analyze(loud);
    expect(res.statusCode).toBe(200);
    const r = analysisResultSchema.parse(res.json());
    expect(r).toMatchObject({ verdict: 'synthetic', file: 'clip.wav', preset: 'balanced', threshold: 0.5, engine: 'onnxruntime-node/cpu' });
    expect(r.model.name).toBe('test-fixture');
    expect(r.source).toEqual({ sampleRate: 16000, channels: 1, format: 'wav' });
    expect(r.durationS).toBeCloseTo(3, 2);
    expect(r.pSpoof).toBeGreaterThan(0.5);
    expect(r.timeline.length).toBeGreaterThan(3);
    expect(r.explanation[0]).toMatch(/speech windows scored/);
  });

  it('accepts uploads larger than the 1 MB JSON body limit (up to the upload limit)', async () => {
    const res = await analyze(encodeWav([speechLike(50, 16000, 0.6)], 16000)); // 1.6 MB
    expect(res.statusCode).toBe(200);
    expect(res.json().durationS).toBeCloseTo(50, 1);
  });

  it('tells quiet (per the fixture, human) audio apart', async () => {
    const r = (await analyze(quiet)).json();
    expect(r.verdict).toBe('human');
    expect(r.pSpoof).toBeLessThan(0.2);
  });

  it('downmixes and resamples a 44.1 kHz stereo file', async () => {
    const a = speechLike(2, 44100, 0.6);
    const r = (await analyze(encodeWav([a, a], 44100))).json();
    expect(r.source).toEqual({ sampleRate: 44100, channels: 2, format: 'wav' });
    expect(r.durationS).toBeCloseTo(2, 2);
    expect(r.verdict).toBe('synthetic');
  });

  it('applies presets from the query and from form fields', async () => {
    expect((await analyze(loud, '?preset=conservative')).json().threshold).toBe(0.8);
    expect((await analyze(loud, '', { preset: 'sensitive' })).json().threshold).toBe(0.3);
    const custom = (await analyze(loud, '?preset=custom&threshold=0.999')).json();
    expect(custom).toMatchObject({ preset: 'custom', threshold: 0.999 });
    expect(custom.verdict).not.toBe('synthetic');
  });

  it.each([
    ['?preset=custom', /threshold/],
    ['?preset=paranoid', /preset/],
    ['?preset=custom&threshold=1.5', /threshold/],
    ['?model=../etc', /model/],
  ])('rejects bad options %s with 400', async (q, msg) => {
    const res = await analyze(loud, q);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('bad-options');
    expect(res.json().message).toMatch(msg);
  });

  it('rejects an unknown model with 400 naming the available ones', async () => {
    const res = await analyze(loud, '?model=huge');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'unknown-model' });
    expect(res.json().message).toMatch(/test-fixture/);
  });

  it('streams NDJSON progress then the result with ?progress=1', async () => {
    const res = await analyze(encodeWav([speechLike(20, 16000, 0.6)], 16000), '?progress=1');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const events = res.body.trim().split('\n').map((l) => analysisEventSchema.parse(JSON.parse(l)));
    const last = events.at(-1)!;
    expect(last.type).toBe('result');
    const scoring = events.filter((e) => e.type === 'progress' && e.stage === 'scoring');
    expect(scoring.length).toBeGreaterThan(2);
    expect(events.some((e) => e.type === 'progress' && e.stage === 'decoding')).toBe(true);
    const final = scoring.at(-1)!;
    expect(final.type === 'progress' && final.done === final.total).toBe(true);
  });

  it('reports a decoding failure as an error line when streaming', async () => {
    const res = await analyze(Buffer.from('RIFF....WAVEfmt garbage'), '?progress=1');
    const lines = res.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ type: 'error' });
  });
});

describe('bad uploads', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ config: { maxAudioSeconds: 10, maxUploadBytes: 1024 * 1024 } });
  });
  afterAll(async () => t.close());

  const post = (payload: Buffer, headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: '/v1/analyze', headers: { ...t.auth, ...headers }, payload });
  const upload = (data: Buffer) => {
    const b = multipart([{ filename: 'x', data }]);
    return post(b.payload, b.headers);
  };
  const float = (x: number[]) => encodeWav([Float32Array.from(x)], 16000, true);

  it.each([
    ['an empty file', Buffer.alloc(0), 400, 'empty-file'],
    ['text', Buffer.from('this is not audio at all, just words'), 415, 'unsupported-format'],
    ['random bytes', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)), 415, 'unsupported-format'],
    ['a WAV header with no samples', encodeWav([new Float32Array(0)], 16000), 422, 'no-audio'],
    ['a WAV cut inside its header', encodeWav([speechLike(1)], 16000).subarray(0, 40), 422, 'no-audio'],
    ['audio longer than the limit', encodeWav([speechLike(11, 8000)], 8000), 413, 'audio-too-long'],
  ])('answers %s with a clear 4xx', async (_name, data, status, code) => {
    const res = await upload(data);
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ error: code });
    expect(res.json().message.length).toBeGreaterThan(10);
  });

  it('answers an upload over the size limit with 413', async () => {
    const res = await upload(Buffer.alloc(1024 * 1024 + 10, 1));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: 'payload-too-large' });
    expect(res.json().message).toMatch(/1 MB/);
  });

  it('answers a body that is not multipart with 415', async () => {
    const res = await post(Buffer.from('{"file":"x"}'), { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(415);
    expect(res.json().error).toBe('not-multipart');
  });

  it('answers multipart without a file with 400', async () => {
    const b = multipart([], { preset: 'balanced' });
    const res = await post(b.payload, b.headers);
    expect(res.statusCode).toBe(400);
  });

  it('scores silence as "no-speech" rather than failing', async () => {
    const res = await upload(encodeWav([new Float32Array(32000)], 16000));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ verdict: 'no-speech', pSpoof: null, speechS: 0 });
    expect(res.json().stats.rmsDbfs).toBe(-120);
  });

  it('replaces NaN and infinite samples and says so', async () => {
    const x = Array.from(speechLike(2, 16000, 0.6));
    for (let i = 0; i < x.length; i += 997) x[i] = i % 2 ? NaN : Infinity;
    const res = await upload(float(x));
    expect(res.statusCode).toBe(200);
    expect(res.json().stats.nonFinite).toBeGreaterThan(0);
    expect(res.json().explanation.join(' ')).toMatch(/invalid \(NaN or infinite\) samples/);
    expect(res.json().verdict).toBe('synthetic');
  });

  it('keeps serving good requests after all of the above, and counts outcomes in /metrics', async () => {
    const res = await upload(encodeWav([speechLike(2, 16000, 0.6)], 16000));
    expect(res.statusCode).toBe(200);
    expect(res.json().verdict).toBe('synthetic');
    const metrics = (await t.app.inject({ url: '/metrics', headers: t.auth })).body;
    expect(metrics).toMatch(/veracall_analyses_total\{outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/veracall_analyses_total\{outcome="rejected"\} [1-9]/);
    expect(metrics).toMatch(/veracall_windows_scored_total\{source="file"\} [1-9]/);
    expect(metrics).not.toMatch(/outcome="error"/);
  });
});

describe('analysis without models', () => {
  it('answers 503 with a clear message', async () => {
    const t = await buildTestApp({ models: 'none' });
    try {
      const b = multipart([{ filename: 'x.wav', data: loud }]);
      const res = await t.app.inject({ method: 'POST', url: '/v1/analyze', headers: { ...t.auth, ...b.headers }, payload: b.payload });
      expect(res.statusCode).toBe(503);
      expect(res.json().error).toBe('no-models');
      expect(res.json().message).toMatch(/No detector models are installed/);
    } finally {
      await t.close();
    }
  });
});

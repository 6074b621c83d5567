import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav, speechLike } from '../testing/audio';
import { buildTestApp, multipart, type TestApp } from '../testing/test-app';

// Issue 16, item 1: the token check decided on the raw URL, the router on the decoded one.
describe('the token check cannot be bypassed with encoded paths', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  it.each(['/%76%31/models', '/v%31/models', '/%761/models', '/v1%2Fmodels', '/V1/models', '/v1//models', '/v1/models/', '/v1/./models', '/v1/models?x=/health'])(
    'GET %s without a token is refused',
    async (url) => {
      const res = await t.app.inject({ url });
      expect([401, 404]).toContain(res.statusCode);
      expect(res.body).not.toMatch(/"models"/);
    },
  );

  it('the encoded path does reach the route with a token (so the test above exercises the bypass)', async () => {
    const res = await t.app.inject({ url: '/%76%31/models', headers: t.auth });
    expect(res.statusCode).toBe(200);
    expect(res.json().models).toHaveLength(1);
  });

  it('POST /%76%31/analyze with a file is refused without a token', async () => {
    const body = multipart([{ filename: 'a.wav', data: encodeWav([speechLike(1, 16000, 0.5)], 16000) }]);
    const res = await t.app.inject({ method: 'POST', url: '/%76%31/analyze', headers: body.headers, payload: body.payload });
    expect(res.statusCode).toBe(401);
  });

  it('unknown paths need the token too (deny by default)', async () => {
    expect((await t.app.inject({ url: '/v2/anything' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/v2/anything', headers: t.auth })).statusCode).toBe(404);
  });

  it('only routes marked public answer without the token', async () => {
    const open = t.app.printRoutes({ commonPrefix: false });
    expect(open).toMatch(/health/);
    expect((await t.app.inject({ url: '/health' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/%68ealth' })).statusCode).toBe(200);
  });

  it('answers a burst of wrong tokens with 429 after a while', async () => {
    const x = await buildTestApp();
    try {
      const codes: number[] = [];
      for (let i = 0; i < 40; i++) codes.push((await x.app.inject({ url: '/v1/models', headers: { authorization: 'Bearer nope' } })).statusCode);
      expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
      expect(codes).toContain(429);
      // the right token still works during a guessing attack
      expect((await x.app.inject({ url: '/v1/models', headers: x.auth })).statusCode).toBe(200);
    } finally {
      await x.close();
    }
  });
});

describe('a companion bound beyond loopback (HOST=0.0.0.0)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ config: { host: '0.0.0.0', allowedHosts: ['192.168.1.5'] } });
  });
  afterAll(async () => t.close());

  it('refuses a network peer that claims Host: localhost', async () => {
    const res = await t.app.inject({ url: '/%76%31/models', remoteAddress: '192.168.1.20', headers: { host: 'localhost' } });
    expect(res.statusCode).toBe(421);
    expect((await t.app.inject({ url: '/health', remoteAddress: '192.168.1.20', headers: { host: 'localhost:8765' } })).statusCode).toBe(421);
  });

  it('needs the token from a network peer that names the configured host', async () => {
    const remote = { remoteAddress: '192.168.1.20', headers: { host: '192.168.1.5:8765' } };
    expect((await t.app.inject({ url: '/%76%31/models', ...remote })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/v1/models', ...remote, headers: { ...remote.headers, ...t.auth } })).statusCode).toBe(200);
  });

  it('still answers loopback peers addressed to localhost (also as IPv4-mapped IPv6)', async () => {
    expect((await t.app.inject({ url: '/health', remoteAddress: '::ffff:127.0.0.1', headers: { host: 'localhost' } })).statusCode).toBe(200);
  });
});

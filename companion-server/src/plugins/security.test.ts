import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetOriginPin } from '../pairing/origin-pin';
import { loadOrCreatePairing } from '../pairing/token-store';
import { buildTestApp, type TestApp } from '../testing/test-app';
import { hostName, originAllowed } from './security';

const CHROME = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const FIREFOX = 'moz-extension://0a1b2c3d-4e5f-6789-abcd-ef0123456789';

describe('Host, Origin and token checks', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  it.each([undefined, 'Bearer', 'Bearer wrong-token', 'Basic abc'])('refuses /v1/* with authorization %s (401)', async (authorization) => {
    const res = await t.app.inject({ url: '/v1/models', headers: authorization ? { authorization } : {} });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'unauthorized' });
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('refuses POST /v1/analyze without a token before reading the upload', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/analyze', payload: 'x' });
    expect(res.statusCode).toBe(401);
  });

  it.each(['evil.example', 'evil.example:8765', '127.0.0.1.nip.io', 'localhost.evil.example'])('refuses Host %j (DNS rebinding)', async (host) => {
    const res = await t.app.inject({ url: '/health', headers: { host } });
    expect(res.statusCode).toBe(421);
    expect(res.json().error).toBe('bad-host');
  });

  it.each(['localhost', 'localhost:8765', '127.0.0.1:8765', '[::1]:8765', '[::1]'])('accepts Host %s', async (host) => {
    const res = await t.app.inject({ url: '/health', headers: { host } });
    expect(res.statusCode).toBe(200);
  });

  it.each(['https://evil.example', 'http://localhost:3000', 'null', 'chrome-extension://short'])('refuses Origin %s with 403, even with the token', async (origin) => {
    const res = await t.app.inject({ url: '/v1/models', headers: { ...t.auth, origin } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toBe('forbidden-origin');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers extension origins with CORS headers', async () => {
    for (const origin of [CHROME, FIREFOX]) {
      const res = await t.app.inject({ url: '/v1/models', headers: { ...t.auth, origin } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe(origin);
    }
  });

  it('answers a CORS preflight from the extension without a token, and refuses one from a web page', async () => {
    const ok = await t.app.inject({ method: 'OPTIONS', url: '/v1/analyze', headers: { origin: CHROME, 'access-control-request-method': 'POST' } });
    expect(ok.statusCode).toBe(204);
    expect(ok.headers['access-control-allow-headers']).toMatch(/authorization/);
    const bad = await t.app.inject({ method: 'OPTIONS', url: '/v1/analyze', headers: { origin: 'https://evil.example' } });
    expect(bad.statusCode).toBe(403);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await t.app.inject({ url: '/nope', headers: t.auth });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'not-found', message: 'No route GET /nope.' });
  });
});

describe('a configured origin allow-list and extra host', () => {
  it('allows only the listed extension and host', async () => {
    const t = await buildTestApp({ config: { allowedOrigins: [CHROME], allowedHosts: ['192.168.1.5'] } });
    try {
      expect((await t.app.inject({ url: '/v1/models', headers: { ...t.auth, origin: CHROME } })).statusCode).toBe(200);
      expect((await t.app.inject({ url: '/v1/models', headers: { ...t.auth, origin: FIREFOX } })).statusCode).toBe(403);
      expect((await t.app.inject({ url: '/health', headers: { host: '192.168.1.5:8765' } })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('helpers', () => {
  it('parses Host headers', () => {
    expect(hostName('LocalHost:80')).toBe('localhost');
    expect(hostName('[::1]:8765')).toBe('[::1]');
    expect(hostName('a:b:c')).toBeUndefined();
    expect(hostName(undefined)).toBeUndefined();
  });
  it('lets requests without Origin through (CLI, curl)', () => {
    expect(originAllowed(undefined, [])).toBe(true);
  });
});

// Issue 16, item 7: every extension origin was accepted; the first paired one is now pinned.
describe('pinning the paired extension origin', () => {
  it('remembers the first authenticated extension origin and refuses other extensions afterwards, across restarts', async () => {
    const t = await buildTestApp({ pinOrigin: true });
    try {
      // an unauthenticated request pins nothing
      expect((await t.app.inject({ url: '/v1/models', headers: { origin: FIREFOX } })).statusCode).toBe(401);
      expect((await t.app.inject({ url: '/v1/models', headers: { ...t.auth, origin: CHROME } })).statusCode).toBe(200);
      const other = await t.app.inject({ url: '/v1/models', headers: { ...t.auth, origin: FIREFOX } });
      expect(other.statusCode).toBe(403);
      expect(other.json().message).toMatch(/--reset-origin/);
      expect((await t.app.inject({ url: '/v1/models', headers: t.auth })).statusCode).toBe(200); // CLI, curl: no Origin
      const stored = JSON.parse(readFileSync(join(t.config.configDir, 'companion.json'), 'utf8'));
      expect(stored.extensionOrigin).toBe(CHROME);
      expect(loadOrCreatePairing(t.config.configDir).extensionOrigin).toBe(CHROME);
      resetOriginPin(join(t.config.configDir, 'companion.json'));
      expect(loadOrCreatePairing(t.config.configDir).extensionOrigin).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});

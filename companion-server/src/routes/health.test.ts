import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../testing/test-app';

describe('GET /health, /v1/models, /metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  it('reports status, version, engine and loaded models without a token', async () => {
    const res = await t.app.inject({ url: '/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ status: 'ok', engine: 'onnxruntime-node/cpu', executionProvider: 'cpu', defaultModel: 'test-fixture' });
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(body.models).toEqual([{ name: 'test-fixture', version: 'test', engine: 'onnxruntime-node/cpu' }]);
    expect(body.uptimeS).toBeGreaterThanOrEqual(0);
  });

  it('lists models with their windows and preset thresholds', async () => {
    const res = await t.app.inject({ url: '/v1/models', headers: t.auth });
    expect(res.statusCode).toBe(200);
    const [m] = res.json().models;
    expect(m).toMatchObject({
      name: 'test-fixture',
      windowSamples: 8000,
      hopSamples: 4000,
      windowS: 0.5,
      thresholds: { sensitive: 0.3, balanced: 0.5, conservative: 0.8 },
    });
  });

  it('exposes Prometheus metrics that count requests by route and status', async () => {
    await t.app.inject({ url: '/v1/models' }); // 401
    const res = await t.app.inject({ url: '/metrics', headers: t.auth });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(text).toMatch(/veracall_http_requests_total\{method="GET",route="\/v1\/models",status="200"\} 1/);
    expect(text).toMatch(/veracall_http_requests_total\{method="GET",route="\/v1\/models",status="401"\} 1/);
    expect(text).toMatch(/# TYPE veracall_inference_seconds histogram/);
    // prom-client's process metrics: what shows a flood (event-loop lag) or a bomb (RSS, heap)
    expect(text).toMatch(/veracall_process_resident_memory_bytes \d+/);
    expect(text).toMatch(/veracall_nodejs_eventloop_lag_p99_seconds [\d.e-]+/);
    expect(text).toMatch(/veracall_nodejs_heap_size_used_bytes \d+/);
    expect(text).toMatch(/veracall_auth_failures_total\{kind="rest"\} 1/);
  });

  it('keeps /metrics (which tells whether a call is being analysed) behind the token unless opted in', async () => {
    expect((await t.app.inject({ url: '/metrics' })).statusCode).toBe(401);
    const open = await buildTestApp({ config: { publicMetrics: true } });
    try {
      expect((await open.app.inject({ url: '/metrics' })).statusCode).toBe(200);
    } finally {
      await open.close();
    }
  });
});

describe('a companion without models', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ models: 'none' });
  });
  afterAll(async () => t.close());

  it('still starts and says so in /health', async () => {
    const res = await t.app.inject({ url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'degraded', models: [], defaultModel: null });
    expect(res.json().message).toMatch(/No detector models/);
  });

  it('lists no models', async () => {
    const res = await t.app.inject({ url: '/v1/models', headers: t.auth });
    expect(res.json()).toMatchObject({ models: [], defaultModel: null });
  });
});

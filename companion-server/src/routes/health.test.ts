import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteOptions } from 'fastify';
import { healthRouteSchema, modelsRouteSchema } from '../schemas/status-routes';
import { buildTestApp, type TestApp } from '../testing/test-app';

/** The keys a JSON schema requires are in `value`, and it has no key the schema does not declare (recursively). */
function conforms(schema: { required?: readonly string[]; properties?: Record<string, unknown>; items?: unknown; additionalProperties?: boolean }, value: unknown): boolean {
  if (Array.isArray(value)) return value.every((v) => conforms(schema.items as never, v));
  if (value === null || typeof value !== 'object' || !schema.properties || schema.additionalProperties) return true;
  const o = value as Record<string, unknown>;
  return (schema.required ?? []).every((k) => k in o) && Object.entries(o).every(([k, v]) => k in schema.properties! && conforms(schema.properties![k] as never, v));
}

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

describe('route schemas of the read-only routes', () => {
  it('declare a query and a response schema, which the answers satisfy; unknown query parameters are dropped', async () => {
    const routes: RouteOptions[] = [];
    const t = await buildTestApp({ onRoute: (r) => routes.push(r) });
    try {
      for (const url of ['/health', '/v1/models', '/metrics']) {
        const r = routes.find((x) => x.url === url && x.method === 'GET');
        expect(r?.schema?.querystring, url).toBeDefined();
        expect((r?.schema?.response as Record<string, unknown> | undefined)?.[200], url).toBeDefined();
        expect((r?.schema?.response as Record<string, unknown> | undefined)?.['4xx'], url).toBeDefined();
      }
      const health = await t.app.inject({ url: '/health?verbose=1' });
      expect(health.statusCode).toBe(200);
      expect(conforms(healthRouteSchema.response[200], health.json())).toBe(true);
      const models = await t.app.inject({ url: '/v1/models?x=1', headers: t.auth });
      expect(models.statusCode).toBe(200);
      expect(conforms(modelsRouteSchema.response[200], models.json())).toBe(true);
      expect(models.json().models[0].presets.balanced.threshold).toBe(0.5);
      expect((await t.app.inject({ url: '/metrics?x=1', headers: t.auth })).body).toMatch(/^# HELP /m);
    } finally {
      await t.close();
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

import { errorResponseJsonSchema } from './error-response';

/**
 * Route schemas of the read-only routes: /health, /v1/models, /metrics. None takes a query
 * (unknown parameters are dropped); responses are serialized from these schemas, so a field
 * added to a handler does not leave the companion until it is declared here.
 */
const noQuery = { type: 'object', properties: {}, additionalProperties: false } as const;
const errors = { '4xx': errorResponseJsonSchema, '5xx': errorResponseJsonSchema } as const;
const nullableString = { type: ['string', 'null'] } as const;
const thresholds = {
  type: 'object',
  required: ['sensitive', 'balanced', 'conservative'],
  properties: { sensitive: { type: 'number' }, balanced: { type: 'number' }, conservative: { type: 'number' } },
} as const;
const preset = { type: 'object', required: ['threshold'], properties: { threshold: { type: 'number' }, targetFpr: { type: 'number' } } } as const;

export const healthRouteSchema = {
  querystring: noQuery,
  response: {
    200: {
      type: 'object',
      required: ['status', 'version', 'protocol', 'engine', 'executionProvider', 'defaultModel', 'models', 'skipped', 'uptimeS'],
      properties: {
        status: { type: 'string', enum: ['ok', 'degraded'] },
        version: { type: 'string' },
        protocol: { type: 'integer' },
        engine: { type: 'string' },
        executionProvider: { type: 'string' },
        defaultModel: nullableString,
        models: {
          type: 'array',
          items: { type: 'object', required: ['name', 'version', 'engine'], properties: { name: { type: 'string' }, version: { type: 'string' }, engine: { type: 'string' } } },
        },
        message: { type: 'string' },
        skipped: { type: 'array', items: { type: 'object', required: ['file', 'reason'], properties: { file: { type: 'string' }, reason: { type: 'string' } } } },
        uptimeS: { type: 'integer' },
      },
    },
    ...errors,
  },
} as const;

export const modelsRouteSchema = {
  querystring: noQuery,
  response: {
    200: {
      type: 'object',
      required: ['defaultModel', 'engine', 'models'],
      properties: {
        defaultModel: nullableString,
        engine: { type: 'string' },
        models: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'displayName', 'version', 'windowSamples', 'hopSamples', 'thresholds', 'engine', 'sampleRate', 'windowS', 'calibration', 'presets'],
            properties: {
              name: { type: 'string' },
              displayName: { type: 'string' },
              version: { type: 'string' },
              windowSamples: { type: 'integer' },
              hopSamples: { type: 'integer' },
              thresholds,
              engine: { type: 'string' },
              sampleRate: { type: 'integer' },
              windowS: { type: 'number' },
              calibration: { type: 'string' },
              presets: { type: 'object', required: ['sensitive', 'balanced', 'conservative'], properties: { sensitive: preset, balanced: preset, conservative: preset } },
              parameters: { type: ['integer', 'null'] },
              // the model card's figures, as the sidecar has them
              metrics: { type: ['object', 'null'], additionalProperties: true },
            },
          },
        },
      },
    },
    ...errors,
  },
} as const;

/** Prometheus text exposition format. */
export const metricsRouteSchema = {
  querystring: noQuery,
  response: { 200: { type: 'string' }, ...errors },
} as const;

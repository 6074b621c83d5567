import type { FastifyInstance } from 'fastify';
import { modelInfo } from '../models/model-registry';
import { modelsRouteSchema } from '../schemas/status-routes';

/** Installed detectors with their windows and the sensitivity presets' thresholds. */
export default async function modelRoutes(app: FastifyInstance) {
  app.get('/v1/models', { schema: modelsRouteSchema }, async () => ({
    defaultModel: app.models.defaultName ?? null,
    engine: app.models.engine,
    models: app.models.list().map(({ sidecar: s, engine }) => ({
      ...modelInfo(s),
      engine,
      sampleRate: s.sampleRate,
      windowS: s.windowSamples / s.sampleRate,
      calibration: s.calibration.method,
      presets: s.presets,
      parameters: s.parameters ?? null,
      metrics: s.metrics ?? null,
    })),
  }));
}

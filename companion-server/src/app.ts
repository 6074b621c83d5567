import type { FastifyInstance } from 'fastify';
import type { CompanionConfig } from './config';
import type { ModelRegistry } from './models/model-registry';
import type { OriginPin } from './pairing/origin-pin';
import authPlugin from './plugins/auth';
import errorHandlerPlugin from './plugins/error-handler';
import metricsPlugin from './plugins/metrics';
import modelsPlugin from './plugins/models';
import multipartPlugin from './plugins/multipart';
import securityPlugin from './plugins/security';
import websocketPlugin from './plugins/websocket';
import analyzeRoutes from './routes/analyze';
import analyzeBatchRoutes from './routes/analyze-batch';
import healthRoutes from './routes/health';
import metricsRoutes from './routes/metrics';
import modelRoutes from './routes/models';
import streamRoutes from './routes/stream';

export interface AppOptions {
  config: CompanionConfig;
  /** Pairing token (from the config dir; see pairing/token-store.ts). */
  token: string;
  /** A registry the caller loaded and owns; otherwise loaded from config.modelsDir. */
  registry?: ModelRegistry;
  /** Pins the first authenticated extension origin (see pairing/origin-pin.ts); none: any extension origin. */
  originPin?: OriginPin;
}

/**
 * The companion as a Fastify plugin: the server, the tests (through `inject`/`injectWS`)
 * and the benchmark all register this. Order matters: security and authentication hooks
 * are in place before any route.
 */
export default async function companionApp(app: FastifyInstance, opts: AppOptions) {
  app.decorate('config', opts.config);
  app.decorate('pairingToken', opts.token);
  app.decorate('originPin', opts.originPin);
  await app.register(errorHandlerPlugin);
  await app.register(metricsPlugin);
  await app.register(securityPlugin, { allowedOrigins: opts.config.allowedOrigins, allowedHosts: opts.config.allowedHosts });
  await app.register(authPlugin);
  await app.register(modelsPlugin, { registry: opts.registry });
  await app.register(multipartPlugin);
  await app.register(websocketPlugin);

  await app.register(healthRoutes);
  await app.register(metricsRoutes);
  await app.register(modelRoutes);
  await app.register(analyzeRoutes);
  await app.register(analyzeBatchRoutes);
  await app.register(streamRoutes);
}

import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AnalysisSlots } from '../analysis/analysis-slots';
import { OffThreadDecoder } from '../audio/decode-off-thread';
import { ModelRegistry } from '../models/model-registry';
import { InferenceScheduler } from '../stream/inference-scheduler';
import { IngestPump } from '../stream/ingest-pump';

export interface ModelsOptions {
  /** A registry loaded by the caller (tests share one); otherwise loaded from config.modelsDir. */
  registry?: ModelRegistry;
}

/** The model registry, the stream inference scheduler that batches windows across connections, the stream ingest pump, file-analysis admission and the decoder thread. */
export default fp(
  async function models(app: FastifyInstance, opts: ModelsOptions) {
    const { config } = app;
    const registry =
      opts.registry ??
      (await ModelRegistry.load({
        dir: config.modelsDir,
        executionProvider: config.executionProvider,
        allowTestFixtures: config.allowTestFixtures,
        maxBatch: config.ws.maxBatch,
        cpuThreads: config.inferenceThreads,
        offThread: true,
        onSkip: (f) => app.log.warn({ file: f.file, reason: f.error }, 'model skipped'),
      }));
    if (registry.size === 0) app.log.warn({ dir: registry.dir }, 'no detector models loaded; analysis will answer 503');
    else app.log.info({ models: registry.list().map((m) => m.sidecar.name), engine: registry.engine }, 'models loaded');
    app.decorate('models', registry);
    app.decorate(
      'scheduler',
      new InferenceScheduler({ maxBatch: config.ws.maxBatch, maxPendingGlobal: config.ws.maxPendingGlobal, metrics: app.metrics, log: app.log }),
    );
    app.decorate('ingest', new IngestPump());
    app.decorate('analysisSlots', new AnalysisSlots(config.maxConcurrentAnalyses, config.maxQueuedAnalyses));
    app.decorate('decoder', new OffThreadDecoder());
    app.decorate('openUploads', new Set<Socket>());
    app.addHook('preClose', async () => {
      app.analysisSlots.close();
      // Stalled or long uploads would hold shutdown for minutes (requestTimeout); their clients get a reset.
      for (const s of app.openUploads) s.destroy();
    });
    app.addHook('onClose', async () => app.decoder.close());
    // A registry passed in belongs to the caller, who releases it.
    if (!opts.registry) app.addHook('onClose', async () => registry.close());
  },
  { name: 'models', dependencies: ['metrics'] },
);

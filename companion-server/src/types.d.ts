import type { AnalysisSlots } from './analysis/analysis-slots';
import type { OffThreadDecoder } from './audio/decode-off-thread';
import type { CompanionConfig } from './config';
import type { CompanionMetrics } from './metrics/metrics';
import type { ModelRegistry } from './models/model-registry';
import type { InferenceScheduler } from './stream/inference-scheduler';
import type { IngestPump } from './stream/ingest-pump';

declare module 'fastify' {
  interface FastifyInstance {
    config: CompanionConfig;
    models: ModelRegistry;
    metrics: CompanionMetrics;
    scheduler: InferenceScheduler;
    /** Every WebSocket connection's queued messages, handled in turn (stream/ingest-pump.ts). */
    ingest: IngestPump;
    analysisSlots: AnalysisSlots;
    decoder: OffThreadDecoder;
    /** Sockets of file-analysis requests still open; cut at shutdown. */
    openUploads: Set<import('node:net').Socket>;
    /** The extension origin pinned at pairing (absent: every extension origin is accepted). */
    originPin: import('./pairing/origin-pin').OriginPin | undefined;
    /** The pairing token REST calls and the WebSocket hello must present. */
    pairingToken: string;
  }
}

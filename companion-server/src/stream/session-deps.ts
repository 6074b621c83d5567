import type { FastifyBaseLogger } from 'fastify';
import type { ServerMessage } from '../../../shared/index';
import type { CompanionConfig } from '../config';
import type { CompanionMetrics } from '../metrics/metrics';
import type { ModelRegistry } from '../models/model-registry';
import type { InferenceScheduler } from './inference-scheduler';
import type { IngestPump } from './ingest-pump';
import type { RateLimiter } from './rate-limiter';

/** The transport the session talks through (a ws socket in production, a fake in unit tests). */
export interface SessionTransport {
  send(msg: ServerMessage): void;
  close(code: number, reason: string): void;
  /** Bytes queued for a slow reader. */
  readonly bufferedAmount: number;
  /** Stops reading the client's frames for `ms` (flow control: a flood waits in TCP buffers, unread and unparsed). */
  holdReading?(ms: number): void;
}

export interface SessionDeps {
  transport: SessionTransport;
  models: ModelRegistry;
  scheduler: InferenceScheduler;
  metrics: CompanionMetrics;
  limits: CompanionConfig['ws'];
  token: string;
  log: FastifyBaseLogger;
  /** Called on a valid hello: false when no paired slot is free (the connection is refused with 4429). */
  admit?: () => boolean;
  /** Called on a wrong token (metrics, throttled warn log). */
  onAuthFailure?: () => void;
  /** Audio bytes all connections together may send; shared by the sessions. */
  globalAudio?: RateLimiter;
  /** Handles every connection's queued messages in turn, in time slices (one per session when absent). */
  ingest?: IngestPump;
}

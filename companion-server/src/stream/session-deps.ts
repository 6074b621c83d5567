import type { FastifyBaseLogger } from 'fastify';
import type { ServerMessage } from '../../../shared/index';
import type { CompanionConfig } from '../config';
import type { CompanionMetrics } from '../metrics/metrics';
import type { ModelRegistry } from '../models/model-registry';
import type { InferenceScheduler } from './inference-scheduler';
import type { RateLimiter } from './rate-limiter';

/** The transport the session talks through (a ws socket in production, a fake in unit tests). */
export interface SessionTransport {
  send(msg: ServerMessage): void;
  close(code: number, reason: string): void;
  /** Bytes queued for a slow reader. */
  readonly bufferedAmount: number;
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
}

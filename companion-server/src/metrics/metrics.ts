import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The companion's Prometheus series on their own registry (one per app, so tests and the
 * bench can run several). With `defaults`, prom-client's process metrics come too:
 * event-loop lag, heap and RSS, the figures that show a flood or a decompression bomb.
 */
export class CompanionMetrics {
  readonly registry = new Registry();
  private readonly counter = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers: [this.registry] });
  private readonly gauge = (name: string, help: string) => new Gauge({ name, help, registers: [this.registry] });

  readonly requests = this.counter('veracall_http_requests_total', 'HTTP requests by route pattern and status code.', ['method', 'route', 'status']);
  readonly analyses = this.counter('veracall_analyses_total', 'File analyses by outcome.', ['outcome']);
  readonly windows = this.counter('veracall_windows_scored_total', 'Windows scored by the detector, by source (file or stream).', ['source']);
  readonly dropped = this.counter('veracall_windows_dropped_total', 'Stream windows dropped under overload.');
  readonly wsConnections = this.gauge('veracall_ws_connections', 'Open WebSocket connections (paired or not).');
  readonly wsStreams = this.gauge('veracall_ws_streams', 'Active streams over WebSocket.');
  readonly wsPending = this.gauge('veracall_ws_pending_windows', 'Stream windows waiting for inference.');
  readonly wsErrors = this.counter('veracall_ws_errors_total', 'Error messages sent over WebSocket, by code.', ['code']);
  readonly wsAudioDropped = this.counter('veracall_ws_audio_dropped_seconds_total', "Seconds of stream audio dropped unprocessed because a connection's (or all connections') backlog was full.");
  readonly wsRefusedFrames = this.counter('veracall_ws_frames_refused_total', 'WebSocket frames dropped unread (over the rate or size limits), by reason.', ['reason']);
  readonly authFailures = this.counter('veracall_auth_failures_total', 'Requests or WebSocket hellos refused for a missing or wrong pairing token.', ['kind']);
  readonly refusedOrigins = this.counter('veracall_refused_origins_total', 'Requests refused for their Origin or Host header.', ['kind']);
  readonly decodeAborts = this.counter('veracall_decode_aborted_total', 'File decodes stopped early, by reason (budget, cancelled, crashed).', ['reason']);
  /** Seconds per stream inference call (one batch of windows). */
  readonly inference = new Histogram({
    name: 'veracall_inference_seconds',
    help: 'Detector inference time per call for live-stream windows (one call scores a batch).',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor(opts: { defaults?: boolean } = {}) {
    if (opts.defaults) collectDefaultMetrics({ register: this.registry, prefix: 'veracall_' });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}

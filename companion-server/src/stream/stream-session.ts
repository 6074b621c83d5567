import { randomUUID } from 'node:crypto';
import {
  AudioFrameError,
  base64ToInt16,
  clientMessageSchema,
  decodeAudioFrame,
  int16ToFloat,
  PcmDecodeError,
  PROTOCOL_VERSION,
  safeParseWith,
  WS_CLOSE,
  WS_MAX_BINARY_FRAME_BYTES,
  WS_MAX_FRAME_BYTES,
  WS_SAMPLE_RATE,
  type ClientMessage,
  type ServerMessage,
  type WindowScore,
  type WsErrorCode,
} from '../../../shared/index';
import { modelInfo } from '../models/model-registry';
import { tokenMatches } from '../pairing/token-store';
import type { PendingWindow, WindowOwner } from './inference-scheduler';
import { WindowedStream } from './windowed-stream';
import {
  AUDIO_BURST_SECONDS,
  AUDIO_BYTES_PER_STREAM_SECOND,
  frameBuffer,
  frameLength,
  MAX_BUFFERED_BYTES,
  MAX_HELLO_BYTES,
  MAX_QUEUED_MESSAGES,
  streamIdOf,
  type RawFrame,
} from './frame-limits';
import { RateLimiter } from './rate-limiter';
import type { SessionDeps } from './session-deps';

export type { SessionDeps, SessionTransport } from './session-deps';

/**
 * One WebSocket connection: hello/ready handshake, then any number (up to the cap) of
 * concurrent streams whose speech windows go to the shared inference scheduler.
 * Messages are handled strictly in arrival order through one promise chain.
 */
export class StreamSession implements WindowOwner {
  readonly id = randomUUID();
  pending = 0;
  readonly maxPending: number;
  private ready = false;
  private closed = false;
  private readonly streams = new Map<string, WindowedStream>();
  private readonly limiter: RateLimiter;
  private readonly bytes: RateLimiter;
  /** A hello is queued: frames after it are the paired protocol (size checks by the usual rules). */
  private helloQueued = false;
  private lastRateLimitNotice = -Infinity;
  private chain: Promise<void> = Promise.resolve();
  private queued = 0;
  private readonly helloTimer: NodeJS.Timeout;

  constructor(private readonly d: SessionDeps) {
    this.maxPending = d.limits.maxPendingPerConnection;
    this.limiter = new RateLimiter(d.limits.maxFramesPerSecond, d.limits.maxFramesPerSecond);
    const perSecond = d.limits.maxStreams * AUDIO_BYTES_PER_STREAM_SECOND;
    this.bytes = new RateLimiter(perSecond, perSecond * AUDIO_BURST_SECONDS);
    this.helloTimer = setTimeout(() => this.fail('unauthorized', 'No hello with a pairing token arrived in time.', WS_CLOSE.unauthorized), d.limits.helloTimeoutMs);
    d.metrics.wsConnections.inc({}, 1);
  }

  /** Entry point for each incoming frame. */
  onFrame(data: RawFrame, isBinary: boolean): void {
    if (this.closed) return;
    // Cheap checks first, on the length alone: a flood costs no parsing.
    const length = frameLength(data);
    if (!this.helloQueued && (isBinary || length > MAX_HELLO_BYTES)) {
      return this.fail('not-ready', 'Send hello with the pairing token first.', WS_CLOSE.protocolError);
    }
    const arrivedAt = performance.now();
    if (!this.limiter.take()) return this.rateLimited('frames');
    if (this.ready && (!this.bytes.take(length) || !(this.d.globalAudio?.take(length) ?? true))) return this.rateLimited('bytes');
    const bytes = frameBuffer(data);
    if (isBinary) return this.onBinary(bytes, arrivedAt);
    if (bytes.length > WS_MAX_FRAME_BYTES) return this.error('frame-too-large', `Frames are limited to ${WS_MAX_FRAME_BYTES} bytes.`);
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      return this.error('bad-json', 'The frame is not valid JSON.');
    }
    const parsed = safeParseWith(clientMessageSchema, json);
    if (!parsed.ok) return this.error('bad-message', parsed.error, streamIdOf(json));
    if (parsed.value.type === 'hello') this.helloQueued = true;
    this.enqueue(() => this.handle(parsed.value, arrivedAt));
  }

  /** A binary audio frame (shared/protocol/companion-ws.ts): no JSON, no base64. */
  private onBinary(bytes: Buffer, arrivedAt: number): void {
    if (bytes.length > WS_MAX_BINARY_FRAME_BYTES) return this.error('frame-too-large', `Binary frames are limited to ${WS_MAX_BINARY_FRAME_BYTES} bytes.`);
    let f;
    try {
      f = decodeAudioFrame(bytes);
    } catch (err) {
      if (!(err instanceof AudioFrameError)) throw err;
      return this.error('bad-message', `binary frame: ${err.message}.`);
    }
    const { streamId, seq, pcm } = f;
    this.enqueue(() => (this.ready ? this.audio(streamId, seq, WS_SAMPLE_RATE, pcm, arrivedAt) : this.fail('not-ready', 'Send hello with the pairing token first.', WS_CLOSE.protocolError)));
  }

  /** Handles messages strictly in arrival order through one promise chain. */
  private enqueue(run: () => Promise<void> | void): void {
    if (this.queued >= MAX_QUEUED_MESSAGES) return this.rateLimited('queue');
    this.queued++;
    this.chain = this.chain
      .then(run)
      .catch((err) => {
        this.d.log.error({ err, session: this.id }, 'stream message failed');
        this.error('internal', 'The companion could not process that message.');
      })
      .finally(() => this.queued--);
  }

  /** `arrivedAt`: when the frame was read from the socket (score latency counts from it). */
  private async handle(m: ClientMessage, arrivedAt: number): Promise<void> {
    if (this.closed) return;
    if (!this.ready) {
      if (m.type !== 'hello') return this.fail('not-ready', 'Send hello with the pairing token first.', WS_CLOSE.protocolError);
      if (!tokenMatches(m.token, this.d.token)) {
        this.d.onAuthFailure?.();
        return this.fail('unauthorized', 'Wrong pairing token.', WS_CLOSE.unauthorized);
      }
      clearTimeout(this.helloTimer);
      if (this.d.admit && !this.d.admit()) return this.fail('rate-limited', 'Too many connections to the companion.', WS_CLOSE.overloaded);
      this.ready = true;
      const { models } = this.d;
      return this.send({
        v: PROTOCOL_VERSION,
        type: 'ready',
        sessionId: this.id,
        engine: models.engine,
        defaultModel: models.defaultName ?? '',
        models: models.list().map((x) => modelInfo(x.sidecar)),
        limits: { maxStreams: this.d.limits.maxStreams, maxFrameBytes: WS_MAX_FRAME_BYTES, maxPendingWindows: this.maxPending },
        binaryAudio: true,
      });
    }
    switch (m.type) {
      case 'hello':
        return this.error('bad-message', 'Already paired on this connection.');
      case 'ping':
        return this.send({ v: PROTOCOL_VERSION, type: 'pong', t: m.t });
      case 'stream.start':
        return this.start(m.streamId, m.model);
      case 'stream.end':
        return this.end(m.streamId);
      case 'audio': {
        let pcm: Int16Array;
        try {
          pcm = base64ToInt16(m.pcm);
        } catch (err) {
          if (!(err instanceof PcmDecodeError)) throw err;
          return this.error('bad-audio', `pcm: ${err.message}.`, m.streamId);
        }
        return this.audio(m.streamId, m.seq, m.sampleRate, pcm, arrivedAt);
      }
    }
  }

  private start(streamId: string, modelName?: string): void {
    if (this.streams.has(streamId)) return this.error('stream-exists', `Stream ${streamId} is already open.`, streamId);
    if (this.streams.size >= this.d.limits.maxStreams) {
      return this.error('too-many-streams', `At most ${this.d.limits.maxStreams} streams per connection.`, streamId);
    }
    const model = this.d.models.get(modelName);
    if (!model) {
      const msg = this.d.models.size ? `Unknown model "${modelName}".` : 'No detector models are installed in the companion.';
      return this.error('unknown-model', msg, streamId);
    }
    this.streams.set(streamId, new WindowedStream(streamId, model));
    this.d.metrics.wsStreams.inc({}, 1);
  }

  private async audio(streamId: string, seq: number, sampleRate: number, pcm: Int16Array, arrivedAt: number): Promise<void> {
    const s = this.streams.get(streamId);
    if (!s || s.ending) return this.error('unknown-stream', `No open stream ${streamId}; send stream.start first.`, streamId);
    if (sampleRate !== WS_SAMPLE_RATE) {
      return this.error('bad-sample-rate', `Audio must be ${WS_SAMPLE_RATE} Hz mono; got ${sampleRate} Hz.`, streamId);
    }
    if (seq <= s.lastSeq) return this.error('bad-message', `seq ${seq} is not after ${s.lastSeq}; frame ignored.`, streamId);
    s.lastSeq = seq;
    for (const f of await s.push(int16ToFloat(pcm))) {
      if (this.closed || s.ending) return;
      s.inFlight++;
      this.d.scheduler.enqueue({ owner: this, streamId: s.id, model: s.model, index: f.index, startSample: f.startSample, samples: f.samples, arrivedAt });
    }
  }

  private end(streamId: string): void {
    const s = this.streams.get(streamId);
    if (!s || s.ending) return this.error('unknown-stream', `No open stream ${streamId}.`, streamId);
    s.ending = true;
    this.maybeFinish(s);
  }

  /** Sends stream.ended once the stream's last pending window is answered. */
  private maybeFinish(s: WindowedStream): void {
    if (!s.ending || s.inFlight > 0 || this.streams.get(s.id) !== s) return;
    this.streams.delete(s.id);
    this.d.metrics.wsStreams.inc({}, -1);
    this.send({ v: PROTOCOL_VERSION, type: 'stream.ended', streamId: s.id, windows: s.windows });
  }

  onScored(w: PendingWindow, score: WindowScore): void {
    const s = this.settle(w);
    if (!s) return;
    this.send({
      v: PROTOCOL_VERSION,
      type: 'score',
      streamId: w.streamId,
      window: w.index,
      startSample: w.startSample,
      endSample: w.startSample + w.samples.length,
      logit: score.logit,
      pSpoof: score.pSpoof,
      model: w.model.sidecar.name,
      engine: w.model.engine,
      latencyMs: Math.max(0, performance.now() - w.arrivedAt),
    });
    this.maybeFinish(s);
  }

  onDropped(w: PendingWindow): void {
    const s = this.settle(w);
    if (!s) return;
    this.send({ v: PROTOCOL_VERSION, type: 'dropped', streamId: w.streamId, windows: 1, reason: 'overload' });
    this.maybeFinish(s);
  }

  onFailed(w: PendingWindow): void {
    const s = this.settle(w);
    if (!s) return;
    this.error('internal', 'The model could not score a window; it was skipped.', w.streamId);
    this.maybeFinish(s);
  }

  private settle(w: PendingWindow): WindowedStream | undefined {
    if (this.closed) return undefined;
    const s = this.streams.get(w.streamId);
    if (s) s.inFlight--;
    return s;
  }

  /** Connection closed: forget its streams and queued windows. */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.helloTimer);
    this.d.scheduler.cancel(this);
    this.d.metrics.wsStreams.inc({}, -this.streams.size);
    this.d.metrics.wsConnections.inc({}, -1);
    this.streams.clear();
  }

  private send(msg: ServerMessage): void {
    if (this.closed) return;
    if (this.d.transport.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.d.log.warn({ session: this.id }, 'client is not reading its messages; closing');
      this.d.transport.close(WS_CLOSE.overloaded, 'client too slow');
      return this.dispose();
    }
    this.d.transport.send(msg);
  }

  private error(code: WsErrorCode, message: string, streamId?: string, fatal = false): void {
    this.d.metrics.wsErrors.inc({ code });
    this.send({ v: PROTOCOL_VERSION, type: 'error', code, message, ...(streamId ? { streamId } : {}), fatal });
  }

  private fail(code: WsErrorCode, message: string, closeCode: number): void {
    this.error(code, message, undefined, true);
    this.d.transport.close(closeCode, code);
    this.dispose();
  }

  private rateLimited(reason: 'frames' | 'bytes' | 'queue'): void {
    this.d.metrics.wsRefusedFrames.inc({ reason });
    // One notice a second at most: answering every refused frame would amplify the flood.
    const now = performance.now();
    if (now - this.lastRateLimitNotice < 1000) return;
    this.lastRateLimitNotice = now;
    const what = reason === 'frames' ? `more than ${this.d.limits.maxFramesPerSecond} frames per second` : 'audio faster than twice real time';
    this.error('rate-limited', `The companion is receiving ${what}; frames are being refused.`);
  }
}


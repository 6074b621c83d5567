import { randomUUID } from 'node:crypto';
import {
  int16ToFloat,
  PROTOCOL_VERSION,
  WS_CLOSE,
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
import { IngestPump, type InboundItem, type InboundQueue } from './ingest-pump';
import { inboundPcm, parseBinaryFrame, parseTextFrame, type InboundAudio } from './inbound-frame';
import { WindowedStream } from './windowed-stream';
import {
  AUDIO_BURST_SECONDS,
  AUDIO_BYTES_PER_STREAM_SECOND,
  frameBuffer,
  frameLength,
  MAX_BUFFERED_BYTES,
  MAX_HELLO_BYTES,
  MAX_QUEUED_MESSAGES,
  type RawFrame,
} from './frame-limits';
import { RateLimiter } from './rate-limiter';
import type { SessionDeps } from './session-deps';

export type { SessionDeps, SessionTransport } from './session-deps';

/** Bounds of a read hold over an audio byte budget (see rateLimited). */
const MIN_HOLD_MS = 20;
const MAX_HOLD_MS = 250;

/**
 * One WebSocket connection: hello/ready handshake, then any number (up to the cap) of
 * concurrent streams whose speech windows go to the shared inference scheduler.
 * Frames are checked (length, rate, JSON envelope) as they arrive; their work (base64,
 * framing, the energy gate) waits in the connection's bounded queue for the shared ingest
 * pump, which handles them strictly in arrival order (see ingest-pump.ts).
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
  private readonly inbound: InboundQueue;
  private readonly helloTimer: NodeJS.Timeout;

  constructor(private readonly d: SessionDeps) {
    this.maxPending = d.limits.maxPendingPerConnection;
    this.limiter = new RateLimiter(d.limits.maxFramesPerSecond, d.limits.maxFramesPerSecond);
    const perSecond = d.limits.maxStreams * AUDIO_BYTES_PER_STREAM_SECOND;
    this.bytes = new RateLimiter(perSecond, perSecond * AUDIO_BURST_SECONDS);
    this.inbound = (d.ingest ?? new IngestPump()).queue((a) => ({ bytes: 0, run: () => this.guard(() => this.onAudioDropped(a.streamId, a.seq, a.samples)) }));
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
    if (this.ready) {
      if (!this.bytes.take(length)) return this.rateLimited('bytes', this.bytes.waitMs(WS_MAX_FRAME_BYTES));
      if (this.d.globalAudio && !this.d.globalAudio.take(length)) return this.rateLimited('bytes', this.d.globalAudio.waitMs(WS_MAX_FRAME_BYTES));
    }
    if (this.inbound.length >= MAX_QUEUED_MESSAGES) return this.rateLimited('queue');
    const bytes = frameBuffer(data);
    const f = isBinary ? parseBinaryFrame(bytes) : parseTextFrame(bytes);
    if (f.kind === 'error') return this.error(f.code, f.message, f.streamId);
    if (f.kind === 'audio') {
      const { streamId, seq, samples } = f.audio;
      return this.enqueue({ bytes: length, audio: { streamId, seq, samples }, run: () => this.audio(f.audio, arrivedAt) });
    }
    if (f.message.type === 'hello') this.helloQueued = true;
    this.enqueue({ bytes: 0, run: () => this.handle(f.message) });
  }

  /** Queues a message's work for the ingest pump; a failure is reported, not thrown. */
  private enqueue(item: InboundItem): void {
    const run = item.run;
    this.inbound.push({ ...item, run: () => this.guard(run) });
  }

  private guard(run: () => void): void {
    if (this.closed) return;
    try {
      run();
    } catch (err) {
      this.d.log.error({ err, session: this.id }, 'stream message failed');
      this.error('internal', 'The companion could not process that message.');
    }
  }

  private handle(m: ClientMessage): void {
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
      case 'audio':
        throw new Error('audio messages are queued by audioJson');
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

  /** `arrivedAt`: when the frame was read from the socket (score latency counts from it). */
  private audio(a: InboundAudio, arrivedAt: number): void {
    if (!this.ready) return this.fail('not-ready', 'Send hello with the pairing token first.', WS_CLOSE.protocolError);
    const { streamId, seq, sampleRate } = a;
    const pcm = inboundPcm(a);
    if (!(pcm instanceof Int16Array)) return this.error(pcm.code, pcm.message, pcm.streamId);
    const s = this.streams.get(streamId);
    if (!s || s.ending) return this.error('unknown-stream', `No open stream ${streamId}; send stream.start first.`, streamId);
    if (sampleRate !== WS_SAMPLE_RATE) {
      return this.error('bad-sample-rate', `Audio must be ${WS_SAMPLE_RATE} Hz mono; got ${sampleRate} Hz.`, streamId);
    }
    if (seq <= s.lastSeq) return this.error('bad-message', `seq ${seq} is not after ${s.lastSeq}; frame ignored.`, streamId);
    s.lastSeq = seq;
    for (const f of s.push(int16ToFloat(pcm))) {
      s.inFlight++;
      this.d.scheduler.enqueue({ owner: this, streamId: s.id, model: s.model, index: f.index, startSample: f.startSample, samples: f.samples, arrivedAt });
      if (this.closed) return;
    }
  }

  /** An audio frame was dropped unprocessed (backlog over its cap): the stream skips its samples and is told how many windows it lost. */
  private onAudioDropped(streamId: string, seq: number, samples: number): void {
    this.d.metrics.wsAudioDropped.inc(samples / WS_SAMPLE_RATE);
    const s = this.streams.get(streamId);
    if (!s || s.ending || seq <= s.lastSeq) return;
    s.lastSeq = seq;
    const lost = s.skip(samples);
    if (!lost) return;
    this.d.metrics.dropped.inc(lost);
    this.send({ v: PROTOCOL_VERSION, type: 'dropped', streamId, windows: lost, reason: 'overload' });
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
    this.inbound.clear();
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

  /**
   * Drops a frame unread. Over an audio byte budget, reading the socket also stops until the
   * budget could take a full frame (at most MAX_HOLD_MS): the flood waits in TCP buffers rather
   * than cost the event loop its unmasking and copying (most of its time under a flood).
   * Small frames over the frame rate are cheap to drop and are not held.
   */
  private rateLimited(reason: 'frames' | 'bytes' | 'queue', holdMs = 0): void {
    this.d.metrics.wsRefusedFrames.inc({ reason });
    if (holdMs > 0) this.d.transport.holdReading?.(Math.min(MAX_HOLD_MS, Math.max(MIN_HOLD_MS, holdMs)));
    // One notice a second at most: answering every refused frame would amplify the flood.
    const now = performance.now();
    if (now - this.lastRateLimitNotice < 1000) return;
    this.lastRateLimitNotice = now;
    const what =
      reason === 'frames' ? `more than ${this.d.limits.maxFramesPerSecond} frames per second` : reason === 'bytes' ? 'audio faster than twice real time' : 'messages faster than it can handle them';
    this.error('rate-limited', `The companion is receiving ${what}; frames are being refused.`);
  }
}

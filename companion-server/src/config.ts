import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Repository root, found from this file's location (companion-server/src/config.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The extension's settings default to ws://127.0.0.1:8765. */
export const DEFAULT_PORT = 8765;

const csv = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));
const positiveInt = z.coerce.number().int().positive();

export const configSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(DEFAULT_PORT),
  modelsDir: z.string().min(1).default(join(REPO_ROOT, 'models')),
  configDir: z
    .string()
    .min(1)
    .default(join(homedir(), '.config', 'veracall'))
    // Pseudo-filesystems: reading a "config file" there can block for ever (or never end).
    .refine((d) => !/^\/(proc|sys|dev)(\/|$)/.test(resolve(d)), 'the config directory must be an ordinary directory, not under /proc, /sys or /dev'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Exact origins allowed to call; empty = any chrome-extension:// or moz-extension:// origin. */
  allowedOrigins: z.array(z.string()).default([]),
  /** Extra Host names accepted besides localhost / 127.0.0.1 / [::1] (e.g. a LAN address). */
  allowedHosts: z.array(z.string()).default([]),
  /** Answer /metrics without the token (it tells whether a call is being analysed). */
  publicMetrics: z.boolean().default(false),
  /** auto: CUDA when onnxruntime-node has it and a GPU answers, else CPU. */
  executionProvider: z.enum(['auto', 'cpu', 'cuda']).default('auto'),
  /** onnxruntime CPU threads; unset: one per core. cores - 1 keeps a core for the event loop under floods. */
  inferenceThreads: positiveInt.optional(),
  maxUploadBytes: positiveInt.default(100 * 1024 * 1024),
  maxBatchFiles: positiveInt.default(20),
  /** File analyses run at once; more wait (up to maxQueuedAnalyses) or get 503. */
  maxConcurrentAnalyses: positiveInt.default(2),
  maxQueuedAnalyses: z.coerce.number().int().nonnegative().default(8),
  /** Longest decoded audio accepted, in seconds; bounds memory for highly compressed uploads. */
  maxAudioSeconds: positiveInt.default(30 * 60),
  ws: z
    .object({
      /** Paired (authenticated) WebSocket connections at once; more are closed with 4429 after hello. */
      maxConnections: positiveInt.default(32),
      /** Connections still waiting to say hello, counted apart so they cannot crowd out the paired extension. */
      maxUnauthenticated: positiveInt.default(16),
      /**
       * Real-time audio streams' worth of bytes all connections together may send per second
       * (twice real time each); frames beyond it are dropped unread.
       */
      globalAudioStreams: positiveInt.default(64),
      maxStreams: positiveInt.default(8),
      maxPendingPerConnection: positiveInt.default(32),
      maxPendingGlobal: positiveInt.default(256),
      maxFramesPerSecond: positiveInt.default(200),
      maxBatch: positiveInt.default(16),
      helloTimeoutMs: positiveInt.default(5000),
    })
    .default({
      maxConnections: 32,
      maxUnauthenticated: 16,
      globalAudioStreams: 64,
      maxStreams: 8,
      maxPendingPerConnection: 32,
      maxPendingGlobal: 256,
      maxFramesPerSecond: 200,
      maxBatch: 16,
      helloTimeoutMs: 5000,
    }),
  /** Tests only: load sidecars marked testFixture. Never read from the environment. */
  allowTestFixtures: z.boolean().default(false),
});

export type CompanionConfig = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Settings from the environment; explicit overrides (CLI flags, tests) win. */
export function loadConfig(overrides: Partial<ConfigInput> = {}, env: NodeJS.ProcessEnv = process.env): CompanionConfig {
  const fromEnv: Record<string, unknown> = {
    host: env.HOST,
    port: env.PORT,
    modelsDir: env.VERACALL_MODELS_DIR,
    configDir: env.VERACALL_CONFIG_DIR,
    logLevel: env.LOG_LEVEL,
    allowedOrigins: env.VERACALL_ALLOWED_ORIGINS === undefined ? undefined : csv.parse(env.VERACALL_ALLOWED_ORIGINS),
    allowedHosts: env.VERACALL_ALLOWED_HOSTS === undefined ? undefined : csv.parse(env.VERACALL_ALLOWED_HOSTS),
    executionProvider: env.VERACALL_EXECUTION_PROVIDER,
    publicMetrics: env.VERACALL_PUBLIC_METRICS === undefined ? undefined : env.VERACALL_PUBLIC_METRICS === '1' || env.VERACALL_PUBLIC_METRICS === 'true',
    maxUploadBytes: env.VERACALL_MAX_UPLOAD_MB === undefined ? undefined : Number(env.VERACALL_MAX_UPLOAD_MB) * 1024 * 1024,
    maxAudioSeconds: env.VERACALL_MAX_AUDIO_SECONDS,
    inferenceThreads: env.VERACALL_INFERENCE_THREADS,
  };
  const merged = { ...stripUndefined(fromEnv), ...stripUndefined(overrides) };
  const r = configSchema.safeParse(merged);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new ConfigError(`invalid configuration${i?.path.length ? ` (${i.path.join('.')})` : ''}: ${i?.message}`);
  }
  return r.data;
}

function stripUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));
}

export function isLoopbackHost(host: string): boolean {
  return ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

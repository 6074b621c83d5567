import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { createOnnxDetector, parseSidecar, type Detector, type ModelSidecar, type OrtRuntime, type WsModelInfo } from '../../../shared/index';
import { OffThreadOrt } from './off-thread-ort';

export type ExecutionProviderChoice = 'auto' | 'cpu' | 'cuda';

export interface LoadedModel {
  sidecar: ModelSidecar;
  detector: Detector;
  /** e.g. "onnxruntime-node/cpu". */
  engine: string;
}

export interface ModelLoadFailure {
  file: string;
  error: string;
}

export interface RegistryOptions {
  dir: string;
  executionProvider?: ExecutionProviderChoice;
  /** Tests only: accept sidecars marked `testFixture`. */
  allowTestFixtures?: boolean;
  maxBatch?: number;
  /** onnxruntime intra-op threads on CPU; its default (one per core) when absent. */
  cpuThreads?: number;
  /**
   * Run the sessions on one worker thread (off-thread-ort.ts) rather than the calling
   * thread: the server does, so that inference never blocks its event loop; the CLI need not.
   */
  offThread?: boolean;
  /** Called for each skipped or failed sidecar (the server logs them). */
  onSkip?: (failure: ModelLoadFailure) => void;
}

/**
 * The name preferred as default when present. lite, not large: on the 31 sources added in
 * December (generators neither model saw) large is no better (EER 28.8 % vs 27.8 %, balanced
 * detection 13.4 % vs 14.8 %; models/cards/large.md), so it would only add cost.
 */
export const PREFERRED_DEFAULT = 'lite';

/**
 * Every validated model in a models directory, loaded at start so /health tells the truth
 * and the first request pays no loading cost. An empty or missing directory is not an
 * error: the registry is empty, /health says so and analysis answers 503.
 */
export class ModelRegistry {
  private constructor(
    readonly dir: string,
    private readonly models: Map<string, LoadedModel>,
    readonly failures: ModelLoadFailure[],
    readonly executionProvider: string,
    private readonly worker?: OffThreadOrt,
  ) {}

  static async load(opts: RegistryOptions): Promise<ModelRegistry> {
    const failures: ModelLoadFailure[] = [];
    const skip = (f: ModelLoadFailure) => {
      failures.push(f);
      opts.onSkip?.(f);
    };
    const models = new Map<string, LoadedModel>();
    const worker = opts.offThread ? new OffThreadOrt() : undefined;
    const runtime: OrtRuntime = worker ?? ort;
    // The first model settles the provider (e.g. auto → cpu); the others follow it.
    let choice: ExecutionProviderChoice = opts.executionProvider ?? 'auto';
    for (const file of await listSidecars(opts.dir)) {
      try {
        const sidecar = parseSidecar(JSON.parse(await readFile(join(opts.dir, file), 'utf8')), file);
        if (sidecar.testFixture && !opts.allowTestFixtures) {
          skip({ file, error: 'test fixture, not a detector: skipped' });
          continue;
        }
        if (models.has(sidecar.name)) throw new Error(`duplicate model name "${sidecar.name}"`);
        const bytes = new Uint8Array(await readFile(join(opts.dir, sidecar.file)));
        if (sidecar.sha256) {
          const actual = createHash('sha256').update(bytes).digest('hex');
          if (actual !== sidecar.sha256) throw new Error(`${sidecar.file}: sha256 ${actual} does not match the sidecar`);
        }
        const made = await createDetector(runtime, bytes, sidecar, choice, opts.maxBatch, opts.cpuThreads);
        choice = made.provider;
        models.set(sidecar.name, { sidecar, detector: made.detector, engine: made.detector.engine });
      } catch (err) {
        skip({ file, error: err instanceof Error ? err.message : String(err) });
      }
    }
    if (!models.size) await worker?.close();
    return new ModelRegistry(opts.dir, models, failures, models.size ? choice : 'none', models.size ? worker : undefined);
  }

  get size(): number {
    return this.models.size;
  }

  get defaultName(): string | undefined {
    if (this.models.has(PREFERRED_DEFAULT)) return PREFERRED_DEFAULT;
    return this.models.keys().next().value;
  }

  /** The named model, or the default when no name is given; undefined when unknown. */
  get(name?: string): LoadedModel | undefined {
    const key = name ?? this.defaultName;
    return key === undefined ? undefined : this.models.get(key);
  }

  list(): LoadedModel[] {
    return [...this.models.values()];
  }

  /** Engine label for reports: the provider every model runs on. */
  get engine(): string {
    return `onnxruntime-node/${this.executionProvider}`;
  }

  async close(): Promise<void> {
    await Promise.all(this.list().map((m) => m.detector.release()));
    this.models.clear();
    await this.worker?.close();
  }
}

async function listSidecars(dir: string): Promise<string[]> {
  try {
    const names = await readdir(dir);
    // parity references and other JSON that is not a sidecar share the directory
    return names.filter((n) => n.endsWith('.json') && !n.endsWith('.parity.json') && !n.endsWith('.live.json')).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/**
 * Whether onnxruntime-node was installed with its CUDA provider library
 * (ONNXRUNTIME_NODE_INSTALL=cuda12). Checked first because asking the CPU build for CUDA
 * fails noisily on stderr.
 */
export function cudaProviderInstalled(): boolean {
  try {
    const entry = createRequire(import.meta.url).resolve('onnxruntime-node');
    const bin = join(dirname(entry), '..', 'bin', 'napi-v6', process.platform, process.arch);
    return existsSync(join(bin, process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so'));
  } catch {
    return false;
  }
}

/**
 * CUDA first when asked, or on auto when the CUDA provider is installed; session creation
 * fails without a usable GPU, and then the CPU session is made.
 */
async function createDetector(
  runtime: OrtRuntime,
  bytes: Uint8Array,
  sidecar: ModelSidecar,
  choice: ExecutionProviderChoice,
  maxBatch?: number,
  cpuThreads?: number,
): Promise<{ detector: Detector; provider: 'cpu' | 'cuda' }> {
  if (choice === 'cuda' || (choice === 'auto' && cudaProviderInstalled())) {
    try {
      const detector = await createOnnxDetector(runtime, bytes, sidecar, {
        engine: 'onnxruntime-node/cuda',
        sessionOptions: { executionProviders: ['cuda', 'cpu'] },
        maxBatch,
      });
      return { detector, provider: 'cuda' };
    } catch (err) {
      if (choice === 'cuda') throw err;
    }
  }
  const detector = await createOnnxDetector(runtime, bytes, sidecar, {
    engine: 'onnxruntime-node/cpu',
    // Fewer threads than cores leaves one for the event loop (/health, WebSocket reads) under a flood.
    sessionOptions: { executionProviders: ['cpu'], ...(cpuThreads ? { intraOpNumThreads: cpuThreads } : {}) },
    maxBatch,
  });
  return { detector, provider: 'cpu' };
}

/** Summary the WebSocket `ready` message and /v1/models share. */
export function modelInfo(s: ModelSidecar): WsModelInfo {
  return {
    name: s.name,
    displayName: s.displayName,
    version: s.version,
    windowSamples: s.windowSamples,
    hopSamples: s.hopSamples,
    thresholds: {
      sensitive: s.presets.sensitive.threshold,
      balanced: s.presets.balanced.threshold,
      conservative: s.presets.conservative.threshold,
    },
  };
}

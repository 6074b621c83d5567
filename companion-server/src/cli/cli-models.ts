import { loadConfig } from '../config';
import { ModelRegistry } from '../models/model-registry';

export interface CliModelOptions {
  modelsDir?: string;
  /** Tests only. */
  allowTestFixtures?: boolean;
}

/** The registry the in-process CLIs use: models dir from --models-dir, VERACALL_MODELS_DIR or <repo>/models. */
export async function loadCliRegistry(opts: CliModelOptions, warn: (line: string) => void): Promise<ModelRegistry> {
  const config = loadConfig({ modelsDir: opts.modelsDir });
  const registry = await ModelRegistry.load({
    dir: config.modelsDir,
    executionProvider: config.executionProvider,
    allowTestFixtures: opts.allowTestFixtures ?? false,
    onSkip: (f) => {
      if (!/test fixture/.test(f.error)) warn(`model ${f.file} skipped: ${f.error}`);
    },
  });
  return registry;
}

export const MAX_CLI_AUDIO_SECONDS = 4 * 60 * 60;

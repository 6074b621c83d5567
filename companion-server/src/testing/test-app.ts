import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFixtureModel } from '../../../tests/fixtures/fixture-model';
import companionApp from '../app';
import { loadConfig, type CompanionConfig, type ConfigInput } from '../config';
import type { ModelRegistry } from '../models/model-registry';
import { fileOriginPin } from '../pairing/origin-pin';
import { loadOrCreatePairing } from '../pairing/token-store';

export interface TestApp {
  app: FastifyInstance;
  token: string;
  config: CompanionConfig;
  dir: string;
  auth: { authorization: string };
  close(): Promise<void>;
}

/**
 * The companion app in a temp directory (models dir with the test fixture unless
 * `models: 'none'`, config dir for the token), ready for `inject` / `injectWS`.
 * The environment is not read.
 */
export async function buildTestApp(
  opts: {
    models?: 'fixture' | 'none';
    /** Writes further models into the temp models dir before the app loads it. */
    addModels?: (modelsDir: string) => void;
    config?: Partial<ConfigInput>;
    registry?: ModelRegistry;
    /** Pin the first authenticated extension origin in the temp config file, as the server does. */
    pinOrigin?: boolean;
    /** Sees every route as it is declared (its method, URL and schema). */
    onRoute?: (route: RouteOptions) => void;
  } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'veracall-companion-'));
  const modelsDir = join(dir, 'models');
  if ((opts.models ?? 'fixture') === 'fixture') writeFixtureModel(modelsDir);
  if (opts.addModels) {
    mkdirSync(modelsDir, { recursive: true });
    opts.addModels(modelsDir);
  }
  const config = loadConfig({ modelsDir, configDir: join(dir, 'config'), logLevel: 'silent', allowTestFixtures: true, ...opts.config }, {});
  const pairing = loadOrCreatePairing(config.configDir);
  const { token } = pairing;
  const app = Fastify({ logger: false });
  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);
  const originPin = opts.pinOrigin ? fileOriginPin(pairing.path, pairing.extensionOrigin) : undefined;
  await app.register(fp(companionApp), { config, token, registry: opts.registry, originPin });
  await app.ready();
  return {
    app,
    token,
    config,
    dir,
    auth: { authorization: `Bearer ${token}` },
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A multipart/form-data body for `inject`. */
export function multipart(
  files: { field?: string; filename: string; data: Buffer; type?: string }[],
  fields: Record<string, string> = {},
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----veracall${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field ?? 'file'}"; filename="${f.filename}"\r\n` +
          `Content-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      f.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { pathToFileURL } from 'node:url';
import companionApp from './app';
import { isLoopbackHost, loadConfig, type CompanionConfig, type ConfigInput } from './config';
import { prettyStream } from './logging/pretty-stream';
import { fileOriginPin } from './pairing/origin-pin';
import { loadOrCreatePairing, type Pairing } from './pairing/token-store';
import { rerunWithProcessEnv } from './process-env';

export interface RunningCompanion {
  app: FastifyInstance;
  url: string;
  config: CompanionConfig;
  pairing: Pairing;
  close(): Promise<void>;
}

/** Builds the Fastify instance with the companion's logger and timeouts. */
export function createServer(config: CompanionConfig): FastifyInstance {
  return Fastify({
    // JSON for tools and files; short readable lines on an interactive terminal.
    logger: process.stdout.isTTY ? { level: config.logLevel, stream: prettyStream() } : { level: config.logLevel },
    // Uploads of up to the size limit over loopback; a stalled client is cut off.
    requestTimeout: 5 * 60_000,
    connectionTimeout: 0,
    keepAliveTimeout: 10_000,
    bodyLimit: 1024 * 1024,
    forceCloseConnections: 'idle',
  });
}

/** Starts the companion and returns once it listens; installs graceful shutdown on SIGINT/SIGTERM. */
export async function startServer(overrides: Partial<ConfigInput> = {}, opts: { handleSignals?: boolean } = {}): Promise<RunningCompanion> {
  const config = loadConfig(overrides);
  const pairing = loadOrCreatePairing(config.configDir);
  const app = createServer(config);
  await app.register(fp(companionApp), { config, token: pairing.token, originPin: fileOriginPin(pairing.path, pairing.extensionOrigin) });
  if (!isLoopbackHost(config.host)) {
    app.log.warn(
      { host: config.host },
      'LISTENING BEYOND THIS MACHINE: anyone who can reach this address and holds the token can use the companion. Set HOST=127.0.0.1 unless you mean it.',
    );
  }
  await app.listen({ host: config.host, port: config.port });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const close = async () => {
    await app.close();
  };
  if (opts.handleSignals ?? true) {
    let closing = false;
    const shutdown = (signal: string) => {
      if (closing) return;
      closing = true;
      app.log.info({ signal }, 'shutting down');
      const force = setTimeout(() => process.exit(1), 10_000).unref();
      close().then(
        () => {
          clearTimeout(force);
          process.exit(0);
        },
        (err) => {
          app.log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  }
  return { app, url: `http://${host}:${port}`, config, pairing, close };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && !rerunWithProcessEnv()) {
  startServer().then(
    ({ app, url, pairing }) => {
      app.log.info({ url, configFile: pairing.path }, 'companion ready');
      // Shown once, on the terminal rather than in the log: logs are kept, tokens should not be.
      if (pairing.created) process.stderr.write(`\nFirst start: pairing token ${pairing.token}\n(stored in ${pairing.path}; \`npm start -- --show-token\` prints it again)\n\n`);
    },
    (err: unknown) => {
      console.error(`companion failed to start: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}

/**
 * The companion as its own process for bench/companion-abuse.ts (so the RSS measured is the
 * server's alone): argv = modelsDir configDir fixture(0|1); prints one JSON line with the URL.
 */
import { startServer } from '../companion-server/src/server';

const [modelsDir, configDir, fixture] = process.argv.slice(2);
startServer({ host: '127.0.0.1', port: 0, modelsDir, configDir, logLevel: 'warn', allowTestFixtures: fixture === '1' }).then(
  (c) => process.stdout.write(JSON.stringify({ url: c.url, token: c.pairing.token }) + '\n'),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);

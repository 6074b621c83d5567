import { parseArgs } from 'node:util';
import { WS_PATH } from '../../../shared/index';
import { isLoopbackHost } from '../config';
import { startServer } from '../server';

const USAGE = `Usage: npm start -- [--host 127.0.0.1] [--port 8765] [--models-dir DIR] [--show-token]
Starts the Veracall companion with the default model and prints how to pair the extension.
`;

/**
 * `npm start`: the companion on 127.0.0.1 plus what a user needs to connect the extension.
 * The pairing token is printed on first start, when stdout is a terminal, or with --show-token.
 */
async function main(): Promise<void> {
  const { values: v } = parseArgs({
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'models-dir': { type: 'string' },
      'show-token': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (v.help) return void process.stdout.write(USAGE);
  const c = await startServer({ host: v.host, port: v.port === undefined ? undefined : Number(v.port), modelsDir: v['models-dir'] });
  const ws = c.url.replace(/^http/, 'ws');
  const models = c.app.models;
  const showToken = c.pairing.created || v['show-token'] || Boolean(process.stdout.isTTY);
  const lines = [
    '',
    `Veracall companion listening on ${c.url}  (live stream: ${ws}${WS_PATH})`,
    models.size
      ? `Models: ${models.list().map((m) => `${m.sidecar.name}${m.sidecar.name === models.defaultName ? ' (default)' : ''}`).join(', ')}  on ${models.engine}`
      : `No models found in ${models.dir}: live scoring and file analysis answer 503 until models are installed.`,
    showToken
      ? `Pairing token${c.pairing.created ? ' (new)' : ''}: ${c.pairing.token}`
      : `Pairing token: run \`npm start -- --show-token\` to print it.`,
    `Token file: ${c.pairing.path} (mode 0600)`,
    '',
    'Connect the extension:',
    '  1. npm run build  (builds .output/chrome-mv3)',
    '  2. chrome://extensions → Developer mode → Load unpacked → select .output/chrome-mv3',
    `  3. Extension options → Companion: URL ${ws}, paste the pairing token, enable.`,
    'Analyse a file without the extension: npm run analyze -- FILE',
    '',
  ];
  if (!isLoopbackHost(c.config.host)) {
    lines.unshift(`WARNING: listening on ${c.config.host}, reachable from other machines. Use --host 127.0.0.1 unless you mean it.`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`companion failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

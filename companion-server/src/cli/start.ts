import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isLoopbackHost, loadConfig } from '../config';
import { resetOriginPin } from '../pairing/origin-pin';
import { CONFIG_FILE } from '../pairing/token-store';
import { startServer } from '../server';
import { rerunWithProcessEnv } from '../process-env';

const USAGE = `Usage: npm start -- [--host 127.0.0.1] [--port 8765] [--models-dir DIR] [--show-token] [--reset-origin]
Starts the Veracall companion and prints how to connect the extension.
  --show-token    print the pairing token in full (it is shown in full only on first start)
  --reset-origin  forget the extension the companion is paired with, so another can pair
`;

/** `abcd…wxyz`: enough to tell tokens apart, not enough to use one. */
export function maskToken(token: string): string {
  return token.length > 12 ? `${token.slice(0, 4)}…${token.slice(-4)}` : '…';
}

/**
 * `npm start`: the companion on 127.0.0.1 plus what a user needs to connect the extension.
 * The pairing token is printed in full on first start or with --show-token, masked otherwise
 * (terminals are scrolled back, recorded and screen-shared).
 */
async function main(): Promise<void> {
  const { values: v } = parseArgs({
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'models-dir': { type: 'string' },
      'show-token': { type: 'boolean', default: false },
      'reset-origin': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (v.help) return void process.stdout.write(USAGE);
  const overrides = { host: v.host, port: v.port === undefined ? undefined : Number(v.port), modelsDir: v['models-dir'] };
  if (v['reset-origin']) {
    try {
      resetOriginPin(join(loadConfig(overrides).configDir, CONFIG_FILE));
      process.stdout.write('The paired extension was forgotten: the next extension that connects with the token is paired.\n');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  const c = await startServer(overrides);
  const ws = c.url.replace(/^http/, 'ws');
  const models = c.app.models;
  const full = c.pairing.created || v['show-token'];
  const pinned = c.app.originPin?.origin;
  const lines = [
    '',
    'Veracall companion is running.',
    '',
    `  Companion URL:  ${ws}`,
    full
      ? `  Pairing token:  ${c.pairing.token}${c.pairing.created ? '   (new: shown in full only now; `npm start -- --show-token` shows it again)' : ''}`
      : `  Pairing token:  ${maskToken(c.pairing.token)}   (masked; \`npm start -- --show-token\` prints it in full)`,
    `  Token file:     ${c.pairing.path}`,
    pinned ? `  Paired with:    ${pinned}   (\`npm start -- --reset-origin\` to pair another extension)` : '  Paired with:    no extension yet (the first one that connects with the token)',
    models.size
      ? `  Models:         ${models.list().map((m) => `${m.sidecar.name}${m.sidecar.name === models.defaultName ? ' (default)' : ''}`).join(', ')} on ${models.engine}`
      : `  Models:         none found in ${models.dir}: live scoring and file analysis answer 503 until models are installed.`,
    '',
    'Connect the extension:',
    '  1. Chrome: chrome://extensions → Developer mode → Load unpacked → select .output/chrome-mv3',
    '     (Firefox: `npm run build`, then about:debugging → Load Temporary Add-on → .output/firefox-mv3/manifest.json)',
    '  2. Extension options → Companion: paste the Companion URL and the pairing token, then enable it.',
    '',
    'Analyse a file without the extension: npm run analyze -- FILE',
    'Stop the companion: Ctrl+C',
    '',
  ];
  if (!isLoopbackHost(c.config.host)) {
    lines.unshift(`WARNING: listening on ${c.config.host}, reachable from other machines. Use --host 127.0.0.1 unless you mean it.`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}

if (!rerunWithProcessEnv()) {
  main().catch((err: unknown) => {
    process.stderr.write(`companion failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}

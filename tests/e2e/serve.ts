import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Tiny static server for the demo call page (tests/e2e/pages) on 127.0.0.1.
 * `npm run demo` starts it on port 8790; the e2e tests start it on a free port.
 */
const ROOT = fileURLToPath(new URL('./pages/', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wav': 'audio/wav' };

const SAMPLE_TEXT =
  'Hi, this is Alex from the finance team. I need you to approve the payment to our new supplier today, before the end of the call. I will send the account details in the chat.';
let synthetic: string | null = null;

/** A synthetic voice for the demo, made on first request with espeak-ng (never stored in the repo). */
function syntheticWav(): string | null {
  if (synthetic) return synthetic;
  try {
    const file = join(mkdtempSync(join(tmpdir(), 'veracall-demo-')), 'synthetic.wav');
    execFileSync('espeak-ng', ['-s', '150', '-w', file, SAMPLE_TEXT]);
    return (synthetic = file);
  } catch {
    return null;
  }
}

export function startServer(port = 0, extraDir?: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    if (path === '/synthetic.wav') {
      const f = syntheticWav();
      if (!f) return void res.writeHead(404).end('espeak-ng is not installed');
      res.writeHead(200, { 'content-type': 'audio/wav' });
      return void createReadStream(f).pipe(res);
    }
    for (const dir of [ROOT, extraDir].filter(Boolean) as string[]) {
      const file = join(dir, path === '/' ? 'call.html' : path);
      if (!file.startsWith(dir)) continue;
      try {
        if (!statSync(file).isFile()) continue;
      } catch {
        continue;
      }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      createReadStream(file).pipe(res);
      return;
    }
    res.writeHead(404).end('not found');
  });
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () => {
      const a = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : port}` });
    }),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = Number(process.env.PORT ?? 8790);
  void startServer(port).then(({ url }) => console.log(`Veracall demo call: ${url}/call.html  (load .output/chrome-mv3 as an unpacked extension)`));
}

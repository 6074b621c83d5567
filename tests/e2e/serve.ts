import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Tiny static server for the demo call page (tests/e2e/pages) on 127.0.0.1.
 * `npm run demo` starts it on port 8790; the e2e tests start it on a free port.
 */
const ROOT = fileURLToPath(new URL('./pages/', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wav': 'audio/wav' };

export function startServer(port = 0, extraDir?: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
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

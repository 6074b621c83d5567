import { execFileSync } from 'node:child_process';
import { createReadStream, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * HTTPS server that plays meet.google.com, *.zoom.us and teams.microsoft.com for the
 * browser (which is started with host-resolver rules mapping those names here and
 * --ignore-certificate-errors). Every path serves the site fixture page.
 */
const PAGES = fileURLToPath(new URL('./pages/', import.meta.url));
export const SITE_HOSTS = ['meet.google.com', 'us05web.zoom.us', 'teams.microsoft.com'];

export async function startSiteServer(dir: string, speechWav: string): Promise<{ server: Server; port: number; browserArgs: string[] }> {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=veracall-e2e'], { stdio: 'pipe' });
  const server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    const path = new URL(req.url ?? '/', 'https://x').pathname;
    const file = path === '/site.js' || path === '/page-audio.js' || path === '/site.css' ? join(PAGES, path.slice(1)) : path === '/speech.wav' ? speechWav : join(PAGES, 'site.html');
    res.writeHead(200, {
      'content-type': { '.js': 'text/javascript', '.css': 'text/css', '.wav': 'audio/wav' }[extname(file)] ?? 'text/html; charset=utf-8',
      // As strict as the real sites (Meet enforces Trusted Types): our worklet and scripts must still work.
      'content-security-policy': "default-src 'self'; script-src 'self'; media-src 'self' blob:; require-trusted-types-for 'script'; trusted-types 'none'",
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const rules = SITE_HOSTS.map((h) => `MAP ${h}:443 127.0.0.1:${port}`).join(',');
  return { server, port, browserArgs: [`--host-resolver-rules=${rules}`, '--ignore-certificate-errors'] };
}

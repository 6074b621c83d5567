import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const CONFIG_FILE = 'companion.json';

const storedSchema = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{32,256}$/),
  createdAt: z.string(),
  /** See origin-pin.ts. */
  extensionOrigin: z.string().regex(/^(chrome-extension:\/\/[a-p]{32}|moz-extension:\/\/[0-9a-f-]{36})$/).optional(),
});

export interface Pairing {
  token: string;
  /** True when this call generated the token (first start): show it to the user once. */
  created: boolean;
  path: string;
  /** The extension origin pinned at first pairing, if any. */
  extensionOrigin?: string;
}

/**
 * Reads the pairing token from `<configDir>/companion.json`, creating it (32 random bytes,
 * base64url) with mode 0600 on first start. A file that cannot be parsed is an error rather
 * than silently replaced, so a typo never unpairs the extension without the user noticing.
 */
export function loadOrCreatePairing(configDir: string): Pairing {
  const path = join(configDir, CONFIG_FILE);
  mkdirSync(configDir, { recursive: true, mode: 0o700 });
  let raw: string | undefined;
  try {
    // A FIFO or device in its place would block or never end: only a small regular file is read.
    const st = statSync(path);
    if (!st.isFile() || st.size > 64 * 1024) throw new Error(`${path} is not a regular companion config file; remove it to pair again`);
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (raw !== undefined) {
    const parsed = storedSchema.safeParse(safeJson(raw));
    if (!parsed.success) throw new Error(`${path} is not a valid companion config; delete it to pair again`);
    // Tighten a file whose mode was loosened by hand or by a copy.
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    return { token: parsed.data.token, created: false, path, extensionOrigin: parsed.data.extensionOrigin };
  }
  const token = randomBytes(32).toString('base64url');
  const body = JSON.stringify({ token, createdAt: new Date().toISOString() }, null, 2) + '\n';
  writeFileSync(path, body, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600); // the umask may have narrowed the mode further; never widen beyond 0600
  return { token, created: true, path };
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/** Constant-time comparison of a presented token with the pairing token. */
export function tokenMatches(presented: string | undefined, token: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * The extension origin the companion is paired with. Browsers give every extension its own
 * origin, so the first extension that authenticates is remembered beside the token and
 * other extension origins are refused afterwards: another installed extension cannot use
 * the companion even if it learns the token. To pair a different extension (a reinstall in
 * Firefox changes the origin), remove "extensionOrigin" from the config file or start with
 * `npm start -- --reset-origin`.
 */
export interface OriginPin {
  readonly origin: string | undefined;
  /** Remembers `origin` if none is pinned yet. */
  pin(origin: string): void;
}

/** Kept in `<configDir>/companion.json` beside the token. */
export function fileOriginPin(path: string, initial: string | undefined): OriginPin {
  let origin = initial;
  return {
    get origin() {
      return origin;
    },
    pin(o: string) {
      if (origin) return;
      origin = o;
      const stored = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      const tmp = `${path}.tmp`;
      writeFileSync(tmp, JSON.stringify({ ...stored, extensionOrigin: o, pinnedAt: new Date().toISOString() }, null, 2) + '\n', { mode: 0o600 });
      chmodSync(tmp, 0o600);
      renameSync(tmp, path);
    },
  };
}

/** Clears the pin (npm start -- --reset-origin). */
export function resetOriginPin(path: string): void {
  const { extensionOrigin: _o, pinnedAt: _p, ...rest } = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  writeFileSync(path, JSON.stringify(rest, null, 2) + '\n', { mode: 0o600 });
}

import { mkdtempSync, readFileSync, rmSync, statSync, chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreatePairing, tokenMatches } from './token-store';

describe('pairing token', () => {
  const dirs: string[] = [];
  const temp = () => {
    const d = mkdtempSync(join(tmpdir(), 'veracall-pairing-'));
    dirs.push(d);
    return join(d, 'nested', 'veracall');
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('is created once with mode 0600 and then reused', () => {
    const dir = temp();
    const first = loadOrCreatePairing(dir);
    expect(first.created).toBe(true);
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o077).toBe(0);
    const again = loadOrCreatePairing(dir);
    expect(again).toMatchObject({ created: false, token: first.token });
    expect(JSON.parse(readFileSync(first.path, 'utf8')).token).toBe(first.token);
  });

  it('differs between installs', () => {
    expect(loadOrCreatePairing(temp()).token).not.toBe(loadOrCreatePairing(temp()).token);
  });

  it('tightens a file whose mode was loosened', () => {
    const p = loadOrCreatePairing(temp());
    chmodSync(p.path, 0o644);
    loadOrCreatePairing(join(p.path, '..'));
    expect(statSync(p.path).mode & 0o777).toBe(0o600);
  });

  it('refuses to overwrite an unreadable config', () => {
    const p = loadOrCreatePairing(temp());
    writeFileSync(p.path, '{not json');
    expect(() => loadOrCreatePairing(join(p.path, '..'))).toThrow(/not a valid companion config/);
  });

  it('compares tokens exactly', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abd', 'abc')).toBe(false);
    expect(tokenMatches('abcd', 'abc')).toBe(false);
    expect(tokenMatches(undefined, 'abc')).toBe(false);
  });
});

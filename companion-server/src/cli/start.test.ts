import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../config';

/** Runs `npm start`'s script (no TTY) until its banner is printed, then stops it with SIGTERM. */
async function startOnce(configDir: string, modelsDir: string, args: string[] = []): Promise<{ out: string; code: number | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'companion-server/src/cli/start.ts', '--port', '0', '--models-dir', modelsDir, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, VERACALL_CONFIG_DIR: configDir, LOG_LEVEL: 'warn' },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const deadline = Date.now() + 20_000;
  while (!/Analyse a file/.test(out) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
  const exited = new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.on('exit', (c) => r(c))));
  child.kill('SIGTERM');
  const code = await exited;
  return { out, code };
}

describe('npm start (subprocess on an ephemeral loopback port)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'veracall-start-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the URL, the new token on first start, and how to load the extension; shuts down cleanly', async () => {
    const { out, code } = await startOnce(join(dir, 'cfg'), join(dir, 'models'));
    // the ws:// URL the options page takes, not an http:// one it refuses
    expect(out).toMatch(/Companion URL: {2}ws:\/\/127\.0\.0\.1:\d+\n/);
    expect(out).not.toMatch(/http:\/\//);
    expect(out).toMatch(/Pairing token: {2}[A-Za-z0-9_-]{43} {3}\(new/);
    expect(out).toMatch(/Load unpacked → select \.output\/chrome-mv3/);
    expect(out).not.toMatch(/npm run build {2}\(builds/); // npm start has just built it
    expect(out).toMatch(/none found/);
    expect(code).toBe(0);
  }, 30_000);

  it('refuses a config directory under /proc instead of hanging', async () => {
    const { out, code } = await startOnce('/proc/self/fd/0', join(dir, 'models'));
    expect(out).toMatch(/config directory must be an ordinary directory/);
    expect(code).toBe(1);
  }, 30_000);

  it('does not print an existing token in full unless asked', async () => {
    const again = await startOnce(join(dir, 'cfg'), join(dir, 'models'));
    expect(again.out).not.toMatch(/Pairing token.*: +[A-Za-z0-9_-]{43}/);
    expect(again.out).toMatch(/Pairing token: {2}[A-Za-z0-9_-]{4}…[A-Za-z0-9_-]{4} {3}\(masked/);
    const shown = await startOnce(join(dir, 'cfg'), join(dir, 'models'), ['--show-token']);
    expect(shown.out).toMatch(/Pairing token: {2}[A-Za-z0-9_-]{43}/);
  }, 60_000);
});

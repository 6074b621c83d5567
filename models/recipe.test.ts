import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Runs the training recipe's Python unit tests (models/tests) so `npm test` covers them.
// Needs Python 3 with numpy and torch (Debian: python3-numpy python3-torch python3-torchaudio).
const here = dirname(fileURLToPath(import.meta.url));
const python = ['/usr/bin/python3', 'python3'].find((p) => !p.startsWith('/') || existsSync(p)) ?? 'python3';
const probe = spawnSync(python, ['-c', 'import numpy, torch, torchaudio'], { encoding: 'utf8' });
const ready = probe.status === 0;

describe('training recipe (Python unit tests)', () => {
  it.skipIf(!ready)('passes models/tests with unittest', () => {
    const r = spawnSync(python, ['-m', 'unittest', 'discover', '-s', join(here, 'tests')], { cwd: here, encoding: 'utf8', timeout: 120_000 });
    const out = `${r.stdout}\n${r.stderr}`;
    expect(out, out).toMatch(/\nOK/);
    expect(r.status).toBe(0);
  });
  if (!ready) it.skip(`needs ${python} with numpy, torch, torchaudio (${probe.stderr?.trim().split('\n').at(-1) ?? 'not found'})`, () => {});
});

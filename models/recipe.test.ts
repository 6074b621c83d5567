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
const PYTHON_TIMEOUT_MS = 150_000;

describe('training recipe (Python unit tests)', () => {
  // About 35 s alone on 2 cores; the suite runs beside other test files, so allow four times
  // that before the Python run is killed, and a little more for vitest to report it.
  it.skipIf(!ready)('passes models/tests with unittest', () => {
    const r = spawnSync(python, ['-m', 'unittest', 'discover', '-s', join(here, 'tests')], { cwd: here, encoding: 'utf8', timeout: PYTHON_TIMEOUT_MS });
    const out = `${r.stdout}\n${r.stderr}`;
    expect(r.error, `python did not finish within ${PYTHON_TIMEOUT_MS / 1000} s: ${r.error?.message}\n${out}`).toBeUndefined();
    expect(out, out).toMatch(/\nOK/);
    expect(r.status).toBe(0);
  }, PYTHON_TIMEOUT_MS + 30_000);
  if (!ready) it.skip(`needs ${python} with numpy, torch, torchaudio (${probe.stderr?.trim().split('\n').at(-1) ?? 'not found'})`, () => {});
});

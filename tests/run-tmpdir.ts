import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Points TMPDIR at a fresh folder for the rest of the test run and returns the function that
 * removes it. Test workers, Chromium and the tools the tests spawn inherit TMPDIR (os.tmpdir()
 * reads it on every call), so whatever a test forgets to delete goes with the folder instead
 * of piling up in /tmp. Tests should still clean up after themselves: this is the safety net.
 */
export function redirectTmpdir(prefix: string): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), prefix));
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}

import { rmSync } from 'node:fs';
import { writeFixtureModel } from '../fixtures/fixture-model';
import { redirectTmpdir } from '../run-tmpdir';
import { buildExtension, tmp } from './harness';

/**
 * Builds both extension variants once per run (set VERACALL_E2E_REUSE=1 to reuse .output).
 * Temp files of the run (Chromium profiles, audio, companion config) go to one folder that
 * the returned teardown removes.
 */
export default function setup(): () => void {
  const teardown = redirectTmpdir('veracall-e2e-run-');
  if (process.env.VERACALL_E2E_REUSE === '1') return teardown;
  const dir = tmp('veracall-fixture-model-');
  writeFixtureModel(dir, 'lite');
  try {
    buildExtension('fixture', dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  buildExtension('nomodel');
  buildExtension('real');
  return teardown;
}

import { writeFixtureModel } from '../fixtures/fixture-model';
import { buildExtension, tmp } from './harness';

/** Builds both extension variants once per run (set VERACALL_E2E_REUSE=1 to reuse .output). */
export default function setup(): void {
  if (process.env.VERACALL_E2E_REUSE === '1') return;
  const dir = tmp('veracall-fixture-model-');
  writeFixtureModel(dir, 'lite');
  buildExtension('fixture', dir);
  buildExtension('nomodel');
  buildExtension('real');
}

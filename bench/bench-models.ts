import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSidecar, type ModelSidecar } from '../shared/index';
import { writeFixtureModel } from '../tests/fixtures/fixture-model';
import { REPO_ROOT } from '../companion-server/src/config';

export interface BenchModel {
  sidecar: ModelSidecar;
  bytes: Uint8Array;
  /** Name shown in the report; the fixture says it is one. */
  label: string;
  /** The sidecar's file name in the models dir. */
  sidecarFile: string;
}

export interface BenchModels {
  dir: string;
  models: BenchModel[];
  fixture: boolean;
}

/** The shipped models in models/, or, when there are none, the test fixture clearly labelled. */
export function benchModels(): BenchModels {
  const dir = join(REPO_ROOT, 'models');
  const shipped = load(dir).filter((m) => !m.sidecar.testFixture);
  if (shipped.length) return { dir, models: shipped, fixture: false };
  const tmp = mkdtempSync(join(tmpdir(), 'veracall-bench-models-'));
  writeFixtureModel(tmp);
  return {
    dir: tmp,
    fixture: true,
    models: load(tmp).map((m) => ({ ...m, label: `${m.sidecar.name} (TEST FIXTURE: no shipped models; not a detector)` })),
  };
}

function load(dir: string): BenchModel[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json') && !n.endsWith('.parity.json'));
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    try {
      const sidecar = parseSidecar(JSON.parse(readFileSync(join(dir, n), 'utf8')), n);
      return [{ sidecar, bytes: new Uint8Array(readFileSync(join(dir, sidecar.file))), label: `${sidecar.name} ${sidecar.version}`, sidecarFile: n }];
    } catch {
      return [];
    }
  });
}

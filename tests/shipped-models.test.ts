import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFixtureModel } from './fixtures/fixture-model';
import { loadShippedSidecar, shippedModelNames } from './shipped-models';

// The checks that make the parity and corpus tests fail, not skip, on a broken shipped model.
describe('shipped model checks', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A models dir with "lite" as a shipped (non-fixture) model. */
  function shippedLite(): string {
    dir = mkdtempSync(join(tmpdir(), 'veracall-shipped-'));
    const s = writeFixtureModel(dir, 'lite');
    writeFileSync(join(dir, 'lite.json'), JSON.stringify({ ...s, testFixture: false }));
    return dir;
  }

  it('finds the shipped names present and accepts an intact model', () => {
    const d = shippedLite();
    expect(shippedModelNames(d)).toEqual(['lite']);
    expect(loadShippedSidecar('lite', d).name).toBe('lite');
  });

  it('rejects a sha256 mismatch, a missing .onnx, an invalid sidecar and a fixture', () => {
    const d = shippedLite();
    writeFileSync(join(d, 'lite.onnx'), new Uint8Array([1, 2, 3]));
    expect(() => loadShippedSidecar('lite', d)).toThrow(/sha256 .* does not match/);
    unlinkSync(join(d, 'lite.onnx'));
    expect(() => loadShippedSidecar('lite', d)).toThrow(/lite\.onnx is missing/);
    writeFileSync(join(d, 'lite.json'), JSON.stringify({ name: 'lite' }));
    expect(() => loadShippedSidecar('lite', d)).toThrow(/invalid model sidecar/);
    writeFixtureModel(d, 'lite');
    expect(() => loadShippedSidecar('lite', d)).toThrow(/testFixture/);
  });
});

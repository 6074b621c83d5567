import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFixtureModel } from '../../../tests/fixtures/fixture-model';
import { ModelRegistry } from './model-registry';

describe('ModelRegistry', () => {
  const dirs: string[] = [];
  const registries: ModelRegistry[] = [];
  const temp = () => {
    const d = mkdtempSync(join(tmpdir(), 'veracall-registry-'));
    dirs.push(d);
    return d;
  };
  const load = async (dir: string, allowTestFixtures = true) => {
    const r = await ModelRegistry.load({ dir, allowTestFixtures, executionProvider: 'auto' });
    registries.push(r);
    return r;
  };
  afterEach(async () => {
    await Promise.all(registries.splice(0).map((r) => r.close()));
    dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  it('never offers a test fixture unless explicitly allowed', async () => {
    const dir = temp();
    writeFixtureModel(dir);
    const r = await load(dir, false);
    expect(r.size).toBe(0);
    expect(r.failures[0]).toMatchObject({ file: 'test-fixture.json', error: expect.stringMatching(/test fixture/) });
    expect((await load(dir, true)).size).toBe(1);
  });

  it('is empty, not failing, for a missing directory', async () => {
    const r = await load(join(temp(), 'nope'));
    expect(r.size).toBe(0);
    expect(r.defaultName).toBeUndefined();
    expect(r.get()).toBeUndefined();
    expect(r.executionProvider).toBe('none');
  });

  it('prefers "lite" as default (large is no better on unseen generators), else the first by name', async () => {
    const dir = temp();
    writeFixtureModel(dir, 'large', 16000);
    writeFixtureModel(dir, 'aaa');
    expect((await load(dir)).defaultName).toBe('aaa');
    writeFixtureModel(dir, 'lite');
    writeFileSync(join(dir, 'lite.live.json'), '{"not":"a sidecar"}');
    const r = await load(dir);
    expect(r.defaultName).toBe('lite');
    expect(r.failures).toEqual([]); // a live-calibration file beside the model is not a broken sidecar
    expect(r.get('large')?.sidecar.windowSamples).toBe(16000);
    expect(r.engine).toBe('onnxruntime-node/cpu'); // the default install is the CPU build
  });

  it('skips a model whose bytes do not match the sidecar sha256, and keeps the others', async () => {
    const dir = temp();
    writeFixtureModel(dir, 'good');
    writeFixtureModel(dir, 'tampered');
    const onnx = join(dir, 'tampered.onnx');
    const bytes = readFileSync(onnx);
    bytes[bytes.length - 1] ^= 1;
    writeFileSync(onnx, bytes);
    const r = await load(dir);
    expect(r.list().map((m) => m.sidecar.name)).toEqual(['good']);
    expect(r.failures[0]?.error).toMatch(/sha256/);
  });

  it('skips invalid sidecars and parity files, and reports why', async () => {
    const dir = temp();
    writeFixtureModel(dir, 'good');
    writeFileSync(join(dir, 'broken.json'), '{ not json');
    writeFileSync(join(dir, 'wrong-rate.json'), JSON.stringify({ ...JSON.parse(readFileSync(join(dir, 'good.json'), 'utf8')), name: 'x', sampleRate: 8000 }));
    writeFileSync(join(dir, 'missing.json'), JSON.stringify({ ...JSON.parse(readFileSync(join(dir, 'good.json'), 'utf8')), name: 'missing', file: 'missing.onnx' }));
    writeFileSync(join(dir, 'good.parity.json'), '{"spec":"veracall-parity-v1"}');
    const r = await load(dir);
    expect(r.list().map((m) => m.sidecar.name)).toEqual(['good']);
    expect(r.failures.map((f) => f.file).sort()).toEqual(['broken.json', 'missing.json', 'wrong-rate.json']);
    expect(r.failures.find((f) => f.file === 'wrong-rate.json')?.error).toMatch(/sampleRate/);
  });

  it('loads models that score windows', async () => {
    const dir = temp();
    writeFixtureModel(dir);
    const m = (await load(dir)).get()!;
    const [quiet, loud] = await m.detector.processBatch([new Float32Array(8000), new Float32Array(8000).fill(0.5)]);
    expect(quiet!.logit).toBeCloseTo(-4, 5);
    expect(loud!.logit).toBeCloseTo(16, 4);
  });
});

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisResultSchema } from '../../../shared/index';
import { writeFixtureModel } from '../../../tests/fixtures/fixture-model';
import { REPO_ROOT } from '../config';
import { encodeWav, speechLike } from '../testing/audio';
import { resolveUserPath, runAnalyze } from './analyze';
import { parseCsv } from './csv';
import type { CliIo } from './io';
import { runScore } from './score';
import { MODEL_SAMPLE_RATE } from '../../../shared/model/sample-rate';

function captureIo(): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', stderrIsTTY: false, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

describe('CLI (in-process, fixture model)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'veracall-cli-'));
  const models = join(dir, 'models');
  const fixture = { modelsDir: models, allowTestFixtures: true };
  beforeAll(() => {
    writeFixtureModel(models);
    writeFixtureModel(models, 'lite', 16000);
    mkdirSync(join(dir, 'clips', 'sub dir'), { recursive: true });
    writeFileSync(join(dir, 'clips', 'loud.wav'), encodeWav([speechLike(3, MODEL_SAMPLE_RATE, 0.6)], MODEL_SAMPLE_RATE));
    writeFileSync(join(dir, 'clips', 'sub dir', 'quiet, "odd".wav'), encodeWav([speechLike(3, 22050, 0.03)], 22050));
    writeFileSync(join(dir, 'clips', 'silence.wav'), encodeWav([new Float32Array(MODEL_SAMPLE_RATE)], MODEL_SAMPLE_RATE));
    writeFileSync(join(dir, 'clips', 'broken.wav'), Buffer.from('not audio at all'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('analyze prints a human verdict per file', async () => {
    const io = captureIo();
    const code = await runAnalyze([join(dir, 'clips', 'loud.wav'), join(dir, 'clips', 'sub dir', 'quiet, "odd".wav')], io, fixture);
    expect(code).toBe(0);
    expect(io.out).toMatch(/loud\.wav: likely synthetic {2}chance of synthesis \d{1,3} % {2}\(threshold 50 % balanced; lite test/);
    expect(io.out).toMatch(/odd"\.wav: no signs of synthesis {2}chance of synthesis \d{1,2} %/);
    expect(io.out).not.toMatch(/human/i);
    expect(io.out).toMatch(/22050 Hz × 1/);
  });

  it('analyze --json emits the shared result schema, with --model and --preset', async () => {
    const io = captureIo();
    const code = await runAnalyze([join(dir, 'clips', 'loud.wav'), '--json', '--model', 'test-fixture', '--preset', 'conservative'], io, fixture);
    expect(code).toBe(0);
    const r = analysisResultSchema.parse(JSON.parse(io.out));
    expect(r).toMatchObject({ model: { name: 'test-fixture' }, preset: 'conservative', threshold: 0.8 });
  });

  it('analyze reports unreadable files, continues, and exits 1', async () => {
    const io = captureIo();
    const code = await runAnalyze([join(dir, 'clips', 'broken.wav'), join(dir, 'nope.wav'), join(dir, 'clips', 'loud.wav')], io, fixture);
    expect(code).toBe(1);
    expect(io.out).toMatch(/broken\.wav: ERROR Unrecognised or unsupported audio format/);
    expect(io.out).toMatch(/nope\.wav: ERROR file not found/);
    expect(io.out).toMatch(/loud\.wav: likely synthetic/);
  });

  it('analyze refuses devices and directories instead of reading them for ever', async () => {
    const io = captureIo();
    const code = await runAnalyze(['/dev/zero', join(dir, 'clips')], io, fixture);
    expect(code).toBe(1);
    expect(io.out).toMatch(/\/dev\/zero: ERROR not a regular file/);
    expect(io.out).toMatch(/clips: ERROR is a directory/);
  });

  it('analyze resolves relative paths from the directory npm was run in (INIT_CWD)', () => {
    expect(resolveUserPath('clip.wav', { INIT_CWD: '/home/ada/calls' })).toBe('/home/ada/calls/clip.wav');
    expect(resolveUserPath('/abs/clip.wav', { INIT_CWD: '/home/ada' })).toBe('/abs/clip.wav');
  });

  it('analyze rejects bad arguments with usage and status 2', async () => {
    for (const argv of [[], ['x.wav', '--preset', 'weird'], ['x.wav', '--preset', 'custom'], ['--bogus']]) {
      const io = captureIo();
      expect(await runAnalyze(argv, io, fixture)).toBe(2);
      expect(io.err).toMatch(/Usage: npm run analyze/);
    }
  });

  it('score writes file,score for every readable file, relative to the manifest, and skips the rest', async () => {
    const manifest = join(dir, 'clips', 'list.csv');
    writeFileSync(
      manifest,
      'label,file,speaker\nspoof,loud.wav,a\nbonafide,"sub dir/quiet, ""odd"".wav",b\nbonafide,silence.wav,c\nspoof,broken.wav,d\nspoof,missing.wav,e\n',
    );
    const out = join(dir, 'scores.csv');
    const io = captureIo();
    const code = await runScore(['--manifest', manifest, '--out', out, '--model', 'lite'], io, fixture);
    expect(code).toBe(0);
    const rows = parseCsv(readFileSync(out, 'utf8'));
    expect(rows[0]).toEqual(['file', 'score']);
    const scores = Object.fromEntries(rows.slice(1).map(([f, s]) => [f, Number(s)]));
    expect(Object.keys(scores)).toEqual(['loud.wav', 'sub dir/quiet, "odd".wav', 'silence.wav']);
    expect(scores['loud.wav']).toBeGreaterThan(0.5);
    expect(scores['sub dir/quiet, "odd".wav']).toBeLessThan(0.2);
    // no speech: every window scored instead; the fixture calls silence very human
    expect(scores['silence.wav']).toBeGreaterThanOrEqual(0);
    expect(scores['silence.wav']).toBeLessThan(0.05);
    for (const s of Object.values(scores)) expect(s).toBeLessThanOrEqual(1);
    expect(io.err).toMatch(/skipped broken\.wav: Unrecognised/);
    expect(io.err).toMatch(/skipped missing\.wav: file not found/);
    expect(io.err).toMatch(/scored 3 of 5 files .* 2 skipped \(no row written\)/);
    expect(io.err).toMatch(/with lite test/);
  });

  it('score refuses a manifest without a file column', async () => {
    const manifest = join(dir, 'bad.csv');
    writeFileSync(manifest, 'path,label\nx.wav,spoof\n');
    const io = captureIo();
    expect(await runScore(['--manifest', manifest, '--out', join(dir, 'o.csv')], io, fixture)).toBe(2);
    expect(io.err).toMatch(/no "file" column/);
  });
});

describe('CLI as users run it (subprocess)', () => {
  it('never offers the test fixture: with only the fixture installed it says no models are installed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'veracall-cli-proc-'));
    try {
      writeFixtureModel(dir);
      const wav = join(dir, 'a.wav');
      writeFileSync(wav, encodeWav([speechLike(1)], MODEL_SAMPLE_RATE));
      const err = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'companion-server/src/cli/analyze.ts', wav], {
        cwd: REPO_ROOT,
        env: { ...process.env, VERACALL_MODELS_DIR: dir },
      }).catch((e: { code: number; stderr: string }) => e);
      expect('code' in err && err.code).toBe(1);
      expect((err as { stderr: string }).stderr).toMatch(/No detector models are installed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { saveSettings } from '../settings/storage';
import { appendVerdict, clearVerdicts, exportVerdicts, listVerdicts, MAX_ENTRIES, pruneVerdicts, verdictLogItem, type VerdictInput } from './log';

const DAY = 86_400_000;
const base: VerdictInput = { t: Date.now(), callId: 'call-1', site: 'meet', streamId: 's1', state: 'human', pSpoof: 0.1, engine: 'browser lite' };

beforeEach(() => {
  fakeBrowser.reset();
});

describe('verdict log', () => {
  it('appends verdicts and lists them newest first', async () => {
    await appendVerdict(base);
    await appendVerdict({ ...base, streamId: 's2', t: base.t + 1000, state: 'synthetic', pSpoof: 0.93, label: 'Ada' });
    const rows = await listVerdicts();
    expect(rows.map((r) => r.streamId)).toEqual(['s2', 's1']);
    expect(rows[0]).toMatchObject({ state: 'synthetic', pSpoof: 0.93, label: 'Ada', site: 'meet' });
  });

  it('keeps one row per verdict change of a stream, refreshing score and last update', async () => {
    await appendVerdict(base);
    await appendVerdict({ ...base, t: base.t + 500, pSpoof: 0.2 });
    await appendVerdict({ ...base, t: base.t + 900, state: 'suspicious', pSpoof: 0.6 });
    const rows = await listVerdicts();
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ state: 'human', t: base.t, lastT: base.t + 500, pSpoof: 0.2 });
    expect(rows[0]).toMatchObject({ state: 'suspicious', pSpoof: 0.6 });
  });

  it('does not log the listening state', async () => {
    expect(await appendVerdict({ ...base, state: 'listening', pSpoof: null })).toBe(false);
    expect(await listVerdicts()).toEqual([]);
  });

  it('keeps nothing when retention is 0 days, and empties an existing log', async () => {
    await appendVerdict(base);
    await saveSettings({ historyRetentionDays: 0 });
    expect(await appendVerdict({ ...base, streamId: 's9' })).toBe(false);
    expect(await listVerdicts()).toEqual([]);
  });

  it('prunes entries older than the retention', async () => {
    const now = Date.now();
    await appendVerdict({ ...base, t: now - 10 * DAY, streamId: 'old' });
    await appendVerdict({ ...base, t: now - 1 * DAY, streamId: 'new' });
    expect(await pruneVerdicts(5, now)).toBe(1);
    expect((await listVerdicts()).map((r) => r.streamId)).toEqual(['new']);
  });

  it('drops entries past the retention in settings when appending', async () => {
    await saveSettings({ historyRetentionDays: 2 });
    await appendVerdict({ ...base, t: Date.now() - 3 * DAY, streamId: 'old' });
    await appendVerdict({ ...base, streamId: 'fresh' });
    expect((await listVerdicts()).map((r) => r.streamId)).toEqual(['fresh']);
  });

  it('caps the number of entries, dropping the oldest', async () => {
    const t = Date.now();
    const many = Array.from({ length: MAX_ENTRIES + 5 }, (_, i) => ({ ...base, t: t + i, lastT: t + i, streamId: `s${i}` }));
    await verdictLogItem.setValue(many);
    await appendVerdict({ ...base, t: t + MAX_ENTRIES + 10, streamId: 'last' });
    const rows = await listVerdicts();
    expect(rows).toHaveLength(MAX_ENTRIES);
    expect(rows[0]!.streamId).toBe('last');
    expect(rows.at(-1)!.streamId).toBe('s6');
  });

  it('serialises concurrent appends without losing rows', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => appendVerdict({ ...base, streamId: `p${i}` })));
    expect(await listVerdicts()).toHaveLength(20);
  });

  it('filters by site, call and limit', async () => {
    await appendVerdict(base);
    await appendVerdict({ ...base, site: 'zoom', callId: 'call-2', streamId: 'z' });
    expect((await listVerdicts({ site: 'zoom' })).map((r) => r.streamId)).toEqual(['z']);
    expect((await listVerdicts({ callId: 'call-1' })).map((r) => r.streamId)).toEqual(['s1']);
    expect(await listVerdicts({ limit: 1 })).toHaveLength(1);
  });

  it('ignores malformed stored rows', async () => {
    await verdictLogItem.setValue([{ nonsense: true }, { ...base, lastT: base.t }, 'x']);
    expect(await listVerdicts()).toHaveLength(1);
  });

  it('clears the log', async () => {
    await appendVerdict(base);
    await clearVerdicts();
    expect(await listVerdicts()).toEqual([]);
  });
});

describe('export', () => {
  it('writes CSV with a header and escapes commas, quotes, newlines and formulas', async () => {
    await appendVerdict({ ...base, label: 'Doe, "Jo"\nSmith' });
    await appendVerdict({ ...base, streamId: 's2', label: '=HYPERLINK("x")', pSpoof: null, state: 'no-speech' });
    const csv = await exportVerdicts('csv');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('time,last_update,call_id,site,stream_id,label,state,p_spoof,engine');
    expect(csv).toContain('"Doe, ""Jo""\nSmith"');
    expect(csv).toContain(`"'=HYPERLINK(""x"")",no-speech,,browser lite`);
    expect(csv).toContain(',human,0.1,browser lite');
  });

  it('writes JSON that round-trips the entries', async () => {
    await appendVerdict(base);
    const doc = JSON.parse(await exportVerdicts('json'));
    expect(doc.format).toBe('veracall-verdict-log');
    expect(doc.entries).toHaveLength(1);
    expect(doc.entries[0]).toMatchObject({ callId: 'call-1', state: 'human' });
  });
});

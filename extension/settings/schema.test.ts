import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseSettings } from './schema';

describe('settings schema', () => {
  it('gives every default for missing or non-object storage', () => {
    expect(parseSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings('garbage')).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS.sensitivity.preset).toBe('balanced');
    expect(DEFAULT_SETTINGS.companion).toEqual({ enabled: false, url: 'ws://127.0.0.1:8765', token: '' });
  });

  it('replaces only the invalid field, keeping the others', () => {
    const s = parseSettings({
      sensitivity: { preset: 'conservative', customThreshold: 7 },
      sites: { meet: false, zoom: 'yes' },
      companion: { enabled: true, url: 'ws://127.0.0.1:9000', token: 42 },
      historyRetentionDays: -3,
    });
    expect(s.sensitivity).toEqual({ preset: 'conservative', customThreshold: 0.5 });
    expect(s.sites).toMatchObject({ meet: false, zoom: true, teams: true });
    expect(s.companion).toEqual({ enabled: true, url: 'ws://127.0.0.1:9000', token: '' });
    expect(s.historyRetentionDays).toBe(30);
  });
});

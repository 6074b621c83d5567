import { describe, expect, it } from 'vitest';
import { siteForUrl } from '../sites';
import { MeetingTabs } from './meeting-tabs';

describe('MeetingTabs (warm the engine when a call page opens)', () => {
  it('asks for a warm-up once per tab and call site, and only for enabled sites', () => {
    const t = new MeetingTabs(siteForUrl, (s) => s !== 'zoom');
    expect(t.visit(1, 'https://meet.google.com/abc-defg-hij')).toBe('meet');
    expect(t.visit(1, 'https://meet.google.com/abc-defg-hij?x=1')).toBeNull(); // already warm
    expect(t.visit(2, 'https://us05web.zoom.us/wc/1')).toBeNull(); // site turned off
    expect(t.visit(3, 'https://example.com/')).toBeNull();
    expect(t.open).toBe(1);
  });

  it('keeps the engine while a call tab is open and lets it go when the last one leaves or closes', () => {
    const t = new MeetingTabs(siteForUrl, () => true);
    t.visit(1, 'https://teams.microsoft.com/v2/');
    t.visit(2, 'https://meet.google.com/x');
    t.visit(1, 'https://example.com/'); // navigated away
    expect(t.open).toBe(1);
    t.visit(2, undefined); // an update without a URL changes nothing
    expect(t.open).toBe(1);
    t.close(2);
    expect(t.open).toBe(0);
  });
});

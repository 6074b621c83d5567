import { describe, expect, it } from 'vitest';
import { CALL_SITE_MATCHES, siteMatches } from './hosts';

describe('host matches', () => {
  it('the published build watches only the call sites, never local pages', () => {
    const prod = siteMatches(false);
    expect(prod).toEqual(CALL_SITE_MATCHES);
    expect(prod.some((m) => /localhost|127\.0\.0\.1|^http:/.test(m))).toBe(false);
  });
  it('dev and test builds add the local demo page', () => {
    expect(siteMatches(true)).toEqual([...CALL_SITE_MATCHES, 'http://127.0.0.1/*', 'http://localhost/*']);
  });
});

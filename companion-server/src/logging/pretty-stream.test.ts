import { describe, expect, it } from 'vitest';
import { formatLogLine } from './pretty-stream';

describe('log lines on a terminal', () => {
  it('are short and readable instead of JSON', () => {
    const line = formatLogLine(JSON.stringify({ level: 40, time: Date.UTC(2026, 0, 1, 12, 3, 4), pid: 1, hostname: 'h', msg: 'refused a request', ip: '127.0.0.1', err: { message: 'boom' } }));
    expect(line).toMatch(/^\d\d:\d\d:\d\d WARN {2}refused a request {2}ip=127\.0\.0\.1 error="boom"\n$/);
    expect(line).not.toMatch(/hostname|pid/);
    expect(formatLogLine('not json')).toBe('not json');
  });
});

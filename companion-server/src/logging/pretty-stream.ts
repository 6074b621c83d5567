import { Writable } from 'node:stream';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const SKIP = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId', 'v']);

/** One pino JSON line as a short human line: `12:03:04 WARN  message  key=value ...`. */
export function formatLogLine(line: string): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = new Date(typeof o.time === 'number' ? o.time : Date.now()).toTimeString().slice(0, 8);
  const extra = Object.entries(o)
    .filter(([k]) => !SKIP.has(k))
    .map(([k, v]) => {
      if (k === 'err' && v && typeof v === 'object') return `error="${String((v as { message?: unknown }).message ?? '')}"`;
      if (k === 'req' && v && typeof v === 'object') return `${(v as { method?: string }).method ?? ''} ${(v as { url?: string }).url ?? ''}`;
      if (k === 'res' && v && typeof v === 'object') return `→ ${(v as { statusCode?: number }).statusCode ?? ''}`;
      return `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`;
    })
    .join(' ');
  return `${time} ${LEVELS[o.level as number] ?? String(o.level)} ${String(o.msg ?? '')}${extra ? `  ${extra}` : ''}\n`;
}

/**
 * pino destination for an interactive terminal: readable lines instead of JSON (pino-pretty
 * is not a dependency). Logs stay JSON when stdout is not a terminal, for tools.
 */
export function prettyStream(out: NodeJS.WritableStream = process.stdout): Writable {
  let buffered = '';
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      buffered += chunk.toString('utf8');
      let i;
      while ((i = buffered.indexOf('\n')) >= 0) {
        out.write(formatLogLine(buffered.slice(0, i)));
        buffered = buffered.slice(i + 1);
      }
      done();
    },
  });
}

import { describe, expect, it } from 'vitest';
import { IngestPump, type InboundItem, type QueuedAudio } from './ingest-pump';

const tick = () => new Promise((r) => setImmediate(r));
async function drain(p: IngestPump) {
  for (let i = 0; i < 200; i++) await tick();
  expect(p.bytes).toBe(0);
}

/** A queue whose items log their names when run, and whose drop markers log the audio they stand for. */
function harness(limits = { sliceMs: 50, maxBytesPerQueue: 100, maxBytesGlobal: 1000 }) {
  const pump = new IngestPump(limits);
  const log: string[] = [];
  const make = (name: string) => pump.queue((a: QueuedAudio) => ({ bytes: 0, run: () => log.push(`${name}:dropped ${a.streamId}#${a.seq}`) }));
  const audio = (name: string, seq: number, bytes = 40): InboundItem => ({ bytes, audio: { streamId: 's', seq, samples: 100 }, run: () => log.push(`${name}:audio#${seq}`) });
  const control = (name: string, what: string): InboundItem => ({ bytes: 0, run: () => log.push(`${name}:${what}`) });
  return { pump, log, make, audio, control };
}

describe('IngestPump', () => {
  it('keeps a connection under its byte cap by dropping its oldest audio, in place and in order, never a control message', async () => {
    const { pump, log, make, audio, control } = harness();
    const q = make('a');
    q.push(control('a', 'start'));
    for (let seq = 0; seq < 5; seq++) {
      q.push(audio('a', seq));
      expect(q.bytes).toBeLessThanOrEqual(100);
    }
    q.push(control('a', 'end'));
    expect(pump.peakBytes).toBeLessThanOrEqual(100 + 40);
    await drain(pump);
    expect(log).toEqual(['a:start', 'a:dropped s#0', 'a:dropped s#1', 'a:dropped s#2', 'a:audio#3', 'a:audio#4', 'a:end']);
    expect(pump.bytes).toBe(0);
  });

  it('keeps all connections under the global cap by dropping from the one holding most', async () => {
    const { pump, log, make, audio } = harness({ sliceMs: 50, maxBytesPerQueue: 1000, maxBytesGlobal: 100 });
    const a = make('a');
    const b = make('b');
    a.push(audio('a', 0));
    a.push(audio('a', 1));
    b.push(audio('b', 0)); // 120 bytes in all: a holds most and gives up its oldest
    expect(pump.bytes).toBeLessThanOrEqual(100);
    await drain(pump);
    expect(log).toContain('a:dropped s#0');
    expect(log).toContain('b:audio#0');
  });

  it('serves connections in turn and yields to the event loop between slices', async () => {
    const { pump, make } = harness({ sliceMs: 5, maxBytesPerQueue: 10_000, maxBytesGlobal: 10_000 });
    const order: string[] = [];
    const busy = (name: string): InboundItem => ({
      bytes: 1,
      run: () => {
        order.push(name);
        const until = performance.now() + 2;
        while (performance.now() < until);
      },
    });
    const a = make('a');
    const b = make('b');
    for (let i = 0; i < 20; i++) a.push(busy('a'));
    for (let i = 0; i < 20; i++) b.push(busy('b'));
    let timerRanAfter = -1;
    setTimeout(() => (timerRanAfter = order.length), 0);
    await drain(pump);
    expect(order.slice(0, 6)).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
    // a timer got its turn long before the 40 items (80 ms of work) were done
    expect(timerRanAfter).toBeGreaterThan(0);
    expect(timerRanAfter).toBeLessThan(20);
  });

  it('forgets a closed connection and its bytes', async () => {
    const { pump, log, make, audio } = harness();
    const q = make('a');
    q.push(audio('a', 0));
    q.clear();
    expect(pump.bytes).toBe(0);
    await drain(pump);
    expect(log).toEqual([]);
  });
});

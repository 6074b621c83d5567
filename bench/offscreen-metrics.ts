import { readdirSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

/**
 * Memory of the extension's offscreen document over the Chrome DevTools Protocol: attach
 * to its target and read Performance.getMetrics (JS heap), Runtime.getHeapUsage and
 * performance.measureUserAgentSpecificMemory() (JS + DOM + WebAssembly).
 * The browser must have been started with --remote-debugging-port=`port`.
 */
export async function offscreenMetrics(port: number): Promise<Record<string, number>> {
  return (
    (await withOffscreen(port, async (call) => {
      await call('Performance.enable');
      const perf = (await call('Performance.getMetrics')) as { metrics?: Array<{ name: string; value: number }> };
      const heap = (await call('Runtime.getHeapUsage')) as { usedSize?: number; totalSize?: number; embedderHeapUsedSize?: number; backingStorageSize?: number };
      const out: Record<string, number> = {};
      for (const m of perf.metrics ?? []) if (/JSHeap|Nodes|Documents/.test(m.name)) out[m.name] = m.value;
      const ev = (await call('Runtime.evaluate', {
        // Counts JS, DOM and WebAssembly memory of the document; needs cross-origin isolation.
        expression: `(async () => crossOriginIsolated && performance.measureUserAgentSpecificMemory ? (await performance.measureUserAgentSpecificMemory()).bytes : -1)()`,
        awaitPromise: true,
        returnByValue: true,
      })) as { result?: { value?: number } };
      if (typeof ev.result?.value === 'number' && ev.result.value >= 0) out.uaSpecificBytes = ev.result.value;
      if (heap.usedSize !== undefined) out.heapUsed = heap.usedSize;
      if (heap.backingStorageSize !== undefined) out.backingStorage = heap.backingStorageSize;
      if (heap.embedderHeapUsedSize !== undefined) out.embedderHeapUsed = heap.embedderHeapUsedSize;
      return out;
    })) ?? {}
  );
}

/** Value of a JS expression evaluated in the offscreen document (JSON-serialisable), or null without one. */
export async function offscreenEvaluate<T>(port: number, expression: string): Promise<T | null> {
  return withOffscreen(port, async (call) => {
    const ev = (await call('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })) as { result?: { value?: T } };
    return ev.result?.value ?? null;
  });
}

type CdpCall = (method: string, params?: object) => Promise<Record<string, unknown>>;

/** Attaches to the offscreen document's target over CDP and runs `fn` with a command sender. */
async function withOffscreen<T>(port: number, fn: (call: CdpCall) => Promise<T>): Promise<T | null> {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  try {
    const cdp = await browser.newBrowserCDPSession();
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: Array<{ targetId: string; type: string; url: string }> };
    const t = targetInfos.find((x) => x.url.endsWith('/offscreen.html'));
    if (!t) return null;
    const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: t.targetId, flatten: false })) as { sessionId: string };
    let id = 0;
    const call: CdpCall = (method, params = {}) =>
      new Promise<Record<string, unknown>>((resolve) => {
        const my = ++id;
        const on = (e: { sessionId: string; message: string }) => {
          const m = JSON.parse(e.message) as { id?: number; result?: Record<string, unknown> };
          if (e.sessionId === sessionId && m.id === my) {
            cdp.off('Target.receivedMessageFromTarget', on);
            resolve(m.result ?? {});
          }
        };
        cdp.on('Target.receivedMessageFromTarget', on);
        void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: my, method, params }) });
      });
    return await fn(call);
  } finally {
    await browser.close().catch(() => {});
  }
}

/**
 * Memory of Chromium's extension renderer process — the one that hosts the offscreen
 * document (and the service worker) — read from /proc (Linux): resident set and
 * proportional set size in bytes. Unlike the JS-heap figures it includes onnxruntime-web's
 * WebAssembly heap. `userDir` identifies our browser among any others running.
 */
export function extensionProcessMemory(userDir: string): { rss: number; pss: number; processes: number; largestPss: number; largestHwm: number } {
  const procs = new Map<number, { ppid: number; cmd: string }>();
  try {
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        procs.set(Number(d), { ppid, cmd: readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ') });
      } catch {
        // process went away
      }
    }
  } catch {
    return { rss: 0, pss: 0, processes: 0, largestPss: 0, largestHwm: 0 };
  }
  const root = [...procs].find(([, p]) => p.cmd.includes(`--user-data-dir=${userDir}`))?.[0];
  const inTree = (pid: number) => {
    for (let p = pid, i = 0; p > 1 && i < 20; p = procs.get(p)?.ppid ?? 0, i++) if (p === root) return true;
    return false;
  };
  let rss = 0;
  let pss = 0;
  let processes = 0;
  let largestPss = 0;
  let largestHwm = 0;
  for (const [pid, p] of procs) {
    if (root === undefined || !p.cmd.includes('--extension-process') || !inTree(pid)) continue;
    try {
      processes++;
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      rss += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
      const p1 = Number(/Pss:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0) * 1024;
      pss += p1;
      if (p1 > largestPss) {
        largestPss = p1;
        // Peak resident set since the process started (shared pages counted whole): catches what sampling misses.
        largestHwm = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
      }
    } catch {
      // process went away
    }
  }
  return { rss, pss, processes, largestPss, largestHwm };
}

/**
 * PSS of the renderer that hosts the offscreen document: the largest extension process
 * (it holds onnxruntime-web's wasm heap; Chromium's component extensions are far smaller).
 */
export function offscreenPss(userDir: string): number {
  return extensionProcessMemory(userDir).largestPss;
}

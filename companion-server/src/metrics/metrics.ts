/**
 * A small Prometheus registry: counters and gauges with labels, one histogram, rendered in
 * the text exposition format (version 0.0.4). Hand-written to avoid a dependency for a
 * dozen series.
 */
type Labels = Record<string, string>;

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (l: Labels) => {
  const e = Object.entries(l);
  return e.length ? `{${e.map(([k, v]) => `${k}="${escape(v)}"`).join(',')}}` : '';
};

class Series {
  readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(readonly name: string, readonly help: string, readonly type: 'counter' | 'gauge') {}
  inc(labels: Labels = {}, by = 1): void {
    const key = labelText(labels);
    const cur = this.values.get(key);
    if (cur) cur.value += by;
    else this.values.set(key, { labels, value: by });
  }
  set(value: number, labels: Labels = {}): void {
    this.values.set(labelText(labels), { labels, value });
  }
  get(labels: Labels = {}): number {
    return this.values.get(labelText(labels))?.value ?? 0;
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`];
    for (const { labels, value } of this.values.values()) lines.push(`${this.name}${labelText(labels)} ${value}`);
    return lines;
  }
}

class Histogram {
  private readonly counts: number[];
  private sum = 0;
  private count = 0;
  constructor(readonly name: string, readonly help: string, readonly buckets: number[]) {
    this.counts = buckets.map(() => 0);
  }
  observe(v: number): void {
    this.sum += v;
    this.count++;
    this.buckets.forEach((b, i) => {
      if (v <= b) this.counts[i]!++;
    });
  }
  render(): string[] {
    return [
      `# HELP ${this.name} ${this.help}`,
      `# TYPE ${this.name} histogram`,
      ...this.buckets.map((b, i) => `${this.name}_bucket{le="${b}"} ${this.counts[i]}`),
      `${this.name}_bucket{le="+Inf"} ${this.count}`,
      `${this.name}_sum ${this.sum}`,
      `${this.name}_count ${this.count}`,
    ];
  }
}

export class CompanionMetrics {
  readonly requests = new Series('veracall_http_requests_total', 'HTTP requests by route and status code.', 'counter');
  readonly analyses = new Series('veracall_analyses_total', 'File analyses by outcome.', 'counter');
  readonly windows = new Series('veracall_windows_scored_total', 'Windows scored by the detector, by source (file or stream).', 'counter');
  readonly dropped = new Series('veracall_windows_dropped_total', 'Stream windows dropped under overload.', 'counter');
  readonly wsConnections = new Series('veracall_ws_connections', 'Open WebSocket connections.', 'gauge');
  readonly wsStreams = new Series('veracall_ws_streams', 'Active streams over WebSocket.', 'gauge');
  readonly wsPending = new Series('veracall_ws_pending_windows', 'Stream windows waiting for inference.', 'gauge');
  readonly wsErrors = new Series('veracall_ws_errors_total', 'Error messages sent over WebSocket, by code.', 'counter');
  /** Seconds per stream inference call (one batch of windows). */
  readonly inference = new Histogram('veracall_inference_seconds', 'Detector inference time per call for live-stream windows (one call scores a batch).', [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
  ]);

  render(): string {
    const mem = process.memoryUsage();
    const memory = new Series('veracall_process_memory_bytes', 'Process memory by kind.', 'gauge');
    memory.set(mem.rss, { kind: 'rss' });
    memory.set(mem.heapUsed, { kind: 'heap_used' });
    memory.set(mem.heapTotal, { kind: 'heap_total' });
    memory.set(mem.external, { kind: 'external' });
    memory.set(mem.arrayBuffers, { kind: 'array_buffers' });
    const uptime = new Series('veracall_process_uptime_seconds', 'Seconds since the process started.', 'gauge');
    uptime.set(Math.round(process.uptime()));
    const all = [this.requests, this.analyses, this.windows, this.dropped, this.wsConnections, this.wsStreams, this.wsPending, this.wsErrors];
    return [...all.flatMap((s) => s.render()), ...this.inference.render(), ...memory.render(), ...uptime.render()].join('\n') + '\n';
  }
}

// Inference worker thread (see off-thread-ort.ts): holds onnxruntime-node sessions and runs
// them here, because onnxruntime-node's session.run is synchronous on the calling thread and
// would otherwise stop the server's event loop (/health, WebSocket reads) for each call.
// Plain JavaScript: it needs no TypeScript loader, so it starts fast in any runtime.
// In:  { id, type: 'create', bytes, options } | { id, type: 'run', session, feeds } | { id, type: 'release', session }
// Out: { id, inputNames, outputNames } | { id, outputs } | { id } | { id, error }
import { parentPort } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';

const sessions = new Map();
const port = parentPort;

port.on('message', async (m) => {
  try {
    if (m.type === 'create') {
      const s = await ort.InferenceSession.create(m.bytes, m.options);
      sessions.set(m.id, s);
      port.postMessage({ id: m.id, inputNames: s.inputNames, outputNames: s.outputNames });
    } else if (m.type === 'run') {
      const s = sessions.get(m.session);
      if (!s) throw new Error('inference session was released');
      const feeds = {};
      for (const [name, t] of Object.entries(m.feeds)) feeds[name] = new ort.Tensor(t.type, t.data, t.dims);
      const out = await s.run(feeds);
      const outputs = {};
      const transfer = [];
      for (const [name, t] of Object.entries(out)) {
        const data = t.data.slice(); // its own buffer, moved to the main thread
        outputs[name] = { type: t.type, dims: t.dims, data };
        transfer.push(data.buffer);
        t.dispose?.();
      }
      port.postMessage({ id: m.id, outputs }, transfer);
    } else if (m.type === 'release') {
      await sessions.get(m.session)?.release();
      sessions.delete(m.session);
      port.postMessage({ id: m.id });
    }
  } catch (err) {
    port.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) });
  }
});

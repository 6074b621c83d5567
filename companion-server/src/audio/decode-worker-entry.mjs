// Worker bootstrap: Node 20 does not carry the parent's tsx loader into worker threads,
// so register it here before loading the TypeScript worker (see decode-off-thread.ts).
import { register } from 'tsx/esm/api';

register();
await import('./decode-worker.ts');

/**
 * Run by decode-off-thread.test.ts under `node --import tsx` (as the companion runs), where
 * TypeScript workers load: decodes the WAV at argv[2] and a garbage buffer, prints JSON.
 */
import { readFileSync } from 'node:fs';
import { OffThreadDecoder } from '../audio/decode-off-thread';

const decoder = new OffThreadDecoder();
let progress = 0;
const d = await decoder.decode(readFileSync(process.argv[2]!), { maxSeconds: 60, onProgress: () => progress++ });
const usedWorker = decoder.usedWorker;
const err = await decoder.decode(Buffer.from('definitely not audio'), { maxSeconds: 60 }).catch((e: { code?: string }) => e);
await decoder.close();
process.stdout.write(JSON.stringify({ usedWorker, samples: d.samples.length, source: d.source, progress, errorCode: (err as { code?: string }).code }) + '\n');

import { z } from 'zod';
import { audioFrameSchema, WS_MAX_FRAME_BYTES } from '../../../shared/index';

/**
 * The JSON `audio` message as the companion validates it: the protocol schema less its
 * base64 regex, which cost ~1.2 ms per 170 KB frame on the event loop. The alphabet is
 * checked while decoding instead (stream/pcm-base64.ts), when the message's turn comes.
 */
export const audioEnvelopeSchema = audioFrameSchema.extend({ pcm: z.string().max(WS_MAX_FRAME_BYTES) });

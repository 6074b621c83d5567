import { z } from 'zod';

/** Messages over the page bridge (see bridge.ts); the isolated side validates with these. */
export const toPageSchema = z.object({ kind: z.literal('init'), workletUrl: z.string().url(), tapWebAudio: z.boolean() });
export type ToPage = z.infer<typeof toPageSchema>;

export const fromPageSchema = z.discriminatedUnion('kind', [
  /** A remote audio track: its worklet port arrives as the message's transferred port. */
  z.object({
    kind: z.literal('track'),
    id: z.number().int(),
    sampleRate: z.number().int().min(3000).max(384000),
    origin: z.enum(['webrtc', 'webaudio']),
    /** The MediaStreamTrack's id: finds the page's media element playing it, and so its tile. */
    trackId: z.string().max(128).optional(),
  }),
  z.object({ kind: z.literal('ended'), id: z.number().int() }),
  z.object({ kind: z.literal('sources'), id: z.number().int(), count: z.number().int().min(0).max(100) }),
]);
export type FromPage = z.infer<typeof fromPageSchema>;

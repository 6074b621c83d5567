import { z } from 'zod';

/** Bumped on any incompatible change to a message below; every message carries it as `v`. */
export const PROTOCOL_VERSION = 1 as const;
export const versionField = z.literal(PROTOCOL_VERSION);

/** Verdict of a whole file or of a live stream once speech has been heard. */
export const verdictSchema = z.enum(['no-speech', 'human', 'suspicious', 'synthetic']);
export type Verdict = z.infer<typeof verdictSchema>;

/** State of a live stream's badge: a verdict, or still listening for enough speech. */
export const streamStateSchema = z.enum(['listening', 'no-speech', 'human', 'suspicious', 'synthetic']);
export type StreamState = z.infer<typeof streamStateSchema>;

/** Stream ids are chosen by the sender; short, printable, unique per connection or tab. */
export const streamIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'streamId: 1-64 chars of A-Z a-z 0-9 . _ : -');

export const modelRefSchema = z.object({
  name: z.string(),
  displayName: z.string(),
  version: z.string(),
});
export type ModelRef = z.infer<typeof modelRefSchema>;

/** Validation result with a short, user-facing message instead of a thrown ZodError. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function safeParseWith<T>(schema: z.ZodType<T>, data: unknown): Parsed<T> {
  const r = schema.safeParse(data);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  const at = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return { ok: false, error: `${at}${issue?.message ?? 'invalid message'}` };
}

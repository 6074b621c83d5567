import { z } from 'zod';
import { browser } from 'wxt/browser';
import { PROTOCOL_VERSION, streamStateSchema } from '../../shared/protocol/common';
import { engineSchema, extAnalyzeDone, siteSchema } from '../../shared/protocol/extension';
import { analysisProgressSchema, type AnalysisProgress, type AnalysisResult } from '../../shared/protocol/analysis';
import type { PresetName } from '../../shared/model/sidecar';

/**
 * What the popup and options page ask of the background. Replies are `unknown` until the
 * schemas below accept them; a failure becomes a short message for the user.
 */

/** `engine` may come as the engine's label or as the whole engine record. */
const engineLabel = z.union([z.string(), engineSchema.transform((e) => `${e.label} (${e.model})`)]);

export const callStatusSchema = z.object({
  site: siteSchema,
  tabId: z.number().int(),
  streams: z.array(
    z.object({
      streamId: z.string(),
      label: z.string().optional(),
      state: streamStateSchema,
      pSpoof: z.number().min(0).max(1).nullable(),
      engine: engineLabel,
    }),
  ),
});
export type CallStatus = z.infer<typeof callStatusSchema>;

export const companionTestSchema = z.object({
  ok: z.boolean(),
  engine: z.string().optional(),
  models: z.array(z.string()).optional(),
  error: z.string().optional(),
});
export type CompanionTestResult = z.infer<typeof companionTestSchema>;

function errorText(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return /Receiving end does not exist|Could not establish connection/i.test(m) ? 'The extension background is not answering; reload the extension.' : m;
}

/** The call on a tab, or null when the tab is not in a supported call. */
export async function requestCallStatus(tabId: number): Promise<CallStatus | null> {
  const raw: unknown = await browser.runtime.sendMessage({ v: PROTOCOL_VERSION, type: 'call.status', tabId });
  if (raw === null || raw === undefined) return null;
  const r = callStatusSchema.safeParse(raw);
  if (!r.success) throw new Error('Unexpected call status from the background.');
  return r.data;
}

export async function testCompanion(url: string, token: string): Promise<CompanionTestResult> {
  try {
    const raw: unknown = await browser.runtime.sendMessage({ v: PROTOCOL_VERSION, type: 'companion.test', url, token });
    const r = companionTestSchema.safeParse(raw);
    return r.success ? r.data : { ok: false, error: 'Unexpected answer from the background.' };
  } catch (e) {
    return { ok: false, error: errorText(e) };
  }
}

/** Progress of our request; `type` is `progress` in shared/protocol, `file.progress` on the runtime bus. */
const progressMessage = analysisProgressSchema.extend({ type: z.enum(['progress', 'file.progress']), requestId: z.string() });

export interface AnalyzeRequest {
  name: string;
  /** base64 Int16 LE mono at `sampleRate`. */
  pcm: string;
  sampleRate: number;
  channels: number;
  preset: PresetName | 'custom';
  customThreshold?: number;
}

/**
 * Sends `file.analyze` and resolves with the result. Progress and the result may arrive as
 * runtime messages tagged with our request id, or the result as the reply itself.
 */
export function analyzeFile(req: AnalyzeRequest, onProgress: (p: AnalysisProgress) => void): Promise<AnalysisResult> {
  const requestId = `popup-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  return new Promise<AnalysisResult>((resolve, reject) => {
    const finish = (raw: unknown): boolean => {
      const done = extAnalyzeDone.safeParse(raw);
      if (!done.success || done.data.requestId !== requestId) return false;
      browser.runtime.onMessage.removeListener(listener);
      if (done.data.result) resolve(done.data.result);
      else reject(new Error(done.data.error ?? 'The analysis failed.'));
      return true;
    };
    // Synchronous and answers nothing: this page owns none of the messages it watches.
    const listener = (msg: unknown): undefined => {
      const p = progressMessage.safeParse(msg);
      if (p.success && p.data.requestId === requestId) onProgress({ ...p.data, type: 'progress' });
      else finish(msg);
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    browser.runtime
      .sendMessage({ v: PROTOCOL_VERSION, type: 'file.analyze', requestId, ...req })
      .then((reply: unknown) => {
        if (reply !== undefined && reply !== null && !finish(reply) && typeof reply === 'object' && 'error' in reply) {
          browser.runtime.onMessage.removeListener(listener);
          reject(new Error(String((reply as { error: unknown }).error)));
        }
      })
      .catch((e: unknown) => {
        browser.runtime.onMessage.removeListener(listener);
        reject(new Error(errorText(e)));
      });
  });
}

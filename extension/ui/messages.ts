import { sendMessage, sendToEngine, onMessage } from '../messaging';
import type { AnalysisProgress, AnalysisResult } from '../../shared/protocol/analysis';
import type { CallStatus, CompanionTestResult, FileAnalyzeRequest } from '../messaging/protocol';

/**
 * What the popup and options page ask of the background and the inference context, over the extension's typed
 * messenger (which validates replies). Failures become short messages for the user.
 */
export type { CallStatus, CompanionTestResult };

export function errorText(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  if (/Receiving end does not exist|Could not establish connection/i.test(m)) return 'The extension’s background is not answering; reload the extension.';
  return m.replace(/^[\w.]+: invalid response: /, 'Unexpected answer from the extension: ');
}

/** The call on a tab as the background knows it (`site` null when there is none). */
export function requestCallStatus(tabId?: number): Promise<CallStatus> {
  return sendMessage('call.status', { tabId });
}

export async function testCompanion(url: string, token: string): Promise<CompanionTestResult> {
  try {
    return await sendToEngine('companion.test', { url, token });
  } catch (e) {
    return { ok: false, error: errorText(e) };
  }
}

export type AnalyzeRequest = Omit<FileAnalyzeRequest, 'requestId'>;

/** Sends `file.analyze`; progress for this request arrives meanwhile as `file.progress`. */
export async function analyzeFile(req: AnalyzeRequest, onProgress: (p: AnalysisProgress) => void): Promise<AnalysisResult> {
  const requestId = `popup-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const stop = onMessage('file.progress', (p) => {
    if (p.requestId === requestId) onProgress({ v: 1, type: 'progress', stage: p.stage, done: p.done, total: p.total });
  });
  try {
    return await sendToEngine('file.analyze', { ...req, requestId });
  } catch (e) {
    throw new Error(errorText(e));
  } finally {
    stop();
  }
}

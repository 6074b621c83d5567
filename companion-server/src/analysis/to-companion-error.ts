import { AnalysisAbortedError, InvalidThresholdError, NonFiniteLogitError } from '../../../shared/index';
import { AudioDecodeError, type AudioErrorCode } from '../audio/decode-audio';
import { CompanionError } from '../errors';

const STATUS: Record<AudioErrorCode, number> = {
  'empty-file': 400,
  'unsupported-format': 415,
  undecodable: 422,
  'no-audio': 422,
  'audio-too-long': 413,
  'audio-too-large': 413,
  cancelled: 400,
  'decode-timeout': 422,
};

/** Maps the failures of decoding and scoring a file to the answer a user sees; rethrows the rest. */
export function toCompanionError(err: unknown): CompanionError {
  if (err instanceof CompanionError) return err;
  if (err instanceof AudioDecodeError) return new CompanionError(STATUS[err.code], err.code, err.message);
  // The client went away mid-analysis; nobody reads the answer, but it is not a server fault.
  if (err instanceof AnalysisAbortedError) return new CompanionError(400, 'cancelled', 'The analysis was cancelled.');
  if (err instanceof InvalidThresholdError) return new CompanionError(400, 'bad-options', err.message);
  if (err instanceof NonFiniteLogitError) {
    return new CompanionError(422, 'unscorable', 'The model produced an invalid score for this audio, so no verdict can be given.');
  }
  throw err;
}

/**
 * An error a user can act on: a stable machine code, an HTTP status, a short message.
 * The error handler sends `{ error: code, message }` for these; anything else is a 500
 * whose details stay in the log.
 */
export class CompanionError extends Error {
  override name = 'CompanionError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const noModels = (dir: string) =>
  new CompanionError(503, 'no-models', `No detector models are installed (looked in ${dir}): each models/<name>.onnx needs its <name>.json sidecar; a running companion loads them when restarted.`);

export const unknownModel = (name: string, known: string[]) =>
  new CompanionError(400, 'unknown-model', `Unknown model "${name}"; available: ${known.join(', ') || 'none'}.`);

export const badMultipart = () =>
  new CompanionError(400, 'bad-multipart', 'The multipart/form-data body is malformed or cut short; send the audio as a "file" field.');

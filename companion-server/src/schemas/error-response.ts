/** Body of every 4xx/5xx answer: a stable code and a short message a user can act on. */
export interface ErrorResponse {
  error: string;
  message: string;
}

export const errorResponseJsonSchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: { error: { type: 'string' }, message: { type: 'string' } },
} as const;

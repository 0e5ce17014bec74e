import { z } from 'zod';

/**
 * Every failure that a user can act on carries a stable `code` so that the CLI can choose an exit
 * code, the UI can choose a message, and the value survives a trip over IPC or the WebSocket
 * bridge (Electron's `invoke` keeps only the message of a thrown Error, so errors cross as data).
 */
export const errorCodes = [
  'INVALID_INPUT', // the user's document, file or argument is wrong: fix it and try again
  'UNSUPPORTED_VERSION', // a document written by a newer Reelforge
  'NOT_FOUND',
  'FFMPEG_MISSING',
  'FFMPEG_FAILED',
  'ENCODER_UNAVAILABLE',
  'CANCELLED',
  'BUSY',
  'TTS_UNAVAILABLE', // no text-to-speech engine or voice model on this machine
  'TTS_FAILED',
  'LLM_FAILED', // the language model's server failed, refused, or never gave a valid answer
  'PROVIDER_UNAVAILABLE', // an online provider is not set up here (no key, no URL, unknown id)
  'PROVIDER_FAILED', // an online provider failed, refused, or answered with something unusable
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const serializedErrorSchema = z.object({
  name: z.string(),
  message: z.string(),
  code: z.enum(errorCodes),
  details: z.unknown().optional(),
});
export type SerializedError = z.infer<typeof serializedErrorSchema>;

export class StudioError extends Error {
  override name = 'StudioError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** A problem in a document or an input, located by a JSON-ish path such as `scenes[3].visual.path`. */
export interface Issue {
  path: string;
  message: string;
}

export class InvalidInputError extends StudioError {
  override name = 'InvalidInputError';
  constructor(
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super('INVALID_INPUT', issues.length ? `${message}\n${formatIssues(issues)}` : message, { issues });
  }
}

/** Cancellation is an outcome, not a failure: callers check for it and stay quiet. */
export class CancelledError extends StudioError {
  override name = 'CancelledError';
  constructor(message = 'cancelled') {
    super('CANCELLED', message);
  }
}

export function isCancelled(err: unknown): boolean {
  return err instanceof StudioError ? err.code === 'CANCELLED' : (err as { name?: string })?.name === 'AbortError';
}

export function formatIssues(issues: Issue[]): string {
  return issues.map((i) => `  - ${i.path || '(document)'}: ${i.message}`).join('\n');
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof StudioError) {
    return { name: err.name, message: err.message, code: err.code, details: err.details };
  }
  if (isCancelled(err)) return { name: 'CancelledError', message: 'cancelled', code: 'CANCELLED' };
  const e = err instanceof Error ? err : new Error(String(err));
  return { name: e.name, message: e.message, code: 'INTERNAL' };
}

/** Rebuilds a typed error on the far side of a transport. */
export function deserializeError(data: unknown): StudioError {
  const parsed = serializedErrorSchema.safeParse(data);
  if (!parsed.success) return new StudioError('INTERNAL', 'malformed error from the other side');
  const { name, message, code, details } = parsed.data;
  let err: StudioError;
  if (code === 'CANCELLED') err = new CancelledError(message);
  else err = new StudioError(code, message, details);
  err.name = name;
  return err;
}

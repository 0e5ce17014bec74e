import { StudioError, type ErrorCode } from '../../preload/contract/errors';

/**
 * The most a provider's answer may hold, by what it is: a JSON answer (a script, a search, a
 * status) is kilobytes, speech for one scene a few megabytes. A larger answer is refused while it
 * arrives, so a hostile or broken server cannot fill the memory of the app or the CLI.
 */
export const answerCaps = {
  json: 8 * 1024 * 1024,
  text: 8 * 1024 * 1024,
  audio: 100 * 1024 * 1024,
  /** an error body: only its start is shown */
  error: 64 * 1024,
} as const;
export type AnswerKind = keyof typeof answerCaps;

const mb = (n: number) => `${Math.round((n / 1048576) * 10) / 10} MB`;

export class AnswerTooLargeError extends StudioError {
  constructor(provider: string, kind: AnswerKind, limit: number, code: ErrorCode = 'PROVIDER_FAILED') {
    // another attempt gets the same answer: not retried
    super(code, `${provider} sent more than ${mb(limit)} for one ${kind} answer; it was refused (the limit keeps a broken server from filling the memory)`, { unrecoverable: true });
  }
}

/**
 * Reads a response body into one buffer, at most `limit` bytes (a declared Content-Length over it
 * is refused before reading). `onChunk` runs as bytes arrive (the idle timer's re-arm).
 */
export async function readCapped(res: Response, opts: { provider: string; kind: AnswerKind; limit?: number; code?: ErrorCode; onChunk?: () => void }): Promise<Buffer> {
  const limit = opts.limit ?? answerCaps[opts.kind];
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await res.body?.cancel().catch(() => undefined);
    throw new AnswerTooLargeError(opts.provider, opts.kind, limit, opts.code);
  }
  if (!res.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      opts.onChunk?.();
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        throw new AnswerTooLargeError(opts.provider, opts.kind, limit, opts.code);
      }
      chunks.push(Buffer.from(value));
    }
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks, size);
}

/** The same, as text (UTF-8; bad bytes become U+FFFD). */
export async function readCappedText(res: Response, opts: Parameters<typeof readCapped>[1]): Promise<string> {
  return new TextDecoder().decode(await readCapped(res, opts));
}

/** The start of a body (an error page), at most `limit` bytes; the rest is not read. */
export async function readStartText(res: Response, limit = answerCaps.error): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(Buffer.from(value));
      size += value.byteLength;
    }
    if (size >= limit) await reader.cancel().catch(() => undefined);
  } catch {
    // a body that broke off: what arrived is enough for a message
  } finally {
    reader.releaseLock();
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, limit));
}

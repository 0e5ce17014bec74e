import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidInputError, serializeError, StudioError, type ErrorCode } from '../../../preload/contract/errors';

/** The HTTP status of each StudioApi error code, on every REST route (a route may override some). */
const statusFor: Partial<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  UNSUPPORTED_VERSION: 400,
  NOT_FOUND: 404,
  BUSY: 409,
  CANCELLED: 409,
  FFMPEG_MISSING: 503,
  ENCODER_UNAVAILABLE: 503,
  TTS_UNAVAILABLE: 503,
  PROVIDER_UNAVAILABLE: 503,
  LLM_FAILED: 502,
  PROVIDER_FAILED: 502,
};

/** An error whose HTTP status is not the code's usual one (413, 415, 409 for an unfinished job). */
export class HttpError extends StudioError {
  constructor(
    readonly status: number,
    code: ErrorCode,
    message: string,
  ) {
    super(code, message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), 'cache-control': 'no-store', ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown, overrides: Partial<Record<ErrorCode, number>> = {}, headers: Record<string, string> = {}) {
  if (res.headersSent) return void res.destroy();
  const status = err instanceof HttpError ? err.status : err instanceof StudioError ? (overrides[err.code] ?? statusFor[err.code] ?? 500) : 500;
  sendJson(res, status, { error: serializeError(err) }, headers);
}

/** Reads a JSON body up to `limit` bytes; a larger one is refused before it is all read. */
export function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return reject(new HttpError(415, 'INVALID_INPUT', 'send the body as JSON (Content-Type: application/json)'));
    const declared = Number(req.headers['content-length']);
    if (declared > limit) return reject(new HttpError(413, 'INVALID_INPUT', `the body is ${declared} bytes; the limit is ${limit}`));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new HttpError(413, 'INVALID_INPUT', `the body is larger than ${limit} bytes`));
      } else chunks.push(c);
    });
    req.on('end', () => {
      if (size > limit) return;
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (err) {
        reject(new InvalidInputError(`the body is not valid JSON: ${(err as Error).message}`));
      }
    });
    req.on('error', reject);
  });
}

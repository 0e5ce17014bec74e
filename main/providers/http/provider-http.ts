import { CancelledError, StudioError, type ErrorCode } from '../../../preload/contract/errors';
import { answerCaps, readCapped, readCappedText, readStartText, type AnswerKind } from '../../net/body-cap';
import { CALL_DEADLINE_MS, deadline, describeMs } from '../../net/deadline';
import { idleAbort } from '../../net/idle-abort';
import { printable } from '../../net/printable';
import { breakerFor, type CircuitBreaker } from '../../net/circuit-breaker';
import { RetryableError, withRetries } from '../../net/retrying';
import { redact, rememberHeaderSecrets, safeUrl } from '../redact';
import type { RateLimitGate } from './rate-limit';

/** What every call to an online provider can be given; all optional. */
export interface CallOptions {
  signal?: AbortSignal;
  /** per attempt: time to the response headers, and the longest silence while reading the body */
  timeoutMs?: number;
  /** attempts after the first, for 429, 5xx, timeouts, dropped connections and garbled answers */
  maxRetries?: number;
  /** the whole call, retries and waits included (default CALL_DEADLINE_MS): a server that trickles bytes cannot hold it longer */
  deadlineMs?: number;
  /** the most the answer may hold (default: answerCaps by kind) */
  maxAnswerBytes?: number;
  backoff?: { baseMs: number; maxMs: number };
  breaker?: CircuitBreaker;
  /** one line per failed attempt and per rate-limit wait, for the job's events */
  log?: (line: string) => void;
}

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers?: Record<string, string>;
  /** a JSON value (sent as application/json), or raw bytes with their own content-type header */
  json?: unknown;
  body?: Uint8Array | string | FormData;
}

export interface ProviderCall {
  /** the provider's display name, for messages */
  provider: string;
  /** its breaker and rate-limit key (one per provider and host) */
  key: string;
  gate?: RateLimitGate;
  /** the code of a final failure: PROVIDER_FAILED, or LLM_FAILED for a language model */
  failCode?: ErrorCode;
  /**
   * false for a request that starts something billed (a clip, an avatar video): only a 429 — the
   * service saying it did not take the request — is retried; a 5xx or a lost answer is reported,
   * because the job may have been accepted and a second submit would be paid for twice.
   */
  idempotent?: boolean;
}

export interface HttpResponse<T> {
  data: T;
  headers: Headers;
  status: number;
}

const breakerOf = (call: ProviderCall, opts: CallOptions) =>
  opts.breaker ?? breakerFor(`provider:${call.key}`, { failureThreshold: 5, cooldownMs: 30_000, code: call.failCode ?? 'PROVIDER_FAILED' });

/** Sends a request and parses the JSON answer, retrying what is worth retrying. */
export function requestJson<T>(call: ProviderCall, req: HttpRequest, opts: CallOptions = {}): Promise<HttpResponse<T>> {
  return retrying(call, opts, async (signal, arm) => {
    const res = await send(call, req, opts, signal);
    const text = await readCappedText(res, { provider: call.provider, kind: 'json', limit: opts.maxAnswerBytes, code: call.failCode, onChunk: arm });
    try {
      return { data: JSON.parse(text) as T, headers: res.headers, status: res.status };
    } catch {
      throw new RetryableError(`${call.provider} answered with something that is not JSON: ${printable(redact(text.slice(0, 80)))}`);
    }
  });
}

/** Sends a request and returns the answer's bytes (audio, a small video). */
export function requestBytes(call: ProviderCall, req: HttpRequest, opts: CallOptions & { kind?: AnswerKind } = {}): Promise<HttpResponse<Buffer>> {
  return retrying(call, opts, async (signal, arm) => {
    const res = await send(call, req, opts, signal);
    const data = await readCapped(res, { provider: call.provider, kind: opts.kind ?? 'audio', limit: opts.maxAnswerBytes, code: call.failCode, onChunk: arm });
    return { data, headers: res.headers, status: res.status };
  });
}

type Attempt<T> = (signal: AbortSignal, arm: () => void) => Promise<T>;

/**
 * One attempt has its own controller: the caller's signal aborts it (a cancel), and so does the
 * silence timer (a slow server), which turns into a retryable timeout rather than a cancel.
 */
async function retrying<T>(call: ProviderCall, opts: CallOptions, attempt: Attempt<T>): Promise<T> {
  const limitMs = opts.deadlineMs ?? CALL_DEADLINE_MS;
  const total = deadline(opts.signal, limitMs);
  try {
    return await attemptsWithin(call, { ...opts, signal: total.signal }, attempt);
  } catch (err) {
    if (total.expired() && !opts.signal?.aborted) {
      throw new StudioError(call.failCode ?? 'PROVIDER_FAILED', `${call.provider} did not finish within ${describeMs(limitMs)} (the limit for one call); it was stopped`, { unrecoverable: call.idempotent === false });
    }
    throw err;
  } finally {
    total.dispose();
  }
}

/** The attempts of one call; `opts.signal` is the call's deadline joined with the caller's cancel. */
function attemptsWithin<T>(call: ProviderCall, opts: CallOptions, attempt: Attempt<T>): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  return withRetries(
    async () => {
      try {
        await call.gate?.beforeRequest(opts.signal, opts.log);
      } catch (err) {
        if (opts.signal?.aborted) throw new CancelledError();
        throw err;
      }
      const idle = idleAbort(opts.signal, timeoutMs);
      try {
        return await attempt(idle.signal, idle.arm);
      } catch (err) {
        if (opts.signal?.aborted) throw new CancelledError();
        const once = call.idempotent === false;
        const unsure = (msg: string) => new StudioError(call.failCode ?? 'PROVIDER_FAILED', `${msg}; it may have been accepted, so it is not sent again — check ${call.provider} before retrying`);
        if (idle.timedOut()) {
          if (once) throw unsure(`${call.provider} gave no answer within ${timeoutMs} ms`);
          throw new RetryableError(`${call.provider} gave no answer within ${timeoutMs} ms`);
        }
        if (err instanceof RetryableError && once && !err.rateLimited) throw unsure(err.message);
        if (err instanceof RetryableError || err instanceof StudioError) throw err;
        const causeErr = (err as Error & { cause?: Error & { code?: string } }).cause;
        const cause = causeErr?.message ?? (err as Error).message;
        // refused or unresolvable: the request never reached the service, so sending it again is safe
        const neverSent = causeErr?.code === 'ECONNREFUSED' || causeErr?.code === 'ENOTFOUND';
        if (once && !neverSent) throw unsure(`${call.provider}: connection failed (${redact(cause)})`);
        throw new RetryableError(`${call.provider}: connection failed (${redact(cause)})`);
      } finally {
        idle.dispose();
      }
    },
    {
      signal: opts.signal,
      maxRetries: opts.maxRetries,
      backoff: opts.backoff,
      breaker: breakerOf(call, opts),
      label: call.provider,
      failCode: call.failCode ?? 'PROVIDER_FAILED',
      log: opts.log && ((line) => opts.log!(redact(line))),
    },
  );
}

async function send(call: ProviderCall, req: HttpRequest, opts: CallOptions, signal: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  rememberHeaderSecrets(req.headers);
  const keyParam = new URL(req.url).searchParams.get('key');
  if (keyParam) rememberHeaderSecrets({ 'x-api-key': keyParam });
  let body: BodyInit | undefined;
  if (req.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(req.json);
  } else if (req.body !== undefined) {
    body = req.body as BodyInit;
  }
  const res = await fetch(req.url, { method: req.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, signal });
  call.gate?.afterResponse(res.headers);
  if (res.ok) return res;
  const text = await readStartText(res, answerCaps.error);
  const detail = printable(redact(`HTTP ${res.status} ${errorText(text)}`.trim()));
  if (res.status === 429) throw Object.assign(new RetryableError(`${call.provider}: ${detail}`, res.headers.get('retry-after')), { rateLimited: true });
  if (res.status >= 500) throw new RetryableError(`${call.provider}: ${detail}`, res.headers.get('retry-after'));
  const hint = res.status === 401 || res.status === 403 ? ' — check the API key' : '';
  throw new StudioError(call.failCode ?? 'PROVIDER_FAILED', `${call.provider} refused ${req.method ?? 'the request'} ${safeUrl(req.url)}: ${detail}${hint}`, { status: res.status });
}

/** Services wrap their error message in different shapes; show the message, not the JSON. */
function errorText(text: string): string {
  try {
    const j = JSON.parse(text) as Record<string, unknown>;
    const e = j.error as Record<string, unknown> | string | undefined;
    const msg = typeof e === 'string' ? e : (e?.message as string | undefined) ?? (j.message as string | undefined) ?? (j.description as string | undefined) ?? (j.detail as { message?: string } | undefined)?.message;
    if (typeof msg === 'string') return msg.slice(0, 300);
  } catch {
    /* not JSON: show the start of the text */
  }
  return text.slice(0, 300);
}

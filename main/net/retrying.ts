import { CancelledError, StudioError, type ErrorCode } from '../../preload/contract/errors';
import { backoffDelay, sleep } from './backoff';
import type { CircuitBreaker } from './circuit-breaker';

/** A failure worth another attempt: 429, 5xx, a timeout, a dropped connection, a garbled answer. */
export class RetryableError extends Error {
  /** a 429: the server refused the request outright, so sending it again is always safe */
  rateLimited = false;
  constructor(
    message: string,
    readonly retryAfter?: string | null,
  ) {
    super(message);
  }
}

export interface RetryOptions {
  signal?: AbortSignal;
  /** attempts after the first */
  maxRetries?: number;
  backoff?: { baseMs: number; maxMs: number };
  breaker: CircuitBreaker;
  /** what is being called, for messages: a URL or a provider's name */
  label: string;
  /** the code of the error thrown once every attempt failed */
  failCode: ErrorCode;
  /** receives one line per failed attempt, for the job's log */
  log?: (line: string) => void;
  /** the word used in log lines (LLM, Pexels …) */
  what?: string;
}

/**
 * Runs `attempt` until it succeeds, retrying RetryableErrors with jittered exponential backoff
 * (honouring Retry-After) behind the provider's circuit breaker. Any other error, and a
 * cancellation, ends it at once. Shared by every HTTP client of an online service.
 */
export async function withRetries<T>(attempt: (n: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const maxRetries = opts.maxRetries ?? 4;
  const backoff = opts.backoff ?? { baseMs: 500, maxMs: 15_000 };
  for (let n = 1; ; n++) {
    if (opts.signal?.aborted) throw new CancelledError();
    opts.breaker.before();
    try {
      const value = await attempt(n);
      opts.breaker.success();
      return value;
    } catch (err) {
      if (opts.signal?.aborted) throw new CancelledError();
      if (!(err instanceof RetryableError)) throw err;
      opts.breaker.failure();
      opts.log?.(`${opts.what ?? opts.label} attempt ${n} failed: ${err.message}`);
      if (n > maxRetries) throw new StudioError(opts.failCode, `${opts.label} failed ${n} times; last: ${err.message}`);
      try {
        await sleep(backoffDelay(n, backoff, err.retryAfter), opts.signal);
      } catch {
        throw new CancelledError();
      }
    }
  }
}

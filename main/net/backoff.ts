/**
 * Exponential backoff with equal jitter: attempt n waits base·2^(n-1) (capped), the upper half of
 * it random, so clients that failed together do not retry together.
 * A server's Retry-After (seconds or an HTTP date) is honoured when it asks for longer, up to
 * the cap, so a rate-limited provider is not hammered.
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  random?: () => number;
}

export function backoffDelay(attempt: number, opts: BackoffOptions, retryAfter?: string | null): number {
  const exp = Math.min(opts.maxMs, opts.baseMs * 2 ** (attempt - 1));
  const jittered = exp / 2 + (opts.random ?? Math.random)() * (exp / 2);
  const asked = parseRetryAfter(retryAfter);
  return Math.round(Math.min(opts.maxMs, Math.max(jittered, asked ?? 0)));
}

export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Waits, unless the signal aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

import { StudioError } from '../../../preload/contract/errors';
import { sleep } from '../../net/backoff';

/**
 * Respects a service's rate-limit headers: when a response says no requests are left in the
 * window, the next request waits for the window to reset (a short wait) or fails at once with
 * when to try again (a long one) — instead of being sent and refused. Services disagree on what
 * the reset header holds, so each says how to read it.
 */
export interface RateLimitHeaders {
  remaining: string;
  reset: string;
  /** Pexels: a UNIX time in seconds; Pixabay: seconds from now */
  resetIs: 'epoch-seconds' | 'seconds-from-now';
}

export class RateLimitGate {
  private resetAt = 0;

  constructor(
    readonly provider: string,
    private readonly headers: RateLimitHeaders,
    private readonly opts: { maxWaitMs?: number; now?: () => number } = {},
  ) {}

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  afterResponse(h: Headers): void {
    const remaining = Number(h.get(this.headers.remaining));
    const reset = Number(h.get(this.headers.reset));
    if (!h.has(this.headers.remaining) || !Number.isFinite(remaining) || remaining > 0 || !Number.isFinite(reset)) return;
    this.resetAt = this.headers.resetIs === 'epoch-seconds' ? reset * 1000 : this.now() + reset * 1000;
  }

  async beforeRequest(signal?: AbortSignal, log?: (line: string) => void): Promise<void> {
    const wait = this.resetAt - this.now();
    if (wait <= 0) return;
    const maxWait = this.opts.maxWaitMs ?? 65_000;
    if (wait > maxWait) {
      const mins = Math.ceil(wait / 60_000);
      throw new StudioError('PROVIDER_FAILED', `${this.provider}'s rate limit is used up; it resets in about ${mins} min (searches already made are cached for 24 h)`, { retryInMs: wait });
    }
    log?.(`${this.provider}: rate limit reached, waiting ${Math.ceil(wait / 1000)} s for it to reset`);
    await sleep(wait, signal);
  }
}

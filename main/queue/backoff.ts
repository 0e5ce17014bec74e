/**
 * Exponential backoff with "equal jitter": the delay for attempt n is base·2^(n-1) capped at
 * max, of which the upper half is random, so jobs that failed together don't retry together.
 */
export function backoffDelay(attempt: number, opts: { baseMs: number; maxMs: number }, random: () => number = Math.random): number {
  const exp = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/**
 * An overall deadline: an abort signal that fires when the caller's signal does (a cancel) or when
 * `ms` have passed since it was made, however the time was spent. The idle timer (idle-abort.ts)
 * restarts whenever a byte arrives, so a server that sends one byte every few seconds would hold a
 * call forever without this; `expired()` tells a deadline from a cancel.
 */
export interface Deadline {
  signal: AbortSignal;
  expired(): boolean;
  /** stops the clock and lets go of the caller's signal */
  dispose(): void;
}

export function deadline(parent: AbortSignal | undefined, ms: number): Deadline {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  if (parent?.aborted) controller.abort();
  else parent?.addEventListener('abort', onAbort, { once: true });
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort();
  }, ms);
  // a deadline alone must not keep a CLI process alive
  timer.unref?.();
  return {
    signal: controller.signal,
    expired: () => expired,
    dispose() {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onAbort);
    },
  };
}

/** How long a whole provider call may take, retries and waits included, unless its caller says otherwise. */
export const CALL_DEADLINE_MS = 5 * 60_000;

/** "5 min", "30 s": a limit as a person reads it. */
export function describeMs(ms: number): string {
  return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 100) / 10} s`;
}

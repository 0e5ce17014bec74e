/**
 * An abort signal for one network attempt: the caller's signal aborts it (a cancel), and so does
 * silence longer than `timeoutMs` (a slow server) — `arm()` restarts that clock whenever bytes
 * arrive, and `timedOut()` tells the two apart, since a timeout is retried and a cancel is not.
 */
export interface IdleAbort {
  signal: AbortSignal;
  arm(): void;
  timedOut(): boolean;
  /** stops the clock and lets go of the caller's signal */
  dispose(): void;
}

export function idleAbort(parent: AbortSignal | undefined, timeoutMs: number): IdleAbort {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  parent?.addEventListener('abort', onAbort, { once: true });
  let expired = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      expired = true;
      controller.abort();
    }, timeoutMs);
  };
  arm();
  return {
    signal: controller.signal,
    arm,
    timedOut: () => expired,
    dispose() {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onAbort);
    },
  };
}

import { CancelledError, StudioError } from '../../preload/contract/errors';
import { backoffDelay, sleep } from '../net/backoff';
import type { CallOptions } from './http/provider-http';

export type PollState = { state: 'running'; progress?: number } | { state: 'done'; url: string } | { state: 'failed'; message: string };

export interface LongJobOptions extends CallOptions {
  /** where the finished video goes (written through a .part file) */
  outPath: string;
  /**
   * An operation submitted by an earlier run (the stage's checkpoint): it is polled, not submitted
   * again, so a crash or a restart never pays twice for the same clip.
   */
  operation?: string;
  /** called as soon as the service has accepted the job; the stage checkpoints the id here */
  onSubmitted?: (operation: string) => void;
  /** the wait between polls grows from base to max (with jitter) */
  poll?: { baseMs: number; maxMs: number };
  /** give up after this long, milliseconds (the operation keeps its id; a later run can resume it) */
  maxWaitMs?: number;
  onProgress?: (fraction: number) => void;
}

export interface LongJobResult {
  path: string;
  operation: string;
  /** whether this run submitted the job (false: an earlier run's operation was resumed) */
  submitted: boolean;
}

/** Submit (unless resuming) → poll with backoff until done or failed → download. */
export async function runLongJob(
  name: string,
  steps: { submit(): Promise<string>; poll(op: string): Promise<PollState>; download(url: string): Promise<void> },
  opts: LongJobOptions,
): Promise<LongJobResult> {
  let operation = opts.operation;
  const submitted = !operation;
  if (!operation) {
    operation = await steps.submit();
    opts.onSubmitted?.(operation);
    opts.log?.(`${name}: submitted ${operation}`);
  } else {
    opts.log?.(`${name}: resuming ${operation} (not submitted again)`);
  }
  const started = Date.now();
  const poll = opts.poll ?? { baseMs: 2_000, maxMs: 20_000 };
  for (let n = 1; ; n++) {
    if (opts.signal?.aborted) throw new CancelledError();
    const state = await steps.poll(operation);
    if (state.state === 'done') {
      opts.onProgress?.(1);
      await steps.download(state.url);
      return { path: opts.outPath, operation, submitted };
    }
    if (state.state === 'failed') throw new StudioError('PROVIDER_FAILED', `${name}: ${operation} failed: ${state.message}`, { operation });
    if (state.progress !== undefined) opts.onProgress?.(state.progress);
    if (Date.now() - started > (opts.maxWaitMs ?? 20 * 60_000)) {
      throw new StudioError('PROVIDER_FAILED', `${name}: ${operation} is still running after ${Math.round((Date.now() - started) / 60_000)} min; run again to resume waiting for it`, { operation });
    }
    try {
      // jitter from the shared backoff, growing with each poll
      await sleep(backoffDelay(Math.min(n, 8), poll), opts.signal);
    } catch {
      throw new CancelledError();
    }
  }
}

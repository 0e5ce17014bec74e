import { CancelledError } from '../../preload/contract/errors';
import { finishedStates } from '../../preload/contract/jobs';
import type { JobView, StudioApi } from '../../preload/contract/studio-api';

export interface FollowOptions {
  signal?: AbortSignal;
  /**
   * how often the job is read again: the queue's events reach this process only when the worker
   * runs here; a `reelforge worker` elsewhere is seen by reading the shared database
   */
  pollMs?: number;
}

export const isFinished = (job: JobView) => finishedStates.includes(job.state);

/**
 * Reports a job's every change until it completes, fails or is cancelled, and resolves with its
 * last view. Used by the agent transports (MCP progress, the REST event stream); it reads the job
 * through the StudioApi like any other caller.
 */
export function followJob(api: StudioApi, id: string, onUpdate: (job: JobView) => void, opts: FollowOptions = {}): Promise<JobView> {
  return new Promise<JobView>((resolve, reject) => {
    let last = '';
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (err: unknown, job?: JobView) => {
      if (done) return;
      done = true;
      unsubscribe();
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(job!);
    };
    const seen = (job: JobView) => {
      if (done || job.id !== id) return;
      const key = `${job.state}|${job.stage}|${job.progress}|${job.eta}|${job.updatedAt}`;
      if (key !== last) {
        last = key;
        try {
          onUpdate(job);
        } catch {
          // a listener's failure (a closed stream) must not keep the job followed
        }
      }
      if (isFinished(job)) finish(undefined, job);
    };
    const read = async () => {
      try {
        seen(await api.getJob(id));
        if (!done) timer = setTimeout(read, opts.pollMs ?? 1000);
      } catch (err) {
        finish(err);
      }
    };
    const onAbort = () => finish(new CancelledError('stopped following the job'));
    const unsubscribe = api.on('job', seen);
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    void read();
  });
}

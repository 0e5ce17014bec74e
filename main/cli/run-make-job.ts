import type { Job } from '../../preload/contract/jobs';
import { CancelledError, StudioError } from '../../preload/contract/errors';
import type { JobQueue } from '../queue/job-queue';
import { Worker } from '../queue/worker';
import type { ProgressView } from './progress-bar';

/**
 * Runs the queue in this process until the given jobs are finished, drawing their progress. A
 * worker elsewhere (the studio, `reelforge worker`) may take a job first; the database is the one
 * channel, so progress is read from it either way. Ctrl-C cancels the jobs, which really stops
 * their processes.
 */
export async function followJobs(queue: JobQueue, ids: string[], view: ProgressView, signal: AbortSignal): Promise<Job[]> {
  const worker = new Worker(queue);
  worker.start();
  const stop = new AbortController();
  const running = worker.run({ signal: stop.signal });
  const onAbort = () => void Promise.all(ids.map((id) => queue.cancel(id).catch(() => undefined)));
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      const jobs = ids.map((id) => queue.get(id));
      if (jobs.every((j) => queue.isFinished(j))) return jobs;
      const percent = jobs.reduce((a, j) => a + (j.state === 'completed' ? 100 : (j.progress?.percent ?? 0)), 0) / jobs.length;
      const active = jobs.find((j) => j.state === 'active' && j.progress);
      const label = active?.progress ? `${active.progress.stage} (${active.progress.stageIndex + 1}/${active.progress.stageCount})` : jobs.some((j) => j.state === 'active') ? 'starting' : 'waiting';
      view.update(percent / 100, ids.length > 1 ? `${jobs.filter((j) => queue.isFinished(j)).length}/${ids.length} · ${label}` : label, active?.progress?.eta);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    stop.abort();
    await running;
    await worker.stop();
  }
}

/** A finished job as the CLI reports it: its error rebuilt, so the exit code follows its code. */
export function jobOutcome(job: Job): void {
  if (job.state === 'completed') return;
  if (job.state === 'cancelled') throw new CancelledError();
  const e = job.error;
  throw new StudioError(e?.code ?? 'INTERNAL', e?.message ?? `the job ended ${job.state}`, e?.details);
}

import type { Job } from '../../preload/contract/jobs';
import type { JobView } from '../../preload/contract/studio-api';

/** The queue's job record as the queue panel shows it. */
export function toJobView(job: Job): JobView {
  const p = job.progress;
  return {
    id: job.id,
    kind: job.stages.some((s) => s.name === 'render') ? 'render' : job.stages[0]?.name ?? 'job',
    title: job.title,
    state: job.state,
    stage: job.state === 'completed' ? 'done' : p?.stage,
    progress: job.state === 'completed' ? 1 : Math.min(1, Math.max(0, (p?.percent ?? 0) / 100)),
    eta: p?.eta,
    attempt: Math.max(1, job.attempts),
    output: job.output ?? undefined,
    companions: [],
    error: job.error ?? undefined,
    createdAt: new Date(job.createdAt).toISOString(),
    updatedAt: new Date(job.updatedAt).toISOString(),
  };
}

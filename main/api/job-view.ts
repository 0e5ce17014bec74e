import { existsSync } from 'node:fs';
import type { Job } from '../../preload/contract/jobs';
import type { JobView } from '../../preload/contract/studio-api';
import type { JobQueue } from '../queue/job-queue';

/**
 * The lines the clips and avatars stages wrote about each paid request (its service, how long it
 * took, its cost notes), newest last; only for jobs that have those stages.
 */
export function onlineNotes(queue: Pick<JobQueue, 'events'>, job: Job): string[] | undefined {
  if (!job.stages.some((s) => s.name === 'clips' || s.name === 'avatars')) return undefined;
  return queue
    .events({ jobId: job.id })
    .filter((e) => e.type === 'job.provider' && (e.data.kind === 'clip' || e.data.kind === 'avatar') && (e.data.seconds !== undefined || e.data.paid === false))
    .map((e) => String(e.data.reason));
}

/** The queue's job record as the queue panel shows it (with the online notes when the queue is given). */
export function toJobView(job: Job, queue?: Pick<JobQueue, 'events'>): JobView {
  const online = queue && onlineNotes(queue, job);
  const p = job.progress;
  const projectStage = job.stages.findIndex((s) => s.name === 'project');
  const projectBuilt = projectStage >= 0 && (job.state === 'completed' || (p?.stageIndex ?? -1) > projectStage);
  const projectId = projectBuilt ? job.stages[projectStage]!.options.projectId : undefined;
  // Sidecars are delivered beside the output under its name: out.srt next to out.mp4.
  const companions =
    job.state === 'completed' && job.output && job.stages.some((s) => s.name === 'sidecars' || s.name === 'project-sidecars')
      ? ['.srt', '.vtt', '.ass', '.credits.txt', '.credits.json'].map((x) => job.output!.replace(/\.[^./\\]+$/, x)).filter((f) => existsSync(f))
      : [];
  return {
    id: job.id,
    kind: job.stages[0]?.name === 'script' ? 'make' : job.stages.some((s) => s.name === 'render') ? 'render' : job.stages[0]?.name ?? 'job',
    title: job.title,
    state: job.state,
    stage: job.state === 'completed' ? 'done' : p?.stage,
    progress: job.state === 'completed' ? 1 : Math.min(1, Math.max(0, (p?.percent ?? 0) / 100)),
    eta: p?.eta,
    attempt: Math.max(1, job.attempts),
    output: job.output ?? undefined,
    companions,
    ...(typeof projectId === 'string' ? { projectId } : {}),
    ...(online?.length ? { online } : {}),
    error: job.error ?? undefined,
    ...(job.state === 'completed' && job.startedAt && job.finishedAt ? { elapsedSeconds: Math.max(0, (job.finishedAt - job.startedAt) / 1000) } : {}),
    createdAt: new Date(job.createdAt).toISOString(),
    updatedAt: new Date(job.updatedAt).toISOString(),
  };
}

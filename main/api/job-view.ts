import { existsSync } from 'node:fs';
import type { Job } from '../../preload/contract/jobs';
import type { JobView } from '../../preload/contract/studio-api';

/** The queue's job record as the queue panel shows it. */
export function toJobView(job: Job): JobView {
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
    error: job.error ?? undefined,
    createdAt: new Date(job.createdAt).toISOString(),
    updatedAt: new Date(job.updatedAt).toISOString(),
  };
}

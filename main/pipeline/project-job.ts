import type { Job, StageSpec } from '../../preload/contract/jobs';
import type { ProjectDocument } from '../../preload/contract/project';
import { refuseOutputOverInput } from '../files/output-guard';
import { mediaRefs } from '../project/load-project';
import { madeOnlineKinds } from '../render/made-visuals';
import type { JobQueue } from '../queue/job-queue';

export interface ProjectJobOptions {
  output?: string;
  encoder?: string;
  priority?: number;
  maxAttempts?: number;
  /** stages after the render, added by later features (upscale) */
  post?: StageSpec[];
}

/** A render job: [clips → avatars →] prepare media → render → optional post-steps. The project's paths must be absolute. */
export function addProjectJob(queue: JobQueue, project: ProjectDocument, opts: ProjectJobOptions = {}): Promise<Job> {
  if (opts.output) refuseOutputOverInput(opts.output, mediaRefs(project).map((r) => ({ file: r.file, what: `the project's media ${r.path}` })));
  const online = madeOnlineKinds(project);
  return queue.add({
    title: project.title,
    input: project,
    output: opts.output,
    priority: opts.priority,
    maxAttempts: opts.maxAttempts,
    stages: [
      // scenes a provider makes (a clip from a prompt, an avatar) are made first, and only then
      ...(online.clips ? [{ name: 'clips', options: {} }] : []),
      ...(online.avatars ? [{ name: 'avatars', options: {} }] : []),
      { name: 'prepare-media', options: {} },
      { name: 'render', options: opts.encoder ? { encoder: opts.encoder } : {} },
      ...(opts.post ?? []),
    ],
  });
}

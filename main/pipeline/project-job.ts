import type { Job, StageSpec } from '../../preload/contract/jobs';
import type { ProjectDocument } from '../../preload/contract/project';
import { checkOutputPath, madeByQueue, projectInputs, type OutputRules } from '../files/output-policy';
import { madeOnlineKinds } from '../render/made-visuals';
import type { JobQueue } from '../queue/job-queue';

export interface ProjectJobOptions {
  output?: string;
  encoder?: string;
  priority?: number;
  maxAttempts?: number;
  /** render on the process's render farm (its configuration's `farm`), in chunks of at least this many seconds */
  farm?: { chunkSeconds?: number };
  /** stages after the render, added by later features (upscale) */
  post?: StageSpec[];
  /** the output policy of the door that asked (checked again before the final rename) */
  outputRules?: OutputRules;
}

/** A render job: [clips → avatars →] prepare media → render → optional post-steps. The project's paths must be absolute. */
export function addProjectJob(queue: JobQueue, project: ProjectDocument, opts: ProjectJobOptions = {}): Promise<Job> {
  // The output policy of the door that asked (the CLI and the app: `local`), and the project's own inputs.
  if (opts.output) {
    const rules = opts.outputRules ?? { door: 'local' as const, allowed: [] };
    checkOutputPath(opts.output, { home: queue.home, door: rules.door, allowed: rules.allowed, inputs: projectInputs(project), madeByApp: (p) => madeByQueue(queue.db, p) });
  }
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
      { name: 'render', options: { ...(opts.encoder ? { encoder: opts.encoder } : {}), ...farmRenderOptions(opts.farm) } },
      // an upscale after a farm render goes to the farm too (this machine only joins its chunks)
      ...(opts.post ?? []).map((st) => (opts.farm && st.name === 'upscale' ? { ...st, options: { ...st.options, ...farmUpscaleOptions(opts.farm) } } : st)),
    ],
  }, { outputRules: opts.outputRules });
}

/** An upscale on the farm: its chunks as long as Settings → Render farm's chunk length, as the render's are. */
export function farmUpscaleOptions(farm: { chunkSeconds?: number }): Record<string, unknown> {
  return { farm: true, ...(farm.chunkSeconds ? { chunkSeconds: farm.chunkSeconds } : {}) };
}

/** The render stage's options for a render on the farm (none for a render on this machine). */
export function farmRenderOptions(farm: { chunkSeconds?: number } | undefined): Record<string, unknown> {
  return farm ? { farm: true, ...(farm.chunkSeconds ? { chunkSeconds: farm.chunkSeconds } : {}) } : {};
}

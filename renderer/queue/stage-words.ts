import type { JobView } from '../../preload/contract/studio-api';

const words: Record<string, string> = {
  script: 'Writing the script',
  voice: 'Voicing the narration',
  media: 'Matching media to scenes',
  project: 'Building the project',
  'prepare-media': 'Preparing media',
  render: 'Rendering',
  sidecars: 'Writing caption files',
  upscale: 'Upscaling',
  done: 'Done',
};

/** A job's stage as a creator reads it. */
export function stageWords(job: Pick<JobView, 'stage' | 'state'>): string {
  if (job.state === 'waiting') return 'Waiting for a free slot';
  if (job.state === 'paused') return 'Paused';
  if (job.state === 'cancelled') return 'Cancelled';
  if (job.state === 'failed') return 'Failed';
  if (job.state === 'completed') return 'Done';
  return (job.stage && words[job.stage]) ?? job.stage ?? 'Starting';
}

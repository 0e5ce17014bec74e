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
  // a job that has started a stage and waits again is waiting for a slot; a new one is just queued
  if (job.state === 'waiting') return job.stage ? 'Waiting for a free slot' : 'Queued';
  if (job.state === 'paused') return 'Paused';
  if (job.state === 'cancelled') return 'Cancelled';
  if (job.state === 'failed') return 'Failed';
  if (job.state === 'completed') return 'Done';
  return (job.stage && words[job.stage]) ?? job.stage ?? 'Starting';
}

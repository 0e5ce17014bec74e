import type { RuntimeConfig } from '../config/runtime-config';
import { providersFor } from '../config/runtime-config';
import { defaultStages } from '../pipeline/default-stages';
import { JobQueue } from '../queue/job-queue';
import { StageRegistry } from '../queue/stage';

/**
 * The queue for a CLI command, in the configuration's home (`--home`, REELFORGE_HOME or the
 * default data folder). The queue carries the configuration, so everything the command starts
 * (caches, stages, FFmpeg) agrees on it.
 */
export function openQueue(config: RuntimeConfig): JobQueue {
  const queue = JobQueue.open(new StageRegistry(defaultStages()), config.home, config);
  // The CLI's keys come from its environment (REELFORGE_<ID>_API_KEY) and the home's key files.
  queue.useProviders(providersFor(config));
  return queue;
}

export const homeOption = { home: { type: 'string' as const } };

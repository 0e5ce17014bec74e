import { homeDir } from '../paths';
import { defaultStages } from '../queue/default-stages';
import { JobQueue } from '../queue/job-queue';
import { StageRegistry } from '../queue/stage';
import { providerContext } from '../providers/test-provider';

/**
 * The queue for a CLI command, in `--home` or the default data folder. The chosen home is also
 * put in REELFORGE_HOME so that everything the command starts (caches, stages) agrees on it.
 */
export function openQueue(home: string | undefined): JobQueue {
  const dir = homeDir(home);
  process.env.REELFORGE_HOME = dir;
  const queue = JobQueue.open(new StageRegistry(defaultStages()), dir);
  // The CLI's keys come from its environment (REELFORGE_<ID>_API_KEY) and the home's key files.
  queue.useProviders(providerContext({ home: dir, env: process.env }));
  return queue;
}

export const homeOption = { home: { type: 'string' as const } };

import { resourceClasses, type Job, type ResourceClass, type ResourceLimits } from '../../preload/contract/jobs';
import type { JobQueue } from './job-queue';
import { activeCounts, toJob, waitingFor } from './job-store';
import { setAside, transition } from './job-state';

/**
 * Claims, in one immediate transaction, as many waiting jobs as each resource class has free
 * slots — counted over every worker sharing the database, so limits hold across processes.
 * Within a class: highest priority first, then first come, first served.
 */
export function claimJobs(queue: JobQueue, workerId: string, limits: ResourceLimits): Array<{ job: Job; resource: ResourceClass }> {
  const { db } = queue;
  return queue.tx(() => {
    const counts = activeCounts(db);
    const now = Date.now();
    const jobs: Array<{ job: Job; resource: ResourceClass }> = [];
    for (const resource of resourceClasses) {
      const free = limits[resource] - (counts.get(resource) ?? 0);
      if (free <= 0) continue;
      for (const row of waitingFor(db, resource, now, free)) {
        let job: Job;
        try {
          job = toJob({ ...row, state: 'active', worker_id: workerId });
          if (row.input !== null) JSON.parse(row.input);
        } catch (err) {
          setAside(queue, row, err);
          continue;
        }
        if (!transition(db, row.id, { from: ['waiting'], to: 'active', set: { worker_id: workerId, started_at: row.started_at ?? now, cancel_requested: 0 } })) continue;
        queue.record('job.active', row.id, { resource, worker: workerId, attempt: row.attempts + 1 });
        jobs.push({ job, resource });
      }
    }
    return jobs;
  });
}

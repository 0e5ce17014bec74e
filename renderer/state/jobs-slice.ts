import type { JobView } from '../../preload/contract/studio-api';
import type { SliceContext } from './types';

export interface JobsSlice {
  /** by id; the queue panel sorts them */
  jobs: Record<string, JobView>;
  loadJobs(): Promise<void>;
  /** applies a pushed `job` event */
  jobChanged(job: JobView): void;
  jobRemoved(id: string): void;
  enqueueRender(): Promise<void>;
  cancelJob(id: string): Promise<void>;
  retryJob(id: string): Promise<void>;
  revealOutput(id: string): Promise<void>;
}

export function createJobsSlice({ set, get, api }: SliceContext): JobsSlice {
  const guarded = (what: string, fn: () => Promise<void>) => fn().catch((err) => get().reportError(err, what));
  return {
    jobs: {},
    loadJobs: () => guarded('Loading the queue', async () => set({ jobs: Object.fromEntries((await api.listJobs()).map((j) => [j.id, j])) })),
    jobChanged: (job) =>
      set((s) => {
        const old = s.jobs[job.id];
        // events can overtake the answer of the call that caused them: never go back in time
        if (old && old.updatedAt > job.updatedAt) return s;
        return { jobs: { ...s.jobs, [job.id]: job } };
      }),
    jobRemoved: (id) =>
      set((s) => {
        const { [id]: _gone, ...rest } = s.jobs;
        return { jobs: rest };
      }),
    enqueueRender: () =>
      guarded('Starting the render', async () => {
        const saved = await get().saveProject();
        if (!saved) return;
        const job = await api.enqueueRender({ projectId: saved });
        get().jobChanged(job);
        get().notify('info', `Render queued: ${job.title}`);
      }),
    cancelJob: (id) => guarded('Cancelling', async () => void (await api.cancelJob(id))),
    retryJob: (id) => guarded('Retrying', async () => get().jobChanged(await api.retryJob(id))),
    revealOutput: (id) =>
      guarded('Showing the output', async () => {
        const r = await api.revealOutput(id);
        if (!r.shown) get().notify('info', `Output: ${r.path}`);
      }),
  };
}

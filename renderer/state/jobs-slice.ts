import type { z } from 'zod';
import type { JobView, OutputInfo, renderRequestSchema } from '../../preload/contract/studio-api';

/** What the export dialog chose; the project is the open one. */
export type ExportOptions = Omit<z.input<typeof renderRequestSchema>, 'projectId'>;
import type { SliceContext } from './types';

export interface JobsSlice {
  /** by id; the queue panel sorts them */
  jobs: Record<string, JobView>;
  loadJobs(): Promise<void>;
  /** applies a pushed `job` event */
  jobChanged(job: JobView): void;
  jobRemoved(id: string): void;
  /** saves the open project and queues its export; resolves true when queued */
  enqueueRender(options?: ExportOptions, download?: string): Promise<boolean>;
  cancelJob(id: string): Promise<void>;
  retryJob(id: string): Promise<void>;
  revealOutput(id: string): Promise<void>;
  /** finished videos' size, length and thumbnail, by job id */
  outputs: Record<string, OutputInfo>;
  describeOutput(id: string): Promise<void>;
  /** exports that download to this computer once they are done (a browser has no folder to write to), by job id → file name */
  pendingDownloads: Record<string, string>;
  downloadStarted(id: string): void;
  /** the job whose video plays in the studio's player */
  playing: string | null;
  play(id: string | null): void;
}

export function createJobsSlice({ set, get, api }: SliceContext): JobsSlice {
  const guarded = (what: string, fn: () => Promise<void>) => fn().catch((err) => get().reportError(err, what));
  return {
    jobs: {},
    loadJobs: () => guarded('Loading the queue', async () => set({ jobs: Object.fromEntries((await api.listJobs()).map((j) => [j.id, j])) })),
    jobChanged: (job) => {
      set((s) => {
        const old = s.jobs[job.id];
        // events can overtake the answer of the call that caused them: never go back in time
        if (old && old.updatedAt > job.updatedAt) return s;
        return { jobs: { ...s.jobs, [job.id]: job } };
      });
      get().makeJobChanged(get().jobs[job.id]!);
    },
    jobRemoved: (id) =>
      set((s) => {
        const { [id]: _gone, ...rest } = s.jobs;
        return { jobs: rest };
      }),
    enqueueRender: async (options = {}, download?: string) => {
      try {
        const saved = await get().saveProject();
        if (!saved) return false;
        const job = await api.enqueueRender({ ...options, projectId: saved });
        if (download) set((s) => ({ pendingDownloads: { ...s.pendingDownloads, [job.id]: download } }));
        get().jobChanged(job);
        get().notify('info', `Export queued: ${job.title}`);
        return true;
      } catch (err) {
        get().reportError(err, 'Starting the export');
        return false;
      }
    },
    cancelJob: (id) => guarded('Cancelling', async () => void (await api.cancelJob(id))),
    retryJob: (id) => guarded('Retrying', async () => get().jobChanged(await api.retryJob(id))),
    revealOutput: (id) =>
      guarded('Showing the output', async () => {
        const r = await api.revealOutput(id);
        if (!r.shown) get().notify('info', `Output: ${r.path}`);
      }),
    outputs: {},
    describeOutput: async (id) => {
      if (get().outputs[id]) return;
      try {
        const info = await api.describeOutput(id);
        set((s) => ({ outputs: { ...s.outputs, [id]: info } }));
      } catch {
        // a file moved away: the row shows its path without the details
      }
    },
    pendingDownloads: {},
    downloadStarted: (id) =>
      set((s) => {
        const { [id]: _done, ...rest } = s.pendingDownloads;
        return { pendingDownloads: rest };
      }),
    playing: null,
    play: (id) => set({ playing: id }),
  };
}

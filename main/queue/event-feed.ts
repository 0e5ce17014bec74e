import type { JobEvent } from '../../preload/contract/jobs';
import type { JobQueue } from './job-queue';
import { readEvents } from './job-store';

/**
 * Every job event from every process sharing the database, in order: the studio's queue shows a
 * job that `reelforge worker` runs in a terminal as live as one of its own. The event log is the
 * one channel (SQLite hands out event ids under its write lock, so they become visible in order);
 * polling it costs one indexed query per tick.
 */
export function followEvents(queue: JobQueue, listener: (e: JobEvent) => void, opts: { intervalMs?: number } = {}): () => void {
  const row = queue.db.prepare('SELECT max(id) AS id FROM job_events').get() as { id: number | null };
  let after = row.id ?? 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    if (stopped) return;
    try {
      for (const e of readEvents(queue.db, { afterId: after, limit: 1000 })) {
        after = e.id;
        try {
          listener(e);
        } catch {
          // a listener's bug must not stop the feed
        }
      }
    } catch {
      // the database is busy or closing: try again at the next tick
    }
    timer = setTimeout(tick, opts.intervalMs ?? 250);
  };
  tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

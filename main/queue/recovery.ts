import { existsSync, readdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { JobQueue } from './job-queue';
import { checkpoints, setJobState, type JobRow } from './job-store';
import { commandLines, isAlive, killHard } from './os-processes';
import { sessionDirs } from './session';

/** A worker that hasn't written its heartbeat for this long is dead, wherever it ran. */
export const HEARTBEAT_STALE_MS = 15_000;

/** Stages keep state they can resume from (rendered segments) here; recovery leaves it alone. */
export const RESUME_DIR = 'resume';

interface WorkerRow {
  id: string;
  pid: number;
  host: string;
  heartbeat_at: number;
}

export interface RecoveryReport {
  recovered: string[];
  killedProcesses: number;
  removedFiles: number;
}

function workerIsDead(w: WorkerRow | undefined, now: number): boolean {
  if (!w) return true;
  if (now - w.heartbeat_at > HEARTBEAT_STALE_MS) return true;
  return w.host === hostname() && !isAlive(w.pid);
}

/**
 * Start-up recovery: jobs left `active` by a worker that is gone go back to `waiting` (they
 * resume at their checkpoint). Before that, the dead worker's processes still working in the
 * job's session are killed, and every file they left that no checkpoint vouches for is removed.
 */
export function recoverJobs(queue: JobQueue, selfId: string): RecoveryReport {
  const db = queue.db;
  const now = Date.now();
  const workers = new Map((db.prepare('SELECT * FROM workers').all() as WorkerRow[]).map((w) => [w.id, w]));
  const orphans = (db.prepare("SELECT * FROM jobs WHERE state = 'active'").all() as JobRow[]).filter(
    (j) => j.worker_id !== selfId && workerIsDead(j.worker_id ? workers.get(j.worker_id) : undefined, now),
  );
  const report: RecoveryReport = { recovered: [], killedProcesses: 0, removedFiles: 0 };
  const processes = orphans.length ? commandLines() : [];
  for (const job of orphans) {
    for (const { pid } of processes.filter((p) => p.command.includes(job.session_dir))) {
      killHard(pid);
      report.killedProcesses++;
    }
    report.removedFiles += cleanSession(queue, job);
    const paused = queue.isPaused();
    queue.tx(() => {
      const state = job.cancel_requested ? 'cancelled' : paused ? 'paused' : 'waiting';
      setJobState(db, job.id, state, { worker_id: null, ...(state === 'cancelled' ? { finished_at: now } : {}) });
      queue.record(state === 'cancelled' ? 'job.cancelled' : 'job.recovered', job.id, { from: 'active', deadWorker: job.worker_id });
    });
    report.recovered.push(job.id);
  }
  for (const w of workers.values()) if (w.id !== selfId && workerIsDead(w, now)) db.prepare('DELETE FROM workers WHERE id = ?').run(w.id);
  return report;
}

/** Removes what an interrupted run left: unvouched files in work/, and a half-copied output. */
export function cleanSession(queue: JobQueue, job: Pick<JobRow, 'id' | 'session_dir' | 'output'>): number {
  const keep = new Set(checkpoints(queue.db, job.id).filter((c) => c.state === 'done' && c.artifactPath).map((c) => c.artifactPath!));
  const { work } = sessionDirs(job.session_dir);
  let removed = 0;
  if (existsSync(work)) {
    for (const name of readdirSync(work)) {
      const full = join(work, name);
      if (name === RESUME_DIR || keep.has(full)) continue;
      rmSync(full, { recursive: true, force: true });
      removed++;
    }
  }
  if (job.output) {
    const part = join(dirname(job.output), `.${basename(job.output)}.${job.id.slice(0, 8)}.part`);
    if (existsSync(part)) {
      rmSync(part, { force: true });
      removed++;
    }
  }
  return removed;
}

import { existsSync, readdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { JobQueue } from './job-queue';
import { checkpoints, type JobRow } from './job-store';
import { killRecordedProcesses } from './job-processes';
import { transition } from './job-state';
import { isSameProcessAlive } from './os-processes';
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
  pid_start: string | null;
}

export interface RecoveryReport {
  recovered: string[];
  killedProcesses: number;
  removedFiles: number;
}

/**
 * On this host, whether the worker's process still exists decides (a worker stalled for minutes —
 * a laptop asleep, SIGSTOP — is not dead, and its job must not be run twice); the heartbeat
 * decides only for a worker on another machine sharing the database.
 */
export function workerIsDead(w: WorkerRow | undefined, now: number): boolean {
  if (!w) return true;
  if (w.host === hostname()) return !isSameProcessAlive(w.pid, w.pid_start);
  return now - w.heartbeat_at > HEARTBEAT_STALE_MS;
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
  for (const job of orphans) {
    const paused = queue.isPaused();
    const state = job.cancel_requested ? 'cancelled' : paused ? 'paused' : 'waiting';
    // Taken over first (only if still the dead worker's), then cleaned: the row decides who owns the session.
    const taken = queue.tx(() => {
      const ok = transition(db, job.id, { from: ['active'], to: state, owner: job.worker_id ?? undefined, set: { worker_id: null, ...(state === 'cancelled' ? { finished_at: now } : {}) } });
      if (ok) queue.record(state === 'cancelled' ? 'job.cancelled' : 'job.recovered', job.id, { from: 'active', deadWorker: job.worker_id });
      return ok;
    });
    if (!taken) continue;
    report.killedProcesses += killRecordedProcesses(job.session_dir);
    report.removedFiles += cleanSession(queue, job);
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

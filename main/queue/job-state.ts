import type { Db } from '../store/open-database';
import type { SerializedError } from '../../preload/contract/errors';
import type { JobEventType, JobState } from '../../preload/contract/jobs';
import { errorJson, type JobRow } from './job-store';

/**
 * The one owner of job state. Every change of a job's `state` goes through `transition`, which
 * checks it against this table and writes it only if the row is still in a state it may leave —
 * and, for a worker's writes, only while the job still belongs to that worker. A worker that was
 * stalled (a laptop asleep, SIGSTOP) and whose job was recovered and finished by another worker
 * finds its write refused instead of marking a finished job failed.
 *
 * Backoff ("delayed" in queue terms) is `waiting` with `run_at` in the future: no worker claims it
 * before then.
 */
export const allowedTransitions: Readonly<Record<JobState, readonly JobState[]>> = {
  waiting: ['active', 'cancelled'],
  // active → waiting: requeued for a slot, shut down, recovered, or delayed for a retry
  active: ['completed', 'failed', 'cancelled', 'paused', 'waiting'],
  paused: ['waiting', 'cancelled'],
  failed: ['waiting'], // retry
  cancelled: ['waiting'], // retry
  completed: [],
};

export type JobStateColumns = Partial<Pick<JobRow, 'error' | 'resource' | 'run_at' | 'attempts' | 'worker_id' | 'finished_at' | 'started_at' | 'cancel_requested' | 'progress'>>;

export interface TransitionRequest {
  /** the states the job may be in for this change; each must allow `to` */
  from: readonly JobState[];
  to: JobState;
  /** a worker's write: applied only while the job is that worker's */
  owner?: string;
  set?: JobStateColumns;
}

export class IllegalTransitionError extends Error {
  override name = 'IllegalTransitionError';
}

export function canTransition(from: JobState, to: JobState): boolean {
  return allowedTransitions[from].includes(to);
}

/** Applies one transition; false when the row was not in a `from` state (or not the owner's): nothing was written. */
export function transition(db: Db, id: string, req: TransitionRequest): boolean {
  for (const f of req.from) if (!canTransition(f, req.to)) throw new IllegalTransitionError(`a job cannot go from ${f} to ${req.to}`);
  const set = req.set ?? {};
  const cols = Object.keys(set) as Array<keyof JobStateColumns>;
  const sets = ['state = @to', 'updated_at = @now', ...cols.map((c) => `${c} = @${c}`)].join(', ');
  const from = req.from.map((_, i) => `@from${i}`).join(', ');
  const params: Record<string, unknown> = { ...set, to: req.to, now: Date.now(), id, owner: req.owner ?? null };
  req.from.forEach((f, i) => (params[`from${i}`] = f));
  const owned = req.owner === undefined ? '' : 'AND worker_id = @owner';
  return db.prepare(`UPDATE jobs SET ${sets} WHERE id = @id AND state IN (${from}) ${owned}`).run(params).changes === 1;
}

/** Asks the worker running a job to stop it (the state stays `active` until that worker settles it). */
export function requestCancel(db: Db, id: string): boolean {
  return db.prepare("UPDATE jobs SET cancel_requested = 1, updated_at = ? WHERE id = ? AND state = 'active'").run(Date.now(), id).changes === 1;
}

/** Resuming the queue: every paused job waits again, keeping its place in line (its sequence number). */
export function resumePaused(db: Db): number {
  if (!canTransition('paused', 'waiting')) throw new IllegalTransitionError('a job cannot go from paused to waiting');
  return db.prepare("UPDATE jobs SET state = 'waiting', updated_at = ? WHERE state = 'paused'").run(Date.now()).changes;
}

/** Columns of a running job that change while it stays active (the resource it holds), by its owner only. */
export function updateActive(db: Db, id: string, owner: string, set: JobStateColumns): boolean {
  const cols = Object.keys(set) as Array<keyof JobStateColumns>;
  const sets = ['updated_at = @now', ...cols.map((c) => `${c} = @${c}`)].join(', ');
  return db.prepare(`UPDATE jobs SET ${sets} WHERE id = @id AND state = 'active' AND worker_id = @owner`).run({ ...set, now: Date.now(), id, owner }).changes === 1;
}

/** Whether the job is still running under this worker: every checkpoint and progress write asks first. */
export function ownsJob(db: Db, id: string, workerId: string): boolean {
  const r = db.prepare("SELECT 1 FROM jobs WHERE id = ? AND state = 'active' AND worker_id = ?").get(id, workerId);
  return r !== undefined;
}

/** Thrown inside a worker when its job was taken over: it stops and writes nothing more. */
export class LostJobError extends Error {
  override name = 'LostJobError';
  constructor(readonly jobId: string) {
    super(`job ${jobId} no longer belongs to this worker (another worker recovered it)`);
  }
}

export function assertOwned(db: Db, id: string, workerId: string | undefined): void {
  if (workerId !== undefined && !ownsJob(db, id, workerId)) throw new LostJobError(id);
}

/**
 * A stored row that cannot be read (its stages or input are not valid JSON any more: a disk
 * error, a hand edit) is set aside as failed with the reason, never run and never a crash of
 * the worker's loop. The one write outside the table: from any state, since the row may not
 * parse far enough to know its state.
 */
export function setAside(queue: { db: Db; record(type: JobEventType, jobId: string | null, data?: Record<string, unknown>): unknown }, row: Pick<JobRow, 'id'>, err: unknown): void {
  const message = `the stored job cannot be read, so it was set aside: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
  const error: SerializedError = { name: 'InvalidInputError', message, code: 'INVALID_INPUT' };
  queue.db.prepare("UPDATE jobs SET state = 'failed', error = ?, finished_at = ?, updated_at = ?, worker_id = NULL WHERE id = ?").run(errorJson(error), Date.now(), Date.now(), row.id);
  queue.record('job.failed', row.id, { error, unreadable: true });
}


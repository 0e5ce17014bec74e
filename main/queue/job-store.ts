import { serializedErrorSchema, type SerializedError } from '../../preload/contract/errors';
import {
  jobEventTypeSchema,
  jobProgressSchema,
  stageSpecSchema,
  type Job,
  type JobEvent,
  type JobEventType,
  type JobProgress,
  type JobState,
  type ResourceClass,
  type StageCheckpoint,
} from '../../preload/contract/jobs';
import type { Db } from '../store/open-database';

/** The SQL of the queue, as small functions over a connection; the JobQueue class composes them. */
export interface JobRow {
  seq: number;
  id: string;
  title: string;
  state: JobState;
  priority: number;
  attempts: number;
  max_attempts: number;
  stages: string;
  input: string | null;
  output: string | null;
  session_dir: string;
  resource: ResourceClass | null;
  cancel_requested: number;
  progress: string | null;
  error: string | null;
  run_at: number;
  created_at: number;
  updated_at: number;
  started_at: number | null;
  finished_at: number | null;
  worker_id: string | null;
}

function parseOr<T>(text: string | null, parse: (v: unknown) => T): T | null {
  if (text === null) return null;
  try {
    return parse(JSON.parse(text));
  } catch {
    return null;
  }
}

export function toJob(r: JobRow): Job {
  return {
    id: r.id,
    title: r.title,
    state: r.state,
    priority: r.priority,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    stages: stageSpecSchema.array().parse(JSON.parse(r.stages)),
    output: r.output,
    sessionDir: r.session_dir,
    progress: parseOr(r.progress, (v) => jobProgressSchema.parse(v)),
    error: parseOr(r.error, (v) => serializedErrorSchema.parse(v)),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    runAt: r.run_at,
  };
}

export function getJobRow(db: Db, id: string): JobRow | undefined {
  return db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
}

/** A prefix of an id is enough on the command line, when it is unambiguous. */
export function findJobRow(db: Db, idOrPrefix: string): JobRow[] {
  const exact = getJobRow(db, idOrPrefix);
  if (exact) return [exact];
  return db.prepare("SELECT * FROM jobs WHERE id LIKE ? || '%' ORDER BY seq LIMIT 2").all(idOrPrefix) as JobRow[];
}

export function activeCounts(db: Db): Map<ResourceClass, number> {
  const rows = db.prepare("SELECT resource, count(*) AS n FROM jobs WHERE state = 'active' GROUP BY resource").all() as Array<{ resource: ResourceClass; n: number }>;
  return new Map(rows.map((r) => [r.resource, r.n]));
}

/** Next waiting jobs needing one resource: highest priority first, then first come first served. */
export function waitingFor(db: Db, resource: ResourceClass, now: number, limit: number): JobRow[] {
  return db
    .prepare("SELECT * FROM jobs WHERE state = 'waiting' AND resource = ? AND run_at <= ? ORDER BY priority DESC, seq LIMIT ?")
    .all(resource, now, limit) as JobRow[];
}

export function saveProgress(db: Db, id: string, p: JobProgress): void {
  db.prepare('UPDATE jobs SET progress = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(p), Date.now(), id);
}

export function errorJson(e: SerializedError): string {
  // details may hold anything a stage attached; keep what JSON can carry
  return JSON.stringify(e, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
}

// ---- events ----

interface EventRow {
  id: number;
  job_id: string | null;
  type: string;
  at: number;
  data: string;
}

export function appendEvent(db: Db, type: JobEventType, jobId: string | null, data: Record<string, unknown> = {}): JobEvent {
  const at = Date.now();
  const info = db.prepare('INSERT INTO job_events (job_id, type, at, data) VALUES (?, ?, ?, ?)').run(jobId, type, at, JSON.stringify(data));
  return { id: Number(info.lastInsertRowid), type, jobId, at, data };
}

export function readEvents(db: Db, opts: { jobId?: string; afterId?: number; limit?: number } = {}): JobEvent[] {
  const rows = db
    .prepare(
      `SELECT * FROM job_events WHERE id > @after ${opts.jobId ? 'AND job_id = @job' : ''} ORDER BY id LIMIT @limit`,
    )
    .all({ after: opts.afterId ?? 0, job: opts.jobId, limit: opts.limit ?? 100_000 }) as EventRow[];
  return rows.map((r) => ({ id: r.id, jobId: r.job_id, type: jobEventTypeSchema.parse(r.type), at: r.at, data: JSON.parse(r.data) as Record<string, unknown> }));
}

// ---- stage checkpoints ----

interface StageRow {
  job_id: string;
  idx: number;
  name: string;
  state: 'running' | 'done';
  runs: number;
  resource: ResourceClass;
  input_key: string;
  artifact_path: string | null;
  artifact_hash: string | null;
  artifact_size: number | null;
  started_at: number;
  finished_at: number | null;
}

export type CheckpointRow = StageCheckpoint & { artifactSize: number | null };

const toCheckpoint = (r: StageRow): CheckpointRow => ({
  index: r.idx,
  name: r.name,
  state: r.state,
  runs: r.runs,
  resource: r.resource,
  inputKey: r.input_key,
  artifactPath: r.artifact_path,
  artifactHash: r.artifact_hash,
  artifactSize: r.artifact_size,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

export function checkpoints(db: Db, jobId: string): CheckpointRow[] {
  return (db.prepare('SELECT * FROM job_stages WHERE job_id = ? ORDER BY idx').all(jobId) as StageRow[]).map(toCheckpoint);
}

export function startStage(db: Db, jobId: string, idx: number, name: string, resource: ResourceClass, inputKey: string): void {
  db.prepare(
    `INSERT INTO job_stages (job_id, idx, name, state, runs, resource, input_key, started_at)
     VALUES (@jobId, @idx, @name, 'running', 1, @resource, @inputKey, @now)
     ON CONFLICT(job_id, idx) DO UPDATE SET state = 'running', runs = runs + 1, name = excluded.name,
       resource = excluded.resource, input_key = excluded.input_key, artifact_path = NULL, artifact_hash = NULL,
       artifact_size = NULL, started_at = excluded.started_at, finished_at = NULL`,
  ).run({ jobId, idx, name, resource, inputKey, now: Date.now() });
}

export function finishStage(db: Db, jobId: string, idx: number, a: { path: string; hash: string; size: number }): void {
  db.prepare(
    `UPDATE job_stages SET state = 'done', artifact_path = ?, artifact_hash = ?, artifact_size = ?, finished_at = ?
     WHERE job_id = ? AND idx = ?`,
  ).run(a.path, a.hash, a.size, Date.now(), jobId, idx);
}

/** Later stages built on an artifact that was just redone are stale: forget their checkpoints. */
export function dropCheckpointsAfter(db: Db, jobId: string, idx: number): void {
  db.prepare('DELETE FROM job_stages WHERE job_id = ? AND idx > ?').run(jobId, idx);
}

// ---- settings ----

export function getSetting<T>(db: Db, key: string): T | undefined {
  const r = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return r ? (JSON.parse(r.value) as T) : undefined;
}

export function putSetting(db: Db, key: string, value: unknown): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
}

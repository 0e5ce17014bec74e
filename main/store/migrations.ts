import type { Migration } from './migrate';

/**
 * The schema's history. Append only: a released migration is never edited, because databases
 * out there were built by it. Times are ms since the epoch; documents are JSON text.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    up(db) {
      db.exec(`
        CREATE TABLE projects (
          id TEXT PRIMARY KEY,
          title TEXT NOT NULL,
          document TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE TABLE templates (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          document TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE TABLE media_assets (
          path TEXT PRIMARY KEY,
          hash TEXT NOT NULL,
          size INTEGER NOT NULL,
          mtime_ms INTEGER NOT NULL,
          probe TEXT,
          checked_at INTEGER NOT NULL
        );
        CREATE INDEX media_assets_by_hash ON media_assets(hash);
        CREATE TABLE jobs (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE,
          project_id TEXT REFERENCES projects(id) ON DELETE SET NULL,
          title TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('waiting','active','paused','completed','failed','cancelled')),
          priority INTEGER NOT NULL DEFAULT 0,
          attempts INTEGER NOT NULL DEFAULT 0,
          max_attempts INTEGER NOT NULL DEFAULT 3,
          stages TEXT NOT NULL,
          input TEXT,
          output TEXT,
          session_dir TEXT NOT NULL,
          resource TEXT,
          cancel_requested INTEGER NOT NULL DEFAULT 0,
          progress TEXT,
          error TEXT,
          run_at INTEGER NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          started_at INTEGER,
          finished_at INTEGER
        );
        CREATE INDEX jobs_claim ON jobs(state, resource, priority DESC, seq);
        CREATE TABLE job_stages (
          job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
          idx INTEGER NOT NULL,
          name TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('running','done')),
          runs INTEGER NOT NULL DEFAULT 0,
          resource TEXT NOT NULL,
          input_key TEXT NOT NULL,
          artifact_path TEXT,
          artifact_hash TEXT,
          artifact_size INTEGER,
          started_at INTEGER NOT NULL,
          finished_at INTEGER,
          PRIMARY KEY (job_id, idx)
        );
        CREATE TABLE job_events (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          job_id TEXT REFERENCES jobs(id) ON DELETE CASCADE,
          type TEXT NOT NULL,
          at INTEGER NOT NULL,
          data TEXT NOT NULL
        );
        CREATE INDEX job_events_by_job ON job_events(job_id, id);
      `);
    },
  },
  {
    // Version 2: several processes (the app, `reelforge worker`) may share one database, so a job
    // records which worker runs it, and recovery can tell a live worker's job from a dead one's.
    version: 2,
    up(db) {
      db.exec(`
        CREATE TABLE workers (
          id TEXT PRIMARY KEY,
          pid INTEGER NOT NULL,
          host TEXT NOT NULL,
          started_at INTEGER NOT NULL,
          heartbeat_at INTEGER NOT NULL
        );
        ALTER TABLE jobs ADD COLUMN worker_id TEXT;
        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );
      `);
    },
  },
  {
    // Version 3: user templates (issue 14) keep the template format version they were saved in, so
    // a row written by a newer Reelforge is refused by its number before its document is read.
    version: 3,
    up(db) {
      db.exec(`ALTER TABLE templates ADD COLUMN version INTEGER NOT NULL DEFAULT 1;`);
    },
  },
  {
    // Version 4: a worker's process start time, so "is its PID alive" survives PID reuse (on one
    // host a live PID, not a fresh heartbeat, decides whether a worker is gone).
    version: 4,
    up(db) {
      db.exec('ALTER TABLE workers ADD COLUMN pid_start TEXT');
    },
  },
];

import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../store/open-database';

/**
 * Housekeeping a long-running studio needs so that the home does not only grow: the event log
 * of finished jobs is pruned, the WAL is folded back into the database, old previews go, and
 * narration that no project or pending job refers to any more (a deleted project's voices) is
 * removed from the voice cache. The worker runs it at start and then every few minutes.
 */
export interface MaintenanceOptions {
  home: string;
  now?: number;
  /** events of jobs finished longer ago than this are deleted; progress events of any finished job go at once */
  eventsMaxAgeMs?: number;
  previewMaxAgeMs?: number;
  /** an unreferenced voice is kept this long (a project being edited may refer to it again) */
  voiceMaxAgeMs?: number;
}

export interface MaintenanceReport {
  events: number;
  previews: number;
  voices: number;
}

const DAY = 24 * 3600_000;

export function runMaintenance(db: Db, opts: MaintenanceOptions): MaintenanceReport {
  const now = opts.now ?? Date.now();
  const events = pruneEvents(db, now - (opts.eventsMaxAgeMs ?? 30 * DAY));
  // TRUNCATE: the WAL file goes back to zero bytes instead of growing with every progress write.
  db.pragma('wal_checkpoint(TRUNCATE)');
  const previews = removeOlderThan(join(opts.home, 'previews'), now - (opts.previewMaxAgeMs ?? DAY));
  const voices = pruneVoices(db, join(opts.home, 'voices'), now - (opts.voiceMaxAgeMs ?? DAY));
  return { events, previews, voices };
}

function pruneEvents(db: Db, before: number): number {
  const finished = "SELECT id FROM jobs WHERE state IN ('completed','failed','cancelled')";
  const progress = db.prepare(`DELETE FROM job_events WHERE type = 'job.progress' AND job_id IN (${finished})`).run().changes;
  const old = db.prepare(`DELETE FROM job_events WHERE at < ? AND (job_id IS NULL OR job_id IN (${finished} AND finished_at < ?))`).run(before, before).changes;
  return progress + old;
}

function removeOlderThan(dir: string, before: number): number {
  let removed = 0;
  for (const name of safeList(dir)) {
    const full = join(dir, name);
    try {
      if (statSync(full).mtimeMs < before) {
        rmSync(full, { recursive: true, force: true });
        removed++;
      }
    } catch {
      // gone already
    }
  }
  return removed;
}

/** Voice cache entries are `<key>.wav` + `<key>.json`; a key named in any project or unfinished job is in use. */
function pruneVoices(db: Db, voicesDir: string, before: number): number {
  const used = new Set<string>();
  const texts = [
    ...(db.prepare('SELECT document AS t FROM projects').all() as Array<{ t: string }>),
    ...(db.prepare("SELECT input AS t FROM jobs WHERE input IS NOT NULL AND state NOT IN ('completed','failed','cancelled')").all() as Array<{ t: string }>),
  ];
  for (const { t } of texts) for (const m of t.matchAll(/([0-9a-f]{32})\.wav/g)) used.add(m[1]!);
  let removed = 0;
  const walk = (dir: string) => {
    for (const name of safeList(dir)) {
      const full = join(dir, name);
      let st;
      try {
        st = statSync(full);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(full);
      else {
        const m = /^([0-9a-f]{32})\.wav$/.exec(name);
        if (m && !used.has(m[1]!) && st.mtimeMs < before) {
          rmSync(full, { force: true });
          rmSync(join(dir, `${m[1]}.json`), { force: true });
          removed++;
        }
      }
    }
  };
  walk(voicesDir);
  return removed;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

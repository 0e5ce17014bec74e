import type Database from 'better-sqlite3';
import { StudioError } from '../../preload/contract/errors';

export interface Migration {
  version: number;
  up(db: Database.Database): void;
}

/** A list that is not strictly increasing is a programming error caught before any SQL runs. */
export function checkMigrationOrder(migrations: readonly Migration[]): void {
  let last = 0;
  for (const m of migrations) {
    if (!Number.isInteger(m.version) || m.version <= last) {
      throw new Error(`migrations out of order: version ${m.version} follows ${last}`);
    }
    last = m.version;
  }
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.at(-1)?.version ?? 0;
}

export function userVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Refuses a database written by a newer Reelforge before anything touches it. */
export function refuseNewer(db: Database.Database, migrations: readonly Migration[], file: string): void {
  const found = userVersion(db);
  const latest = latestVersion(migrations);
  if (found > latest) {
    throw new StudioError(
      'UNSUPPORTED_VERSION',
      `the database ${file} was written by a newer Reelforge (schema version ${found}; this one knows up to ${latest}). ` +
        'Update Reelforge to use it; it was left untouched.',
      { file, found, latest },
    );
  }
}

/**
 * Applies every migration newer than `user_version`, all in one transaction: a crash half-way
 * leaves the database exactly as it was. Returns the versions applied.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[], file = 'the database'): number[] {
  checkMigrationOrder(migrations);
  refuseNewer(db, migrations, file);
  const applied: number[] = [];
  db.transaction(() => {
    const from = userVersion(db);
    for (const m of migrations) {
      if (m.version <= from) continue;
      m.up(db);
      applied.push(m.version);
    }
    if (applied.length) db.pragma(`user_version = ${latestVersion(migrations)}`);
  }).immediate();
  return applied;
}

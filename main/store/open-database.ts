import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { appResources } from '../../native/resources';
import { StudioError } from '../../preload/contract/errors';
import { dbPath } from '../paths';
import { migrate, refuseNewer, type Migration } from './migrate';
import { migrations as allMigrations } from './migrations';

export type Db = Database.Database;

/**
 * Under Electron the driver must be the build for Electron's ABI, at the path the resource resolver
 * gives (packaged: outside the asar, rebuilt by electron-builder). Under Node the default build is used.
 */
function driverOptions(): Database.Options {
  const binding = appResources().sqliteBinding;
  if (!binding) return {};
  if (!existsSync(binding)) {
    throw new StudioError(
      'INTERNAL',
      `the SQLite driver built for Electron is missing: ${binding}. Build it as the README's "The desktop app" section says (npx @electron/rebuild -f -w better-sqlite3, then copy the build there).`,
    );
  }
  return { nativeBinding: binding };
}

export interface OpenOptions {
  /** for tests of old schemas: build the database with only these migrations */
  migrations?: readonly Migration[];
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) a Reelforge database. The version check comes before anything that
 * writes — switching to WAL rewrites the header — so a newer database is refused untouched.
 */
export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  const migrations = opts.migrations ?? allMigrations;
  mkdirSync(dirname(file), { recursive: true });
  let db: Db;
  try {
    db = new Database(file, driverOptions());
  } catch (err) {
    throw databaseError(err, file);
  }
  try {
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
    refuseNewer(db, migrations, file);
    db.pragma('journal_mode = WAL');
    // With WAL, NORMAL loses at most the last transactions on power loss, never consistency.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations, file);
    return db;
  } catch (err) {
    db.close();
    throw databaseError(err, file);
  }
}

/**
 * SQLite's own words ("file is not a database", "database disk image is malformed", "disk I/O
 * error") don't say which file; a user with a damaged home needs to know what to move aside.
 */
export function databaseError(err: unknown, file: string): unknown {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return err;
  const message = (err as Error).message;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new StudioError('INVALID_INPUT', `the database ${file} is damaged (${message}); move it aside to start with an empty one, or restore it from a backup`, { path: file });
  }
  if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR')) {
    return new StudioError('INTERNAL', `the disk is full or failing: cannot write the database ${file} (${message})`, { path: file });
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code.startsWith('SQLITE_PERM')) {
    return new StudioError('INVALID_INPUT', `cannot open the database ${file} for writing (${message}); check the folder's permissions`, { path: file });
  }
  return err;
}

export function openHomeDatabase(home: string, opts?: OpenOptions): Db {
  return openDatabase(dbPath(home), opts);
}

/** `PRAGMA integrity_check` of the home database, one line per problem ('ok' when sound). */
export async function checkDatabase(home: string): Promise<string[]> {
  const file = dbPath(home);
  if (!existsSync(file)) return [`no database yet at ${file}`];
  const db = new Database(file, { ...driverOptions(), readonly: true });
  try {
    db.pragma('busy_timeout = 5000');
    const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    return rows.map((r) => r.integrity_check);
  } finally {
    db.close();
  }
}

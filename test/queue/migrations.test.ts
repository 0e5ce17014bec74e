import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { StudioError } from '../../preload/contract/errors';
import { migrate, type Migration } from '../../main/store/migrate';
import { migrations } from '../../main/store/migrations';
import { checkDatabase, openDatabase } from '../../main/store/open-database';
import { dbPath } from '../../main/paths';
import { tempHome } from './helpers';

test('a database built by an older version is upgraded and keeps its rows', (t) => {
  const home = tempHome();
  t.after(home.cleanup);
  const file = dbPath(home.dir);
  const old = openDatabase(file, { migrations: migrations.slice(0, 1) });
  old.prepare(
    `INSERT INTO jobs (id, title, state, stages, session_dir, run_at, created_at, updated_at) VALUES ('j1', 'kept', 'waiting', '[]', '/x', 0, 0, 0)`,
  ).run();
  assert.equal(old.pragma('user_version', { simple: true }), 1);
  old.close();

  const db = openDatabase(file);
  t.after(() => db.close());
  assert.equal(db.pragma('user_version', { simple: true }), migrations.at(-1)!.version);
  assert.equal((db.prepare("SELECT title FROM jobs WHERE id = 'j1'").get() as { title: string }).title, 'kept');
  // version 2's table and column exist
  db.prepare("INSERT INTO workers (id, pid, host, started_at, heartbeat_at) VALUES ('w', 1, 'h', 0, 0)").run();
  db.prepare("UPDATE jobs SET worker_id = 'w' WHERE id = 'j1'").run();
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  assert.ok((db.pragma('busy_timeout', { simple: true }) as number) > 0);
});

test('a database written by a newer version is refused and left byte-for-byte untouched', async (t) => {
  const home = tempHome();
  t.after(home.cleanup);
  const file = join(home.dir, 'future.db');
  const raw = new Database(file);
  raw.exec('CREATE TABLE future_things (x)');
  raw.pragma('user_version = 99');
  raw.close();
  const before = createHash('sha256').update(readFileSync(file)).digest('hex');

  assert.throws(
    () => openDatabase(file),
    (err: unknown) => err instanceof StudioError && err.code === 'UNSUPPORTED_VERSION' && /newer Reelforge/.test(err.message) && /99/.test(err.message),
  );
  assert.equal(createHash('sha256').update(readFileSync(file)).digest('hex'), before);
  assert.equal(existsSync(`${file}-wal`), false, 'no write-ahead log was started');
});

test('migrations must be increasing, and a failing one leaves the database as it was', (t) => {
  const home = tempHome();
  t.after(home.cleanup);
  const db = new Database(join(home.dir, 'm.db'));
  t.after(() => db.close());
  const ok: Migration = { version: 1, up: (d) => d.exec('CREATE TABLE a (x)') };
  assert.throws(() => migrate(db, [ok, { version: 1, up: () => {} }]), /out of order/);
  assert.throws(() =>
    migrate(db, [ok, { version: 2, up: (d) => { d.exec('CREATE TABLE b (x)'); throw new Error('boom'); } }]),
  /boom/);
  assert.equal(db.pragma('user_version', { simple: true }), 0);
  assert.equal((db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('a', 'b')").get() as { n: number }).n, 0);
});

test('checkDatabase reports integrity_check of the home database', async (t) => {
  const home = tempHome();
  t.after(home.cleanup);
  assert.match((await checkDatabase(home.dir))[0]!, /no database/);
  openDatabase(dbPath(home.dir)).close();
  assert.deepEqual(await checkDatabase(home.dir), ['ok']);
});

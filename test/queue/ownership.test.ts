import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { claimJobs } from '../../main/queue/claim';
import { IllegalTransitionError, LostJobError, transition } from '../../main/queue/job-state';
import { runMaintenance } from '../../main/queue/maintenance';
import { isAlive } from '../../main/queue/os-processes';
import { recordJobProcesses } from '../../main/queue/job-processes';
import { register } from '../../native/process-registry';
import { hostname } from 'node:os';
import { addProjectJob } from '../../main/pipeline/project-job';
import { runJob } from '../../main/queue/run-job';
import { Worker } from '../../main/queue/worker';
import { JobQueue } from '../../main/queue/job-queue';
import { StageRegistry } from '../../main/queue/stage';
import { defaultStages } from '../../main/pipeline/default-stages';
import { openTestQueue, osProcessesMentioning, tempHome, tinyEncodeStage, tinyProject, waitFor } from './helpers';

const root = new URL('../..', import.meta.url).pathname;
const limits = { light: 2, 'encode-cpu': 2, 'encode-gpu': 1, upscale: 1 };

function startWorker(home: string): { child: ChildProcess; exited: Promise<number | null>; stderr: () => string } {
  const child = spawn(process.execPath, [join(root, 'bin/reelforge.js'), 'worker', '--home', home], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, exited, stderr: () => err };
}

test('a stalled worker (SIGSTOP, heartbeat long stale) on this host keeps its job: nobody runs it twice, and it finishes it once', async (t) => {
  const home = tempHome();
  t.after(home.cleanup);
  const queue = openTestQueue(home.dir);
  t.after(() => queue.close());
  const job = await addProjectJob(queue, tinyProject(home.dir, { scenes: 6, seconds: 3, width: 270, height: 480, fps: 30 }), { output: join(home.dir, 'out.mp4') });
  const w1 = startWorker(home.dir);
  t.after(() => w1.child.kill('SIGKILL'));
  await waitFor(() => queue.events({ jobId: job.id }).some((e) => e.type === 'job.progress' && e.data.stage === 'render'), 'the render to start');
  w1.child.kill('SIGSTOP');
  // as if it had been asleep for minutes: its heartbeat is far older than the staleness limit
  queue.db.prepare('UPDATE workers SET heartbeat_at = 0').run();
  const w2 = startWorker(home.dir);
  t.after(() => w2.child.kill('SIGKILL'));
  assert.equal(await w2.exited, 0, w2.stderr());
  assert.doesNotMatch(w2.stderr(), /recovered/);
  assert.equal(queue.get(job.id).state, 'active', 'still the first worker\'s');
  w1.child.kill('SIGCONT');
  assert.equal(await w1.exited, 0, w1.stderr());
  const done = queue.get(job.id);
  assert.equal(done.state, 'completed');
  assert.equal(done.attempts, 0);
  assert.equal(queue.checkpoints(job.id).find((c) => c.name === 'render')!.runs, 1, 'rendered once');
  assert.equal(queue.events({ jobId: job.id }).filter((e) => e.type === 'job.recovered').length, 0);
});

test('a worker whose job was taken over writes nothing: no state, no checkpoint, no progress', async (t) => {
  const home = tempHome();
  t.after(home.cleanup);
  const queue = openTestQueue(home.dir);
  t.after(() => queue.close());
  const job = await queue.add({ title: 'owned', stages: [{ name: 'tiny-encode', options: { seconds: 0.2 } }] });
  const [claimedByA] = claimJobs(queue, 'worker-A', limits);
  assert.equal(claimedByA!.job.id, job.id);
  // recovered from A (as recovery does for a dead worker) and claimed by B
  assert.ok(transition(queue.db, job.id, { from: ['active'], to: 'waiting', owner: 'worker-A', set: { worker_id: null } }));
  claimJobs(queue, 'worker-B', limits);
  // A wakes up and goes on with its copy of the job
  await assert.rejects(runJob({ queue, job: claimedByA!.job, holding: claimedByA!.resource, limits, signal: new AbortController().signal, workerId: 'worker-A' }), LostJobError);
  assert.equal(transition(queue.db, job.id, { from: ['active'], to: 'failed', owner: 'worker-A', set: { worker_id: null } }), false, 'A cannot fail B\'s job');
  const row = queue.db.prepare('SELECT state, worker_id FROM jobs WHERE id = ?').get(job.id) as { state: string; worker_id: string };
  assert.deepEqual(row, { state: 'active', worker_id: 'worker-B' });
  assert.deepEqual(queue.checkpoints(job.id), [], 'A started no stage');
  // the table refuses what no caller may do
  assert.throws(() => transition(queue.db, job.id, { from: ['completed'], to: 'active' }), IllegalTransitionError);
  assert.throws(() => transition(queue.db, job.id, { from: ['waiting'], to: 'completed' }), IllegalTransitionError);
  // and it is the only writer of job states in the code
  const writers = walk(join(root, 'main')).filter((f) => /UPDATE jobs SET[^;]*\bstate\s*=/.test(readFileSync(f, 'utf8')));
  assert.deepEqual(writers.map((f) => f.slice(root.length)), ['main/queue/job-state.ts']);
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : []));
}

test('recovery kills the processes the dead worker started and nothing else (a `tail -f` of the job log lives on)', async (t) => {
  const home = tempHome();
  t.after(home.cleanup);
  const queue = openTestQueue(home.dir);
  t.after(() => queue.close());
  const job = await queue.add({ title: 'orphaned', stages: [{ name: 'tiny-encode', options: {} }] });
  // a worker starts the job and a long native process for it, then dies (its PID is gone)
  const dead = spawn('true');
  await new Promise((r) => dead.once('exit', r));
  queue.db.prepare("INSERT INTO workers (id, pid, host, started_at, heartbeat_at) VALUES ('dead', ?, ?, 0, ?)").run(dead.pid, hostname(), Date.now());
  claimJobs(queue, 'dead', limits);
  const stopRecording = recordJobProcesses((tag) => (tag === job.id ? job.sessionDir : undefined));
  const orphan = spawn('sleep', ['300'], { stdio: 'ignore', detached: true });
  register({ child: orphan, tag: job.id, commandLine: 'sleep 300' });
  stopRecording();
  t.after(() => orphan.kill('SIGKILL'));
  mkdirSync(join(job.sessionDir, 'logs'), { recursive: true });
  writeFileSync(join(job.sessionDir, 'logs', 'job.log'), 'started\n');
  const tail = spawn('tail', ['-f', join(job.sessionDir, 'logs', 'job.log')], { stdio: 'ignore' });
  t.after(() => tail.kill('SIGKILL'));
  await waitFor(() => osProcessesMentioning(job.sessionDir).some((p) => p.pid === tail.pid), 'the tail to run (its command line names the session)', 5000);

  const w2 = new Worker(queue, { pollMs: 50 });
  const report = w2.start();
  t.after(() => w2.stop());
  assert.deepEqual(report.recovered, [job.id]);
  assert.equal(report.killedProcesses, 1);
  await waitFor(() => orphan.exitCode !== null || orphan.signalCode !== null, 'the orphan to be killed', 5000);
  assert.ok(isAlive(tail.pid!), 'the tail -f the user started is still running');
});

test('the worker loop outlives SQLITE_BUSY and unreadable rows; a ZodError in a stage fails the job at once', async (t) => {
  const home = tempHome();
  t.after(home.cleanup);
  const zodStage = { name: 'zod-fail', version: 1, weight: 1, resource: () => 'light' as const, async run() { z.object({ title: z.string() }).parse({}); return { file: '' }; } };
  const queue = JobQueue.open(new StageRegistry([...defaultStages(), tinyEncodeStage, zodStage]), home.dir);
  t.after(() => queue.close());
  queue.db.pragma('busy_timeout = 50');
  const lines: string[] = [];
  const worker = new Worker(queue, { pollMs: 20, log: (l) => lines.push(l) });
  worker.start();
  const stop = new AbortController();
  const loop = worker.run({ signal: stop.signal });
  let loopError: unknown;
  loop.catch((e) => (loopError = e));

  // another process holds the write lock for a while (a CLI worker mid-transaction)
  const other = new Database(join(home.dir, 'reelforge.db'));
  other.exec('BEGIN EXCLUSIVE');
  await waitFor(() => lines.some((l) => /database is locked|SQLITE_BUSY/i.test(l)), 'the worker to meet a locked database', 10_000);
  other.exec('COMMIT');
  other.close();
  assert.equal(loopError, undefined, 'the loop is still running');

  const bad = await queue.add({ title: 'damaged', stages: [{ name: 'tiny-encode', options: {} }] });
  queue.db.prepare('UPDATE jobs SET stages = ? WHERE id = ?').run('{not json', bad.id);
  const zod = await queue.add({ title: 'zod', stages: [{ name: 'zod-fail', options: {} }] });
  const good = await queue.add({ title: 'good', stages: [{ name: 'tiny-encode', options: { seconds: 0.2 } }] });
  await waitFor(() => ['completed', 'failed'].includes(queue.get(good.id).state) && queue.get(zod.id).state === 'failed', 'the jobs to settle', 30_000);
  assert.equal(queue.get(good.id).state, 'completed');
  const damaged = queue.list().find((j) => j.id === bad.id)!;
  assert.equal(damaged.state, 'failed');
  assert.match(damaged.error!.message, /cannot be read, so it was set aside/);
  const z1 = queue.get(zod.id);
  assert.equal(z1.attempts, 1, 'not retried');
  assert.equal(z1.error!.code, 'INVALID_INPUT');
  assert.match(z1.error!.message, /title: /);
  assert.doesNotMatch(z1.error!.message, /"code"/);
  stop.abort();
  await loop;
  assert.equal(loopError, undefined);
});

test('housekeeping: finished jobs\' old events pruned, the WAL truncated, old previews and unused voices removed, used ones kept', async (t) => {
  const home = tempHome();
  t.after(home.cleanup);
  const queue = openTestQueue(home.dir);
  t.after(() => queue.close());
  const job = await queue.add({ title: 'x', stages: [{ name: 'tiny-encode', options: {} }] });
  for (let i = 0; i < 500; i++) queue.record('job.progress', job.id, { percent: i / 5 });
  queue.db.prepare("UPDATE jobs SET state = 'completed', finished_at = 1 WHERE id = ?").run(job.id);
  mkdirSync(join(home.dir, 'previews'), { recursive: true });
  writeFileSync(join(home.dir, 'previews', 'old.mp4'), 'x');
  utimesSync(join(home.dir, 'previews', 'old.mp4'), 1, 1);
  writeFileSync(join(home.dir, 'previews', 'fresh.mp4'), 'x');
  const cache = join(home.dir, 'voices', 'cache', 'ab');
  mkdirSync(cache, { recursive: true });
  const used = 'ab'.padEnd(32, '1');
  const unused = 'ab'.padEnd(32, '2');
  for (const k of [used, unused]) {
    writeFileSync(join(cache, `${k}.wav`), 'RIFF');
    writeFileSync(join(cache, `${k}.json`), '{}');
    utimesSync(join(cache, `${k}.wav`), 1, 1);
  }
  queue.db.prepare('INSERT INTO projects (id, title, document, created_at, updated_at) VALUES (?, ?, ?, 0, 0)').run('p1', 'p', JSON.stringify({ scenes: [{ audio: join(cache, `${used}.wav`) }] }));
  const wal = join(home.dir, 'reelforge.db-wal');
  assert.ok(statSync(wal).size > 0);
  const r = runMaintenance(queue.db, { home: home.dir, now: Date.now() });
  assert.ok(r.events >= 500, `pruned ${r.events}`);
  assert.equal(queue.events({ jobId: job.id }).filter((e) => e.type === 'job.progress').length, 0);
  assert.equal(statSync(wal).size, 0, 'the WAL was checkpointed and truncated');
  assert.deepEqual(readdirSync(join(home.dir, 'previews')), ['fresh.mp4']);
  assert.ok(existsSync(join(cache, `${used}.wav`)), 'a voice a project uses stays');
  assert.equal(existsSync(join(cache, `${unused}.wav`)), false, 'a deleted project\'s voice goes');
  assert.equal(existsSync(join(cache, `${unused}.json`)), false);
});

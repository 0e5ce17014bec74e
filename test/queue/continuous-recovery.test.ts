import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { addProjectJob } from '../../main/pipeline/project-job';
import { getJobRow } from '../../main/queue/job-store';
import { openTestQueue, probeDuration, tempHome, tinyProject, waitFor } from './helpers';

const bin = new URL('../../bin/reelforge.js', import.meta.url).pathname;

/**
 * Issue 23, #3: recovery ran only when a worker started, so a worker killed mid-render kept its
 * job `active` and held the only render slot while the healthy workers sat idle with jobs waiting.
 */
test('kill -9 of the worker holding the only render slot: a running survivor takes over its job and the slot, and every job finishes — no worker restarted', async (t) => {
  const home = tempHome('rf-heal-');
  t.after(home.cleanup);
  const queue = openTestQueue(home.dir);
  t.after(() => queue.close());
  const workers = [0, 1, 2].map(() => {
    const child = spawn(process.execPath, [bin, 'worker', '--watch', '--home', home.dir, '--limit', 'encode-cpu=1'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    t.after(() => child.kill('SIGKILL'));
    return { child, err: () => err, exited: new Promise<number | null>((r) => child.once('exit', (code) => r(code))) };
  });
  const registered = () => (queue.db.prepare('SELECT count(*) AS n FROM workers').get() as { n: number }).n;
  await waitFor(() => registered() === 3, 'three workers to register');

  const jobs = [];
  for (let i = 0; i < 4; i++) {
    jobs.push(await addProjectJob(queue, tinyProject(home.dir, { title: `heal ${i}`, scenes: 3, seconds: 2, width: 270, height: 480, fps: 30 }), { output: join(home.dir, 'out', `${i}.mp4`) }));
  }

  // The worker rendering (holding the one encode-cpu slot) is killed without a chance to clean up.
  const rendering = () => (queue.db.prepare("SELECT id, worker_id FROM jobs WHERE state = 'active' AND resource = 'encode-cpu'").get() as { id: string; worker_id: string } | undefined);
  await waitFor(() => !!rendering(), 'a job to be rendering', 120_000);
  const victim = rendering()!;
  const { pid } = queue.db.prepare('SELECT pid FROM workers WHERE id = ?').get(victim.worker_id) as { pid: number };
  const dead = workers.find((w) => w.child.pid === pid)!;
  assert.ok(dead, 'the renderer is one of our worker processes');
  const killedAt = Date.now();
  dead.child.kill('SIGKILL');
  await dead.exited;

  // No worker starts after this: only the two survivors' periodic look for dead owners can free the slot.
  await waitFor(() => getJobRow(queue.db, victim.id)?.worker_id !== victim.worker_id, 'a survivor to take over the dead worker’s job', 120_000);
  t.diagnostic(`taken over ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill (RECOVERY_EVERY_MS = 5 s; the PID is gone on this host)`);
  await waitFor(() => queue.counts().completed === 4 || (queue.counts().failed ?? 0) > 0, 'every job to finish', 300_000);
  assert.deepEqual(queue.counts(), { completed: 4 });
  const recovered = queue.events({ jobId: victim.id }).filter((e) => e.type === 'job.recovered');
  assert.equal(recovered.length, 1, 'recovered once, from the dead worker');
  assert.equal(recovered[0]!.data.deadWorker, victim.worker_id);
  for (const [i] of jobs.entries()) assert.ok(Math.abs(probeDuration(join(home.dir, 'out', `${i}.mp4`)) - 5) < 0.2, `job ${i} is a whole video`);

  for (const w of workers) if (w !== dead) w.child.kill('SIGTERM');
  for (const w of workers) if (w !== dead) assert.equal(await w.exited, 0, w.err());
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { addProjectJob } from '../../main/pipeline/project-job';
import { saveLimits } from '../../main/queue/limits';
import { openTestQueue, osProcessesMentioning, probeDuration, tempHome, tinyProject, waitFor } from './helpers';

const bin = new URL('../../bin/reelforge.js', import.meta.url).pathname;

test('two worker processes on one home share its limits: never more stages of a class at once than the limit, all jobs done', async (t) => {
  const home = tempHome('rf-two-workers-');
  t.after(home.cleanup);
  const queue = openTestQueue(home.dir);
  t.after(() => queue.close());
  // One media prep and one CPU encode at a time, across both processes.
  saveLimits(queue.db, { light: 1, 'encode-cpu': 1 });
  // Both workers are up and polling before the work arrives, so they compete for every slot.
  const workers = [0, 1].map(() => {
    const child = spawn(process.execPath, [bin, 'worker', '--watch', '--home', home.dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    t.after(() => child.kill('SIGKILL'));
    return { child, exited: new Promise<{ code: number | null; err: string }>((r) => child.once('exit', (code) => r({ code, err }))) };
  });
  const registered = () => (queue.db.prepare('SELECT count(*) AS n FROM workers').get() as { n: number }).n;
  await waitFor(() => registered() === 2, 'both workers to register');

  // Watch the OS too: how many render encoders run under this home at once, whoever started them.
  let encodersPeak = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const encoders = osProcessesMentioning(home.dir).filter((p) => /ffmpeg .*-filter_complex_script/.test(p.args)).length;
      encodersPeak = Math.max(encodersPeak, encoders);
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  const jobs = [];
  for (let i = 0; i < 8; i++) {
    jobs.push(await addProjectJob(queue, tinyProject(home.dir, { title: `load ${i}`, scenes: 3, seconds: 2, width: 270, height: 480, fps: 30 }), { output: join(home.dir, 'out', `${i}.mp4`) }));
  }
  await waitFor(() => queue.counts().completed === 8 || (queue.counts().failed ?? 0) > 0, 'every job to finish', 300_000);
  sampling = false;
  await sampler;
  for (const w of workers) w.child.kill('SIGTERM');
  const results = await Promise.all(workers.map((w) => w.exited));
  for (const r of results) assert.equal(r.code, 0, `a worker stops cleanly on SIGTERM: ${r.err}`);

  assert.deepEqual(queue.counts(), { completed: 8 });
  for (const [i, job] of jobs.entries()) assert.ok(Math.abs(probeDuration(join(home.dir, 'out', `${i}.mp4`)) - 5) < 0.2, `${job.title} is a whole video (three 2 s scenes, two 0.5 s fades)`);

  // Replay the shared event log: stages of each class running at once, over both processes.
  const running = new Map<string, number>();
  const peak = new Map<string, number>();
  const claimedBy = new Set<string>();
  for (const e of queue.events()) {
    if (e.type === 'job.active') claimedBy.add(String(e.data.worker));
    if (e.type !== 'job.stage') continue;
    const r = String(e.data.resource);
    running.set(r, (running.get(r) ?? 0) + (e.data.phase === 'started' ? 1 : e.data.phase === 'finished' ? -1 : 0));
    peak.set(r, Math.max(peak.get(r) ?? 0, running.get(r)!));
  }
  // Both competed for every slot the whole time (registered before the jobs came, stopped after).
  // Which one wins a slot is a race: the worker that frees a slot claims the next job at once, so
  // one of them often takes every job. What must hold either way is the limits: a worker counting
  // only its own stages would claim beside the other, and these peaks would be 2.
  assert.ok(claimedBy.size >= 1 && claimedBy.size <= 2);
  assert.deepEqual(Object.fromEntries(peak), { light: 1, 'encode-cpu': 1 }, 'one media prep and one encode at a time, never more');
  assert.equal(encodersPeak, 1, 'the OS never saw two render encoders at once');
});

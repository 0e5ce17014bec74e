import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { addProjectJob } from '../../main/pipeline/project-job';
import { Worker } from '../../main/queue/worker';
import type { JobEvent } from '../../preload/contract/jobs';
import { openTestQueue, osProcessesMentioning, probeDuration, tempHome, tinyProject, waitFor } from './helpers';

/** 60 s of 270×480 video: long enough (a couple of seconds of encoding) to interrupt mid-render. */
const longish = (dir: string) => tinyProject(dir, { scenes: 4, seconds: 15, width: 270, height: 480, fps: 30 });

const renderUnderway = (events: JobEvent[]) => events.some((e) => e.type === 'job.progress' && e.data.stage === 'render' && Number(e.data.percent) > 20);

test('cancel mid-render: FFmpeg is gone within a second and no output is left', async (t) => {
  const home = tempHome();
  t.after(home.cleanup);
  const queue = openTestQueue(home.dir);
  t.after(() => queue.close());
  const outDir = join(home.dir, 'out');
  const job = await addProjectJob(queue, longish(home.dir), { output: join(outDir, 'video.mp4') });
  const worker = new Worker(queue, { pollMs: 50 });
  worker.start();
  const running = worker.run({ untilEmpty: true });

  await waitFor(() => renderUnderway(queue.events({ jobId: job.id })), 'the render to get going');
  const before = osProcessesMentioning(job.sessionDir);
  assert.ok(before.some((p) => /ffmpeg/.test(p.args)), 'FFmpeg is rendering in the session folder');

  const asked = Date.now();
  await queue.cancel(job.id);
  await new Promise((r) => setTimeout(r, Math.max(0, asked + 1000 - Date.now())));
  assert.deepEqual(osProcessesMentioning(job.sessionDir), [], 'one second after cancel, no process works for the job');
  await running;

  assert.equal(queue.get(job.id).state, 'cancelled');
  assert.equal(existsSync(join(outDir, 'video.mp4')), false);
  assert.deepEqual(existsSync(outDir) ? readdirSync(outDir) : [], [], 'no partial file next to the output');
  assert.equal(existsSync(join(job.sessionDir, 'work')), false, 'work files removed');
  assert.equal(existsSync(join(job.sessionDir, 'final')), false, 'no finished file');
  assert.ok(queue.events({ jobId: job.id }).some((e) => e.type === 'job.cancelled'));
});

test('pausing the queue stops a render at its checkpoint; resuming finishes it without redoing media prep', async (t) => {
  const home = tempHome();
  t.after(home.cleanup);
  const queue = openTestQueue(home.dir);
  t.after(() => queue.close());
  const output = join(home.dir, 'out.mp4');
  const job = await addProjectJob(queue, longish(home.dir), { output });
  const worker = new Worker(queue, { pollMs: 50 });
  worker.start();
  const running = worker.run({ untilEmpty: true });

  await waitFor(() => renderUnderway(queue.events({ jobId: job.id })), 'the render to get going');
  await queue.pause();
  assert.equal(queue.get(job.id).state, 'paused');
  assert.deepEqual(osProcessesMentioning(job.sessionDir), []);
  await running; // a paused queue is "empty" for a worker that runs until empty
  const prep = queue.checkpoints(job.id)[0]!;
  assert.equal(prep.state, 'done');

  queue.resume();
  const again = new Worker(queue, { pollMs: 50 });
  again.start();
  await again.run({ untilEmpty: true });
  await again.stop();

  assert.equal(queue.get(job.id).state, 'completed');
  const seconds = probeDuration(output);
  assert.ok(Math.abs(seconds - (60 - 3 * 0.5)) < 0.2, `the output lasts ${seconds} s (4 × 15 s, three 0.5 s crossfades)`);
  const [prepAfter, render] = queue.checkpoints(job.id);
  assert.deepEqual(prepAfter, prep, 'media prep was not redone');
  assert.equal(render!.runs, 2);
  const types = queue.events({ jobId: job.id }).map((e) => e.type).filter((x) => x !== 'job.progress');
  assert.ok(types.includes('job.paused'));
});

test('transient failures retry with backoff; bad input fails at once; a failed job can be retried', async (t) => {
  const home = tempHome();
  t.after(home.cleanup);
  const queue = openTestQueue(home.dir);
  t.after(() => queue.close());
  const flaky = await queue.add({ title: 'flaky', maxAttempts: 3, stages: [{ name: 'tiny-encode', options: { fail: 'transient' } }] });
  const bad = await queue.add({ title: 'bad', maxAttempts: 3, stages: [{ name: 'tiny-encode', options: { fail: 'invalid' } }] });
  const seen: string[] = [];
  const unsubscribe = queue.subscribe((e) => seen.push(`${e.type}:${e.jobId}`));

  const worker = new Worker(queue, { pollMs: 20, backoff: { baseMs: 50, maxMs: 1000 } });
  worker.start();
  await worker.run({ untilEmpty: true });
  await worker.stop();

  const f = queue.get(flaky.id);
  assert.equal(f.state, 'failed');
  assert.equal(f.attempts, 3);
  assert.equal(f.error?.code, 'FFMPEG_FAILED');
  assert.match(f.error!.message, /no_such_encoder|Unknown encoder/);
  const retries = queue.events({ jobId: flaky.id }).filter((e) => e.type === 'job.retrying');
  assert.equal(retries.length, 2);
  // the second wait is drawn from a window twice as far out as the first
  assert.ok(Number(retries[0]!.data.delayMs) >= 25 && Number(retries[0]!.data.delayMs) <= 50);
  assert.ok(Number(retries[1]!.data.delayMs) >= 50 && Number(retries[1]!.data.delayMs) <= 100);

  const b = queue.get(bad.id);
  assert.equal(b.state, 'failed');
  assert.equal(b.attempts, 1, 'an unrecoverable error is not retried');
  assert.equal(b.error?.code, 'INVALID_INPUT');
  assert.ok(seen.includes(`job.failed:${bad.id}`), 'listeners heard it');

  unsubscribe();
  const n = seen.length;
  const retried = queue.retry(bad.id);
  assert.equal(retried.state, 'waiting');
  assert.equal(retried.attempts, 0);
  assert.equal(seen.length, n, 'no events after unsubscribing');
  await assert.rejects(() => Promise.resolve().then(() => queue.retry(bad.id)), /only a failed or cancelled job/);
});

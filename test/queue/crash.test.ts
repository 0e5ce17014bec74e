import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseProject } from '../../main/project/load-project';
import { addProjectJob } from '../../main/pipeline/project-job';
import { enqueueMake } from '../../main/make/enqueue-make';
import { checkDatabase } from '../../main/store/open-database';
import { locateFfmpeg } from '../../native/ffmpeg/locate';
import { openTestQueue, osProcessesMentioning, probeDuration, tempHome, tinyProject, waitFor } from './helpers';

const root = new URL('../..', import.meta.url).pathname;

function startWorker(home: string): { child: ChildProcess; exited: Promise<number | null>; stderr: () => string } {
  const child = spawn(process.execPath, [join(root, 'bin/reelforge.js'), 'worker', '--home', home, '--limit', 'encode-cpu=1'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, exited, stderr: () => err };
}

/** 16 stills, each its own file (so media prep probes and hashes each), 3 s apiece at 270×480. */
function manyStills(dir: string) {
  execFileSync(locateFfmpeg({ env: process.env }).ffmpeg.path, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=320x568:r=1', '-frames:v', '16', join(dir, 'still-%02d.jpg')]);
  const scenes = Array.from({ length: 16 }, (_, i) => ({
    narration: `Scene ${i + 1}`,
    visual: { type: 'image', path: `still-${String(i + 1).padStart(2, '0')}.jpg` },
    duration: 3,
    transition: { type: 'cut', duration: 0 },
  }));
  const doc = { version: 1, title: 'many stills', settings: { preset: 'shorts-720', width: 270, height: 480, fps: 30, encoder: 'libx264' }, scenes };
  return parseProject(doc, dir).project;
}

test('kill -9 during media prep and mid-render: a new worker finishes every job without redoing finished stages', async (t) => {
  const home = tempHome();
  t.after(home.cleanup);
  const queue = openTestQueue(home.dir);
  t.after(() => queue.close());
  const outA = join(home.dir, 'out', 'a.mp4');
  const outB = join(home.dir, 'out', 'b.mp4');
  const a = await addProjectJob(queue, manyStills(home.dir), { output: outA });
  const b = await addProjectJob(queue, tinyProject(home.dir, { scenes: 2, seconds: 1 }), { output: outB });
  const events = (type: string, stage?: string) => queue.events({ jobId: a.id }).filter((e) => e.type === type && (stage === undefined || e.data.stage === stage));

  // 1: kill the worker while it prepares job A's media.
  const w1 = startWorker(home.dir);
  t.after(() => w1.child.kill('SIGKILL'));
  await waitFor(() => events('job.stage', 'prepare-media').length > 0, 'media prep to start');
  w1.child.kill('SIGKILL');
  await w1.exited;
  assert.equal(queue.checkpoints(a.id)[0]?.state, 'running', 'the worker died in the middle of media prep');

  // 2: a second worker resumes; kill it mid-render.
  const w2 = startWorker(home.dir);
  t.after(() => w2.child.kill('SIGKILL'));
  await waitFor(() => events('job.progress', 'render').some((e) => Number(e.data.percent) > 20), 'the render to get going');
  w2.child.kill('SIGKILL');
  await w2.exited;
  const prep = queue.checkpoints(a.id)[0]!;
  assert.equal(prep.state, 'done');
  assert.equal(prep.runs, 2, 'media prep ran again after the first crash (it had not finished)');
  assert.equal(queue.get(a.id).state, 'active', 'the database still says a dead worker runs A');

  // 3: a third worker recovers and finishes everything.
  const w3 = startWorker(home.dir);
  t.after(() => w3.child.kill('SIGKILL'));
  assert.equal(await w3.exited, 0, w3.stderr());
  assert.match(w3.stderr(), /recovered 1 interrupted job\(s\); killed \d+ orphan process\(es\), removed [1-9]\d* stale file\(s\)/);

  for (const [job, out, seconds] of [[a, outA, 48], [b, outB, 1.5]] as const) {
    assert.equal(queue.get(job.id).state, 'completed', `${job.title} completed`);
    assert.ok(Math.abs(probeDuration(out) - seconds) < 0.2, `${out} is a valid ${seconds} s video`);
  }
  const [prepAfter, render] = queue.checkpoints(a.id);
  assert.deepEqual(prepAfter, prep, 'finished media prep was not redone (same checkpoint, same timestamps)');
  assert.equal(render!.runs, 2, 'the render ran twice: killed once, then completed');
  assert.equal(events('job.stage', 'prepare-media').filter((e) => e.data.phase === 'started').length, 2);
  assert.equal(queue.events({ jobId: a.id }).filter((e) => e.type === 'job.recovered').length, 2);
  assert.deepEqual(osProcessesMentioning(home.dir), [], 'no orphan process is left');
  assert.equal(existsSync(join(a.sessionDir, 'work')), false);
  assert.deepEqual(await checkDatabase(home.dir), ['ok']);
});

test('a make job killed -9 mid-render resumes at the render: script, voice, media and project are not redone, and the library holds one project', async (t) => {
  const home = tempHome();
  t.after(home.cleanup);
  const queue = openTestQueue(home.dir);
  t.after(() => queue.close());
  const out = join(home.dir, 'out', 'made.mp4');
  // long enough scenes that the render is still going when the worker is killed
  const script = Array.from({ length: 6 }, (_, i) => `This is scene number ${i + 1}, and it talks for a little while about tyres and brakes.`).join('\n\n');
  const job = await enqueueMake(queue, { script, voice: 'espeak-ng:en-us', settings: { preset: 'shorts-720', width: 270, height: 480 }, captions: 'both', output: out }, { rendersDir: join(home.dir, 'renders') });
  const progress = (stage: string) => queue.events({ jobId: job.id }).filter((e) => e.type === 'job.progress' && e.data.stage === stage);

  const w1 = startWorker(home.dir);
  t.after(() => w1.child.kill('SIGKILL'));
  await waitFor(() => progress('render').some((e) => Number(e.data.percent) > 40), 'the render to get going');
  w1.child.kill('SIGKILL');
  await w1.exited;
  const before = queue.checkpoints(job.id);
  assert.deepEqual(before.slice(0, 4).map((c) => [c.name, c.state]), [['script', 'done'], ['voice', 'done'], ['media', 'done'], ['project', 'done']]);

  const w2 = startWorker(home.dir);
  t.after(() => w2.child.kill('SIGKILL'));
  assert.equal(await w2.exited, 0, w2.stderr());
  assert.equal(queue.get(job.id).state, 'completed', JSON.stringify(queue.get(job.id).error));
  const after = queue.checkpoints(job.id);
  assert.deepEqual(after.slice(0, 4), before.slice(0, 4), 'the stages before the render kept their checkpoints (not run again)');
  assert.equal(after.find((c) => c.name === 'render')!.runs, 2);
  assert.ok(probeDuration(out) > 10, 'the video is whole');
  assert.ok(existsSync(out.replace(/\.mp4$/, '.srt')), 'its captions are beside it');
  assert.equal((queue.db.prepare('SELECT count(*) AS n FROM projects').get() as { n: number }).n, 1);
});

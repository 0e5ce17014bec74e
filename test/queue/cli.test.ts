import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { probeDuration, tempHome, waitFor } from './helpers';
import { locateFfmpeg } from '../../native/ffmpeg/locate';
import { main } from '../../main/cli/main';

const bin = new URL('../../bin/reelforge.js', import.meta.url).pathname;

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** A CLI command run in this process (the same main() bin/reelforge.js calls): what it prints, its exit code. */
async function cli(home: string, ...args: string[]): Promise<Run> {
  let out = '';
  let err = '';
  const sink = (add: (s: string) => void) => ({ write: (s: string | Uint8Array) => (add(String(s)), true) }) as unknown as NodeJS.WritableStream;
  const code = await main([...args, '--home', home], { out: sink((s) => (out += s)), err: sink((s) => (err += s)) });
  return { code, out, err };
}

/** A CLI command as its own process, for what must cross processes (a worker beside a follower). */
function cliProcess(home: string, ...args: string[]): Run {
  const r = spawnSync(process.execPath, [bin, ...args, '--home', home], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Starts a command and resolves when it exits; `signal()` sends it a signal meanwhile. */
function start(home: string, ...args: string[]) {
  const child = spawn(process.execPath, [bin, ...args, '--home', home], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<Run>((resolve) => child.once('close', (code) => resolve({ code, out, err })));
  return { child, done, err: () => err };
}

/** A 1.5 s project of two cards and a still, written as a file with its media. */
function projectFile(dir: string, name: string, title: string): { file: string; still: string } {
  const still = join(dir, `${name}.png`);
  spawnSync(locateFfmpeg({ env: process.env }).ffmpeg.path, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=160x284', '-frames:v', '1', still]);
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({
    version: 1, title, settings: { width: 160, height: 284, fps: 10, encoder: 'libx264' },
    scenes: [
      { visual: { type: 'image', path: `${name}.png` }, duration: 0.5 },
      { visual: { type: 'color', color: '#203040' }, duration: 0.5, transition: { type: 'cut' } },
      { visual: { type: 'text', text: title }, duration: 0.5, transition: { type: 'cut' } },
    ],
  }));
  return { file, still };
}

test('queue add / list / show: what each prints, and the exit codes of bad usage and unknown jobs', async (t) => {
  const home = tempHome('rf-cli-');
  t.after(home.cleanup);
  const { file } = projectFile(home.dir, 'p', 'Listed job');
  const add = await cli(home.dir, 'queue', 'add', file, '-o', join(home.dir, 'out.mp4'), '--priority', '3');
  assert.equal(add.code, 0, add.err);
  const id = add.out.trim();
  assert.match(id, /^[0-9a-f-]{36}$/, 'add prints the job id alone, for scripts');

  const list = await cli(home.dir, 'queue', 'list');
  assert.equal(list.code, 0, list.err);
  const lines = list.out.trimEnd().split('\n');
  assert.match(lines[0]!, new RegExp(`^${id.slice(0, 8)}  waiting\\s+Listed job$`));
  assert.equal(lines.at(-1), '1 waiting');
  const json = JSON.parse((await cli(home.dir, 'queue', 'list', '--json')).out) as Array<{ id: string; state: string; priority: number; output: string }>;
  assert.deepEqual(json.map((j) => [j.id, j.state, j.priority, j.output]), [[id, 'waiting', 3, join(home.dir, 'out.mp4')]]);
  assert.deepEqual(JSON.parse((await cli(home.dir, 'queue', 'list', '--state', 'completed,failed', '--json')).out), []);
  const badState = await cli(home.dir, 'queue', 'list', '--state', 'done');
  assert.equal(badState.code, 2);
  assert.match(badState.err, /unknown state 'done' \(one of waiting, .*completed/);

  const show = await cli(home.dir, 'queue', 'show', id);
  assert.equal(show.code, 0, show.err);
  assert.match(show.out, new RegExp(`^id        ${id}\\ntitle     Listed job\\nstate     waiting\\nattempts  0 of \\d+\\npriority  3\\nstages    prepare-media → render\\noutput    ${join(home.dir, 'out.mp4')}`));
  assert.match(show.out, /\n\ncheckpoints\n\nevents\n  \S+ job\.added /);
  const shown = JSON.parse((await cli(home.dir, 'queue', 'show', id, '--json')).out) as { job: { id: string }; stages: unknown[]; events: Array<{ type: string }> };
  assert.equal(shown.job.id, id);
  assert.deepEqual(shown.events.map((e) => e.type), ['job.added']);
  const unknown = await cli(home.dir, 'queue', 'show', 'no-such-job');
  assert.equal(unknown.code, 3, 'an unknown job is invalid input');
  assert.match(unknown.err, /no-such-job/);
  assert.equal((await cli(home.dir, 'queue', 'show')).code, 2, 'no id: usage');
  assert.equal((await cli(home.dir, 'queue', 'frobnicate')).code, 2);
  const statusOnce = await cli(home.dir, 'status', id);
  assert.equal(statusOnce.code, 0);
  assert.match(statusOnce.out, /state     waiting/);
  assert.equal((await cli(home.dir, 'status', 'no-such-job')).code, 3);
  assert.equal((await cli(home.dir, 'status')).code, 2);
});

test('queue limits: shows the limits, sets them for every worker of this home, refuses a bad one', async (t) => {
  const home = tempHome('rf-cli-');
  t.after(home.cleanup);
  const shown = await cli(home.dir, 'queue', 'limits');
  assert.equal(shown.code, 0, shown.err);
  assert.equal(shown.out, 'light=4 encode-cpu=1 encode-gpu=1 upscale=1\n');
  const set = await cli(home.dir, 'queue', 'limits', 'encode-cpu=3,upscale=2');
  assert.equal(set.code, 0, set.err);
  assert.equal(set.out, 'light=4 encode-cpu=3 encode-gpu=1 upscale=2\n');
  assert.equal((await cli(home.dir, 'queue', 'limits')).out, 'light=4 encode-cpu=3 encode-gpu=1 upscale=2\n', 'kept in the database');
  const worker = await cli(home.dir, 'worker');
  assert.match(worker.err, /limits light=4 encode-cpu=3 encode-gpu=1 upscale=2/, 'a worker of this home uses them');
  for (const bad of ['gpu=1', 'encode-cpu=0', 'encode-cpu=two']) {
    const r = await cli(home.dir, 'queue', 'limits', bad);
    assert.equal(r.code, 3, bad);
    assert.match(r.err, new RegExp(`--limit ${bad}: expected <class>=<count ≥ 1>, class one of light, encode-cpu, encode-gpu, upscale`));
  }
  assert.equal((await cli(home.dir, 'queue', 'limits')).out, 'light=4 encode-cpu=3 encode-gpu=1 upscale=2\n', 'a refused change changes nothing');
});

test('status --follow: progress lines while a worker runs the job, then exit 0 with the output; 1 when it fails; 130 when cancelled or interrupted', async (t) => {
  const home = tempHome('rf-cli-');
  t.after(home.cleanup);
  const out = join(home.dir, 'followed.mp4');
  const good = projectFile(home.dir, 'good', 'Followed');
  const id = (await cli(home.dir, 'queue', 'add', good.file, '-o', out)).out.trim();
  const follow = start(home.dir, 'status', id, '--follow');
  t.after(() => follow.child.kill('SIGKILL'));
  await waitFor(() => /progress 0% waiting/.test(follow.err()), 'the follower to report the waiting job');
  const worker = cliProcess(home.dir, 'worker', '--quiet');
  assert.equal(worker.code, 0, worker.err);
  const followed = await follow.done;
  assert.equal(followed.code, 0, followed.err);
  assert.match(followed.err, new RegExp(`completed: ${out.replace(/[.]/g, '\\.')}\\n$`));
  assert.ok(Math.abs(probeDuration(out) - 1.5) < 0.15, 'the output it names is the video');

  // A job whose still disappeared after it was queued fails (bad input is not retried): exit 1, with why.
  const bad = projectFile(home.dir, 'bad', 'Broken');
  const badId = (await cli(home.dir, 'queue', 'add', bad.file, '-o', join(home.dir, 'broken.mp4'))).out.trim();
  rmSync(bad.still);
  assert.equal(cliProcess(home.dir, 'worker', '--quiet').code, 0);
  const failed = await cli(home.dir, 'status', badId, '--follow');
  assert.equal(failed.code, 1, failed.err);
  assert.match(failed.err, /failed: the project refers to media that cannot be used:\n {2}- scenes\[0\]\.visual\.path: file not found: .*bad\.png/);
  assert.equal(existsSync(join(home.dir, 'broken.mp4')), false);

  // Cancelled while waiting: exit 130.
  const cancelId = (await cli(home.dir, 'queue', 'add', good.file, '-o', join(home.dir, 'never.mp4'))).out.trim();
  assert.equal((await cli(home.dir, 'queue', 'cancel', cancelId)).code, 0);
  const cancelled = await cli(home.dir, 'status', cancelId, '--follow');
  assert.equal(cancelled.code, 130);
  assert.match(cancelled.err, /^cancelled\n$/m);

  // Ctrl-C on the follower itself (the job keeps waiting): exit 130, and the job is untouched.
  const waitingId = (await cli(home.dir, 'queue', 'add', good.file, '-o', join(home.dir, 'later.mp4'))).out.trim();
  const interrupted = start(home.dir, 'status', waitingId, '--follow');
  t.after(() => interrupted.child.kill('SIGKILL'));
  await waitFor(() => /progress 0% waiting/.test(interrupted.err()), 'the follower to start');
  interrupted.child.kill('SIGINT');
  assert.equal((await interrupted.done).code, 130);
  assert.match((await cli(home.dir, 'status', waitingId)).out, /state     waiting/);
});

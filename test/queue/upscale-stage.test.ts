import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chunkName } from '../../main/upscale/chunk-checkpoint';
import { bundledNcnn } from '../../main/upscale/model-catalog';
import { importNcnn } from '../../main/upscale/model-store';
import { checkDatabase } from '../../main/store/open-database';
import { probeMedia } from '../../native/ffmpeg/probe';
import { locateFfmpeg } from '../../native/ffmpeg/locate';
import { openTestQueue, osProcessesMentioning, tempHome, waitFor } from './helpers';

const bin = new URL('../../bin/reelforge.js', import.meta.url).pathname;

test('an upscale stage in a queued job: killed -9 after its first chunk, the next worker resumes the upscale without re-rendering', async (t) => {
  const home = tempHome('rf-upscale-queue-');
  t.after(home.cleanup);
  const files = bundledNcnn('realesrgan-x4fast')!;
  importNcnn(files.param, files.bin, { dir: join(home.dir, 'models'), name: 'realesrgan-x4fast' });
  // 40 s at 1 fps: 40 frames, so the upscaler's 10-second chunks are 10 frames, four of them.
  const project = join(home.dir, 'project.json');
  writeFileSync(project, JSON.stringify({
    version: 1, title: 'Upscaled', settings: { width: 32, height: 56, fps: 1, encoder: 'libx264' },
    scenes: [
      { visual: { type: 'gradient', from: '#FF0000', to: '#0000FF' }, duration: 20 },
      { visual: { type: 'text', text: 'Sharp' }, duration: 20, transition: { type: 'cut' } },
    ],
  }));
  const output = join(home.dir, 'upscaled.mp4');
  const add = spawnSync(process.execPath, [bin, 'queue', 'add', project, '-o', output, '--upscale', 'realesrgan-x4fast', '--scale', '2', '--home', home.dir], { encoding: 'utf8' });
  assert.equal(add.status, 0, add.stderr);
  const id = add.stdout.trim();
  const queue = openTestQueue(home.dir);
  t.after(() => queue.close());
  const job = queue.get(id);
  assert.deepEqual(job.stages.map((s) => s.name), ['prepare-media', 'render', 'upscale']);
  const chunks = join(job.sessionDir, 'work', 'resume', 'upscale');

  const worker = () => {
    const child = spawn(process.execPath, [bin, 'worker', '--home', home.dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    t.after(() => child.kill('SIGKILL'));
    return { child, exited, err: () => err };
  };

  const first = worker();
  await waitFor(() => existsSync(join(chunks, chunkName(0))) || first.child.exitCode !== null, 'the first upscaled chunk', 180_000);
  first.child.kill('SIGKILL');
  await first.exited;
  assert.ok(!existsSync(join(chunks, chunkName(3))), `killed before the upscale finished: ${first.err()}`);
  assert.equal(existsSync(output), false, 'no output from the killed worker');
  assert.equal(queue.get(id).state, 'active', 'the database still says the dead worker runs it');

  const second = worker();
  assert.equal(await second.exited, 0, second.err());
  assert.match(second.err(), /recovered 1 interrupted job/);
  const done = queue.get(id);
  assert.equal(done.state, 'completed', JSON.stringify(done.error));
  const [prep, render, upscale] = queue.checkpoints(id);
  assert.deepEqual([prep!.runs, render!.runs, upscale!.runs], [1, 1, 2], 'only the upscale ran again');
  const log = readFileSync(join(job.sessionDir, 'logs', 'job.log'), 'utf8');
  assert.match(log, /resuming: [1-3] chunk\(s\) \(\d+ frames\) already done/, 'the second run went on from the finished chunks');

  const info = await probeMedia(locateFfmpeg({ env: process.env }).ffprobe.path, output, { countFrames: true });
  assert.deepEqual([info.video?.width, info.video?.height, info.video?.frames], [64, 112, 40], 'twice the size, every frame');
  assert.ok(Math.abs(info.duration! - 40) < 0.6, `duration ${info.duration}`);
  assert.ok(info.audio, 'the sound track is carried over');
  assert.deepEqual(osProcessesMentioning(job.sessionDir), []);
  assert.deepEqual(await checkDatabase(home.dir), ['ok']);
});

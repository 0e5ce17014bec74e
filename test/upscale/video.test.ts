import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { probeMedia } from '../../native/ffmpeg/probe';
import { upscaleVideo } from '../../main/upscale/upscale-video';
import { chunkName } from '../../main/upscale/chunk-checkpoint';
import { importNcnn } from '../../main/upscale/model-store';
import { bundledNcnn } from '../../main/upscale/model-catalog';
import { ff, tempDir, tools } from './helpers';
import { CancelledError } from '../../preload/contract/errors';
import { buildRuntimeConfig } from '../../main/config/runtime-config';

/** this test process's runtime configuration, from its environment, as an entry point builds one */
const testConfig = buildRuntimeConfig({ env: process.env });

const root = new URL('../..', import.meta.url).pathname;

/** 2 s at 8 fps (16 frames), 128×72, with an AAC tone and an SRT subtitle, in Matroska. */
function sourceVideo(dir: string): string {
  writeFileSync(join(dir, 'sub.srt'), '1\n00:00:00,000 --> 00:00:01,000\nHello\n');
  const out = join(dir, 'in.mkv');
  ff('-f', 'lavfi', '-i', 'testsrc2=size=128x72:rate=8:duration=2', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2',
    '-i', join(dir, 'sub.srt'), '-map', '0', '-map', '1', '-map', '2', '-c:v', 'libx264', '-c:a', 'aac', '-c:s', 'srt', '-shortest', out);
  return out;
}

function frameHashes(path: string): string[] {
  return ff('-i', path, '-map', '0:v', '-f', 'framemd5', '-').toString().split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(',').pop()!.trim());
}

test('a short video keeps its frame count, duration, audio and subtitles', async (t) => {
  const dir = tempDir(t);
  const input = sourceVideo(dir);
  const progress: number[] = [];
  const r = await upscaleVideo({ config: testConfig, input, output: join(dir, 'out.mp4'), modelsDir: dir, provider: 'cpu', chunkFrames: 6, scale: 2, encoder: 'libx264', onProgress: (p) => progress.push(p.framesDone) });
  assert.equal(r.frames, 16);
  assert.equal(r.chunks, 3);
  const info = await probeMedia(tools.ffprobe.path, join(dir, 'out.mp4'), { countFrames: true });
  assert.deepEqual([info.video?.width, info.video?.height, info.video?.frames], [256, 144, 16]);
  assert.ok(Math.abs(info.duration! - 2) < 0.05, `duration ${info.duration}`);
  assert.equal(info.audio?.codec, 'aac');
  assert.equal(info.streams.find((s) => s.type === 'subtitle')?.codec, 'mov_text');
  assert.equal(progress.at(-1), 16);
  assert.ok(!existsSync(join(dir, '.out.mp4.upscale-work')), 'chunks are removed after success');
});

test('killed mid-video, a second run resumes at the last finished chunk and gives the same output', async (t) => {
  const dir = tempDir(t);
  const input = sourceVideo(dir);
  const files = bundledNcnn('realesrgan-x4fast')!;
  const home = join(dir, 'home');
  importNcnn(files.param, files.bin, { dir: join(home, 'models'), name: 'realesrgan-x4fast' });
  const common = ['--provider', 'cpu', '--encoder', 'libx264', '--chunk-frames', '4', '--home', home];

  const reference = await upscaleVideo({ config: testConfig, input, output: join(dir, 'reference.mkv'), modelsDir: join(home, 'models'), provider: 'cpu', encoder: 'libx264', chunkFrames: 4 });
  assert.equal(reference.chunks, 4);

  // A real crash: the CLI process is SIGKILLed as soon as its first chunk is checkpointed.
  const workDir = join(dir, 'work');
  const child = spawn(process.execPath, [join(root, 'bin/reelforge.js'), 'upscale', input, '-o', join(dir, 'out.mkv'), '--work-dir', workDir, ...common], { stdio: 'ignore' });
  const exited = new Promise((r) => child.once('exit', r));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (existsSync(join(workDir, chunkName(0)))) {
        clearInterval(timer);
        child.kill('SIGKILL');
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error('the run finished before it could be killed'));
      }
    }, 20);
  });
  await exited;
  assert.ok(!existsSync(join(dir, 'out.mkv')), 'no output from the killed run');
  assert.ok(!existsSync(join(workDir, chunkName(3))), 'killed before the end');

  const resumed = await upscaleVideo({ config: testConfig, input, output: join(dir, 'out.mkv'), workDir, modelsDir: join(home, 'models'), provider: 'cpu', encoder: 'libx264', chunkFrames: 4 });
  assert.ok(resumed.resumedChunks >= 1, 'finished chunks were not redone');
  assert.equal(resumed.frames, 16);
  assert.deepEqual(frameHashes(join(dir, 'out.mkv')), frameHashes(join(dir, 'reference.mkv')));
  const info = await probeMedia(tools.ffprobe.path, join(dir, 'out.mkv'));
  assert.deepEqual(info.streams.map((s) => s.type), ['video', 'audio', 'subtitle']);
});

test('cancelling stops the run with CancelledError and leaves the checkpoints for a resume', async (t) => {
  const dir = tempDir(t);
  const input = sourceVideo(dir);
  const ac = new AbortController();
  const workDir = join(dir, 'work');
  await assert.rejects(
    upscaleVideo({ config: testConfig,
      input, output: join(dir, 'out.mkv'), workDir, modelsDir: dir, provider: 'cpu', encoder: 'libx264', chunkFrames: 4, signal: ac.signal,
      onProgress: (p) => { if (p.framesDone >= 4) ac.abort(); },
    }),
    (err: unknown) => err instanceof CancelledError && err.code === 'CANCELLED',
  );
  assert.ok(existsSync(join(workDir, chunkName(0))));
  assert.ok(!existsSync(join(dir, 'out.mkv')));
});

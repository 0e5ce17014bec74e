import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { buildRuntimeConfig } from '../../main/config/runtime-config';
import { bundledNcnn } from '../../main/upscale/model-catalog';
import { importNcnn } from '../../main/upscale/model-store';
import { upscaleVideo } from '../../main/upscale/upscale-video';
import { ff, probeFile, tempDir, tools } from '../render/fixtures';
import { pcm, psnr, runCli, startFarm, waitFor, type FarmUnderTest } from './farm-harness';

/**
 * A video upscale split over three workers, each in its own mount namespace where the source
 * video and the coordinator's models are hidden under an empty tmpfs: the source and the model
 * must travel by hash from the coordinator. The upscaler is Real-ESRGAN x4fast on a 64×36
 * source (small enough for two shared cores), run on ONNX Runtime's CPU provider.
 */
const base = tempDir('rf-farm-upscale-');
const sourceDir = join(base, 'source');
const coordHome = join(base, 'coordinator');
mkdirSync(sourceDir, { recursive: true });
mkdirSync(coordHome, { recursive: true });
const config = buildRuntimeConfig({ env: process.env });
const modelsDir = join(coordHome, 'models');

let farm: FarmUnderTest;
let workers: FarmUnderTest['workers'];

before(async () => {
  const files = bundledNcnn('realesrgan-x4fast')!;
  importNcnn(files.param, files.bin, { dir: modelsDir, name: 'realesrgan-x4fast' });
  farm = await startFarm({ workers: ['u1', 'u2', 'u3'], hidden: [sourceDir, coordHome] });
  workers = farm.workers;
});

after(() => farm?.stop());

/** 4 s at 8 fps (32 frames), 64×36, with an AAC tone and an SRT subtitle, in Matroska. */
function sourceVideo(name: string, seconds = 4): string {
  const srt = join(sourceDir, `${name}.srt`);
  writeFileSync(srt, '1\n00:00:00,000 --> 00:00:01,000\nHello\n');
  const out = join(sourceDir, `${name}.mkv`);
  ff('-f', 'lavfi', '-i', `testsrc2=size=64x36:rate=8:duration=${seconds}`, '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`,
    '-i', srt, '-map', '0', '-map', '1', '-map', '2', '-c:v', 'libx264', '-c:a', 'aac', '-c:s', 'srt', out);
  return out;
}

function upscaleOnFarm(args: string[]) {
  return runCli(['upscale', ...args, '--farm', farm.redis.url, '--home', coordHome, '--model', 'realesrgan-x4fast', '--scale', '2', '--encoder', 'libx264']);
}

/** Redis settles a moment after the worker says so (a cancelled chunk moves to failed): looked at until it has. */
async function noFarmKeysLeft(): Promise<void> {
  let left: string[] = [];
  for (let i = 0; i < 100; i++) {
    left = await farmKeys();
    if (!left.length) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.deepEqual(left, [], 'nothing of the job is left in Redis');
}

const allLogs = () => farm.logs();

async function farmKeys(): Promise<string[]> {
  const r = new Redis(farm.redis.port, '127.0.0.1');
  try {
    return (await r.keys('*')).filter((k) => /reelforge:farm:job:|reelforge-upscale-.*:(wait|active|delayed|prioritized)$/.test(k));
  } finally {
    r.disconnect();
  }
}

test('an upscale on three workers, one killed mid-chunk, completes and matches the single-machine upscale', async () => {
  const input = sourceVideo('clip');
  const single = join(base, 'single.mp4');
  await upscaleVideo({ config, input, output: single, modelsDir, model: 'realesrgan-x4fast', provider: 'cpu', encoder: 'libx264', chunkFrames: 8, scale: 2 });

  const out = join(base, 'out', 'farm.mp4');
  const c = upscaleOnFarm([input, '-o', out, '--provider', 'cpu', '--chunk-frames', '8']);
  // kill -9 the first worker seen fetching a chunk: that chunk is in its hands, unfinished
  const victim = await waitFor('a worker to take a chunk', () => workers.find((w) => /chunk \d+\/\d+ of \S+: fetching/.test(w.log())), 180_000);
  const taken = /chunk (\d+)\/(\d+) of \S+: fetching/.exec(victim.log())!;
  victim.kill9();
  const code = await c.exit;
  assert.equal(code, 0, `the coordinator failed:\n${c.log()}\n${allLogs()}`);
  assert.deepEqual(readdirSync(join(base, 'out')), ['farm.mp4'], '-o holds the final file and nothing is left beside it (the work folder is gone)');

  assert.equal(Number(taken[2]), 4, '32 frames in chunks of 8');
  const survivors = workers.filter((w) => w !== victim);
  const upscaledBy = (i: number) => survivors.filter((w) => new RegExp(`chunk ${i}/4 upscaled`).test(w.log())).map((w) => w.name);
  assert.ok(upscaledBy(Number(taken[1])).length > 0, `chunk ${taken[1]} (killed on ${victim.name}) was upscaled by another worker\n${allLogs()}`);
  for (let i = 1; i <= 4; i++) assert.ok(upscaledBy(i).length > 0, `chunk ${i}/4 upscaled by a surviving worker`);
  assert.ok(survivors.every((w) => !/upscaled on (?!cpu)/.test(w.log())), 'on the CPU provider asked for');

  const a = probeFile(single);
  const b = probeFile(out);
  assert.equal(b.frames, 32);
  assert.equal(b.frames, a.frames, 'the same number of frames as the single-machine upscale');
  assert.deepEqual([b.width, b.height], [128, 72]);
  const quality = psnr(out, single);
  assert.ok(quality >= 40, `PSNR against the single-machine upscale: ${quality.toFixed(2)} dB (≥ 40)`);
  const sa = pcm(single);
  assert.ok(sa.length > 48000, 'the source has sound');
  assert.ok(pcm(out).equals(sa), 'the same sound (the source\'s, copied)');
  const subs = spawnSync(tools.ffprobe.path, ['-v', 'error', '-select_streams', 's', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', out], { encoding: 'utf8' }).stdout.trim();
  assert.equal(subs, 'mov_text', 'the subtitles carried over');
  await noFarmKeysLeft();
});

test('chunks that need a provider no worker has wait for one; Ctrl-C removes them', async () => {
  const input = sourceVideo('cuda', 1);
  const out = join(base, 'cuda-out', 'up.mp4');
  const before = workers.map((w) => w.log().length);
  const c = upscaleOnFarm([input, '-o', out, '--provider', 'cuda', '--work-dir', join(base, 'cuda-work')]);
  await waitFor('the coordinator to say no worker has CUDA', () => /no worker with ONNX Runtime cuda and libx264 is up yet/.test(c.log()), 120_000);
  assert.ok((await farmKeys()).some((k) => /reelforge-upscale-cuda-libx264:wait$/.test(k)), 'the chunk waits on the CUDA queue');
  // give the (CPU-only) workers time in which they could have taken it, had routing let them
  await new Promise((r) => setTimeout(r, 3000));
  assert.ok(workers.every((w, i) => !/fetching/.test(w.log().slice(before[i]))), 'no CPU-only worker took it');
  c.child.kill('SIGINT');
  assert.equal(await c.exit, 130, c.log());
  assert.ok(!existsSync(out), 'no output');
  await noFarmKeysLeft();
});

test('Ctrl-C on the coordinator stops the chunk being upscaled on its worker; nothing is written', async () => {
  const input = sourceVideo('cancel', 6);
  const out = join(base, 'cancel-out', 'up.mp4');
  const before = workers.map((w) => w.log().length);
  // one chunk of all 48 frames: it is still being upscaled when the cancel comes
  const c = upscaleOnFarm([input, '-o', out, '--provider', 'cpu', '--chunk-frames', '48', '--work-dir', join(base, 'cancel-work')]);
  const worker = await waitFor('a worker to start the chunk', () => workers.find((w, i) => w.child.exitCode === null && w.child.signalCode === null && /chunk 1\/1 of \S+: fetching/.test(w.log().slice(before[i]))), 120_000);
  c.child.kill('SIGINT');
  assert.equal(await c.exit, 130, c.log());
  const i = workers.indexOf(worker);
  // told over pub/sub, or finding its coordinator's door closed, whichever comes first
  await waitFor('the worker to say its chunk was stopped', () => /chunk 1\/1 of \S+: (cancelled|.*finished or cancelled.*stopped)/.test(worker.log().slice(before[i])), 60_000).catch((err: Error) => {
    throw new Error(`${err.message}\n${c.log()}\n${allLogs()}`);
  });
  assert.doesNotMatch(worker.log().slice(before[i]), /chunk 1\/1 upscaled/, 'it stopped before the end');
  assert.deepEqual(existsSync(join(base, 'cancel-out')) ? readdirSync(join(base, 'cancel-out')) : [], [], 'no partial file left');
  await noFarmKeysLeft();
});

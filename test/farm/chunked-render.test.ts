import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildRuntimeConfig } from '../../main/config/runtime-config';
import { loadProjectFile } from '../../main/project/load-project';
import { renderProject } from '../../main/render/render-project';
import { media, probeFile, tempDir } from '../render/fixtures';
import { pcm, psnr, runCli, startFarm, waitFor, type FarmUnderTest } from './farm-harness';

/**
 * One long render split over three workers, each in its own mount namespace with the project's
 * folder (and the coordinator's home) hidden under an empty tmpfs: whatever a worker needs it must
 * fetch from the coordinator. One worker is killed (-9) in the middle of a chunk; the render still
 * completes, and matches the single-machine render.
 */
const base = process.env.FARM_KEEP ?? tempDir("rf-farm-");
const projectDir = join(base, 'project');
const coordHome = join(base, 'coordinator');
mkdirSync(projectDir, { recursive: true });
mkdirSync(coordHome, { recursive: true });
const config = buildRuntimeConfig({ env: process.env });

let farm: FarmUnderTest;

// the workers cannot see the project, nor the coordinator's home (its fitted stills, captions, mix)
// (each worker's start script checks, inside its namespace, that the folders are empty)
before(async () => {
  farm = await startFarm({ workers: ['w1', 'w2', 'w3'], hidden: [projectDir, coordHome] });
});

after(() => farm?.stop());

function writeProject(): string {
  const still = media.still(projectDir, 'still.png', '#3366cc', '480x320');
  const clip = media.clip(projectDir, 'clip.mp4', 2);
  const voice1 = media.voice(projectDir, 'voice1.m4a', 1.6);
  const voice2 = media.voice(projectDir, 'voice2.m4a', 1.4, 260);
  const music = media.voice(projectDir, 'music.m4a', 9, 330);
  const file = join(projectDir, 'project.json');
  writeFileSync(file, JSON.stringify({
    version: 1,
    title: 'Farm test',
    settings: { preset: 'shorts-1080', width: 180, height: 320, fps: 15, quality: 23, speed: 'fast', encoder: 'libx264' },
    style: { transition: { type: 'cut', duration: 0 }, kenBurns: true },
    scenes: [
      { narration: 'Bees dance to share directions.', visual: { type: 'text', text: 'Bees' }, audio: 'voice1.m4a' },
      { visual: { type: 'image', path: 'still.png', zoom: [1, 1.2] }, duration: 1.6, transition: { type: 'fade', duration: 0.4 } },
      { narration: 'A hive holds fifty thousand bees.', visual: { type: 'video', path: 'clip.mp4' }, audio: 'voice2.m4a' },
      { visual: { type: 'gradient', from: '#FF3D6E', to: '#2B1B6B', direction: 'diagonal' }, duration: 1.4, overlays: [{ text: 'Fifty thousand', position: 'center', size: 0.06 }] },
      { visual: { type: 'color', color: '#224422' }, duration: 1.2, transition: { type: 'wipeleft', duration: 0.4 } },
    ],
    audio: { music: { path: 'music.m4a', volume: 0.3, ducking: true } },
  }, null, 1));
  void clip;
  void still;
  void music;
  return file;
}

test('a chunked render on three workers, one killed mid-chunk, completes and matches the single-machine render', async () => {
  const projectFile = writeProject();
  const single = join(base, 'single.mp4');
  const { project } = loadProjectFile(projectFile);
  await renderProject({ project, output: single, config });

  const out = join(base, 'out', 'farm.mp4');
  const coordinator = runCli(['render', projectFile, '-o', out, '--farm', farm.redis.url, '--home', coordHome, '--chunk-seconds', '1']);

  // kill -9 the first worker seen fetching a chunk: that chunk is in its hands, unfinished
  const victim = await waitFor('a worker to take a chunk', () => farm.workers.find((w) => /chunk \d+\/\d+ of \S+: fetching/.test(w.log())), 180_000);
  const taken = /chunk (\d+)\/(\d+) of \S+: fetching/.exec(victim.log())!;
  victim.kill9();
  const code = await coordinator.exit;
  assert.equal(code, 0, `the coordinator failed:\n${coordinator.log()}\n${farm.logs()}`);
  assert.ok(existsSync(out), '-o holds the final file');
  assert.deepEqual(readdirSync(join(base, 'out')), ['farm.mp4'], 'nothing else left beside it');

  const count = Number(taken[2]);
  assert.ok(count >= 3, `the render was split at its cuts (${count} chunks)`);
  const survivors = farm.workers.filter((w) => w !== victim);
  const renderedBy = (i: number) => survivors.filter((w) => new RegExp(`chunk ${i}/${count} rendered`).test(w.log())).map((w) => w.name);
  assert.ok(renderedBy(Number(taken[1])).length > 0, `chunk ${taken[1]} (killed on ${victim.name}) was rendered by another worker`);

  const a = probeFile(single);
  const b = probeFile(out);
  assert.equal(b.frames, a.frames, 'the same number of frames as the single-machine render');
  assert.equal(b.width, a.width);
  assert.equal(b.fps, a.fps);
  const quality = psnr(out, single);
  assert.ok(quality >= 40, `PSNR against the single-machine render: ${quality.toFixed(2)} dB (≥ 40)`);

  // The sound is the same mix, encoded the same way: identical samples. The single render's
  // FFmpeg stops its sound with the last video frame, a few ms early, and flushes the AAC encoder
  // there, so its last two AAC frames (2 × 1024 samples, which overlap in decoding) are left out.
  const s = pcm(single);
  const f = pcm(out);
  const frameBytes = 1024 * 2 * 2;
  assert.ok(s.length > 10 * frameBytes && f.length >= s.length, `sound lengths ${f.length} vs ${s.length}`);
  assert.ok(f.length - s.length <= (48000 * 2 * 2) / 5, 'at most a fraction of a second longer');
  const same = s.length - 2 * frameBytes;
  assert.ok(f.subarray(0, same).equals(s.subarray(0, same)), "the sound is identical to the single render's");
});

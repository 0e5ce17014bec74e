import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { probeFile, tools } from '../render/fixtures';
import { cli, farmFolders, runCli, startFarm, type FarmUnderTest, type WorkerUnderTest } from './farm-harness';

/**
 * Routing by capability: a worker whose FFmpeg cannot encode HEVC (here an FFmpeg that refuses
 * libx265, as a machine without that encoder would) never gets an HEVC render's chunks.
 */
const { base, projectDir, coordHome } = farmFolders('rf-farm-routing-');
let farm: FarmUnderTest;

before(async () => {
  const noHevc = join(base, 'ffmpeg-without-hevc');
  writeFileSync(noHevc, `#!/bin/sh\nfor a in "$@"; do [ "$a" = libx265 ] && { echo "Unknown encoder 'libx265'" >&2; exit 1; }; done\nexec '${tools.ffmpeg.path}' "$@"\n`);
  chmodSync(noHevc, 0o755);
  // a Redis with a password, as any farm beyond loopback must have: every client gives it in the URL
  farm = await startFarm({
    password: 'farm-test-secret',
    workers: ['hevc', { name: 'plain', env: { REELFORGE_FFMPEG: noHevc, REELFORGE_FFPROBE: tools.ffprobe.path } }],
    hidden: [projectDir, coordHome],
  });
});

after(() => farm?.stop());

test('chunks that need an encoder go only to workers that verified it', async () => {
  const [hevc, plain] = farm.workers as [WorkerUnderTest, WorkerUnderTest];
  const redis = farm.redis;
  assert.match(hevc.log(), /encoders [^;]*libx265/);
  assert.doesNotMatch(plain.log(), /encoders [^;]*libx265/, 'the worker without HEVC does not advertise it');
  // what the farm knows of its workers (the list Settings → Render farm shows)
  const status = spawnSync(process.execPath, [cli, 'farm', 'status', '--farm', redis.url, '--json'], { encoding: 'utf8' });
  assert.equal(status.status, 0, status.stderr);
  const listed = (JSON.parse(status.stdout) as { workers: Array<{ name: string; encoders: string[]; freeDiskBytes: number; at: number }> }).workers;
  assert.deepEqual(listed.map((w) => w.name).sort(), ['hevc', 'plain']);
  assert.ok(listed.find((w) => w.name === 'hevc')!.encoders.includes('libx265'));
  assert.ok(!listed.find((w) => w.name === 'plain')!.encoders.includes('libx265'));
  assert.ok(listed.every((w) => w.freeDiskBytes > 0 && Date.now() - w.at < 30_000));
  assert.ok(!status.stdout.includes('farm-test-secret'), 'the password is not printed');
  const wrong = spawnSync(process.execPath, [cli, 'farm', 'status', '--farm', redis.url.replace('farm-test-secret', 'wrong')], { encoding: 'utf8' });
  assert.notEqual(wrong.status, 0, 'a wrong password is refused');
  const file = join(projectDir, 'p.json');
  writeFileSync(file, JSON.stringify({
    version: 1,
    title: 'hevc',
    settings: { preset: 'shorts-1080', width: 180, height: 320, fps: 15, encoder: 'libx265' },
    style: { transition: { type: 'cut', duration: 0 } },
    scenes: ['#aa3333', '#33aa33', '#3333aa'].map((color) => ({ visual: { type: 'color', color }, duration: 1.2 })),
  }));
  const out = join(base, 'hevc.mp4');
  const render = runCli(['render', file, '-o', out, '--farm', redis.url, '--home', coordHome, '--chunk-seconds', '1']);
  const code = await render.exit;
  assert.equal(code, 0, `${render.log()}\n${farm.logs()}`);
  assert.ok(existsSync(out));
  assert.equal(probeFile(out).frames, 3 * 18);
  assert.equal((hevc.log().match(/chunk \d\/3 rendered/g) ?? []).length, 3, 'the HEVC worker rendered all three chunks');
  assert.doesNotMatch(plain.log(), /rendered|fetching/, 'the other worker was never given one');
});

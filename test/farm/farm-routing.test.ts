import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { probeFile, tempDir, tools } from '../render/fixtures';
import { cli, requireMountNamespaces, startRedis, startWorker, waitFor, type RedisUnderTest, type WorkerUnderTest } from './farm-harness';

/**
 * Routing by capability: a worker whose FFmpeg cannot encode HEVC (here an FFmpeg that refuses
 * libx265, as a machine without that encoder would) never gets an HEVC render's chunks.
 */
const base = tempDir('rf-farm-routing-');
const projectDir = join(base, 'project');
const coordHome = join(base, 'coordinator');
mkdirSync(projectDir, { recursive: true });
mkdirSync(coordHome, { recursive: true });
let redis: RedisUnderTest;
const workers: WorkerUnderTest[] = [];

before(async () => {
  requireMountNamespaces();
  // a Redis with a password, as any farm beyond loopback must have: every client gives it in the URL
  redis = await startRedis({ password: 'farm-test-secret' });
  const noHevc = join(base, 'ffmpeg-without-hevc');
  writeFileSync(noHevc, `#!/bin/sh\nfor a in "$@"; do [ "$a" = libx265 ] && { echo "Unknown encoder 'libx265'" >&2; exit 1; }; done\nexec '${tools.ffmpeg.path}' "$@"\n`);
  chmodSync(noHevc, 0o755);
  workers.push(startWorker(redis.url, 'hevc', [projectDir, coordHome], { lockSeconds: 3 }));
  workers.push(startWorker(redis.url, 'plain', [projectDir, coordHome], { lockSeconds: 3, env: { REELFORGE_FFMPEG: noHevc, REELFORGE_FFPROBE: tools.ffprobe.path } }));
  await waitFor('two workers ready', () => workers.every((w) => w.log().includes('waiting for work')), 120_000);
});

after(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await redis?.stop();
});

test('chunks that need an encoder go only to workers that verified it', async () => {
  const [hevc, plain] = workers as [WorkerUnderTest, WorkerUnderTest];
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
  const child = spawn(process.execPath, [cli, 'render', file, '-o', out, '--farm', redis.url, '--home', coordHome, '--chunk-seconds', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d) => (log += d));
  const code = await new Promise<number | null>((res) => child.once('exit', res));
  assert.equal(code, 0, `${log}\n${workers.map((w) => `--- ${w.name}\n${w.log()}`).join('\n')}`);
  assert.ok(existsSync(out));
  assert.equal(probeFile(out).frames, 3 * 18);
  assert.equal((hevc.log().match(/chunk \d\/3 rendered/g) ?? []).length, 3, 'the HEVC worker rendered all three chunks');
  assert.doesNotMatch(plain.log(), /rendered|fetching/, 'the other worker was never given one');
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectSchema } from '../../preload/contract/project';
import { probeFile, tools } from '../render/fixtures';
import { requireMountNamespaces, startRedis, startWorker, waitFor, type RedisUnderTest, type WorkerUnderTest } from '../farm/farm-harness';
import { openStudio, type Session } from './harness';

/**
 * Settings → Render farm against a real Redis (with a password) and two real workers that cannot
 * see the studio's home. Each worker's FFmpeg waits at a gate before it encodes a chunk, so the
 * test can look at the queue while both hold a chunk, then let them finish.
 */
const PASSWORD = 'farm-ui-secret-4411';
let s: Session;
let redis: RedisUnderTest;
const workers: WorkerUnderTest[] = [];
const gateDir = mkdtempSync(join(tmpdir(), 'rf-farm-gate-'));
const gate = join(gateDir, 'open');

before(async () => {
  requireMountNamespaces();
  redis = await startRedis({ password: PASSWORD });
  // the farm is given where the studio starts (`reelforge serve --farm`): the page may not point it elsewhere
  s = await openStudio({ worker: true, farm: redis.url });
  const ffmpeg = join(gateDir, 'ffmpeg-with-gate');
  writeFileSync(ffmpeg, `#!/bin/sh\nfor a in "$@"; do case "$a" in */chunk.mp4) while [ ! -e '${gate}' ]; do sleep 0.2; done;; esac; done\nexec '${tools.ffmpeg.path}' "$@"\n`);
  chmodSync(ffmpeg, 0o755);
  for (const name of ['fa', 'fb']) workers.push(startWorker(redis.url, name, [s.home], { env: { REELFORGE_FFMPEG: ffmpeg, REELFORGE_FFPROBE: tools.ffprobe.path } }));
  await waitFor('two workers ready', () => workers.every((w) => w.log().includes('waiting for work')), 120_000);
});

after(async () => {
  writeFileSync(gate, '');
  await s?.close();
  await Promise.all(workers.map((w) => w.stop()));
  await redis?.stop();
  rmSync(gateDir, { recursive: true, force: true });
});

test('Settings → Render farm: the Redis URL and password, Test lists the workers; the queue shows which worker renders which chunk', async () => {
  const page = s.page;
  await page.getByTestId('tab-settings').click();
  await page.getByTestId('settings-tab-farm').click();
  await page.getByTestId('farm').waitFor();
  assert.equal(await page.getByTestId('farm-url').inputValue(), `redis://127.0.0.1:${redis.port}`, 'the farm given at start, without its password');
  assert.equal(await page.getByTestId('farm-password').getAttribute('placeholder'), 'password set');
  // the page talks over the bridge: it may not send the exports (and their media) to another Redis
  await page.getByTestId('farm-url').fill('redis://:other@farm.example:6379');
  await page.getByTestId('farm-test').click();
  await page.getByTestId('farm-error').getByText(/set in the desktop app .* not over the bridge/).waitFor();
  await page.getByTestId('farm-url').fill(`redis://127.0.0.1:${redis.port}`);
  await page.getByTestId('farm-password').fill('a-guess');
  await page.getByTestId('farm-test').click();
  await page.getByTestId('farm-error').getByText(/set in the desktop app .* not over the bridge/).waitFor();
  await page.getByTestId('farm-password').fill('');
  // the chunk length and whether exports use the farm are the page's to change
  await page.getByTestId('farm-enabled').uncheck();
  await page.getByTestId('farm-enabled').check();
  await page.getByTestId('farm-chunk-seconds').fill('1');
  await page.getByTestId('farm-test').click();
  await page.getByTestId('farm-status').getByText(/✓ Redis [\d.]+ at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: 2 workers\. append-only file on/).waitFor({ timeout: 30_000 });
  assert.equal(await page.getByTestId('farm-error').count(), 0);
  for (const name of ['fa', 'fb']) {
    const row = page.locator(`[data-testid="farm-worker"][data-worker="${name}"]`);
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /libx264/, `${name} lists its verified encoders`);
    assert.match(text, /\d+(\.\d)? (kB|MB|GB)/, `${name} lists its free disk`);
    assert.match(await row.getByTestId('farm-heartbeat').innerText(), /^\d+ s ago$/);
    assert.equal(await row.getByTestId('farm-work').innerText(), 'idle');
  }
  assert.equal(await page.getByTestId('farm-password').inputValue(), '', 'the password field is cleared once kept');
  assert.equal(await page.getByTestId('farm-password').getAttribute('placeholder'), 'password set');
  assert.ok(!(await page.content()).includes(PASSWORD), 'the password is nowhere on the page');
  const settings = (await s.studio.dispatch('getSettings', [])) as { farm: { url: string; enabled: boolean } };
  assert.deepEqual(settings.farm, { url: `redis://127.0.0.1:${redis.port}`, enabled: true, chunkSeconds: 1 }, 'the settings hold the URL without its password');

  // an export of three scenes between cuts: three chunks, two of them held by the two workers at the gate
  const doc = projectSchema.parse({
    version: 1,
    title: 'Farm in the studio',
    settings: { preset: 'shorts-1080', width: 180, height: 320, fps: 15, encoder: 'libx264' },
    style: { transition: { type: 'cut', duration: 0 } },
    scenes: ['#aa3333', '#33aa33', '#3333aa'].map((color) => ({ visual: { type: 'color', color }, duration: 1.2 })),
  });
  await s.studio.dispatch('saveProject', [{ ...doc, id: 'farmed' }]);
  const job = (await s.studio.dispatch('enqueueRender', [{ projectId: 'farmed' }])) as { id: string };

  // Settings lists what each worker is doing
  await waitFor('both workers at the gate with a chunk', () => workers.every((w) => /chunk \d\/3 of \S+: fetching/.test(w.log())), 120_000);
  await page.locator('[data-testid="farm-worker"][data-worker="fa"] [data-testid="farm-work"]').getByText(/chunk [12]\/3 of “Farm in the studio”/).waitFor({ timeout: 30_000 });
  await page.locator('[data-testid="farm-worker"][data-worker="fb"] [data-testid="farm-work"]').getByText(/chunk [12]\/3 of “Farm in the studio”/).waitFor({ timeout: 30_000 });
  await s.screenshot('farm-settings');

  // and the queue, which worker runs which chunk
  await page.getByTestId('tab-queue').click();
  const row = page.locator(`[data-testid="job"][data-job-id="${job.id}"]`);
  await row.getByTestId('job-farm').getByText(/chunk 1\/3 on f[ab] · chunk 2\/3 on f[ab]/).waitFor({ timeout: 30_000 });
  const onFarm = await row.getByTestId('job-farm').innerText();
  assert.deepEqual([...onFarm.matchAll(/on (f[ab])/g)].map((m) => m[1]).sort(), ['fa', 'fb'], onFarm);
  for (const w of workers) {
    const mine = /chunk (\d)\/3 of \S+: fetching/.exec(w.log())![1];
    assert.match(onFarm, new RegExp(`chunk ${mine}/3 on ${w.name}`), `the queue shows ${w.name} on the chunk it took`);
  }
  await s.screenshot('farm-queue');

  writeFileSync(gate, '');
  await row.and(page.locator('[data-state="completed"]')).waitFor({ timeout: 180_000 });
  assert.equal(await row.getByTestId('job-farm').count(), 0, 'a finished job shows no farm work');
  const output = (await s.studio.dispatch('getJob', [job.id])) as { output: string };
  assert.equal(probeFile(output.output).frames, 3 * 18);
  assert.deepEqual(s.consoleErrors, []);
});

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { probeFile } from '../render/fixtures';
import { farmFolders, jobLogs, runCli, startFarm, waitFor, type FarmUnderTest } from './farm-harness';

/**
 * A batch of six rows spread over three workers (whole jobs: each row's video on one worker), one
 * worker killed -9 while it holds a row, and Redis restarted in the middle: every row is written,
 * and each row's video was accepted once.
 */
const { base, projectDir, coordHome } = farmFolders('rf-farm-batch-');
let farm: FarmUnderTest;

before(async () => {
  farm = await startFarm({ workers: ['b1', 'b2', 'b3'], hidden: [projectDir, coordHome] });
});

after(() => farm?.stop());

test('a batch of six rows on three workers, one killed and Redis restarted mid-batch: every row done, each accepted once', async () => {
  writeFileSync(join(projectDir, 'card.json'), JSON.stringify({
    version: 1,
    title: '{{title}}',
    settings: { preset: 'shorts-1080', width: 180, height: 320, fps: 15, encoder: 'libx264' },
    style: { transition: { type: 'cut', duration: 0 } },
    scenes: [
      { visual: { type: 'text', text: '{{title}}' }, duration: 2 },
      { visual: { type: 'color', color: '{{color}}' }, duration: 1.5, transition: { type: 'fade', duration: 0.4 } },
    ],
  }));
  const colors = ['#aa2222', '#22aa22', '#2222aa', '#aaaa22', '#22aaaa', '#aa22aa'];
  writeFileSync(join(projectDir, 'rows.csv'), ['title,color', ...colors.map((c, i) => `Row ${i + 1},${c}`)].join('\n') + '\n');
  const outDir = join(base, 'out');
  const batch = runCli(['batch', join(projectDir, 'card.json'), join(projectDir, 'rows.csv'), '--out-dir', outDir, '--home', coordHome, '--farm', farm.redis.url]);

  const victim = await waitFor('a worker to take a row', () => farm.workers.find((w) => /: fetching/.test(w.log())), 180_000);
  victim.kill9();
  await waitFor('a first row written', () => existsSync(outDir) && readdirSync(outDir).some((f) => f.endsWith('.mp4') && !f.startsWith('.')), 180_000);
  await farm.redis.restart();

  const code = await batch.exit;
  assert.equal(code, 0, `${batch.log()}\n${farm.logs()}`);
  const videos = readdirSync(outDir).filter((f) => f.endsWith('.mp4'));
  assert.equal(videos.length, 6, `six videos, nothing else: ${videos.join(', ')}`);
  const hashes = new Set(videos.map((v) => createHash('sha256').update(readFileSync(join(outDir, v))).digest('hex')));
  assert.equal(hashes.size, 6, 'each row its own video');
  for (const v of videos) assert.equal(probeFile(join(outDir, v)).frames, Math.round((2 + 1.5 - 0.4) * 15), v);

  // the coordinator accepted each row's video once (a second upload of the same chunk is dropped)
  const logs = jobLogs(coordHome);
  const received = logs.join('\n').match(/farm: chunk 1\/1 received from/g) ?? [];
  assert.equal(received.length, 6, logs.join('\n---\n'));
  for (const w of farm.workers.filter((x) => x !== victim)) assert.match(w.log(), /chunk 1\/1 rendered in/, `the rows were spread over the workers: ${w.name} rendered none`);
});

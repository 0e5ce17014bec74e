import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { media, probeFile } from '../render/fixtures';
import { farmFolders, freePort, jobLogs, requireMountNamespaces, runCli, startRedis, startWorker, waitFor, type RedisUnderTest, type WorkerUnderTest } from './farm-harness';

/** Cancel and coordinator restart, with two workers that cannot see the project. */
const { base, projectDir, coordHome } = farmFolders('rf-farm-faults-');

let redis: RedisUnderTest;
const workers: WorkerUnderTest[] = [];

before(async () => {
  requireMountNamespaces();
  // f1 starts before there is any Redis (or coordinator): it waits for the farm to exist
  const port = await freePort();
  workers.push(startWorker(`redis://127.0.0.1:${port}`, 'f1', [projectDir, coordHome], { lockSeconds: 3 }));
  await waitFor('f1 to say the farm\'s Redis cannot be reached yet', () => /redis: cannot reach redis:\/\/127\.0\.0\.1:\d+ .*trying again/.test(workers[0]!.log()), 120_000);
  redis = await startRedis({ port });
  workers.push(startWorker(redis.url, 'f2', [projectDir, coordHome], { lockSeconds: 3 }));
  await waitFor('two workers ready', () => workers.every((w) => w.log().includes('waiting for work')), 120_000);
});

after(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await redis?.stop();
});

/** Scenes between cuts, each a few seconds of moving still at a size that takes a moment to encode. */
function writeProject(name: string, seconds: number, scenes = 4): string {
  const still = media.still(projectDir, `${name}.png`, '#884422', '640x480');
  const file = join(projectDir, `${name}.json`);
  writeFileSync(file, JSON.stringify({
    version: 1,
    title: name,
    settings: { preset: 'shorts-1080', width: 360, height: 640, fps: 24, quality: 23, speed: 'balanced', encoder: 'libx264' },
    style: { transition: { type: 'cut', duration: 0 }, kenBurns: true },
    scenes: Array.from({ length: scenes }, (_, i) => i).map((i) => ({ visual: { type: 'image', path: still, zoom: [1 + i * 0.05, 1.2 + i * 0.05] }, duration: seconds })),
  }));
  return file;
}

/** Chunk results the coordinator has accepted, wherever its job's session keeps them. */
function receivedChunks(home: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/^[0-9a-f]{32}\.mp4$/.test(e.name) && dir.endsWith('chunks')) found.push(full);
    }
  };
  walk(home);
  return found;
}

function coordinator(args: string[]): ReturnType<typeof runCli> {
  return runCli(['render', ...args, '--home', coordHome, '--chunk-seconds', '1']);
}

test('Ctrl-C on the coordinator cancels the render: the chunk being rendered stops on its worker, nothing is written', async () => {
  const project = writeProject('cancel', 4);
  const out = join(base, 'cancel-out', 'video.mp4');
  const before = workers.map((w) => w.log().length);
  const c = coordinator([project, '-o', out, '--farm', redis.url]);
  await waitFor('a worker to start a chunk', () => workers.some((w, i) => /: fetching/.test(w.log().slice(before[i]))), 120_000);
  c.child.kill('SIGINT');
  assert.equal(await c.exit, 130, c.log());
  await waitFor('a worker to say its chunk was cancelled', () => workers.some((w, i) => /cancelled/.test(w.log().slice(before[i]))), 30_000);
  assert.ok(!existsSync(out), 'no output');
  assert.deepEqual(existsSync(join(base, 'cancel-out')) ? readdirSync(join(base, 'cancel-out')) : [], [], 'no partial file left');
  // and the workers take new work afterwards (the next test renders on them)
});

test('a coordinator killed mid-render: workers keep trying its chunks; the same command run again resumes, keeping the chunks it had', async () => {
  const project = writeProject('resume', 2, 6);
  const out = join(base, 'resume-out', 'video.mp4');
  const first = coordinator([project, '-o', out, '--farm', redis.url]);
  const kept = await waitFor('a first verified chunk on the coordinator', () => receivedChunks(coordHome)[0], 180_000);
  const logged = workers.map((w) => w.log().length);
  first.child.kill('SIGKILL');
  await first.exit;
  assert.ok(!existsSync(out), 'killed before the end');
  assert.ok(kept);
  // Its chunks stay in the queue, and the workers keep going back to them (without spending their
  // tries): some chunk is found unreachable at least twice before the coordinator is back.
  const unreachable = () => workers.flatMap((w, i) => [...w.log().slice(logged[i]).matchAll(/chunk (\d+)\/\d+ of \S+: its coordinator at \S+ cannot be reached .*tried again in/g)].map((m) => m[1]));
  await waitFor('a chunk tried again after its coordinator could not be reached', () => unreachable().some((c, i, all) => all.indexOf(c) !== i), 180_000);
  const second = coordinator([project, '-o', out, '--farm', redis.url]);
  const code = await second.exit;
  assert.equal(code, 0, `${second.log()}\n${workers.map((w) => `--- ${w.name}\n${w.log()}`).join('\n')}`);
  assert.match(second.log(), /resuming farm job/);
  assert.ok(existsSync(out));
  assert.equal(probeFile(out).frames, 6 * 2 * 24);
  const logs = jobLogs(coordHome);
  assert.ok(logs.some((l) => /farm: [1-6] chunks? already here from an earlier run/.test(l)), `the chunks received before the crash were used, not rendered again:\n${logs.join('\n')}`);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResourceClass } from '../../preload/contract/jobs';
import { Worker } from '../../main/queue/worker';
import { openTestQueue, tempHome } from './helpers';

test('200 small jobs with 1×GPU / 2×CPU: limits never exceeded, all complete, FIFO within a priority', async (t) => {
  const home = tempHome();
  t.after(home.cleanup);
  const queue = openTestQueue(home.dir);
  t.after(() => queue.close());

  // Every third job wants the GPU slot; every fifth is urgent. Each is a real (tiny) FFmpeg encode.
  const added: Array<{ id: string; resource: ResourceClass; priority: number }> = [];
  for (let i = 0; i < 200; i++) {
    const resource: ResourceClass = i % 3 === 0 ? 'encode-gpu' : 'encode-cpu';
    const priority = i % 5 === 0 ? 1 : 0;
    const job = await queue.add({ title: `job ${i}`, priority, stages: [{ name: 'tiny-encode', options: { resource, seconds: 0.1 } }] });
    added.push({ id: job.id, resource, priority });
  }

  const worker = new Worker(queue, { limits: { 'encode-gpu': 1, 'encode-cpu': 2 }, pollMs: 50 });
  worker.start();
  await worker.run({ untilEmpty: true });
  await worker.stop();

  assert.deepEqual(queue.counts(), { completed: 200 });

  // Replay the persisted event log: how many stages of each class ran at once, at most.
  const running = new Map<string, number>();
  const peak = new Map<string, number>();
  const startOrder: string[] = [];
  for (const e of queue.events()) {
    if (e.type === 'job.active') startOrder.push(e.jobId!);
    if (e.type !== 'job.stage') continue;
    const r = String(e.data.resource);
    const delta = e.data.phase === 'started' ? 1 : e.data.phase === 'finished' ? -1 : 0;
    running.set(r, (running.get(r) ?? 0) + delta);
    peak.set(r, Math.max(peak.get(r) ?? 0, running.get(r)!));
  }
  assert.equal(peak.get('encode-gpu'), 1, 'never two GPU encodes at once');
  assert.equal(peak.get('encode-cpu'), 2, 'CPU encodes ran two at a time, never more');
  assert.equal(startOrder.length, 200);

  // Within one priority and one resource class, jobs were claimed in the order they were added;
  // all were queued up front, so every urgent job of a class was claimed before any normal one.
  for (const resource of ['encode-gpu', 'encode-cpu'] as const) {
    for (const priority of [0, 1]) {
      const expected = added.filter((a) => a.resource === resource && a.priority === priority).map((a) => a.id);
      const actual = startOrder.filter((id) => expected.includes(id));
      assert.deepEqual(actual, expected, `FIFO for ${resource} priority ${priority}`);
    }
    const ofClass = startOrder.filter((id) => added.find((a) => a.id === id)!.resource === resource);
    const firstNormal = ofClass.findIndex((id) => added.find((a) => a.id === id)!.priority === 0);
    const lastUrgent = ofClass.findLastIndex((id) => added.find((a) => a.id === id)!.priority === 1);
    assert.ok(lastUrgent < firstNormal, `urgent ${resource} jobs go first`);
  }
});

test('concurrency changed in Settings applies to the running worker, without a restart', async (t) => {
  const { saveSettings } = await import('../../main/api/settings-store');
  const home = tempHome();
  t.after(home.cleanup);
  const queue = openTestQueue(home.dir);
  t.after(() => queue.close());
  saveSettings(queue.db, { concurrency: { cpu: 1 } }, queue.config);
  for (let i = 0; i < 6; i++) await queue.add({ title: `job ${i}`, stages: [{ name: 'tiny-encode', options: { resource: 'encode-cpu', seconds: 1.5 } }] });

  const worker = new Worker(queue, { pollMs: 50 });
  worker.start();
  const running = worker.run({ untilEmpty: true });
  while ((queue.counts().active ?? 0) === 0) await new Promise((r) => setTimeout(r, 20));
  const before = queue.events().length;
  saveSettings(queue.db, { concurrency: { cpu: 3 } }, queue.config);
  await running;
  await worker.stop();
  assert.deepEqual(queue.counts(), { completed: 6 });

  // how many encodes ran at once, before and after the change
  const peaks = [0, 0];
  let now = 0;
  queue.events().forEach((e, i) => {
    if (e.type !== 'job.stage') return;
    now += e.data.phase === 'started' ? 1 : e.data.phase === 'finished' ? -1 : 0;
    const k = i < before ? 0 : 1;
    peaks[k] = Math.max(peaks[k]!, now);
  });
  assert.equal(peaks[0], 1, 'one at a time while the setting said 1');
  assert.equal(peaks[1], 3, 'three at once as soon as the setting said 3');
});

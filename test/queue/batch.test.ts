import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { queueBatch } from '../../main/batch/batch-jobs';
import { parseCsv } from '../../main/batch/parse-csv';
import { projectSchema } from '../../preload/contract/project';
import { openTestQueue, tempHome } from './helpers';
import { Worker } from '../../main/queue/worker';
import { locateFfmpeg } from '../../native/ffmpeg/locate';
import { probeMedia } from '../../native/ffmpeg/probe';
import { runFfmpeg } from '../../native/ffmpeg/run';

const root = new URL('../..', import.meta.url).pathname;

test('CSV: quotes, commas, doubled quotes, line breaks in fields, CRLF and a BOM; records keep their line', () => {
  const { header, records } = parseCsv('\uFEFFtitle,script\r\n"A, b","say ""hi"""\r\n\r\n"two\nlines",x\r\nlast,y');
  assert.deepEqual(header, ['title', 'script']);
  assert.deepEqual(records.map((r) => [r.line, r.values.title, r.values.script]), [
    [2, 'A, b', 'say "hi"'],
    [4, 'two\nlines', 'x'],
    [6, 'last', 'y'],
  ]);
});

test('batch: one job per valid row with placeholders filled; bad rows reported by line and skipped', async (t) => {
  const home = tempHome();
  t.after(home.cleanup);
  const queue = openTestQueue(home.dir);
  t.after(() => queue.close());
  const doc = join(home.dir, 'template.json');
  writeFileSync(doc, JSON.stringify({
    version: 1, title: '{{title}}', settings: { width: 160, height: 284, fps: 15, encoder: 'libx264' },
    scenes: [{ narration: '{{script}}', visual: { type: 'text', text: '{{title}}: {{script}}' }, duration: '{{seconds}}' }],
  }));
  const csv = join(home.dir, 'rows.csv');
  writeFileSync(csv, 'title,script,seconds\nFirst,"Hello, world",2\nBroken,too short,-1\nSecond,Bye,1.5\nExtra,a,1,surplus\n');

  const result = await queueBatch(queue, doc, csv, { outDir: join(home.dir, 'out') });
  assert.deepEqual(result.jobs.map((j) => j.line), [2, 4]);
  assert.deepEqual(result.skipped.map((s) => s.line), [3, 5]);
  assert.match(result.skipped[0]!.message, /scenes\[0\]\.duration/);
  assert.match(result.skipped[1]!.message, /more field/);

  const first = projectSchema.parse(queue.input(result.jobs[0]!.job.id));
  assert.equal(first.title, 'First');
  assert.equal(first.scenes[0]!.narration, 'Hello, world');
  assert.equal(first.scenes[0]!.duration, 2);
  assert.deepEqual(queue.list().map((j) => j.state), ['waiting', 'waiting']);
  assert.equal(result.jobs[1]!.job.output, join(home.dir, 'out', 'second-line4.mp4'));

  writeFileSync(csv, 'title\nOnly\n');
  await assert.rejects(queueBatch(queue, doc, csv), /no column for: \{\{script\}\}, \{\{seconds\}\}/);
});

test('batch with a template: each row becomes a voiced video through the make pipeline; rows without a script are skipped by line', async (t) => {
  const home = tempHome();
  t.after(home.cleanup);
  const queue = openTestQueue(home.dir);
  t.after(() => queue.close());
  const template = JSON.parse(readFileSync(join(root, 'assets/templates/bold-shorts.json'), 'utf8')) as Record<string, unknown>;
  const file = join(home.dir, 'my-look.json');
  writeFileSync(file, JSON.stringify({ ...template, name: '{{channel}} look' }));
  const csv = join(home.dir, 'rows.csv');
  writeFileSync(csv, 'title,script,channel,output\nTyres,"Check your tyres every month. Soft tyres waste fuel.",Garage,tyres.mp4\nEmpty,,Garage,\n');

  const result = await queueBatch(queue, file, csv, { outDir: join(home.dir, 'out'), size: { width: 160, height: 284 } });
  assert.deepEqual(result.jobs.map((j) => j.line), [2]);
  assert.deepEqual(result.skipped.map((s) => [s.line, s.message]), [[3, 'the row has no script or topic to narrate']]);
  const input = queue.input(result.jobs[0]!.job.id) as { kind: string; template: { name: string } };
  assert.equal(input.kind, 'make');
  assert.equal(input.template.name, 'Garage look', 'placeholders in the template are filled from the row');

  const worker = new Worker(queue, { pollMs: 50 });
  worker.start();
  await worker.run({ untilEmpty: true });
  await worker.stop();
  const job = queue.get(result.jobs[0]!.job.id);
  assert.equal(job.state, 'completed', JSON.stringify(job.error));
  const out = join(home.dir, 'out', 'tyres.mp4');
  const tools = locateFfmpeg({ env: process.env });
  const probe = await probeMedia(tools.ffprobe.path, out);
  assert.ok(probe.audio, 'the video has a voice track');
  assert.equal(probe.video?.width, 160);
  const { stderrTail } = await runFfmpeg(tools.ffmpeg.path, ['-hide_banner', '-i', out, '-af', 'volumedetect', '-f', 'null', '-'], { stderrTailChars: 4000 });
  const max = Number(/max_volume: (-?[\d.]+) dB/.exec(stderrTail)?.[1] ?? -Infinity);
  assert.ok(max > -20, `the narration is heard (max volume ${max} dB), not a silent video`);
});

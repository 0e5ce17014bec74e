import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Studio } from '../../main/api/create-studio';
import { checkOutputPath } from '../../main/files/output-policy';
import { addProjectJob } from '../../main/pipeline/project-job';
import { Worker } from '../../main/queue/worker';
import { parseProject } from '../../main/project/load-project';
import { fontFile } from '../../main/render/assets';
import { media, tempDir } from '../render/fixtures';
import { openTestQueue, tempHome } from '../queue/helpers';
import { serveStudio, type ServedStudio } from '../api/served-studio';

const bin = new URL('../../bin/reelforge.js', import.meta.url).pathname;
const bytes = (f: string) => readFileSync(f);

describe('REST and MCP outputs obey the output policy (issue 23, #1 and #19)', () => {
  let dir: string;
  let home: string;
  let studio: Studio;
  let base: string;
  let auth: Record<string, string>;
  const post = (body: unknown) => fetch(`${base}/videos`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const request = (output: unknown, extra: Record<string, unknown> = {}) => ({ script: 'Bees dance.', voice: 'espeak-ng:en-us', captions: 'none', ...(output === undefined ? {} : { output }), ...extra });

  let served: ServedStudio;
  before(async () => {
    served = await serveStudio('policy', { worker: false });
    ({ dir, studio, base, auth, home } = served);
  });

  after(() => served.close());

  test('the database and its -wal, a user’s notes, a relative path, /proc/self/mem and a folder outside the allowed ones are refused with 400; nothing changes', async () => {
    const db = join(home, 'reelforge.db');
    const notes = join(home, 'renders', 'notes.txt');
    writeFileSync(notes, 'my notes\n');
    const before = { db: bytes(db), notes: bytes(notes) };
    const cases: Array<[unknown, RegExp]> = [
      [db, /database/],
      [`${db}-wal`, /database/],
      [notes, /already there and Reelforge did not make it/],
      ['relative/out.mp4', /full path/],
      ['/proc/self/mem', /special files/],
      ['/dev/sda', /special files/],
      [join(dir, 'elsewhere', 'out.mp4'), /programs may write only under/],
      [join(home, 'library', 'x.mp4'), /own folder|programs may write only under/],
    ];
    for (const [output, why] of cases) {
      const res = await post(request(output));
      const body = (await res.json()) as { error: { message: string } };
      assert.equal(res.status, 400, `${String(output)}: ${JSON.stringify(body)}`);
      assert.match(body.error.message, why, String(output));
    }
    assert.deepEqual(bytes(db).length > 0, true);
    assert.deepEqual(bytes(notes), before.notes);
    assert.equal(((await (await fetch(`${base}/jobs`, { headers: auth })).json()) as { jobs: unknown[] }).jobs.length, 0, 'nothing was queued');

    // inside the renders folder, a new name: accepted
    const ok = await post(request(join(home, 'renders', 'bees.mp4')));
    assert.equal(ok.status, 202, await ok.text());
  });

  test('a voice that is a path and an LLM address that is a file: URL are refused when queued, naming the field', async () => {
    const voice = await post(request(undefined, { voice: '../../bin/sh' }));
    assert.equal(voice.status, 400);
    assert.match(((await voice.json()) as { error: { message: string } }).error.message, /voice.*neither a voice/s);
    const llm = await post({ topic: 'bees', llm: { baseUrl: 'file:///etc/passwd', model: 'x' }, captions: 'none' });
    assert.equal(llm.status, 400);
    assert.match(((await llm.json()) as { error: { message: string } }).error.message, /llm\.baseUrl.*http/s);
  });

  test('caption_video writes only under the allowed folders (not beside a video in any folder)', async () => {
    const outside = join(dir, 'system');
    mkdirSync(outside);
    const video = media.voice(outside, 'talk.m4a', 1);
    await assert.rejects(studio.dispatch('captionVideo', [{ video, script: 'Hello there.' }]), /programs may write only under/);
    await assert.rejects(studio.dispatch('captionVideo', [{ video, script: 'Hello there.', outputDir: join(dir, 'etc') }]), /programs may write only under/);
    assert.deepEqual(readdirSync(outside), ['talk.m4a']);
    assert.equal(existsSync(join(dir, 'etc')), false);
  });

  test('the allowed output folders cannot be widened over the bridge', async () => {
    await assert.rejects(studio.dispatch('updateSettings', [{ outputFolders: ['/'] }]), /changed in the desktop app/);
  });
});

test('render -o onto any input of the project (music, narration, media, a font, the project) or the app’s database exits 3 and leaves it byte-identical', () => {
  const dir = tempDir();
  const still = media.still(dir, 'clip.png', 'red');
  const music = media.voice(dir, 'music.m4a', 1);
  const narration = media.voice(dir, 'voice.m4a', 1);
  const font = join(dir, 'Brand.ttf');
  copyFileSync(fontFile(true), font);
  const project = join(dir, 'project.json');
  writeFileSync(project, JSON.stringify({ version: 1, settings: { width: 180, height: 320, fps: 10 }, style: { fonts: [{ family: 'Brand', file: 'Brand.ttf' }] }, scenes: [{ visual: { type: 'image', path: 'clip.png' }, duration: 1, audio: 'voice.m4a' }], audio: { music: { path: 'music.m4a' } } }));
  const home = join(dir, 'home');
  mkdirSync(home);
  writeFileSync(join(home, 'reelforge.db'), 'not really a database, but the app’s file');
  const files = [still, music, narration, font, project, join(home, 'reelforge.db')];
  const before = files.map(bytes);
  for (const target of files) {
    const r = spawnSync(process.execPath, [bin, 'render', project, '-o', target, '--quiet'], { encoding: 'utf8', cwd: dir, env: { ...process.env, REELFORGE_HOME: home } });
    assert.equal(r.status, 3, `${target}: ${r.stderr}`);
    assert.match(r.stderr, /refusing to write/);
  }
  files.forEach((f, i) => assert.deepEqual(bytes(f), before[i], f));
  const fifo = join(dir, 'pipe');
  if (spawnSync('mkfifo', [fifo]).status === 0) {
    const r = spawnSync(process.execPath, [bin, 'render', project, '-o', fifo, '--quiet'], { encoding: 'utf8', env: { ...process.env, REELFORGE_HOME: home } });
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stderr, /special file/);
  }
});

test('checked again before the final rename: an output path turned into a link to the database after queueing fails the job, and the database is intact', async (t) => {
  const box = tempHome();
  t.after(box.cleanup);
  const queue = openTestQueue(join(box.dir, 'home'));
  t.after(() => queue.close());
  const { project } = parseProject({ version: 1, title: 'late', settings: { width: 160, height: 284, fps: 10, encoder: 'libx264' }, scenes: [{ visual: { type: 'color', color: '#336699' }, duration: 0.5 }] }, box.dir, 'p');
  const out = join(box.dir, 'out.mp4');
  const job = await addProjectJob(queue, project, { output: out });
  const db = join(box.dir, 'home', 'reelforge.db');
  symlinkSync(db, out);
  const worker = new Worker(queue, { pollMs: 50 });
  worker.start();
  await worker.run({ untilEmpty: true });
  const done = queue.get(job.id);
  assert.equal(done.state, 'failed');
  assert.match(done.error?.message ?? '', /refusing to write .*database/);
  // the database still opens and still holds the job
  assert.equal(queue.get(job.id).id, job.id);
  assert.equal(readFileSync(db).subarray(0, 15).toString(), 'SQLite format 3');
});

test('the policy as data: a device path, a link to nothing, and the app’s own folders', () => {
  const dir = tempDir();
  const home = join(dir, 'home');
  mkdirSync(join(home, 'models'), { recursive: true });
  assert.throws(() => checkOutputPath('\\\\.\\PhysicalDrive0', { home, door: 'local' }), /device path/);
  symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling.mp4'));
  assert.throws(() => checkOutputPath(join(dir, 'dangling.mp4'), { home, door: 'local' }), /link to nothing/);
  assert.throws(() => checkOutputPath(join(home, 'models', 'x.onnx'), { home, door: 'local' }), /own folder/);
  assert.equal(checkOutputPath(join(dir, 'ok.mp4'), { home, door: 'local' }), join(dir, 'ok.mp4'));
  assert.equal(checkOutputPath(join(home, 'renders', 'ok.mp4'), { home, door: 'agent', allowed: [join(home, 'renders')] }), join(home, 'renders', 'ok.mp4'));
});

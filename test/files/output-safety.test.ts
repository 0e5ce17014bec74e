import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { queueBatch } from '../../main/batch/batch-jobs';
import { media, tempDir } from '../render/fixtures';
import { openTestQueue, tempHome } from '../queue/helpers';

const bin = new URL('../../bin/reelforge.js', import.meta.url).pathname;

function cli(cwd: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd, env: { ...process.env, REELFORGE_HOME: join(cwd, 'home') } });
  return { code: run.status, err: run.stderr, out: run.stdout };
}

const bytes = (f: string) => readFileSync(f);

test('render -o a project media file, the music file, the project file or a link to one is refused before any work; the originals stay', () => {
  const dir = tempDir();
  const still = media.still(dir, 'clip.png', 'red');
  const music = media.voice(dir, 'music.m4a', 1);
  const project = join(dir, 'project.json');
  writeFileSync(project, JSON.stringify({ version: 1, settings: { width: 180, height: 320, fps: 10 }, scenes: [{ visual: { type: 'image', path: 'clip.png' }, duration: 1 }], audio: { music: { path: 'music.m4a' } } }));
  symlinkSync(still, join(dir, 'link.png'));
  const before = { still: bytes(still), music: bytes(music), project: bytes(project) };
  for (const [target, what] of [[still, /scenes\[0\]\.visual\.path/], [music, /audio\.music\.path/], [project, /the project file/], [join(dir, 'link.png'), /scenes\[0\]\.visual\.path/]] as const) {
    const r = cli(dir, 'render', project, '-o', target, '--quiet');
    assert.equal(r.code, 3, r.err);
    assert.match(r.err, /refusing to write .*would be replaced; choose another output path/);
    assert.match(r.err, what);
  }
  assert.deepEqual(bytes(still), before.still);
  assert.deepEqual(bytes(music), before.music);
  assert.deepEqual(bytes(project), before.project);
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('partial')), []);

  // a folder as the output is refused too, before the render starts
  mkdirSync(join(dir, 'videos'));
  const r = cli(dir, 'render', project, '-o', join(dir, 'videos'), '--quiet');
  assert.equal(r.code, 3, r.err);
  assert.match(r.err, /is a folder; give a file name/);
});

test('upscale a.png -o a.png is refused and the original image is untouched; so is -o the model file', () => {
  const dir = tempDir();
  const img = media.still(dir, 'a.png', 'blue', '32x24');
  const before = bytes(img);
  const r = cli(dir, 'upscale', img, '-o', img, '--provider', 'cpu', '--home', join(dir, 'home'));
  assert.equal(r.code, 3, r.err);
  assert.match(r.err, /refusing to write .*a\.png: it is the image being upscaled/);
  assert.deepEqual(bytes(img), before);

  // the model converted on first use lives in the home's models folder: writing over it is refused
  assert.equal(cli(dir, 'upscale', img, '-o', join(dir, 'b.png'), '--provider', 'cpu', '--home', join(dir, 'home')).code, 0);
  const modelDir = join(dir, 'home', 'models');
  const model = readdirSync(modelDir, { recursive: true }).map(String).find((f) => f.endsWith('.onnx'))!;
  const modelFile = join(modelDir, model);
  const modelBefore = bytes(modelFile);
  const m = cli(dir, 'upscale', img, '-o', join(dir, 'model-link.png'), '--provider', 'cpu', '--home', join(dir, 'home'));
  assert.equal(m.code, 0, m.err);
  symlinkSync(modelFile, join(dir, 'model.png'));
  const over = cli(dir, 'upscale', img, '-o', join(dir, 'model.png'), '--provider', 'cpu', '--home', join(dir, 'home'));
  assert.equal(over.code, 3, over.err);
  assert.match(over.err, /it is the model|inside the app’s own folder .*models/);
  assert.deepEqual(bytes(modelFile), modelBefore);
});

test('queue add -o a media file and batch rows whose output escapes --out-dir or hits the CSV are refused', async (t) => {
  const home = tempHome();
  t.after(home.cleanup);
  const dir = home.dir;
  const still = media.still(dir, 'photo.png', 'green');
  const project = join(dir, 'p.json');
  writeFileSync(project, JSON.stringify({ version: 1, settings: { width: 180, height: 320, fps: 10 }, scenes: [{ visual: { type: 'image', path: 'photo.png' }, duration: 1 }] }));
  const add = cli(dir, 'queue', 'add', project, '-o', still, '--home', join(dir, 'qhome'));
  assert.equal(add.code, 3, add.err);
  assert.match(add.err, /it is the project's media scenes\[0\]\.visual\.path/);

  const queue = openTestQueue(join(dir, 'q'));
  t.after(() => queue.close());
  const doc = join(dir, 'doc.json');
  writeFileSync(doc, JSON.stringify({ version: 1, title: '{{title}}', settings: { width: 160, height: 284, fps: 15 }, scenes: [{ visual: { type: 'text', text: '{{title}}' }, duration: 1 }] }));
  const csv = join(dir, 'rows.csv');
  const outDir = join(dir, 'out');
  mkdirSync(outDir);
  writeFileSync(csv, `title,output\nUp,../escaped.mp4\nAbs,${join(dir, 'abs.mp4')}\nDeep,a/../../x.mp4\nCsv,../rows.csv\nOk,sub/fine.mp4\n`);
  const result = await queueBatch(queue, doc, csv, { outDir });
  assert.deepEqual(result.jobs.map((j) => [j.line, j.job.output]), [[6, join(outDir, 'sub', 'fine.mp4')]]);
  assert.deepEqual(result.skipped.map((s) => s.line), [2, 3, 4, 5]);
  for (const s of result.skipped) assert.match(s.message, /outside --out-dir/);
});

/** A small file system that fills up: a tmpfs where this machine lets us mount one (root), else a file-size limit. */
function smallDisk(dir: string, kb: number): { run(args: string[]): { code: number | null; err: string }; cleanup(): void; how: string } {
  mkdirSync(dir, { recursive: true });
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${kb}k`, 'tmpfs', dir], { encoding: 'utf8' });
  if (mount.status === 0) {
    return {
      how: 'tmpfs',
      run: (args) => {
        const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
        return { code: r.status, err: r.stderr };
      },
      cleanup: () => void spawnSync('umount', [dir]),
    };
  }
  // No mount here: a file-size limit makes every write past `kb` fail (FFmpeg gets EFBIG/SIGXFSZ).
  return {
    how: 'ulimit -f',
    run: (args) => {
      const r = spawnSync('bash', ['-c', `ulimit -f ${kb}; exec "$0" "$@"`, process.execPath, bin, ...args], { encoding: 'utf8' });
      return { code: r.status, err: r.stderr };
    },
    cleanup: () => undefined,
  };
}

test('upscale on a full disk leaves the existing output as it was and no partial file; the message says the disk is full', (t) => {
  const dir = tempDir();
  const src = join(dir, 'src');
  mkdirSync(src);
  const img = join(src, 'in.png');
  spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x90', '-frames:v', '1', img]);
  const video = media.clip(src, 'in.mp4', 0.6, '128x72');
  const disk = smallDisk(join(dir, 'disk'), 160);
  t.after(disk.cleanup);
  t.diagnostic(`full disk simulated with ${disk.how}`);
  const out = join(dir, 'disk', 'out.png');
  const previous = Buffer.alloc(40 * 1024, 7); // the user's earlier file at that path
  writeFileSync(out, previous);
  const r = disk.run(['upscale', img, '-o', out, '--provider', 'cpu', '--home', join(dir, 'home')]);
  assert.notEqual(r.code, 0, 'the upscale cannot succeed');
  if (disk.how === 'tmpfs') assert.match(r.err, /the disk is full/);
  assert.deepEqual(bytes(out), previous, 'the file that was there is intact');
  assert.deepEqual(readdirSync(join(dir, 'disk')).sort(), ['out.png']);

  // the video's chunk join: chunks elsewhere, the joined file on the full disk
  const vout = join(dir, 'disk', 'big.mp4');
  rmSync(out);
  writeFileSync(vout, Buffer.alloc(156 * 1024, 1)); // leaves ~4 KB free
  const vprev = bytes(vout);
  const v = disk.run(['upscale', video, '-o', vout, '--provider', 'cpu', '--scale', '2', '--encoder', 'libx264', '--work-dir', join(dir, 'work'), '--home', join(dir, 'home')]);
  assert.notEqual(v.code, 0);
  if (disk.how === 'tmpfs') assert.match(v.err, /the disk is full/);
  assert.deepEqual(bytes(vout), vprev);
  assert.deepEqual(readdirSync(join(dir, 'disk')), ['big.mp4']);
  assert.ok(existsSync(join(dir, 'work')), 'the finished chunks are kept for a resume');
  assert.ok(statSync(join(dir, 'work')).isDirectory());
});

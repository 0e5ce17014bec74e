import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildRuntimeConfig } from '../../main/config/runtime-config';
import { getCapabilities } from '../../native/ffmpeg/capabilities';
import { media, tempDir, tools } from './fixtures';

const dir = tempDir();
const bin = new URL('../../bin/reelforge.js', import.meta.url).pathname;
const good = media.still(dir, 'good.png', 'green');

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: dir });
  return { code: run.status, err: run.stderr, out: run.stdout };
}

function writeProject(name: string, scenes: unknown[], extra: Record<string, unknown> = {}): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ version: 1, settings: { width: 180, height: 320, fps: 10 }, scenes, ...extra }));
  return file;
}

/** Each bad input: a clear message naming the problem, a non-zero exit, and no file at the output. */
function expectRefused(project: string, pattern: RegExp, code = 3, extra: string[] = []) {
  const out = join(dir, 'out.mp4');
  const r = cli('render', project, '-o', out, '--quiet', ...extra);
  assert.equal(r.code, code, `exit code for ${project}: ${r.err}`);
  assert.match(r.err, pattern);
  assert.equal(existsSync(out), false, 'nothing at the output path');
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.partial')), []);
}

test('a missing media file is named with its JSON path', () => {
  const p = writeProject('missing.json', [{ visual: { type: 'image', path: good }, duration: 1 }, { visual: { type: 'image', path: 'nope.jpg' }, duration: 1 }]);
  expectRefused(p, /scenes\[1\]\.visual\.path: file not found: .*nope\.jpg/);
});

test('a zero-byte image is refused as empty', () => {
  writeFileSync(join(dir, 'empty.jpg'), '');
  const p = writeProject('empty.json', [{ visual: { type: 'image', path: 'empty.jpg' }, duration: 1 }]);
  expectRefused(p, /scenes\[0\]\.visual\.path: file is empty/);
});

test('a truncated MP4 is refused before rendering', () => {
  const clip = media.clip(dir, 'whole.mp4', 2);
  const bytes = readFileSync(clip);
  writeFileSync(join(dir, 'truncated.mp4'), bytes.subarray(0, Math.floor(bytes.length / 3)));
  const p = writeProject('trunc.json', [{ visual: { type: 'video', path: 'truncated.mp4' }, duration: 1 }]);
  expectRefused(p, /scenes\[0\]\.visual\.path: cannot be read as media/);
});

test('a project that is not UTF-8 text is refused', () => {
  const file = join(dir, 'latin1.json');
  writeFileSync(file, Buffer.concat([Buffer.from('{"version":1,"title":"caf'), Buffer.from([0xe9]), Buffer.from('","scenes":[]}')]));
  expectRefused(file, /not UTF-8 text \(first bad byte at offset 25\)/);
});

test('zero and negative durations are refused with their paths', () => {
  const p = writeProject('durations.json', [
    { visual: { type: 'color', color: '#000000' }, duration: 0 },
    { visual: { type: 'color', color: '#000000' }, duration: -2 },
  ]);
  expectRefused(p, /scenes\[0\]\.duration: must be more than 0 seconds[\s\S]*scenes\[1\]\.duration: must be more than 0 seconds/);
});

test('a document from a newer version is refused with a clear message', () => {
  const p = writeProject('future.json', [{ visual: { type: 'color', color: '#000000' }, duration: 1 }], { version: 7 });
  expectRefused(p, /newer Reelforge \(document version 7/);
});

test('an unknown encoder is refused as invalid input', () => {
  const p = writeProject('ok.json', [{ visual: { type: 'color', color: '#000000' }, duration: 1 }]);
  expectRefused(p, /unknown encoder 'bogus'/, 3, ['--encoder', 'bogus']);
});

test('an encoder that does not work on this machine is refused with exit 4 and the reason its check gave', async () => {
  const p = writeProject('ok2.json', [{ visual: { type: 'color', color: '#000000' }, duration: 1 }]);
  // No machine has every encoder (VideoToolbox is macOS-only, VAAPI needs Linux): there is always one.
  // the cache the CLI, started with this environment, reads
  const caps = await getCapabilities(tools.ffmpeg.path, { cacheDir: buildRuntimeConfig({ env: process.env }).cacheDir });
  const broken = caps.videoEncoders.find((e) => !e.works);
  assert.ok(broken, 'an encoder that does not work here');
  expectRefused(p, new RegExp(`encoder ${broken.name} does not work on this machine: ${escapeRegExp(broken.reason!)}\\. Use --encoder auto`), 4, ['--encoder', broken.name]);
});

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('--plan prints the render plan as data without rendering', () => {
  copyFileSync(good, join(dir, 'still.png'));
  const p = writeProject('plan.json', [{ visual: { type: 'image', path: 'still.png' }, duration: 1 }]);
  const r = cli('render', p, '--plan');
  assert.equal(r.code, 0, r.err);
  const plan = JSON.parse(r.out) as { filterGraph: string[]; sources: unknown[]; format: { frames: number } };
  assert.equal(plan.format.frames, 10);
  assert.equal(plan.sources.length, 1);
  assert.ok(plan.filterGraph.join('\n').includes('sendcmd='), 'the still moves (Ken Burns)');
});

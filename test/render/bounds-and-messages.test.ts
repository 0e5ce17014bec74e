import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { splitScript } from '../../main/script/split-text';
import { serializeError } from '../../preload/contract/errors';
import { media, tempDir } from './fixtures';

const dir = tempDir();
const bin = new URL('../../bin/reelforge.js', import.meta.url).pathname;
const still = media.still(dir, 'still.png', 'navy');

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, REELFORGE_HOME: join(dir, 'home') } });
  return { code: run.status, err: run.stderr, out: run.stdout };
}

function project(name: string, doc: Record<string, unknown>, encode: (s: string) => Buffer = (s) => Buffer.from(s)): string {
  const file = join(dir, name);
  writeFileSync(file, encode(JSON.stringify({ version: 1, settings: { width: 180, height: 320, fps: 10 }, ...doc })));
  return file;
}

function refused(file: string, pattern: RegExp) {
  const out = join(dir, `${file.split('/').pop()}.mp4`);
  const r = cli('render', file, '-o', out, '--quiet');
  assert.equal(r.code, 3, r.err);
  assert.match(r.err, pattern);
  assert.doesNotMatch(r.err, /"code":|ZodError|"path":\s*\[/, 'no raw schema JSON');
  assert.equal(existsSync(out), false);
}

test('bounds: a megabyte overlay, 100,000 scenes, 8K at 120 fps and a runaway sentence are refused by name, at once', () => {
  const image = { type: 'image', path: 'still.png' };
  refused(project('overlay.json', { scenes: [{ visual: image, duration: 1, overlays: [{ text: 'x'.repeat(1_000_000) }] }] }), /scenes\[0\]\.overlays\[0\]\.text: at most 1000 characters in an overlay/);
  refused(project('many.json', { scenes: Array.from({ length: 100_000 }, () => ({ visual: { type: 'color', color: '#000000' }, duration: 1 })) }), /scenes: at most 500 scenes in one video/);
  refused(project('huge.json', { settings: { width: 7680, height: 4320, fps: 120 }, scenes: [{ visual: image, duration: 1 }] }), /settings: 7680×4320 at 120 fps is more than Reelforge renders/);
  assert.throws(() => splitScript(`${'word '.repeat(100_000)}`, { targetSceneSeconds: 8, wordsPerMinute: 160 }), /a sentence of \d+ characters .* at most 2000/);
});

test('a scene shorter than one frame is refused instead of an empty MP4', () => {
  refused(project('blink.json', { scenes: [{ visual: { type: 'image', path: 'still.png' }, duration: 0.05 }] }), /scenes\[0\]\.duration: 0\.05 s is shorter than one frame at 10 fps/);
});

test('style.caption.font cannot carry ASS syntax', () => {
  for (const font of ['Inter,0,0,&H00FF0000', 'Inter{\\b1\\c&H0000FF&}', 'Inter\nDialogue: 0']) {
    refused(project('font.json', { style: { caption: { font } }, scenes: [{ visual: { type: 'image', path: 'still.png' }, duration: 1 }] }), /style\.caption\.font: a font name is letters, digits/);
  }
});

test('UTF-16 documents: decoded by their BOM, refused without one (no NUL bytes in captions)', () => {
  const doc = { title: 'Ünïcode', scenes: [{ narration: 'Grüße', visual: { type: 'image', path: 'still.png' }, duration: 1 }] };
  const le = project('utf16le.json', doc, (s) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]));
  const plan = cli('render', le, '--plan');
  assert.equal(plan.code, 0, plan.err);
  const be = project('utf16be.json', doc, (s) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(s, 'utf16le').swap16()]));
  assert.equal(cli('render', be, '--plan').code, 0);
  refused(project('utf16-nobom.json', doc, (s) => Buffer.from(s, 'utf16le')), /contains NUL bytes .* UTF-16 without a byte-order mark/);
});

test('media named with %d render and upscale (FFmpeg would read it as a frame pattern)', () => {
  renameSync(media.still(dir, 'tmp.png', 'teal'), join(dir, 'photo%d.png'));
  const file = project('percent.json', { scenes: [{ visual: { type: 'image', path: 'photo%d.png' }, duration: 0.5 }] });
  const r = cli('render', file, '-o', join(dir, 'percent.mp4'), '--quiet');
  assert.equal(r.code, 0, r.err);
  assert.ok(existsSync(join(dir, 'percent.mp4')));
  const up = cli('upscale', join(dir, 'photo%d.png'), '-o', join(dir, 'photo-up%d.png'), '--scale', '2', '--provider', 'cpu', '--quiet');
  assert.equal(up.code, 0, up.err);
  assert.ok(existsSync(join(dir, 'photo-up%d.png')));
});

test('exit codes and words: unknown option → 2; a file in the way → words, not errno; a corrupt database is named; queue add --upscale nope fails before queuing', () => {
  const p = project('ok.json', { scenes: [{ visual: { type: 'image', path: 'still.png' }, duration: 0.5 }] });
  const unknown = cli('render', p, '-o', 'x.mp4', '--no-such-option');
  assert.equal(unknown.code, 2, unknown.err);
  assert.match(unknown.err, /Unknown option '--no-such-option'/);

  writeFileSync(join(dir, 'afile'), 'x');
  const blocked = cli('render', p, '-o', join(dir, 'afile', 'out.mp4'), '--quiet');
  assert.equal(blocked.code, 1);
  assert.match(blocked.err, /a (part of the path is not a folder|file is already there): /);
  assert.doesNotMatch(blocked.err, /ENOTDIR|EEXIST/);

  const home = join(dir, 'corrupt-home');
  mkdirSync(home);
  writeFileSync(join(home, 'reelforge.db'), Buffer.alloc(8192, 0x41));
  const corrupt = cli('queue', 'list', '--home', home);
  assert.equal(corrupt.code, 3, corrupt.err);
  assert.match(corrupt.err, new RegExp(`the database ${join(home, 'reelforge.db').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is damaged`));

  const qhome = join(dir, 'qhome');
  const add = cli('queue', 'add', p, '--upscale', 'nope', '--home', qhome);
  assert.equal(add.code, 3, add.err);
  assert.match(add.err, /no model named 'nope'/);
  const list = cli('queue', 'list', '--home', qhome);
  assert.match(list.out, /no jobs/);
  const badScale = cli('queue', 'add', p, '--upscale', 'realesrgan-x4fast', '--scale', 'big', '--home', qhome);
  assert.equal(badScale.code, 2);
  assert.match(badScale.err, /--scale must be a whole number from 1 to 4/);
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.partial')), []);
});

test('a schema failure inside main crosses as INVALID_INPUT by JSON path, never as the raw issue JSON', () => {
  const r = z.object({ scenes: z.array(z.object({ duration: z.number() })) }).safeParse({ scenes: [{ duration: 'x' }] });
  const e = serializeError(r.error);
  assert.equal(e.code, 'INVALID_INPUT');
  assert.match(e.message, /scenes\[0\]\.duration: /);
  assert.doesNotMatch(e.message, /"code"|\[\s*\{/);
});

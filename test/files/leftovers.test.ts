import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getCapabilities } from '../../native/ffmpeg/capabilities';
import { locateFfmpeg } from '../../native/ffmpeg/locate';
import { toSrt, toVtt } from '../../main/captions/export-subtitles';
import { tempDir } from '../render/fixtures';

/** Issue 23, #11, #15 and #20. */
const bin = new URL('../../bin/reelforge.js', import.meta.url).pathname;

test('make --script with a UTF-16 file exits 3 and says to save it as UTF-8; nothing is queued', () => {
  const dir = tempDir();
  const script = join(dir, 'script.txt');
  writeFileSync(script, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Hello world.\n\nSecond scene.\n', 'utf16le')]));
  const r = spawnSync(process.execPath, [bin, 'make', '--script', script, '--voice', 'espeak-ng:en-us', '-o', join(dir, 'out.mp4'), '--home', join(dir, 'home'), '--quiet'], { encoding: 'utf8' });
  assert.equal(r.status, 3, r.stderr);
  assert.match(r.stderr, /script\.txt is UTF-16 text; a script is UTF-8 — save it as UTF-8/);
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.mp4')), []);
});

test('SRT and VTT sidecars carry no ASS override tags or SRT font tags from script text (an LLM’s included)', () => {
  const events = [
    { start: 0, end: 2, text: '{\\p1}m 0 0 l 900 0 900 900{\\p0} shapes', words: [{ text: '{\\p1}m', start: 0, end: 0.5 }, { text: 'shapes', start: 0.5, end: 2 }] },
    { start: 2, end: 4, text: '{\\fs300}HUGE <font color="#ff0000">red</font> <b>bold</b>' },
    { start: 4, end: 6, text: 'an arrow --> inside\n\nand a blank line' },
  ];
  const srt = toSrt(events);
  const vtt = toVtt(events);
  for (const [name, text] of [['srt', srt], ['vtt', vtt]] as const) {
    assert.doesNotMatch(text, /\{\\/, `${name}: no override tag`);
    assert.doesNotMatch(text, /<\/?(font|b)\b|&lt;font/, `${name}: no font tag`);
    assert.match(text, /HUGE red bold/, `${name}: the words stay`);
  }
  // a cue's text never holds a cue arrow or a blank line (either would end it early)
  assert.equal(srt.split('-->').length - 1, 3);
  assert.match(srt, /an arrow → inside\nand a blank line/);
});

test('a cache folder that cannot take the capabilities file leaves no temp file behind', async () => {
  const dir = tempDir();
  const cache = join(dir, 'cache');
  // the final name is taken by a folder: the write of the temp file works, the rename fails (as a full disk fails a write)
  mkdirSync(join(cache, 'ffmpeg-capabilities.json'), { recursive: true });
  const caps = await getCapabilities(locateFfmpeg({ env: process.env }).ffmpeg.path, { cacheDir: cache });
  assert.ok(caps.filters.length > 0, 'the capabilities are still found');
  assert.deepEqual(readdirSync(cache), ['ffmpeg-capabilities.json']);
});

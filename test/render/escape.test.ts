import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { assText, drawtextText, filterArg } from '../../main/render/escape';
import { fontFile } from '../../main/render/assets';
import { tools } from './fixtures';

const tricky = [
  "it's 100% done: a\\b, c; [d] {e}",
  "quote ' and double '' quotes",
  'colons::: and %{pts} that must stay literal',
  'emoji 🎬🔥 and skin tone 👍🏽',
  'שלום עולם — עברית',
  'مرحبا بالعالم',
  'trailing backslash \\',
];

/**
 * The metadata filter parses its value exactly like drawtext's text (option level, then graph
 * level) and prints it back, so it shows what FFmpeg really received.
 */
function roundTrip(value: string): string {
  const graph = `color=s=16x16:d=0.04,metadata=mode=add:key=probe:value=${filterArg(value)},metadata=mode=print`;
  const run = spawnSync(tools.ffmpeg.path, ['-hide_banner', '-nostdin', '-v', 'info', '-filter_complex', graph, '-f', 'null', '-'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const line = run.stderr.split('\n').find((l) => l.includes('probe='));
  assert.ok(line, `no metadata line in: ${run.stderr.slice(-400)}`);
  return line.slice(line.indexOf('probe=') + 'probe='.length);
}

test('filter arguments survive both FFmpeg parsers unchanged', () => {
  for (const text of tricky) assert.equal(roundTrip(text), text);
});

test('drawtext accepts every tricky string (emoji and RTL included) and renders', () => {
  const font = filterArg(fontFile(true));
  for (const text of tricky) {
    const graph = `color=s=320x64:d=0.04,drawtext=fontfile=${font}:expansion=none:text=${drawtextText(text)}:fontsize=20:fontcolor=white`;
    const run = spawnSync(tools.ffmpeg.path, ['-hide_banner', '-nostdin', '-v', 'error', '-filter_complex', graph, '-f', 'null', '-'], { encoding: 'utf8' });
    assert.equal(run.status, 0, `${text}: ${run.stderr}`);
  }
});

test('ASS text cannot open override blocks or inject line breaks', () => {
  const out = assText('a {\\b1} b \\N c\nd');
  assert.ok(!out.includes('{') && !out.includes('}'), out);
  assert.ok(!out.includes('\\N c'), 'a literal \\N in user text must not become a line break');
  assert.ok(out.endsWith('\\Nd'), 'a real newline becomes \\N');
  assert.equal(assText('emoji 🎬 and مرحبا'), 'emoji 🎬 and مرحبا');
});

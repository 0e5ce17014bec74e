import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAss, type CaptionEvent } from '../../main/captions/ass';
import { toSrt, toVtt } from '../../main/captions/export-subtitles';
import { captionStyleSchema } from '../../preload/contract/project';

const events: CaptionEvent[] = [
  {
    start: 0.5, end: 2.25, text: 'Hello <big>\nworld',
    words: [{ text: 'Hello', start: 0.5, end: 0.9 }, { text: '<big>', start: 1, end: 1.4 }, { text: 'world', start: 1.5, end: 2 }],
    lineBreaks: [2],
  },
  { start: 3661.001, end: 3662, text: 'Bye {now}' },
];

test('SRT: numbered cues, comma milliseconds, hours, the page lines kept', () => {
  assert.equal(toSrt(events), '1\n00:00:00,500 --> 00:00:02,250\nHello <big>\nworld\n\n2\n01:01:01,001 --> 01:01:02,000\nBye {now}\n');
});

test('VTT: a header, escaped text and a timestamp on every spoken word', () => {
  const vtt = toVtt(events);
  assert.ok(vtt.startsWith('WEBVTT\n\n00:00:00.500 --> 00:00:02.250\n'));
  assert.match(vtt, /Hello <00:00:01\.000>&lt;big&gt;\n<00:00:01\.500>world\n/);
  assert.match(vtt, /01:01:01\.001 --> 01:01:02\.000\nBye \{now\}/);
});

test('ASS: active word by colour, or by a box on its own layer; lines break where the page says', () => {
  const colour = buildAss(events, captionStyleSchema.parse({ highlight: 'color', highlightColor: '#00FF00' }), 360, 640);
  // One line per word being spoken, that word in the highlight colour. `<big>` is plain text to
  // libass and stays as written; braces, which would open an override block, become ｛ ｝.
  assert.deepEqual(colour.split('\n').filter((l) => l.startsWith('Dialogue')), [
    'Dialogue: 0,0:00:00.50,0:00:01.00,Caption,,0,0,0,,{\\1c&H00FF00&}Hello{\\1c&HFFFFFF&} <big>\\Nworld',
    'Dialogue: 0,0:00:01.00,0:00:01.50,Caption,,0,0,0,,Hello {\\1c&H00FF00&}<big>{\\1c&HFFFFFF&}\\Nworld',
    'Dialogue: 0,0:00:01.50,0:00:02.25,Caption,,0,0,0,,Hello <big>\\N{\\1c&H00FF00&}world{\\1c&HFFFFFF&}',
    'Dialogue: 0,1:01:01.00,1:01:02.00,Caption,,0,0,0,,Bye ｛now｝',
  ]);
  const box = buildAss(events, captionStyleSchema.parse({ highlight: 'box', highlightColor: '#FF0000' }), 360, 640);
  assert.match(box, /Style: Highlight,Inter,\d+,&H00FFFFFF,&H00FFFFFF,&H000000FF,&H000000FF,-1,0,0,0,100,100,0,0,3,/);
  assert.match(box, /Dialogue: 0,0:00:00\.50,0:00:02\.25,Caption,,0,0,0,,Hello <big>\\Nworld/);
  assert.match(box, /Dialogue: 1,0:00:01\.50,0:00:02\.25,Highlight,,0,0,0,,\{\\alpha&HFF&\}Hello <big>\\N\{\\alpha&H00&\}world\{\\alpha&HFF&\}/);
  const none = buildAss(events, captionStyleSchema.parse({ highlight: 'none' }), 360, 640);
  assert.equal(none.match(/^Dialogue/gm)!.length, 2);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAss, type CaptionEvent } from '../../main/captions/ass';
import { toSrt, toVtt } from '../../main/captions/export-subtitles';
import { captionStyleSchema } from '../../preload/contract/project';

/** The ASS without the placement every dialogue line opens with (checked on its own below). */
const unplaced = (ass: string) => ass.replace(/,,\{\\an\d\\pos\(\d+,\d+\)\}/g, ',,');

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
  const colour = unplaced(buildAss(events, captionStyleSchema.parse({ highlight: 'color', highlightColor: '#00FF00' }), 360, 640));
  // One line per word being spoken, that word in the highlight colour. `<big>` is plain text to
  // libass and stays as written; braces, which would open an override block, become ｛ ｝.
  assert.deepEqual(colour.split('\n').filter((l) => l.startsWith('Dialogue')), [
    'Dialogue: 0,0:00:00.50,0:00:01.00,Caption,,0,0,0,,{\\1c&H00FF00&}Hello{\\1c&HFFFFFF&} <big>\\Nworld',
    'Dialogue: 0,0:00:01.00,0:00:01.50,Caption,,0,0,0,,Hello {\\1c&H00FF00&}<big>{\\1c&HFFFFFF&}\\Nworld',
    'Dialogue: 0,0:00:01.50,0:00:02.25,Caption,,0,0,0,,Hello <big>\\N{\\1c&H00FF00&}world{\\1c&HFFFFFF&}',
    'Dialogue: 0,1:01:01.00,1:01:02.00,Caption,,0,0,0,,Bye ｛now｝',
  ]);
  const box = unplaced(buildAss(events, captionStyleSchema.parse({ highlight: 'box', highlightColor: '#FF0000' }), 360, 640));
  assert.match(box, /Style: HighlightBox,Inter,\d+,&H00FFFFFF,&H00FFFFFF,&H000000FF,&H000000FF,-1,0,0,0,100,100,0,0,3,/);
  // 'auto': black reads better than white on this red
  assert.match(box, /Style: HighlightWord,Inter,\d+,&H00000000,&H00000000,&H00000000,&H7F000000,-1,0,0,0,100,100,0,0,1,0,0,/);
  // the page leaves the active word out, the box layer shows only its box, clipped to its line's band
  assert.match(box, /Dialogue: 0,0:00:01\.50,0:00:02\.25,Caption,,0,0,0,,Hello \S+\\N\{\\alpha&HFF&\}world\{\\r\}/);
  assert.match(box, /Dialogue: 2,0:00:01\.50,0:00:02\.25,HighlightBox,,0,0,0,,\{\\alpha&HFF&\\xbord[\d.]+\\ybord[\d.]+\\clip\(0,\d+,360,\d+\)\}Hello \S+\\N\{\\3a&H00&\}world/);
  assert.match(box, /Dialogue: 3,0:00:01\.50,0:00:02\.25,HighlightWord,,0,0,0,,\{\\alpha&HFF&\}Hello \S+\\N\{\\alpha&H00&\}world/);
  const named = unplaced(buildAss(events, captionStyleSchema.parse({ highlight: 'box', highlightColor: '#FFFFFF', highlightTextColor: '#D7141A' }), 360, 640));
  assert.match(named, /Style: HighlightWord,Inter,\d+,&H001A14D7,/, 'the named colour of the word on its box');
  const none = unplaced(buildAss(events, captionStyleSchema.parse({ highlight: 'none' }), 360, 640));
  assert.equal(none.match(/^Dialogue/gm)!.length, 2);
});

test('ASS: karaoke fill sweeps each word over the time it is spoken, waits through silences, and stays filled', () => {
  const k = unplaced(buildAss(events, captionStyleSchema.parse({ highlight: 'karaoke', color: '#FFFFFF', highlightColor: '#00FF00' }), 360, 640));
  // filled = PrimaryColour (the highlight), still to come = SecondaryColour (the text colour)
  assert.match(k, /Style: Karaoke,Inter,\d+,&H0000FF00,&H00FFFFFF,/);
  assert.match(k, /Dialogue: 0,0:00:00\.50,0:00:02\.25,Karaoke,,0,0,0,,\{\\kf40\}Hello \{\\k10\}\{\\kf40\}\S+\\N\{\\k10\}\{\\kf50\}world/);
});

test('ASS: word pop scales the spoken word in from (1 − pop) of its size, on its own layer over the page', () => {
  const pop = unplaced(buildAss(events, captionStyleSchema.parse({ highlight: 'color', highlightColor: '#00FF00', wordPop: 0.2 }), 360, 640));
  assert.match(pop, /Style: HighlightWord,Inter,\d+,&H0000FF00,/);
  assert.match(pop, /Dialogue: 0,0:00:01\.50,0:00:02\.25,Caption,,0,0,0,,Hello \S+\\N\{\\alpha&HFF&\}world\{\\r\}/);
  assert.match(pop, /Dialogue: 3,0:00:01\.50,0:00:02\.25,HighlightWord,,0,0,0,,\{\\alpha&HFF&\}Hello \S+\\N\{\\alpha&H00&\\fscx80\\fscy80\\t\(0,140,0\.5,\\fscx100\\fscy100\)\}world/);
});

test('ASS: on a boxed page the box is drawn once, untagged, under the text (no seams between runs)', () => {
  const boxed = unplaced(buildAss(events, captionStyleSchema.parse({ box: true, boxColor: '#000000A0', highlight: 'color' }), 360, 640));
  assert.match(boxed, /Dialogue: 0,0:00:00\.50,0:00:02\.25,Caption,,0,0,0,,\{\\1a&HFF&\}Hello \S+\\Nworld/);
  assert.equal(boxed.match(/^Dialogue: 0,/gm)!.length, 2, 'one box line per event');
  assert.match(boxed, /Dialogue: 1,0:00:01\.50,0:00:02\.25,CaptionText,,0,0,0,,Hello \S+\\N\{\\1c&H[0-9A-F]{6}&\}world/);
});

test('ASS: every page is anchored in its place of the safe-area table; libass does not re-wrap it', () => {
  const bottom = buildAss(events, captionStyleSchema.parse({ position: 'bottom', margin: 0 }), 360, 640);
  assert.match(bottom, /WrapStyle: 2/);
  const dialogue = bottom.split('\n').filter((l) => l.startsWith('Dialogue'));
  // 9:16: centred in the caption band, its bottom at the band's bottom (76.5 % of the height)
  for (const l of dialogue) assert.match(l, /,,\{\\an2\\pos\(163,490\)\}/);
  const centre = buildAss(events, captionStyleSchema.parse({ position: 'center' }), 360, 640);
  // the middle of the stage (the scene's own text region), not of the frame
  assert.match(centre, /,,\{\\an5\\pos\(163,212\)\}/);
});

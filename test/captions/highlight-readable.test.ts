import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAss, type CaptionEvent } from '../../main/captions/ass';
import { contrastRatio, spokenWordReadability, worstContrast } from '../../main/captions/contrast';
import { fontsDir } from '../../main/render/assets';
import { listTemplates } from '../../main/templates/load-templates';
import { locateFfmpeg } from '../../native/ffmpeg/locate';
import type { Template } from '../../preload/contract/template';
import type { CaptionStyle } from '../../preload/contract/project';

// every template shipped in assets/templates
const templates: Template[] = listTemplates();

test('contrast ratio is the WCAG one', () => {
  assert.equal(contrastRatio('#FFFFFF', '#000000'), 21);
  assert.equal(contrastRatio('#777777', '#777777'), 1);
  assert.ok(Math.abs(contrastRatio('#767676', '#FFFFFF') - 4.54) < 0.01);
  // a translucent box counts over the worse of a black and a white picture
  assert.ok(worstContrast('#FFFFFF', '#00000080') < worstContrast('#FFFFFF', '#000000'));
});

test('every template: the spoken word reads against what is right behind it (WCAG ratio ≥ 4.5)', (t) => {
  assert.ok(templates.length >= 7);
  for (const tpl of templates) {
    const r = spokenWordReadability(tpl.style.caption);
    assert.ok(r, `${tpl.id}: nothing (box or outline) stands behind the spoken word`);
    t.diagnostic(`${tpl.id} (${tpl.style.caption.highlight}): ${r.text} on ${r.backdrop}, ratio ${r.ratio.toFixed(2)}`);
    assert.ok(r.ratio >= 4.5, `${tpl.id}: ${r.text} on ${r.backdrop} has a contrast ratio of ${r.ratio.toFixed(2)}, below 4.5`);
  }
});

/**
 * The box behind the spoken word, on real libass frames: the writer's own ASS is rendered by
 * FFmpeg's subtitles filter, once whole and once layer by layer (selected by style name), and the
 * pixels are compared: the box must contain every pixel of the word, and none of the line above.
 */
const W = 540;
const H = 960;
const BG = '0x4B4B4B';
const tools = locateFfmpeg({ env: process.env });
const dir = mkdtempSync(join(tmpdir(), 'reelforge-highlight-'));
process.once('exit', () => rmSync(dir, { recursive: true, force: true }));

// line 1 full of descenders, line 2's spoken word with ascenders and a descender
const page: CaptionEvent = {
  start: 0,
  end: 3,
  text: 'jumpy quay\nbright hold',
  words: [
    { text: 'jumpy', start: 0, end: 0.4 },
    { text: 'quay', start: 0.5, end: 0.9 },
    { text: 'bright', start: 1, end: 1.6 },
    { text: 'hold', start: 1.8, end: 2.4 },
  ],
  lineBreaks: [2],
};
const AT = 1.5; // "bright" is spoken, any pop is over

type Mask = Uint8Array;
function render(ass: string, name: string): Mask {
  const file = join(dir, `${name}.ass`);
  writeFileSync(file, ass);
  const raw = execFileSync(tools.ffmpeg.path, ['-v', 'error', '-f', 'lavfi', '-i', `color=c=${BG}:s=${W}x${H}:r=10:d=3`,
    '-vf', `subtitles=filename=${file}:fontsdir=${fontsDir()}`, '-ss', String(AT), '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: W * H * 4 });
  const ink = new Uint8Array(W * H);
  for (let i = 0; i < W * H; i++) {
    const d = Math.max(Math.abs(raw[3 * i]! - 0x4b), Math.abs(raw[3 * i + 1]! - 0x4b), Math.abs(raw[3 * i + 2]! - 0x4b));
    ink[i] = d > 24 ? 1 : 0;
  }
  return ink;
}

function bbox(m: Mask): { x0: number; y0: number; x1: number; y1: number } | undefined {
  let x0 = W, y0 = H, x1 = -1, y1 = -1;
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (m[y * W + x]) {
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  return x1 < 0 ? undefined : { x0, y0, x1, y1 };
}

/** The writer's ASS with only the dialogue lines of the given styles. */
function only(ass: string, styles: string[], edit: (text: string) => string = (x) => x): string {
  return ass
    .split('\n')
    .filter((l) => !l.startsWith('Dialogue:') || styles.includes(l.split(',')[3]!))
    .map((l) => (l.startsWith('Dialogue:') ? l.slice(0, l.lastIndexOf(',,') + 2) + edit(l.slice(l.lastIndexOf(',,') + 2)) : l))
    .join('\n');
}

for (const tpl of templates) for (const flip of [false, true]) {
  const own = tpl.style.caption.highlight === 'box';
  // in the template's own case, and in the other one (capitals have no descenders and sit higher)
  const uppercase = flip ? !tpl.style.caption.uppercase : tpl.style.caption.uppercase;
  test(`${tpl.id}${uppercase ? ' in capitals' : ''}: the spoken word's box covers the word and nothing of the line above${own ? '' : ' (box highlight tried on its style)'}`, (t) => {
    const style: CaptionStyle = { ...tpl.style.caption, highlight: 'box', uppercase };
    const ass = buildAss([page], style, W, H);
    const box = render(only(ass, ['HighlightBox']), `${tpl.id}-${flip}-box`);
    const word = render(only(ass, ['HighlightWord']), `${tpl.id}-${flip}-word`);
    // the line above as the page draws it: its text with everything after the line break hidden
    const textStyle = style.box ? 'CaptionText' : 'Caption';
    const place = /^\{\\an\d\\pos\(\d+,\d+\)\}/;
    const above = render(
      only(ass, [textStyle], (text) => {
        const at = text.match(place)![0];
        const body = text.slice(at.length);
        return at + body.slice(0, body.indexOf('\\N')) + '\\N{\\alpha&HFF&}' + body.slice(body.indexOf('\\N') + 2).replace(/\{[^}]*\}/g, '');
      }),
      `${tpl.id}-${flip}-above`,
    );
    const b = bbox(box);
    const w = bbox(word);
    assert.ok(b, `${tpl.id}: no highlight box drawn`);
    assert.ok(w, `${tpl.id}: the spoken word is not drawn`);
    t.diagnostic(`box ${JSON.stringify(b)}, word ${JSON.stringify(w)}`);
    assert.ok(b.x0 <= w.x0 && b.x1 >= w.x1 && b.y0 <= w.y0 && b.y1 >= w.y1, `${tpl.id}: the box ${JSON.stringify(b)} does not cover the word ${JSON.stringify(w)}`);
    let covered = 0;
    for (let y = b.y0; y <= b.y1; y++) for (let x = b.x0; x <= b.x1; x++) covered += above[y * W + x]!;
    const a = bbox(above)!;
    assert.equal(covered, 0, `${tpl.id}: the box (top at y=${b.y0}) covers ${covered} pixels of the line above (its lowest pixel at y=${a.y1})`);
    // and it is the word of line 2 that is boxed, not something else
    assert.ok(w.y0 > a.y0, `${tpl.id}: the boxed word is not on the second line`);
  });
}

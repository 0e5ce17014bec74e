import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectInput, UserFont } from '../../preload/contract/project';
import { templateSchema } from '../../preload/contract/template';
import { addUserFont } from '../../main/fonts/font-store';
import { renderProject } from '../../main/render/render-project';
import { applyTemplateToScene } from '../../main/templates/apply-template';
import { findTemplate } from '../../main/templates/load-templates';
import { regionColor, smallProject, tempDir, tools } from '../render/fixtures';
import { distinctFont } from './font-fixture';
import { buildRuntimeConfig } from '../../main/config/runtime-config';

/** this test process's runtime configuration, from its environment, as an entry point builds one */
const testConfig = buildRuntimeConfig({ env: process.env });

const dir = tempDir('reelforge-fonts-');
const home = join(dir, 'home');
let font: UserFont;

test.before(() => {
  font = addUserFont(home, readFileSync(distinctFont(dir)), 'Reel Serif');
});

const W = 360;
const H = 640;

/** Which pixels of a frame are bright (white text on a dark card): the shape of what was drawn. */
function brightMask(file: string, at: number): Uint8Array {
  const raw = execFileSync(tools.ffmpeg.path, ['-v', 'error', '-ss', String(at), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { maxBuffer: 1 << 24 });
  return Uint8Array.from(raw, (v) => (v > 160 ? 1 : 0));
}

/** Overlap of two shapes: 1 = the same pixels, 0 = nothing in common. */
function iou(a: Uint8Array, b: Uint8Array): number {
  let both = 0;
  let either = 0;
  for (let i = 0; i < a.length; i++) {
    both += a[i]! & b[i]!;
    either += a[i]! | b[i]!;
  }
  return either ? both / either : 1;
}
const count = (m: Uint8Array) => m.reduce((s, v) => s + v, 0);

async function render(name: string, doc: Omit<ProjectInput, 'version'>): Promise<string> {
  const project = smallProject({ ...doc, settings: { width: W, height: H, fps: 10, encoder: 'libx264', quality: 12, ...doc.settings } }, dir);
  const out = join(dir, `${name}.mp4`);
  await renderProject({ config: testConfig, project, output: out, workDir: join(dir, `work-${name}`), tools });
  return out;
}

const captionScene = (text: string) => ({ narration: text, visual: { type: 'color' as const, color: '#101018' }, duration: 1 });

test('a caption in a user font is drawn with that font: it differs from Inter and from what the system would substitute', async () => {
  const caption = { size: 0.07, bold: false, outline: 0, color: '#FFFFFF', position: 'center' as const, maxCharsPerLine: 14 };
  const text = 'Quiet gems';
  const inter = brightMask(await render('inter', { style: { caption: { ...caption, font: 'Inter' } }, scenes: [captionScene(text)] }), 0.5);
  const user = brightMask(await render('user', { style: { caption: { ...caption, font: font.family }, fonts: [font] }, scenes: [captionScene(text)] }), 0.5);
  // the same family named without its file: libass asks the system, which has no "Reel Serif"
  const fallback = brightMask(await render('fallback', { style: { caption: { ...caption, font: font.family } }, scenes: [captionScene(text)] }), 0.5);
  assert.ok(count(user) > 200, `the caption is on screen (${count(user)} bright pixels)`);
  assert.ok(count(inter) > 200 && count(fallback) > 200);
  assert.ok(iou(user, inter) < 0.6, `the user font's caption differs from Inter's (overlap ${iou(user, inter).toFixed(2)})`);
  assert.ok(iou(user, fallback) < 0.6, `the user font was used, not a substitute (overlap ${iou(user, fallback).toFixed(2)})`);
});

test('a text card drawn by drawtext uses the style font when it is a user font', async () => {
  const card = (name: string, style: ProjectInput['style']) =>
    render(name, { style: { ...style, caption: { enabled: false } }, scenes: [{ narration: '', visual: { type: 'text', text: 'Quiet gems', color: '#FFFFFF', background: '#101018', size: 0.07 }, duration: 1 }] });
  const inter = brightMask(await card('card-inter', { font: 'Inter' }), 0.5);
  const user = brightMask(await card('card-user', { font: font.family, fonts: [font] }), 0.5);
  assert.ok(count(user) > 200 && count(inter) > 200);
  assert.ok(iou(user, inter) < 0.6, `the card's text is in the user font (overlap with Inter ${iou(user, inter).toFixed(2)})`);
});

test('a template dropped on one scene restyles that scene only: its captions take the template colour, the others keep theirs', async () => {
  const base = findTemplate('bold-shorts');
  const red = templateSchema.parse({ ...base, id: 'red-captions', name: 'Red', style: { ...base.style, caption: { ...base.style.caption, color: '#FF2020', highlight: 'none', uppercase: false } } });
  const project = smallProject(
    {
      style: { caption: { color: '#FFFFFF', size: 0.07, position: 'center', outline: 0 }, transition: { type: 'cut', duration: 0 } },
      scenes: [captionScene('First scene words'), captionScene('Second scene words')],
      settings: { width: W, height: H, fps: 10, encoder: 'libx264' },
    },
    dir,
  );
  const styled = applyTemplateToScene(project, 1, red);
  assert.equal(styled.scenes[0]!.style, undefined, 'the first scene keeps the project look');
  assert.equal(styled.scenes[1]!.template, 'red-captions');
  const out = join(dir, 'per-scene.mp4');
  await renderProject({ config: testConfig, project: styled, output: out, workDir: join(dir, 'work-per-scene'), tools });
  const redness = (at: number) => {
    const raw = execFileSync(tools.ffmpeg.path, ['-v', 'error', '-ss', String(at), '-i', out, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 24 });
    let reds = 0;
    let whites = 0;
    for (let i = 0; i < raw.length; i += 3) {
      const [r, g, b] = [raw[i]!, raw[i + 1]!, raw[i + 2]!];
      if (r > 180 && g < 110 && b < 110) reds++;
      if (r > 200 && g > 200 && b > 200) whites++;
    }
    return { reds, whites };
  };
  const first = redness(0.5);
  const second = redness(1.5);
  assert.ok(first.whites > 100 && first.reds < 20, `scene 1's caption is white (${JSON.stringify(first)})`);
  assert.ok(second.reds > 100 && second.whites < 20, `scene 2's caption is in the template's red (${JSON.stringify(second)})`);
  // the card of the restyled scene takes the template's card colours
  // the card's lighter end (top-left of a diagonal gradient): cards are never near black now
  const [r, g, b] = regionColor(out, 1.5, { x: 0.02, y: 0.02, w: 0.12, h: 0.06 });
  assert.notDeepEqual([r, g, b].map((c) => Math.round(c / 16)), [1, 1, 1], 'scene 2 is no longer the plain dark card');
});

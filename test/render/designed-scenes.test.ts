import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { renderProject } from '../../main/render/render-project';
import { buildRuntimeConfig } from '../../main/config/runtime-config';
import { findTemplate, listTemplates } from '../../main/templates/load-templates';
import { designPalette } from '../../main/render/designed/palette';
import type { ProjectInput } from '../../preload/contract/project';
import { smallProject, tempDir, tools } from './fixtures';

const testConfig = buildRuntimeConfig({ env: process.env });
const W = 180;
const H = 320;

/** Frames of a video as RGB bytes, `count` frames from frame `from`. */
function rgbFrames(file: string, from: number, count: number, w = W, h = H): Buffer[] {
  const raw = execFileSync(tools.ffmpeg.path, ['-v', 'error', '-i', file, '-vf', `select='gte(n,${from})'`, '-vsync', 'passthrough', '-frames:v', String(count), '-pix_fmt', 'rgb24', '-f', 'rawvideo', '-'], { maxBuffer: 1 << 28 });
  const size = w * h * 3;
  return Array.from({ length: raw.length / size }, (_, k) => raw.subarray(k * size, (k + 1) * size));
}

/** The bounding box of pixels close to a colour (each channel within `tol`). */
function bboxOf(frame: Buffer, color: string, tol = 40): { x0: number; y0: number; x1: number; y1: number; count: number } {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(color.slice(i, i + 2), 16));
  const box = { x0: W, y0: H, x1: -1, y1: -1, count: 0 };
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const o = (y * W + x) * 3;
      if (Math.abs(frame[o]! - r!) <= tol && Math.abs(frame[o + 1]! - g!) <= tol && Math.abs(frame[o + 2]! - b!) <= tol) {
        box.count++;
        box.x0 = Math.min(box.x0, x);
        box.y0 = Math.min(box.y0, y);
        box.x1 = Math.max(box.x1, x);
        box.y1 = Math.max(box.y1, y);
      }
    }
  }
  return box;
}

const meanDiff = (a: Buffer, b: Buffer) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return s / a.length;
};

const bold = findTemplate('bold-shorts');
const base = (scenes: ProjectInput['scenes'], settings: ProjectInput['settings'] = {}): ProjectInput => ({
  version: 1,
  title: 'designed',
  style: { ...bold.style, caption: { ...bold.style.caption, enabled: false } },
  settings: { preset: 'shorts-1080', width: W, height: H, fps: 15, quality: 0, ...settings },
  scenes,
});

test('a stat scene shows its figure large in the stage, popped in when it is spoken', async () => {
  const dir = tempDir();
  const project = smallProject(base([{ narration: 'About 87% of drivers run soft tyres.', duration: 2, visual: { type: 'designed', kind: 'stat', label: 'drivers run soft tyres', figure: { text: '87%', value: 87, suffix: '%', count: false }, at: 1 } }]), dir);
  const out = join(dir, 'stat.mp4');
  await renderProject({ config: testConfig, project, output: out });
  const accent = designPalette(project.style).accent;
  const [before] = rgbFrames(out, 7, 1); // 0.47 s: not spoken yet
  const [after] = rgbFrames(out, 24, 1); // 1.6 s
  const none = bboxOf(before!, accent);
  const shown = bboxOf(after!, accent);
  assert.ok(none.count < 20, `the figure shows before it is spoken (${none.count} accent pixels)`);
  // huge: ≈ a quarter of the frame's width per digit group and more, and tall
  assert.ok(shown.x1 - shown.x0 >= W * 0.3, `the figure is ${shown.x1 - shown.x0} px wide in a ${W} px frame`);
  assert.ok(shown.y1 - shown.y0 >= H * 0.07, `the figure is ${shown.y1 - shown.y0} px tall`);
  // in the stage, above the caption band (9:16: y < 56 % of the height)
  assert.ok(shown.y1 < H * 0.56, `the figure reaches y=${shown.y1}, into the caption band`);
});

test('designed backgrounds move, and a part of the video rendered alone has the pixels of the full render', async () => {
  const dir = tempDir();
  const scenes: ProjectInput['scenes'] = [
    { narration: 'One', duration: 1, visual: { type: 'designed', kind: 'title', text: 'Cold brew' } },
    { narration: 'Two', duration: 1, visual: { type: 'designed', kind: 'kinetic', text: 'slowly steeped' }, transition: { type: 'cut', duration: 0 } },
    { narration: 'Three', duration: 1, visual: { type: 'designed', kind: 'cta', text: 'Follow for more' }, transition: { type: 'cut', duration: 0 } },
  ];
  const full = join(dir, 'full.mp4');
  await renderProject({ config: testConfig, project: smallProject(base(scenes), dir), output: full });
  // scenes 2–3 alone, starting where they start on the whole timeline (1 s)
  const part = join(dir, 'part.mp4');
  await renderProject({ config: testConfig, project: smallProject(base(scenes.slice(1)), dir), output: part, timeOffset: 1 });
  const whole = rgbFrames(full, 15, 30);
  const alone = rgbFrames(part, 0, 30);
  assert.equal(alone.length, 30);
  for (let k = 0; k < 30; k++) assert.ok(meanDiff(whole[k]!, alone[k]!) < 0.01, `frame ${k + 15}: the part differs from the full render by ${meanDiff(whole[k]!, alone[k]!).toFixed(3)}`);
  // without the offset the background would start over: the same frames differ
  const restart = join(dir, 'restart.mp4');
  await renderProject({ config: testConfig, project: smallProject(base(scenes.slice(1)), dir), output: restart });
  assert.ok(meanDiff(rgbFrames(restart, 0, 1)[0]!, whole[0]!) > 0.2, 'the background does not depend on timeline time');
  // never a still frame: the background changes within a scene (the bottom band holds no text)
  const band = (f: Buffer) => f.subarray(W * 3 * Math.round(H * 0.8));
  const [a] = rgbFrames(full, 0, 1);
  const [b] = rgbFrames(full, 14, 1);
  assert.ok(meanDiff(band(a!), band(b!)) > 0.3, 'the background did not move in a second');
});

test('every built-in template has its own look (background style, layout, type, motion), and its background is never flat or still', async () => {
  const templates = listTemplates();
  // more than colour: no two templates share background kind, alignment, entrance, case and type scale
  const looks = templates.map((t) => {
    const d = t.style.design;
    return `${d.background.kind}/${d.align}/${d.enter}/${d.uppercase}/${d.typeScale}`;
  });
  assert.equal(new Set(looks).size, templates.length, looks.join('  '));
  const dir = tempDir();
  for (const t of templates) {
    const project: ProjectInput = {
      version: 1,
      title: t.id,
      style: { ...t.style, caption: { ...t.style.caption, enabled: false } },
      settings: { preset: 'shorts-1080', width: W, height: H, fps: 15, quality: 0 },
      scenes: [{ narration: 'x', duration: 2.2, visual: { type: 'designed', kind: 'kinetic', text: '' } }],
    };
    const out = join(dir, `${t.id}.mp4`);
    await renderProject({ config: testConfig, project: smallProject(project, dir), output: out });
    const [a, b] = [rgbFrames(out, 0, 1)[0]!, rgbFrames(out, 30, 1)[0]!];
    // moving: two seconds apart, the picture has changed
    assert.ok(meanDiff(a, b) > 0.3, `${t.id}: the background did not move in two seconds (${meanDiff(a, b).toFixed(2)})`);
    // not flat: the frame holds visibly different tones (spread of luma between its 5th and 95th percentile)
    const luma = Array.from({ length: W * H }, (_, k) => 0.2126 * a[k * 3]! + 0.7152 * a[k * 3 + 1]! + 0.0722 * a[k * 3 + 2]!).sort((x, y) => x - y);
    const spread = luma[Math.floor(luma.length * 0.95)]! - luma[Math.floor(luma.length * 0.05)]!;
    assert.ok(spread >= 12, `${t.id}: the background looks flat (luma spread ${spread.toFixed(1)})`);
  }
});

test('a designed scene crossfades with a still and a colour card: the video renders and the blend shows both', async () => {
  // designed pictures are decoded at their file's rate and time base (raw frames: 25 fps, 1/51200);
  // xfade refuses inputs that differ, so every scene reaches it at the output's rate
  const dir = tempDir();
  const red = join(dir, 'red.png');
  execFileSync(tools.ffmpeg.path, ['-v', 'error', '-f', 'lavfi', '-i', 'color=c=red:s=64x64', '-frames:v', '1', '-y', red]);
  const scenes: ProjectInput['scenes'] = [
    { narration: 'One', duration: 1, visual: { type: 'designed', kind: 'title', text: 'Cold brew' } },
    { narration: 'Two', duration: 1, visual: { type: 'image', path: red, fit: 'fill', zoom: [1, 1.12], pan: 'none' }, transition: { type: 'circleopen', duration: 0.4 } },
    { narration: 'Three', duration: 1, visual: { type: 'designed', kind: 'cta', text: 'Follow for more' }, transition: { type: 'wipeleft', duration: 0.4 } },
    { narration: 'Four', duration: 1, visual: { type: 'color', color: '#00ff00' }, transition: { type: 'slideup', duration: 0.4 } },
  ];
  const out = join(dir, 'mixed.mp4');
  await renderProject({ config: testConfig, project: smallProject(base(scenes), dir), output: out });
  const frames = rgbFrames(out, 0, 60);
  // four 1 s scenes overlapped by three 0.4 s transitions: 42 frames, every one of them (a
  // one-frame segment in the join once cost a frame here)
  assert.equal(frames.length, 4 * 15 - 3 * 6, `${frames.length} frames`);
  // the middle of the still's scene is red; the last frames are the green card
  const [r, g, b] = [0, 1, 2].map((c) => frames[16]![(H / 2 * W + W / 2) * 3 + c]!);
  assert.ok(r! > 200 && g! < 60 && b! < 60, `the still shows in its scene (${r},${g},${b})`);
  assert.ok(bboxOf(frames.at(-1)!, '#00ff00').count > W * H * 0.9, 'the colour card ends the video');
});

test('between two designed scenes the first one\'s words leave in the first half of the crossfade: never two scenes\' words on each other', async () => {
  const dir = tempDir();
  const title = (text: string) => ({ type: 'designed' as const, kind: 'title' as const, text });
  // 2 s scenes at 15 fps and a 1 s fade: the overlap is frames 15–29; the first title is gone by
  // frame 20 (0.3 s), while the second one only shows as much as the fade has brought it in (⅓)
  const scenes: ProjectInput['scenes'] = [
    { narration: 'Cold brew coffee', duration: 2, visual: title('Cold brew coffee') },
    { narration: 'Green tea leaves', duration: 2, visual: title('Green tea leaves'), transition: { type: 'fade', duration: 1 } },
  ];
  const out = join(dir, 'two-titles.mp4');
  await renderProject({ config: testConfig, project: smallProject(base(scenes), dir), output: out });
  // text draws sharp edges; the backgrounds are soft: the edge energy of the middle band tells words from none
  const edges = (f: Buffer) => {
    let s = 0;
    for (let y = Math.floor(H * 0.2); y < Math.floor(H * 0.8); y++) {
      for (let x = 1; x < W; x++) {
        const o = (y * W + x) * 3;
        s += Math.abs(f[o]! + f[o + 1]! + f[o + 2]! - f[o - 3]! - f[o - 2]! - f[o - 1]!);
      }
    }
    return s / (W * H * 0.6);
  };
  const [before, middle] = [rgbFrames(out, 12, 1)[0]!, rgbFrames(out, 20, 1)[0]!];
  assert.ok(edges(before) > 8, `the first title shows before the fade (edge energy ${edges(before).toFixed(1)})`);
  // measured: 15.5 before, 5.3 at frame 20 (14.2 when both titles blended through the whole fade)
  assert.ok(edges(middle) < edges(before) * 0.5, `a third into the fade the first title is gone and the second still faint (edge energy ${edges(middle).toFixed(1)} vs ${edges(before).toFixed(1)})`);
});

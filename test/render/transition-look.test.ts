import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { renderProject } from '../../main/render/render-project';
import { media, smallProject, tempDir, tools } from './fixtures';
import { buildRuntimeConfig } from '../../main/config/runtime-config';

/** this test process's runtime configuration, from its environment, as an entry point builds one */
const testConfig = buildRuntimeConfig({ env: process.env });

/** How transitions look, measured on rendered frames between a red and a blue scene. */
const dir = tempDir('reelforge-transition-');
const red = media.still(dir, 'red.png', '#ff0000');
const blue = media.still(dir, 'blue.png', '#0000ff');
const FPS = 20;

async function render(type: string): Promise<string> {
  const project = smallProject({
    settings: { fps: FPS },
    style: { kenBurns: false, caption: { enabled: false } },
    scenes: [
      { visual: { type: 'image', path: red }, duration: 2, narration: '' },
      { visual: { type: 'image', path: blue }, duration: 2, narration: '', transition: { type: type as 'fade', duration: 1 } },
    ],
  }, dir);
  const out = join(dir, `${type}.mp4`);
  await renderProject({ config: testConfig, project, output: out });
  return out;
}

/** Mean and spread of red and blue over the whole of frame n. */
function frameStats(file: string, n: number): { r: number; b: number; spread: number } {
  const raw = execFileSync(tools.ffmpeg.path, ['-v', 'error', '-i', file, '-vf', `select=eq(n\\,${n})`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 22 });
  const count = raw.length / 3;
  let r = 0, b = 0;
  for (let i = 0; i < count; i++) { r += raw[3 * i]!; b += raw[3 * i + 2]!; }
  r /= count; b /= count;
  let spread = 0;
  for (let i = 0; i < count; i++) spread += (raw[3 * i]! - r) ** 2;
  return { r, b, spread: Math.sqrt(spread / count) };
}

test('a dissolve is a smooth crossfade, not scattered pixels (no TV static)', async () => {
  const out = await render('dissolve');
  // the transition runs from 1.0 s to 2.0 s: half-way, every pixel is half red, half blue
  const mid = frameStats(out, 1.5 * FPS);
  assert.ok(mid.r > 80 && mid.r < 175 && mid.b > 80 && mid.b < 175, `half-way: mean red ${mid.r.toFixed(0)}, blue ${mid.b.toFixed(0)}`);
  assert.ok(mid.spread < 8, `half-way the frame is uniform, not speckled (spread of red ${mid.spread.toFixed(1)})`);
});

test('a fade through black dips evenly: the first scene fades out over the first half, the next fades in over the second', async () => {
  const out = await render('fadeblack');
  const quarter = frameStats(out, 1.25 * FPS);
  const mid = frameStats(out, 1.5 * FPS - 1);
  const threeQuarters = frameStats(out, 1.75 * FPS);
  assert.ok(quarter.r > 70 && quarter.r < 200 && quarter.b < 40, `a quarter in, red is half-way dimmed (${quarter.r.toFixed(0)}), blue not yet there`);
  assert.ok(mid.r < 40 && mid.b < 40, `half-way, black (red ${mid.r.toFixed(0)}, blue ${mid.b.toFixed(0)})`);
  assert.ok(threeQuarters.b > 70 && threeQuarters.b < 200 && threeQuarters.r < 40, `three quarters in, blue half-way up (${threeQuarters.b.toFixed(0)})`);
});

/** Mean blue of every frame of a file, in order. */
function blueByFrame(file: string): number[] {
  const raw = execFileSync(tools.ffmpeg.path, ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 26 });
  const size = 180 * 320 * 3;
  const means: number[] = [];
  for (let at = 0; at + size <= raw.length; at += size) {
    let b = 0;
    for (let i = at + 2; i < at + size; i += 3) b += raw[i]!;
    means.push(b / (size / 3));
  }
  return means;
}

/**
 * The overlap's frames (20–39) of a red → blue transition: it starts from the first scene, and every
 * frame moves blue on by more than `min` and less than `max` levels.
 */
function overlapSteps(blue: number[], what: string, min: number, max: number): number[] {
  const overlap = blue.slice(20, 40);
  assert.ok(overlap[0]! < 15, `the ${what} starts from the first scene (blue ${overlap[0]!.toFixed(0)})`);
  for (let k = 1; k < overlap.length; k++) {
    const step = overlap[k]! - overlap[k - 1]!;
    assert.ok(step > min && step < max, `${what}, frame ${20 + k}: blue ${overlap[k - 1]!.toFixed(0)} → ${overlap[k]!.toFixed(0)}`);
  }
  return overlap;
}

test('a fade moves on every frame: no frame repeated at the transition, none lost, the next scene on time', async () => {
  const out = await render('fade');
  const blue = blueByFrame(out);
  // 2 s + 2 s with a 1 s overlap at 20 fps: 60 frames; the fade is frames 20–39 (20 steps of 5 %)
  assert.equal(blue.length, 60);
  // each step is 5 % of the way from red to blue (~12 levels); a repeated frame is a step of 0
  const fade = overlapSteps(blue, 'fade', 6, 20);
  assert.ok(blue[40]! > 235 && blue[40]! - fade[19]! > 6, `the second scene is fully in at frame 40, one step after the fade (${fade[19]!.toFixed(0)} → ${blue[40]!.toFixed(0)})`);
});

test('a wipe moves by even steps on every frame of the overlap and ends on the new scene', async () => {
  const out = await render('wipeleft');
  const blue = blueByFrame(out);
  assert.equal(blue.length, 60);
  // frames 20–39: from the first scene (0 % blue) to the second (100 %) in 19 equal steps of ~5.3 %
  const wipe = overlapSteps(blue, 'wipe', 9, 18);
  assert.ok(wipe[19]! > 245 && blue[40]! > 245, `the second scene is fully in at the wipe's last frame (${wipe[19]!.toFixed(0)}) and after it (${blue[40]!.toFixed(0)})`);
});

test('a slide draws nothing but the two scenes: no stray column at the edge on its first frame', async () => {
  const out = await render('slideleft');
  const raw = execFileSync(tools.ffmpeg.path, ['-v', 'error', '-i', out, '-vf', 'select=between(n\\,18\\,41)', '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 26 });
  const W = 180, H = 320, size = W * H * 3;
  for (let f = 0; f * size < raw.length; f++) {
    for (const x of [0, 1, 2, W - 2, W - 1]) {
      const at = f * size + (H / 2 * W + x) * 3;
      const [r, g, b] = [raw[at]!, raw[at + 1]!, raw[at + 2]!];
      // every pixel is the red scene or the blue one (or the slide's single seam): never green
      assert.ok(g < 60 && (r > 180 || b > 180), `frame ${18 + f}, column ${x}: rgb ${r},${g},${b}`);
    }
  }
});
